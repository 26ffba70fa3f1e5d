import type { OptionId } from "../../schema/ids.js";
import type { OptionRules } from "../../schema/rules.js";
import type { Violation } from "../../schema/output.js";
import { formatQuantity, GiB, roundHundredths } from "../units.js";
import { transferMs } from "./budget.js";
import { coldStartSeconds, idleProbability } from "./coldstart.js";
import { perfSlots, type Candidate, type SizingContext } from "./context.js";
import { dataProcessingUsd } from "./option-fleet.js";
import { estimatePerformance, type ComputeBudget, type ComputeUnit, type Performance } from "./performance.js";
import { peakInFlight } from "./traffic.js";

// Serverless sizing: one candidate per memory size, and the cold starts it cannot keep warm against.

/** How long a cold start takes and how many requests meet one. */
export interface Coldness {
  readonly coldStartS: number;
  readonly coldFraction: number;
}

// Serverless rests at zero whenever a model sits idle past the idle release, whatever its memory size, and has no
// warm capacity to keep (provisioned concurrency is not modelled).
export function serverlessColdness(option: OptionRules, ctx: SizingContext): Coldness {
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
export function untoleratedColdStarts(
  optionId: OptionId,
  { coldStartS, coldFraction }: Coldness,
  ctx: SizingContext,
): Violation | null {
  const { workload } = ctx;
  const toleratedS = workload.latency.coldStart / 1000;
  if (coldStartS <= toleratedS || coldFraction <= P95_TAIL) return null;
  return {
    rule: `${optionId}-cold-start`,
    limit: roundHundredths(toleratedS),
    actual: roundHundredths(coldStartS),
    unit: "s",
    message: `${formatQuantity(coldFraction, "share")} of requests would wait ${formatQuantity(coldStartS * 1000, "ms")} for a cold start; the workload tolerates ${formatQuantity(workload.latency.coldStart, "ms")}, or longer in at most ${formatQuantity(P95_TAIL, "share")} of them`,
    hint: "raise latency.coldStart if cold requests may wait that long, or keep capacity warm on a real-time endpoint",
  };
}

/** Hands `consider` one candidate per serverless memory size the model fits in (null where it carries no load). */
export function serverlessCandidates(
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
      acceleratorKind: "cpu",
      copiesPerInstance: 1,
      instanceCount: 1,
      averageInstances: 0,
      memorySizeMB: mb,
      maxConcurrency: serverlessConcurrency(ctx, perf.computeMs + overhead, coldStartS, coldFraction, concurrency),
      performance: perf,
      p50Ms: perf.computeMs + overhead,
      p95Ms: p95,
      throughputRpsPerInstance: perf.computeMs > 0 ? (1000 / perf.computeMs) * serverless.maxConcurrency : 0,
      coldStartS,
      coldFraction,
      scalesToZero: true,
      minInstances: 0,
      monthlyCostUsd: load.requestsPerMonth * billedS * memGiB * serverless.usdPerGBSecond + dataProcessingUsd(ctx),
      memoryUtilization: Math.min(1, footprint.copyGiB / memGiB),
    };
    consider(perf.throughputRps > 0 ? candidate : null, perf, p95, concurrency);
  }
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
