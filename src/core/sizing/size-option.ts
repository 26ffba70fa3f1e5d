import type { ComputeDevice, Instance } from "../../schema/catalog.js";
import { ACCELERATOR_KINDS, OPTION_IDS, type OptionId } from "../../schema/ids.js";
import type { OptionRules } from "../../schema/rules.js";
import type { Violation } from "../../schema/output.js";
import type { Workload } from "../../schema/workload.js";
import { coldStartSeconds, harmonic, idleProbability, mmeColdShare, workingSet } from "./coldstart.js";
import { offlineEndpointHours, sizeBatchJobs, sizeFleet, type Fleet } from "./fleet.js";
import { FIT_ROW, fitTable, hardwareAt, type FitTable, type Hardware } from "./fit.js";
import type { Footprint } from "./memory.js";
import {
  estimatePerformance,
  latencyAtLoad,
  type ComputeBudget,
  type ComputeUnit,
  type Performance,
} from "./performance.js";
import { peakInFlight, type Load } from "./traffic.js";
import type { Knowledge } from "../types.js";
import { formatQuantity } from "../units.js";

const GiB = 2 ** 30;
const BATCH_MAX_INSTANCES = 100;

/** One way to host the workload on one option: hardware, counts, and what it costs and delivers. */
export interface Candidate {
  readonly option: OptionId;
  readonly instanceType: string;
  readonly hourlyUsd: number;
  readonly priceConfirmed: boolean;
  readonly acceleratorsPerCopy: number;
  readonly copiesPerInstance: number;
  readonly instanceCount: number;
  /** Instances kept up on average over the month (fractional; 0 for serverless). */
  readonly averageInstances: number;
  readonly memorySizeMB?: number;
  readonly maxConcurrency?: number;
  readonly performance: Performance;
  /** Latency at peak (see `instanceCandidate`): a request's p50 and p95, and an LLM's time per token. */
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly perTokenMs?: number;
  readonly throughputRpsPerInstance: number;
  readonly coldStartS: number;
  readonly coldFraction: number;
  readonly scalesToZero: boolean;
  readonly monthlyCostUsd: number;
  readonly memoryUtilization: number;
}

/** The outcome of sizing one option: the cheapest candidate that meets the SLOs, or why there is none. */
export interface OptionSizing {
  /** The cheapest candidate that meets the SLOs, or null when none does (for `any`, see {@link sizeOption}). */
  readonly chosen: Candidate | null;
  /** Best p95 over every candidate the model fits on, met or not (ms); null when nothing fits. */
  readonly bestP95Ms: number | null;
  /** Fastest single-request compute time over the candidates (ms); null when nothing fits. */
  readonly fastestComputeMs: number | null;
  readonly violations: readonly Violation[];
}

export interface SizingContext {
  readonly workload: Workload;
  readonly load: Load;
  readonly footprint: Footprint;
  readonly knowledge: Knowledge;
  readonly devices: ReadonlyMap<string, ComputeDevice>;
  /** Instances of the catalog that the workload's constraints allow, in catalog order. */
  readonly allowed: readonly Instance[];
  /**
   * The workload's fit table, built by the first option sized and shared by the rest. It lives on the context,
   * which dies with the assessment: a WeakMap keyed by short-lived contexts cost more than the table itself
   * (its entries are ephemerons every garbage collection must trace).
   */
  fit?: FitTable;
  /**
   * Performance estimates by option (position in OPTION_IDS), then by unit id (serverless: by memory size), made
   * as sizing needs them. They depend on the compute budget as well as the fit, so a what-if variant shares
   * them only when its latency and payload are the base's.
   */
  perf?: (Performance | undefined)[][];
}

function perfSlots(ctx: SizingContext, optionId: OptionId, size: number): (Performance | undefined)[] {
  const byOption = (ctx.perf ??= []);
  return (byOption[OPTION_IDS.indexOf(optionId)] ??= new Array<Performance | undefined>(size));
}

const priceIndex = new WeakMap<readonly Instance[], Map<OptionId, Int32Array>>();

/**
 * Positions in the catalog of the instances an option accepts, cheapest first (catalog order among equal
 * prices), built once per catalog: sizing visits them in this order so it can stop costing once the cheapest
 * possible bill is already too high.
 */
export function instancesByPrice(instances: readonly Instance[], optionId: OptionId): Int32Array {
  let perOption = priceIndex.get(instances);
  if (!perOption) {
    perOption = new Map();
    priceIndex.set(instances, perOption);
  }
  let list = perOption.get(optionId);
  if (!list) {
    const positions = instances.flatMap((instance, order) => (instance.options.includes(optionId) ? [order] : []));
    positions.sort((a, b) => instances[a]!.hourlyUsd - instances[b]!.hourlyUsd || a - b);
    list = Int32Array.from(positions);
    perOption.set(optionId, list);
  }
  return list;
}

function transferMs(workload: Workload, ctx: SizingContext): number {
  const bytes = workload.payload.request + (workload.payload.response ?? workload.payload.request);
  return bytes / (ctx.knowledge.rules.sizing.performance.clientBandwidthMBps * 1e3);
}

/**
 * What is left of the workload's SLOs for compute on an option, after its overheads and the payload transfer,
 * and within the option's processing time limit.
 */
export function budgetFor(option: OptionRules, ctx: SizingContext): ComputeBudget {
  const { latency } = ctx.workload;
  const overhead = option.overheadMs + transferMs(ctx.workload, ctx);
  const target = latency.target === "none" ? Infinity : latency.target;
  // Without response streaming the first token arrives with the last, so a TTFT SLO bounds the whole request.
  const streams = option.limits.streaming.value === 1;
  const firstToken = latency.ttft ?? Infinity;
  // A request's compute time must stay within the option's limit, at its p95 (as max-processing-time measures it)
  // and at whatever batch it runs: past the limit the request times out, and a loose target would otherwise let
  // sizing pick hardware on which one request in several does.
  const processingMs = option.limits.processingMs.value ?? Infinity;
  return {
    computeP95Ms: Math.min((streams ? target : Math.min(target, firstToken)) - overhead, processingMs),
    ttftMs: firstToken,
    perTokenMs: latency.perToken ?? Infinity,
  };
}

function cheaper(a: Candidate, b: Candidate): boolean {
  if (a.monthlyCostUsd !== b.monthlyCostUsd) return a.monthlyCostUsd < b.monthlyCostUsd;
  if (a.p95Ms !== b.p95Ms) return a.p95Ms < b.p95Ms;
  return a.instanceType < b.instanceType;
}

function dataProcessingUsd(ctx: SizingContext): number {
  const { workload, load, knowledge } = ctx;
  const d = knowledge.catalog.dataProcessing;
  const request = workload.payload.request;
  const response = workload.payload.response ?? request;
  return (load.requestsPerMonth * (request * d.inUsdPerGB + response * d.outUsdPerGB)) / 1e9;
}

/** Whether the option may rest at zero between requests: only where the workload tolerates its cold start. */
function restsAtZero(option: OptionRules, coldStartS: number, ctx: SizingContext): boolean {
  return option.scaleToZero && (!option.keepsWarmCapacity || ctx.workload.latency.coldStart / 1000 >= coldStartS);
}

/** How a fleet of one hardware shape follows the load: all of a candidate but what its instance type's price decides. */
interface FleetShape {
  readonly instanceCount: number;
  readonly averageInstances: number;
  readonly coldFraction: number;
  readonly scalesToZero: boolean;
  readonly coldStartS: number;
  readonly throughputRpsPerInstance: number;
  /** Batch transform: instance-hours billed per model and month; null for endpoints (billed by averageInstances). */
  readonly billedHours: number | null;
}

/** The parts of fleet sizing that depend on the option and the workload alone: worked out once per option. */
interface OptionFleet {
  readonly coldStartS: number;
  readonly scalesToZero: boolean;
  /** Options with one model per endpoint run one fleet per model, each with its share of the load. */
  readonly endpoints: number;
  readonly endpointLoad: Load;
  /** Multi-model: models that must stay loaded for a cold share the workload tolerates, and Zipf's normalizer. */
  readonly workingSet: number;
  readonly zipfTotal: number;
}

function optionFleet(optionId: OptionId, option: OptionRules, ctx: SizingContext): OptionFleet {
  const { workload, load, footprint, knowledge } = ctx;
  const sizing = knowledge.rules.sizing;
  const coldStartS = coldStartSeconds(optionId, option, footprint, sizing);
  const models = workload.model.count;
  const shared = option.modelsPerEndpoint > 1;
  let workingSetModels = 0;
  let zipfTotal = 0;
  if (optionId === "multi-model") {
    workingSetModels = workingSet(models, mmeColdShare(workload, coldStartS, sizing), sizing.coldStart.zipfExponent);
    zipfTotal = harmonic(models, sizing.coldStart.zipfExponent);
  }
  return {
    coldStartS,
    scalesToZero: optionId === "batch-transform" || restsAtZero(option, coldStartS, ctx),
    endpoints: shared ? 1 : models,
    endpointLoad: shared
      ? load
      : {
          ...load,
          meanRps: load.meanRps / models,
          peakRps: load.peakRps / models,
          recordsPerRun: load.recordsPerRun / models,
          requestsPerMonth: load.requestsPerMonth / models,
        },
    workingSet: workingSetModels,
    zipfTotal,
  };
}

// Everything in a candidate that depends on the hardware a copy gets (unit, copies, capacity) and not on the
// instance type: instance types of the same shape share it, and only their prices differ.
function fleetShape(
  optionId: OptionId,
  option: OptionRules,
  of: OptionFleet,
  hw: Hardware,
  perf: Performance,
  ctx: SizingContext,
): FleetShape | null {
  const { workload, load, footprint, knowledge } = ctx;
  const sizing = knowledge.rules.sizing;
  const { coldStartS, scalesToZero } = of;
  const throughputRpsPerInstance = perf.throughputRps * hw.copiesPerInstance;
  const models = workload.model.count;
  const shared = option.modelsPerEndpoint > 1;
  let instanceCount: number;
  let averageInstances: number;
  let coldFraction = 0;
  let billedHours: number | null = null;

  if (optionId === "batch-transform") {
    // One job per model and run, each over its model's share of the records.
    const jobs = sizeBatchJobs(
      throughputRpsPerInstance,
      option.scaleFromZeroS ?? 0,
      of.endpointLoad,
      BATCH_MAX_INSTANCES,
    );
    if (!jobs) return null;
    billedHours = Math.max(
      jobs.instanceHoursPerMonth,
      (jobs.instances * load.runsPerMonth * sizing.billing.batchJobMinimumS) / 3600,
    );
    instanceCount = jobs.instances;
    averageInstances = (billedHours * models) / sizing.billing.hoursPerMonth;
  } else {
    let warmFloor = 1;
    if (optionId === "multi-model") {
      // Enough instances that the popular models stay loaded: a cold share the workload tolerates.
      const perInstance = Math.max(
        1,
        Math.floor((sizing.coldStart.mmeCacheFraction * hw.capacityGiB * hw.copiesPerInstance) / footprint.copyGiB),
      );
      warmFloor = Math.max(1, Math.ceil(of.workingSet / perInstance));
      coldFraction =
        warmFloor * perInstance >= models
          ? 0
          : 1 - harmonic(warmFloor * perInstance, sizing.coldStart.zipfExponent) / of.zipfTotal;
    } else if (scalesToZero) {
      coldFraction = idleProbability(load.meanRps / models, option.idleReleaseS ?? 0);
    }
    const fleet: Fleet = {
      throughputRps: throughputRpsPerInstance,
      copiesPerInstance: shared ? hw.copiesPerInstance : 1,
      models: shared && optionId !== "multi-model" ? models : 1,
      warmFloor,
      restsAtZero: scalesToZero,
      restsOffHours: option.scaleToZero,
      idleReleaseS: (option.idleReleaseS ?? 0) + perf.computeMs / 1000,
    };
    const sized = load.online
      ? sizeFleet(fleet, of.endpointLoad, sizing)
      : offlineEndpointHours(fleet, of.endpointLoad, sizing);
    instanceCount = sized.peakInstances * of.endpoints;
    averageInstances = sized.averageInstances * of.endpoints;
  }
  return {
    instanceCount,
    averageInstances,
    coldFraction,
    scalesToZero,
    coldStartS,
    throughputRpsPerInstance,
    billedHours,
  };
}

// A candidate's monthly bill on one instance type of a shape: batch jobs bill their instance-hours, endpoints the
// instances they keep up plus data processing.
function monthlyCost(shape: FleetShape, hourlyUsd: number, dataUsd: number, ctx: SizingContext): number {
  return shape.billedHours !== null
    ? shape.billedHours * hourlyUsd * ctx.workload.model.count
    : shape.averageInstances * ctx.knowledge.rules.sizing.billing.hoursPerMonth * hourlyUsd + dataUsd;
}

/**
 * The candidate for one instance type of a shape, built once sizing has found the cheapest (at its cost and its
 * p95 alone). Its latencies are those at peak, when each copy batches as much as its share of the peak load takes
 * (offline work runs flat out): what one request alone takes is the least of them, not what the fleet delivers.
 */
function instanceCandidate(
  optionId: OptionId,
  instance: Instance,
  hw: Hardware,
  perf: Performance,
  shape: FleetShape,
  figures: { readonly monthlyCostUsd: number; readonly overheadMs: number },
  ctx: SizingContext,
): Candidate {
  const { load, footprint, workload, knowledge } = ctx;
  const copies = shape.instanceCount * hw.copiesPerInstance;
  const atPeak = latencyAtLoad(
    hw.unit,
    footprint,
    workload,
    perf,
    load.online && copies > 0 ? load.peakRps / copies : Infinity,
    knowledge.rules.sizing,
  );
  return {
    option: optionId,
    instanceType: instance.instanceType,
    hourlyUsd: instance.hourlyUsd,
    priceConfirmed: instance.priceConfirmed,
    acceleratorsPerCopy: hw.acceleratorsPerCopy,
    copiesPerInstance: hw.copiesPerInstance,
    instanceCount: shape.instanceCount,
    averageInstances: shape.averageInstances,
    performance: perf,
    p50Ms: atPeak.computeMs + figures.overheadMs,
    p95Ms: atPeak.computeMs * knowledge.rules.sizing.performance.p95OverP50 + figures.overheadMs,
    // Undefined outside LLMs rather than spread in: a spread takes the slow path of building an object.
    perTokenMs: atPeak.perTokenMs,
    throughputRpsPerInstance: shape.throughputRpsPerInstance,
    coldStartS: shape.coldStartS,
    coldFraction: shape.coldFraction,
    scalesToZero: shape.scalesToZero,
    monthlyCostUsd: figures.monthlyCostUsd,
    memoryUtilization: Math.min(1, ctx.footprint.copyGiB / hw.capacityGiB),
  };
}

/** How long a cold start takes and how many requests meet one. */
interface Coldness {
  readonly coldStartS: number;
  readonly coldFraction: number;
}

// Serverless rests at zero whenever a model sits idle past the idle release, whatever its memory size, and has no
// warm capacity to keep (provisioned concurrency is not modelled).
function serverlessColdness(option: OptionRules, ctx: SizingContext): Coldness {
  const { footprint, knowledge, load, workload } = ctx;
  return {
    coldStartS: coldStartSeconds("serverless", option, footprint, knowledge.rules.sizing),
    coldFraction: idleProbability(load.meanRps / workload.model.count, option.idleReleaseS ?? 0),
  };
}

// The latency target is a p95: requests slower than it break it only when they are more than this share.
const P95_TAIL = 0.05;

/**
 * The violation of a workload more than 5% of whose requests would meet a cold start longer than it tolerates,
 * which puts the cold start in its p95, or null. A multi-model endpoint keeps enough models loaded to avoid that,
 * and options that keep warm capacity keep it whenever cold starts are not tolerated; serverless can do neither.
 */
function untoleratedColdStarts(
  optionId: OptionId,
  { coldStartS, coldFraction }: Coldness,
  ctx: SizingContext,
): Violation | null {
  const { workload } = ctx;
  const toleratedS = workload.latency.coldStart / 1000;
  if (coldStartS <= toleratedS || coldFraction <= P95_TAIL) return null;
  return {
    rule: `${optionId}-cold-start`,
    limit: round(toleratedS),
    actual: round(coldStartS),
    unit: "s",
    message: `${formatQuantity(coldFraction, "share")} of requests would wait ${formatQuantity(coldStartS * 1000, "ms")} for a cold start; the workload tolerates ${formatQuantity(workload.latency.coldStart, "ms")}, or longer in at most ${formatQuantity(P95_TAIL, "share")} of them`,
    hint: "raise latency.coldStart if cold requests may wait that long, or keep capacity warm on a real-time endpoint",
  };
}

function serverlessCandidates(
  option: OptionRules,
  ctx: SizingContext,
  budget: ComputeBudget,
  { coldStartS, coldFraction }: Coldness,
  consider: (c: Candidate | null, perf: Performance, p95: number, inFlight: number) => void,
): void {
  const { footprint, knowledge, load, workload } = ctx;
  const serverless = knowledge.catalog.serverless;
  const device = ctx.devices.get(serverless.cpu);
  if (!device) return;
  const sizing = knowledge.rules.sizing;
  const overhead = option.overheadMs + transferMs(workload, ctx);
  const perfs = perfSlots(ctx, "serverless", serverless.memorySizesMB.length);
  for (let k = 0; k < serverless.memorySizesMB.length; k++) {
    const mb = serverless.memorySizesMB[k]!;
    const memGiB = mb / 1024;
    if (footprint.copyGiB > memGiB) continue;
    const unit: ComputeUnit = {
      kind: "cpu",
      device,
      devices: memGiB * serverless.vcpusPerGiB,
      freeBytes: (memGiB - footprint.copyGiB) * GiB,
    };
    const perf = (perfs[k] ??= estimatePerformance(unit, footprint, workload, budget, sizing));
    const p95 = perf.computeMs * sizing.performance.p95OverP50 + overhead;
    const billedS = perf.computeMs / 1000;
    // Each model has a serverless endpoint of its own, with its share of the load.
    const concurrency = peakInFlight(load, perf.computeMs + overhead) / workload.model.count;
    const candidate: Candidate = {
      option: "serverless",
      instanceType: `serverless-${mb}mb`,
      hourlyUsd: memGiB * serverless.usdPerGBSecond * 3600,
      priceConfirmed: serverless.confirmed,
      acceleratorsPerCopy: 0,
      copiesPerInstance: 1,
      instanceCount: 1,
      averageInstances: 0,
      memorySizeMB: mb,
      maxConcurrency: Math.min(serverless.maxConcurrency, Math.max(1, Math.ceil(concurrency * 1.5))),
      performance: perf,
      p50Ms: perf.computeMs + overhead,
      p95Ms: p95,
      throughputRpsPerInstance: perf.computeMs > 0 ? (1000 / perf.computeMs) * serverless.maxConcurrency : 0,
      coldStartS,
      coldFraction,
      scalesToZero: true,
      monthlyCostUsd: load.requestsPerMonth * billedS * memGiB * serverless.usdPerGBSecond + dataProcessingUsd(ctx),
      memoryUtilization: Math.min(1, footprint.copyGiB / memGiB),
    };
    consider(perf.throughputRps > 0 ? candidate : null, perf, p95, concurrency);
  }
}

/**
 * Instance-hours a month that any instance type's candidate on this option bills at least, whatever its speed
 * and size (see `fleetShape`, `sizeFleet`, `offlineEndpointHours`, `sizeBatchJobs`):
 * - a batch job bills at least one instance per run for each model, for its start-up (every job waits for it
 *   before its work) or the billing minimum, whichever is longer;
 * - an endpoint that never scales to zero keeps an instance up all month (its warm floor is at least one);
 * - one that rests at zero is up while its models are warm, which online is at least the share of active time
 *   with a request within the idle window (the window is never shorter than the option's idle release), and
 *   offline at least the idle release after each run, or all month where those fill it.
 */
export function billedHoursFloor(
  optionId: OptionId,
  option: OptionRules,
  ctx: SizingContext,
  of: OptionFleet = optionFleet(optionId, option, ctx),
): number {
  const { workload, load, knowledge } = ctx;
  const sizing = knowledge.rules.sizing;
  const hours = sizing.billing.hoursPerMonth;
  const models = workload.model.count;
  if (optionId === "batch-transform")
    return (models * load.runsPerMonth * Math.max(sizing.billing.batchJobMinimumS, option.scaleFromZeroS ?? 0)) / 3600;
  const { endpoints } = of;
  if (!option.scaleToZero) return hours * endpoints;
  const idleReleaseS = option.idleReleaseS ?? 0;
  // Offline: at least the idle release after each run, unless the runs leave no time to rest at all.
  if (!load.online) return endpoints * Math.min(hours, (load.runsPerMonth * idleReleaseS) / 3600);
  const upShare = of.scalesToZero ? 1 - idleProbability(load.meanRps / models, idleReleaseS) : 1;
  const warmModels = option.modelsPerEndpoint > 1 && optionId !== "multi-model" ? models : 1;
  return hours * endpoints * (load.activeHoursPerDay / 24) * Math.min(1, upShare * warmModels);
}

// Whether the LLM token SLOs can rule out a unit that meets the p95 budget (a processing time given outright is
// checked against the p95 budget alone).
function tokenSlosBind(budget: ComputeBudget, ctx: SizingContext): boolean {
  return (
    ctx.footprint.isLlm &&
    ctx.workload.processingTime === undefined &&
    (budget.ttftMs < Infinity || budget.perTokenMs < Infinity)
  );
}

/**
 * Sizes one option: every eligible instance (or serverless memory size) is fitted, in each way copies fit it
 * (`fitConfigs`), estimated and costed, and the cheapest that meets the SLOs wins; ties go to the fewest devices a
 * copy on one instance type, then to lower latency, then to the instance type's name. With
 * `want: "any"`, for a caller that needs to know only whether some candidate meets them, an instance option stops
 * as soon as that is known: `chosen` is then the first candidate found, or null where one was known to exist
 * without costing it; the fastest time, best p95 and violations are the same either way.
 */
export function sizeOption(
  optionId: OptionId,
  ctx: SizingContext,
  want: "cheapest" | "any" = "cheapest",
): OptionSizing {
  const option = ctx.knowledge.rules.options[optionId];
  const budget = budgetFor(option, ctx);
  const sizing = ctx.knowledge.rules.sizing;
  let chosen: Candidate | null = null;
  let bestP95: number | null = null;
  let fastest: number | null = null;
  const consider = (candidate: Candidate | null, perf: Performance, p95: number) => {
    bestP95 = bestP95 === null ? p95 : Math.min(bestP95, p95);
    fastest = fastest === null ? perf.computeMs : Math.min(fastest, perf.computeMs);
    if (candidate && (!chosen || cheaper(candidate, chosen))) chosen = candidate;
  };

  if (option.hosting === "serverless") {
    // A size that meets the SLOs but holds more requests in flight at peak (at its p50) than the option allows,
    // which the max-concurrency constraint rejects, is chosen only when every size does; else a slow, cheap size
    // would make serverless infeasible where a faster one is fine.
    const limit = option.limits.concurrency.value;
    let throttled: Candidate | null = null;
    const coldness = serverlessColdness(option, ctx);
    serverlessCandidates(option, ctx, budget, coldness, (candidate, perf, p95, inFlight) => {
      if (candidate && limit !== null && inFlight > limit) {
        if (!throttled || cheaper(candidate, throttled)) throttled = candidate;
        consider(null, perf, p95);
      } else consider(candidate, perf, p95);
    });
    chosen ??= throttled;
    const cold = untoleratedColdStarts(optionId, coldness, ctx);
    if (cold)
      return {
        chosen: null,
        bestP95Ms: bestP95,
        fastestComputeMs: fastest,
        violations: [cold, ...(chosen ? [] : explainMiss(optionId, option, ctx, fastest, bestP95))],
      };
    return {
      chosen,
      bestP95Ms: bestP95,
      fastestComputeMs: fastest,
      violations: chosen ? [] : explainMiss(optionId, option, ctx, fastest, bestP95),
    };
  }
  const overhead = option.overheadMs + transferMs(ctx.workload, ctx);
  const p95OverP50 = sizing.performance.p95OverP50;
  const table = fitTable(ctx);
  // The best p95 and fastest compute time cover every instance the option accepts, visited or not.
  const fastestMs = table.fastestMs[OPTION_IDS.indexOf(optionId)]!;
  if (fastestMs < Infinity) {
    fastest = fastestMs;
    bestP95 = fastestMs * p95OverP50 + overhead;
    // A unit carries load only if one request alone meets the budget (estimatePerformance): when the fastest
    // unit misses it, every instance does, and the scan would only confirm that.
    if (!(fastestMs * p95OverP50 <= budget.computeP95Ms)) {
      return {
        chosen,
        bestP95Ms: bestP95,
        fastestComputeMs: fastest,
        violations: explainMiss(optionId, option, ctx, fastest, bestP95),
      };
    }
    // Asked only whether a candidate meets the SLOs: the fastest unit does, and it carries a fleet, unless token
    // SLOs bind (the fastest unit need not meet them) or the option runs batch jobs (a deadline may need more
    // instances than a job can have).
    if (want === "any" && optionId !== "batch-transform" && !tokenSlosBind(budget, ctx)) {
      return { chosen, bestP95Ms: bestP95, fastestComputeMs: fastest, violations: [] };
    }
  }
  // Every candidate costs at least hourly x floorHours (+ data processing, except batch jobs), so once that floor,
  // less a margin for rounding, exceeds the best cost found, no dearer instance can win.
  const dataUsd = dataProcessingUsd(ctx);
  const of = optionFleet(optionId, option, ctx);
  const floorHours = billedHoursFloor(optionId, option, ctx, of) * (1 - 1e-9);
  const floorDataUsd = optionId === "batch-transform" ? 0 : dataUsd;
  const instances = ctx.knowledge.catalog.instances;
  const perfs = perfSlots(ctx, optionId, table.units.length);
  // Fleet sizing by shape id: undefined until sized, null where the shape cannot carry the load.
  const shapes: (FleetShape | null | undefined)[] = new Array<FleetShape | null | undefined>(table.shapeCount);
  // The cheapest configuration so far, in the order of `cheaper`; its candidate is built once the scan is done.
  let best = -1;
  let bestInstance = -1;
  let bestCost = Infinity;
  let bestCandidateP95 = Infinity;
  for (const i of instancesByPrice(instances, optionId)) {
    const instance = instances[i]!;
    // Instances come cheapest first: once one is too dear to win, so is every one after it.
    if (best >= 0 && (want === "any" || (floorHours > 0 && instance.hourlyUsd * floorHours + floorDataUsd > bestCost)))
      break;
    for (let c = table.starts[i]!, end = table.starts[i + 1]!; c < end; c++) {
      const row = FIT_ROW * c;
      const u = table.rows[row]!;
      const perf = (perfs[u] ??= estimatePerformance(table.units[u]!, ctx.footprint, ctx.workload, budget, sizing));
      if (!(perf.throughputRps > 0)) continue;
      const shapeId = table.rows[row + 4]!;
      let shape = shapes[shapeId];
      if (shape === undefined)
        shapes[shapeId] = shape = fleetShape(optionId, option, of, hardwareAt(table, row), perf, ctx);
      if (!shape) continue;
      const cost = monthlyCost(shape, instance.hourlyUsd, dataUsd, ctx);
      const p95 = perf.computeMs * p95OverP50 + overhead;
      // Ties on one instance type go to the fewest devices a copy (found first), which leave the most to other
      // copies and tenants; between instance types, to the lower p95, then the name.
      if (
        best >= 0 &&
        !(cost !== bestCost
          ? cost < bestCost
          : i !== bestInstance &&
            (p95 !== bestCandidateP95
              ? p95 < bestCandidateP95
              : instance.instanceType < instances[bestInstance]!.instanceType))
      )
        continue;
      best = c;
      bestInstance = i;
      bestCost = cost;
      bestCandidateP95 = p95;
    }
  }
  if (best >= 0) {
    const row = FIT_ROW * best;
    const figures = { monthlyCostUsd: bestCost, overheadMs: overhead };
    chosen = instanceCandidate(
      optionId,
      instances[bestInstance]!,
      hardwareAt(table, row),
      perfs[table.rows[row]!]!,
      shapes[table.rows[row + 4]!]!,
      figures,
      ctx,
    );
    return { chosen, bestP95Ms: bestP95, fastestComputeMs: fastest, violations: [] };
  }
  return {
    chosen,
    bestP95Ms: bestP95,
    fastestComputeMs: fastest,
    violations: explainMiss(optionId, option, ctx, fastest, bestP95),
  };
}

// Why an option has no candidate: nothing eligible, nothing the model fits on, or nothing fast enough. Where
// something fits it is eligible too, so the eligible instances are looked for only when nothing fits.
// What a latency miss is: the p95 target, or (with the target met or absent) the time-to-first-token or per-token SLO.
function missMessage(
  name: string,
  target: number | "none",
  bestP95: number | null,
  latency: Workload["latency"],
): string {
  const p95 = formatQuantity(bestP95 ?? 0, "ms");
  if (target !== "none" && (bestP95 ?? Infinity) > target)
    return `best p95 on ${name} is ${p95}, over the ${formatQuantity(target, "ms")} target`;
  const slos = [
    latency.ttft !== undefined ? `a first token within ${formatQuantity(latency.ttft, "ms")}` : "",
    latency.perToken !== undefined ? `a token every ${formatQuantity(latency.perToken, "ms")}` : "",
  ].filter((s) => s !== "");
  if (slos.length > 0)
    return `no instance gives ${slos.join(" and ")} on ${name}${target === "none" ? "" : ` (best p95 ${p95}, within the target)`}`;
  return `no instance finishes the work within the deadline on ${name}`;
}

function explainMiss(
  optionId: OptionId,
  option: OptionRules,
  ctx: SizingContext,
  fastest: number | null,
  bestP95: number | null,
): Violation[] {
  const { workload, footprint } = ctx;
  if (fastest === null) {
    // Memory over the largest serverless size is the max-memory constraint's to report.
    if (option.hosting === "serverless") return [];
    const eligible = ctx.allowed.filter((i) => i.options.includes(optionId));
    if (eligible.length === 0) {
      // Where the framework runs on some hardware only, that is half the reason.
      const { framework } = workload.model;
      const { runsOn, source } = ctx.knowledge.rules.sizing.frameworks[framework];
      const restricted = runsOn.length < ACCELERATOR_KINDS.length;
      return [
        {
          rule: `${optionId}-eligible-instance`,
          limit: null,
          actual: null,
          unit: "",
          message: `no instance type that ${option.name} accepts is allowed by the workload's constraints${restricted ? ` and runs ${framework} (on ${runsOn.join(", ")} only)` : ""}`,
          hint: restricted
            ? `widen constraints.instanceTypes or constraints.accelerators to include ${runsOn.join(" or ")} instances`
            : "widen constraints.instanceTypes or constraints.accelerators",
          ...(restricted && source ? { source } : {}),
        },
      ];
    }
    const largest = eligible.reduce((best, i) => Math.max(best, capacityGiB(i, ctx)), 0);
    const source = eligible.find((i) => capacityGiB(i, ctx) === largest)?.specSource;
    return [
      {
        rule: `${optionId}-model-fits`,
        limit: round(largest),
        actual: round(footprint.copyGiB),
        unit: "GiB",
        message: `needs ${formatQuantity(footprint.copyGiB, "GiB")} per copy; the largest that ${option.name} can give one copy is ${formatQuantity(largest, "GiB")}`,
        hint: "quantize the model (fp8, int8, int4) or allow larger instance types",
        ...(source ? { source } : {}),
      },
    ];
  }
  const target = workload.latency.target;
  // Where even the fastest request takes longer than the option allows, the constraint on the processing limit
  // says so; the target is reported beside it only where it is missed too.
  // (Nor are the token SLOs said to be missed then: the processing limit alone may have ruled every instance out.)
  const limitSays =
    fastest * ctx.knowledge.rules.sizing.performance.p95OverP50 > (option.limits.processingMs.value ?? Infinity) &&
    ctx.knowledge.rules.constraints.some((c) => c.limit === "processingMs");
  if (limitSays && (target === "none" || (bestP95 ?? 0) <= target)) return [];
  return [
    {
      rule: `${optionId}-latency-target`,
      limit: target === "none" ? null : round(target),
      actual: bestP95 === null ? null : round(bestP95),
      unit: "ms",
      message: missMessage(option.name, target, bestP95, workload.latency),
      hint: "relax the latency target, quantize the model, or allow faster hardware",
    },
  ];
}

// The most memory one copy can have on this instance (GiB): all its accelerators, or its RAM.
function capacityGiB(instance: Instance, ctx: SizingContext): number {
  const { memory } = ctx.knowledge.rules.sizing;
  if (!instance.accelerator) return instance.memoryGiB - memory.hostReserveGiB;
  const device = ctx.devices.get(instance.accelerator.device);
  return (device?.memoryGiB ?? 0) * (1 - memory.deviceReserveFraction) * instance.accelerator.count;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
