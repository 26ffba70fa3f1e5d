import type { OptionId } from "../../schema/ids.js";
import type { OptionRules } from "../../schema/rules.js";
import type { Violation } from "../../schema/output.js";
import type { ProvisionedConcurrencyPricing } from "../../schema/catalog.js";
import { formatQuantity, GiB, roundHundredths } from "../units.js";
import { transferMs } from "./budget.js";
import { coldStartSeconds, idleProbability, P95_TAIL, toleratesColdStart } from "./coldstart.js";
import { perfSlots, type Candidate, type SizingContext } from "./context.js";
import { dataProcessingUsd } from "./option-fleet.js";
import { estimatePerformance, type ComputeBudget, type ComputeUnit, type Performance } from "./performance.js";
import { peakInFlight } from "./traffic.js";

// Serverless sizing: one candidate per memory size, on demand or, where cold starts are not tolerated, with the
// concurrency provisioned that keeps them out of the p95.

/** How long a cold start takes and how many requests meet one on demand. */
export interface Coldness {
  readonly coldStartS: number;
  readonly coldFraction: number;
  /** More requests would meet a cold start than the workload tolerates (`untolerated`): keep concurrency warm. */
  readonly provision: boolean;
}

// Serverless rests at zero whenever a model sits idle past the idle release, whatever its memory size.
export function serverlessColdness(option: OptionRules, ctx: SizingContext): Coldness {
  const { footprint, knowledge, load, workload } = ctx;
  const coldStartS = coldStartSeconds("serverless", option, footprint, knowledge.rules.sizing);
  const coldFraction = idleProbability(load.meanRps / workload.model.count, option.idleReleaseS ?? 0);
  return { coldStartS, coldFraction, provision: untolerated(coldStartS, coldFraction, ctx) };
}

// Cold starts longer than the workload tolerates, met by more than the p95's tail of its requests (offline work
// waits them out).
function untolerated(coldStartS: number, coldFraction: number, ctx: SizingContext): boolean {
  return ctx.load.online && !toleratesColdStart(ctx.workload, coldStartS) && coldFraction > P95_TAIL;
}

/**
 * The violation of a workload more than 5% of whose requests would meet a cold start longer than it tolerates,
 * where the catalog has no provisioned-concurrency price to keep them warm with, or null. A multi-model endpoint
 * keeps enough models loaded to avoid that, and options that keep warm capacity keep it whenever cold starts are
 * not tolerated.
 */
export function untoleratedColdStarts(
  optionId: OptionId,
  { coldStartS, coldFraction, provision }: Coldness,
  ctx: SizingContext,
): Violation | null {
  const { workload } = ctx;
  if (!provision || ctx.knowledge.catalog.serverless.provisionedConcurrency) return null;
  const toleratedS = workload.latency.coldStart / 1000;
  return {
    rule: `${optionId}-cold-start`,
    limit: roundHundredths(toleratedS),
    actual: roundHundredths(coldStartS),
    unit: "s",
    message: `${formatQuantity(coldFraction, "share")} of requests would wait ${formatQuantity(coldStartS * 1000, "ms")} for a cold start; the workload tolerates ${formatQuantity(workload.latency.coldStart, "ms")}, or longer in at most ${formatQuantity(P95_TAIL, "share")} of them`,
    hint: "raise latency.coldStart if cold requests may wait that long, or keep capacity warm on a real-time endpoint",
  };
}

/**
 * Hands `consider` one candidate per serverless memory size the model fits in (null where it carries no load): on
 * demand, or with concurrency provisioned where cold starts are not tolerated and the catalog prices it.
 */
export function serverlessCandidates(
  option: OptionRules,
  ctx: SizingContext,
  budget: ComputeBudget,
  coldness: Coldness,
  consider: (c: Candidate | null, perf: Performance, p95: number, inFlight: number) => void,
): void {
  const sizes = ctx.knowledge.catalog.serverless.memorySizesMB;
  for (let k = 0; k < sizes.length; k++) {
    if (ctx.footprint.copyGiB > sizes[k]! / 1024) continue;
    const at = serverlessAt(option, ctx, budget, coldness, k);
    if (at) consider(at.perf.throughputRps > 0 ? at.candidate : null, at.perf, at.p95, at.inFlight);
  }
}

/** One serverless memory size as sizing sees it: its candidate, performance, p95 and requests in flight at peak. */
export interface ServerlessSize {
  readonly candidate: Candidate;
  readonly perf: Performance;
  readonly p95: number;
  readonly inFlight: number;
}

/**
 * The candidate at the catalog's k-th serverless memory size, fitted or not (a running endpoint's size is priced
 * as it is). `warmConcurrency` fixes the concurrency kept warm (a running endpoint's ProvisionedConcurrency; 0 for
 * none); without it, concurrency is provisioned where cold starts are not tolerated and the catalog prices it.
 */
export function serverlessAt(
  option: OptionRules,
  ctx: SizingContext,
  budget: ComputeBudget,
  { coldStartS, coldFraction, provision }: Coldness,
  k: number,
  warmConcurrency?: number,
): ServerlessSize | null {
  const { footprint, knowledge, load, workload } = ctx;
  const serverless = knowledge.catalog.serverless;
  const pc = serverless.provisionedConcurrency;
  const device = ctx.devices.get(serverless.cpu);
  const mb = serverless.memorySizesMB[k];
  if (!device || mb === undefined) return null;
  const sizing = knowledge.rules.sizing;
  const overhead = option.overheadMs + transferMs(workload, ctx);
  const perfs = perfSlots(ctx, "serverless", serverless.memorySizesMB.length);
  const memGiB = mb / 1024;
  const unit: ComputeUnit = {
    kind: "cpu",
    device,
    devices: memGiB * serverless.vcpusPerGiB,
    freeBytes: Math.max(0, memGiB - footprint.copyGiB) * GiB,
  };
  const perf = (perfs[k] ??= estimatePerformance(unit, footprint, workload, budget, sizing));
  const p95 = perf.computeMs * sizing.performance.p95OverP50 + overhead;
  const billedS = perf.computeMs / 1000;
  // Each model has a serverless endpoint of its own, with its share of the load.
  const concurrency = peakInFlight(load, perf.computeMs + overhead) / workload.model.count;
  const warm =
    pc && (warmConcurrency !== undefined ? warmConcurrency > 0 : provision)
      ? provisioned(concurrency, pc, memGiB, ctx, warmConcurrency)
      : null;
  const onDemandUsd = load.requestsPerMonth * billedS * memGiB * serverless.usdPerGBSecond;
  const candidate: Candidate = {
    option: "serverless",
    instanceType: `serverless-${mb}mb`,
    hourlyUsd: memGiB * serverless.usdPerGBSecond * 3600,
    acceleratorsPerCopy: 0,
    acceleratorKind: "cpu",
    copiesPerInstance: 1,
    instanceCount: 1,
    averageInstances: 0,
    memorySizeMB: mb,
    maxConcurrency: Math.max(
      warm?.concurrency ?? 0,
      serverlessConcurrency(ctx, perf.computeMs + overhead, coldStartS, warm ? 0 : coldFraction, concurrency),
    ),
    // Undefined without it rather than spread in: a spread takes the slow path of building an object.
    provisionedConcurrency: warm?.concurrency,
    performance: perf,
    p50Ms: perf.computeMs + overhead,
    p95Ms: p95,
    throughputRpsPerInstance: perf.computeMs > 0 ? (1000 / perf.computeMs) * serverless.maxConcurrency : 0,
    coldStartS,
    coldFraction: warm ? warm.spill : coldFraction,
    scalesToZero: !warm,
    minInstances: 0,
    priceConfirmed: serverless.confirmed && (!warm || pc!.confirmed),
    monthlyCostUsd: (warm ? warm.monthlyUsd(onDemandUsd) : onDemandUsd) + dataProcessingUsd(ctx),
    instanceHours: 0,
    memoryUtilization: Math.min(1, footprint.copyGiB / memGiB),
  };
  return { candidate, perf, p95, inFlight: concurrency };
}

/**
 * The MaxConcurrency a serverless endpoint is given: room for the requests in flight at peak, and for those that
 * arrive while a cold start holds the first, with half again as headroom; never 1, which throttles every request
 * that overlaps another. A higher value costs nothing (serverless bills per request), so only the option's limit
 * caps it.
 */
function serverlessConcurrency(
  ctx: SizingContext,
  requestMs: number,
  coldStartS: number,
  coldFraction: number,
  peakConcurrency: number,
): number {
  const { load, workload, knowledge } = ctx;
  const duringColdStart =
    coldFraction > 0 ? peakInFlight(load, requestMs + coldStartS * 1000) / workload.model.count : 0;
  const wanted = Math.ceil(Math.max(peakConcurrency, duringColdStart) * 1.5);
  return Math.min(knowledge.catalog.serverless.maxConcurrency, Math.max(MIN_SERVERLESS_CONCURRENCY, wanted));
}

// Two requests that overlap are both served: a MaxConcurrency of 1 throttles the second.
const MIN_SERVERLESS_CONCURRENCY = 2;

/** Concurrency kept warm, the share of requests that spill past it onto on-demand capacity, and the month's cost. */
interface Provisioned {
  readonly concurrency: number;
  readonly spill: number;
  /** From what the requests would cost on demand: served warm at the provisioned rate, spilled ones on demand. */
  monthlyUsd(onDemandUsd: number): number;
}

/**
 * The provisioned concurrency that serves all but the p95's tail of requests warm: the least n with requests in
 * flight at peak (Poisson, of mean `inFlight`) above n at most that often. It is kept all month (at least 1).
 */
function provisioned(
  inFlight: number,
  pricing: ProvisionedConcurrencyPricing,
  memGiB: number,
  ctx: SizingContext,
  given?: number,
): Provisioned {
  const { serverless } = ctx.knowledge.catalog;
  // Never past what one endpoint may run at once: beyond it the concurrency limit rules the size out anyway.
  const concurrency = given ?? Math.min(serverless.maxConcurrency, Math.max(1, warmConcurrency(inFlight)));
  const spill = spillShare(inFlight, concurrency);
  // Every model's endpoint keeps its own.
  const seconds = ctx.knowledge.rules.sizing.billing.hoursPerMonth * 3600 * ctx.workload.model.count;
  const warmRate = pricing.durationUsdPerGBSecond / serverless.usdPerGBSecond;
  return {
    concurrency,
    spill,
    monthlyUsd: (onDemandUsd) =>
      concurrency * memGiB * pricing.usdPerGBSecond * seconds + onDemandUsd * ((1 - spill) * warmRate + spill),
  };
}

// Beyond this mean e^-mean underflows; the normal approximation is then close (and an endpoint's concurrency is
// capped at 200 anyway). Z_TAIL is the standard normal's upper 5% point.
const POISSON_EXACT_MAX = 500;
const Z_TAIL = 1.645;

/** The least n with P(N > n) <= the p95's tail, for N Poisson of the given mean. */
export function warmConcurrency(mean: number): number {
  if (mean <= 0) return 0;
  if (mean > POISSON_EXACT_MAX) return Math.ceil(mean + Z_TAIL * Math.sqrt(mean));
  let n = 0;
  let term = Math.exp(-mean);
  let cdf = term;
  while (1 - cdf > P95_TAIL) {
    n++;
    term *= mean / n;
    cdf += term;
  }
  return n;
}

/** P(N > n) for N Poisson of the given mean (at most the p95's tail past the normal approximation's range). */
export function spillShare(mean: number, n: number): number {
  if (mean <= 0) return 0;
  if (mean > POISSON_EXACT_MAX) return n >= mean + Z_TAIL * Math.sqrt(mean) ? P95_TAIL : 1;
  let term = Math.exp(-mean);
  let cdf = term;
  for (let k = 1; k <= n; k++) {
    term *= mean / k;
    cdf += term;
  }
  return Math.max(0, 1 - cdf);
}
