import type { Instance } from "../../schema/catalog.js";
import type { Violation } from "../../schema/output.js";
import type { InstanceQuota } from "../../schema/quotas.js";
import type { OptionId } from "../../schema/ids.js";
import { OPTION_IDS, QUOTAS_DOC } from "../../schema/vocabulary.js";
import { budgetFor, transferMs } from "./budget.js";
import { fitOf, perfSlots, type Candidate, type OptionSizing, type SizingContext } from "./context.js";
import { hardwareAt, shapeOf, unitOf, type Hardware } from "./fit.js";
import { explainMiss } from "./misses.js";
import {
  billedHoursFloor,
  dataProcessingUsd,
  fleetShape,
  instanceHours,
  monthlyCost,
  optionFleet,
  type FleetShape,
} from "./option-fleet.js";
import { estimatePerformance, latencyAtLoad, type ComputeBudget, type Performance } from "./performance.js";
import { serverlessCandidates, serverlessColdness, untoleratedColdStarts } from "./serverless.js";

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

function cheaper(a: Candidate, b: Candidate): boolean {
  if (a.monthlyCostUsd !== b.monthlyCostUsd) return a.monthlyCostUsd < b.monthlyCostUsd;
  if (a.p95Ms !== b.p95Ms) return a.p95Ms < b.p95Ms;
  return a.instanceType < b.instanceType;
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
    ttftMs: atPeak.ttftMs,
    acceleratorKind: hw.unit.kind,
    throughputRpsPerInstance: shape.throughputRpsPerInstance,
    coldStartS: shape.coldStartS,
    coldFraction: shape.coldFraction,
    scalesToZero: shape.scalesToZero,
    minInstances: shape.minInstances,
    monthlyCostUsd: figures.monthlyCostUsd,
    instanceHours: instanceHours(shape, ctx),
    memoryUtilization: Math.min(1, ctx.footprint.copyGiB / hw.capacityGiB),
  };
}

// Whether the LLM token SLOs can rule out a unit that meets the p95 budget (a processing time given outright is
// checked against the p95 budget alone).
function tokenSlosBind(budget: ComputeBudget, ctx: SizingContext): boolean {
  return (
    ctx.footprint.isLlm &&
    ctx.footprint.measured === undefined &&
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
  const table = fitOf(ctx);
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
    if (want === "any" && optionId !== "batch-transform" && !tokenSlosBind(budget, ctx) && !ctx.knowledge.quotas) {
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
  // The account's quotas for the option's instances (--quotas), and the cheapest placement they ruled out.
  const quotas = ctx.knowledge.quotas?.[optionId === "batch-transform" ? "transform" : "endpoint"];
  let blocked: QuotaMiss | undefined;
  for (const i of instancesByPrice(instances, optionId)) {
    const instance = instances[i]!;
    // Instances come cheapest first: once one is too dear to win, so is every one after it.
    if (best >= 0 && (want === "any" || (floorHours > 0 && instance.hourlyUsd * floorHours + floorDataUsd > bestCost)))
      break;
    for (let c = table.starts[i]!, end = table.starts[i + 1]!; c < end; c++) {
      const u = unitOf(table, c);
      const perf = (perfs[u] ??= estimatePerformance(table.units[u]!, ctx.footprint, ctx.workload, budget, sizing));
      if (!(perf.throughputRps > 0)) continue;
      const shapeId = shapeOf(table, c);
      let shape = shapes[shapeId];
      if (shape === undefined)
        shapes[shapeId] = shape = fleetShape(optionId, option, of, hardwareAt(table, c), perf, ctx);
      if (!shape) continue;
      const cost = monthlyCost(shape, instance.hourlyUsd, dataUsd, ctx);
      const quota = quotas?.get(instance.instanceType);
      if (quota && shape.instanceCount > quota.value) {
        if (!blocked || cost < blocked.cost) blocked = { quota, needed: shape.instanceCount, cost };
        continue;
      }
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
    const figures = { monthlyCostUsd: bestCost, overheadMs: overhead };
    chosen = instanceCandidate(
      optionId,
      instances[bestInstance]!,
      hardwareAt(table, best),
      perfs[unitOf(table, best)]!,
      shapes[shapeOf(table, best)]!,
      figures,
      ctx,
    );
    return { chosen, bestP95Ms: bestP95, fastestComputeMs: fastest, violations: [] };
  }
  return {
    chosen,
    bestP95Ms: bestP95,
    fastestComputeMs: fastest,
    violations: blocked ? [quotaViolation(blocked)] : explainMiss(optionId, option, ctx, fastest, bestP95),
  };
}

/** The cheapest placement an account quota ruled out: the quota, the instances it needed, its cost. */
interface QuotaMiss {
  readonly quota: InstanceQuota;
  readonly needed: number;
  readonly cost: number;
}

// Every placement the option could have was over a quota of the account: name the cheapest one's, and how to raise it.
function quotaViolation({ quota, needed }: QuotaMiss): Violation {
  return {
    rule: "instance-quota",
    limit: quota.value,
    actual: needed,
    unit: "count",
    message: `the account's quota "${quota.name}" allows ${quota.value} instance${quota.value === 1 ? "" : "s"}, and the cheapest placement needs ${needed}`,
    hint: `raise it in Service Quotas: aws service-quotas request-service-quota-increase --service-code sagemaker --quota-code ${quota.code} --desired-value ${needed}`,
    source: QUOTAS_DOC,
  };
}
