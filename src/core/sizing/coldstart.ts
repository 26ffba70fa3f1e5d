import type { OptionId } from "../../schema/ids.js";
import type { OptionRules, Sizing } from "../../schema/rules.js";
import type { Workload } from "../../schema/workload.js";
import type { Footprint } from "./memory.js";

/**
 * Seconds a request waits when it meets no warm copy: container start and artifact download as the option
 * needs them, then loading weights into memory. Zero for options that never serve from cold.
 */
export function coldStartSeconds(option: OptionId, rules: OptionRules, footprint: Footprint, sizing: Sizing): number {
  const c = sizing.coldStart;
  const download = footprint.artifactBytes / (c.s3ThroughputMBps * 1e6);
  const load = footprint.weightsBytes / (c.loadThroughputMBps * 1e6);
  switch (option) {
    case "single-model":
      return 0;
    case "multi-model":
      return download + load + c.mmeLoadOverheadS;
    case "serverless":
      return c.containerStartS + download + load;
    default:
      return (rules.scaleFromZeroS ?? 0) + c.containerStartS + download + load;
  }
}

// The latency target is a p95: a cold start is in it once more than this share of requests meet one.
export const P95_TAIL = 0.05;

/** A request's latencies when warm, and how often and how long it waits for a cold start. */
export interface WarmLatency {
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly coldFraction: number;
  readonly coldStartS: number;
}

/**
 * The p50 and p95 a user sees: a cold request waits out the cold start and then takes about the warm p50, so the
 * cold start joins the p95 once more than 5% of requests meet one, and the p50 once more than half do.
 */
export function seenLatency(c: WarmLatency): { p50Ms: number; p95Ms: number } {
  const coldMs = c.coldStartS * 1000 + c.p50Ms;
  return {
    p50Ms: c.coldFraction > 0.5 ? Math.max(c.p50Ms, coldMs) : c.p50Ms,
    p95Ms: c.coldFraction > P95_TAIL ? Math.max(c.p95Ms, coldMs) : c.p95Ms,
  };
}

/** Probability that a Poisson stream of `ratePerS` saw no request in the last `windowS` seconds. */
export function idleProbability(ratePerS: number, windowS: number): number {
  return Math.exp(-ratePerS * windowS);
}

/**
 * Generalized harmonic number H(n, s) = sum of k^-s for k = 1..n: exact for the first 64 terms, then the
 * midpoint integral with its Euler-Maclaurin correction (error below 1e-9), so large fleets cost O(1).
 */
export function harmonic(n: number, s: number): number {
  const whole = Math.floor(n);
  const exact = Math.min(whole, 64);
  let sum = 0;
  for (let k = 1; k <= exact; k++) sum += k ** -s;
  if (whole > exact) {
    const a = exact + 0.5;
    const b = whole + 0.5;
    sum += s === 1 ? Math.log(b / a) : (b ** (1 - s) - a ** (1 - s)) / (1 - s);
    sum += (s * (b ** (-s - 1) - a ** (-s - 1))) / 24;
  }
  return sum;
}

/** Share of requests that find their model loaded when `cached` of `models` Zipf-popular models fit. */
export function cacheHitRate(cached: number, models: number, zipfExponent: number): number {
  if (cached >= models) return 1;
  if (cached < 1) return 0;
  return harmonic(cached, zipfExponent) / harmonic(models, zipfExponent);
}

/** Whether a workload tolerates a cold start (or a model's cold load) of `coldStartS` seconds. */
export function toleratesColdStart(workload: Workload, coldStartS: number): boolean {
  return workload.latency.coldStart / 1000 >= coldStartS;
}

/**
 * The share of a workload's requests a multi-model endpoint's working set lets meet a cold load of `coldStartS`:
 * more where the workload tolerates one that long than where it must stay out of its tail latencies.
 */
export function mmeColdShare(workload: Workload, coldStartS: number, sizing: Sizing): number {
  const { mmeToleratedColdShare, mmeUntoleratedColdShare } = sizing.coldStart;
  return toleratesColdStart(workload, coldStartS) ? mmeToleratedColdShare : mmeUntoleratedColdShare;
}

/**
 * The fewest of `models` Zipf-popular models that must stay loaded for at most `maxCold` of requests to find
 * theirs cold (the most popular ones are kept). The cold share falls as models are added, so bisect.
 */
export function workingSet(models: number, maxCold: number, zipfExponent: number): number {
  let lo = 1;
  let hi = Math.max(1, Math.ceil(models));
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (1 - cacheHitRate(mid, models, zipfExponent) > maxCold) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
