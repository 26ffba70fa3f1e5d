import type { Commitment, FitnessId, ProfileId } from "../../schema/ids.js";
import type {
  Estimates,
  FitnessScores,
  RankedOption,
  RankedResult,
  RatePricing,
  Violation,
} from "../../schema/output.js";
import type { EstimateRange } from "../../schema/rules.js";
import type { Workload } from "../../schema/workload.js";
import { seenLatency } from "../sizing/coldstart.js";
import { sizingContext, type Candidate } from "../sizing/context.js";
import type { Footprint } from "../sizing/memory.js";
import {
  commitmentOf,
  costInRegions,
  onDemandReason,
  pricedKnowledge,
  type CommittedPricing,
} from "../sizing/prices.js";
import type { Load } from "../sizing/traffic.js";
import type { Knowledge } from "../types.js";
import { roundOutput } from "../units.js";
import { assessOptionsIn, assessVariant, type Assessment } from "./assess.js";
import { capitalize, closeToLimits, describeTradeoffs, summarize } from "./explain.js";
import { scoreOptions, weightsFor, type ScoredOption } from "./score.js";
import { analyzeWhatIf } from "./whatif.js";
import { assumptionsOf } from "./assumptions.js";

export interface RecommendOptions {
  /** Overrides the workload's own priorities. */
  readonly profile?: ProfileId;
  /** Also compute sensitivity, break-even and the cost curve (about a hundred re-rankings; off by default in the core). */
  readonly whatIf?: boolean;
  /** Prices every workload at this commitment, overriding the workload's own `pricing.commitment`. */
  readonly commitment?: Commitment;
}

// One feasible option's entry, built in its output key order. Serverless placements and LLM estimates have
// fields of their own in the middle of that order, so each shape is a literal of its own: spreading the optional
// fields in cost 6% of a ranking.
function rankedEntry(
  a: Assessment,
  candidate: Candidate,
  load: Load,
  footprint: Footprint,
  streams: boolean,
  range: EstimateRange,
  scored: Pick<RankedOption, "rank" | "score" | "fitness" | "tradeoffs">,
  pricing: CommittedPricing | undefined,
): RankedOption {
  const perf = candidate.performance;
  // Without response streaming the first token arrives with the whole response.
  const ttftMs = streams ? (candidate.ttftMs ?? perf.ttftMs) : candidate.p50Ms;
  const placement: RankedOption["placement"] =
    candidate.memorySizeMB !== undefined
      ? {
          instanceType: candidate.instanceType,
          instanceCount: candidate.instanceCount,
          acceleratorsPerCopy: candidate.acceleratorsPerCopy,
          copiesPerInstance: candidate.copiesPerInstance,
          memorySizeMB: candidate.memorySizeMB,
          maxConcurrency: candidate.maxConcurrency,
          ...(candidate.provisionedConcurrency !== undefined && {
            provisionedConcurrency: candidate.provisionedConcurrency,
          }),
          scalesToZero: candidate.scalesToZero,
        }
      : {
          instanceType: candidate.instanceType,
          instanceCount: candidate.instanceCount,
          acceleratorsPerCopy: candidate.acceleratorsPerCopy,
          copiesPerInstance: candidate.copiesPerInstance,
          batchPerCopy: perf.batch,
          scalesToZero: candidate.scalesToZero,
          minInstances: candidate.minInstances,
        };
  const monthlyCostUsd = roundOutput(candidate.monthlyCostUsd);
  const costPerMillionRequestsUsd = roundOutput(
    load.requestsPerMonth > 0 ? (candidate.monthlyCostUsd / load.requestsPerMonth) * 1e6 : 0,
  );
  const seen = seenLatency(candidate);
  const latencyMs = { p50: roundOutput(seen.p50Ms), p95: roundOutput(seen.p95Ms) };
  const warmLatencyMs = { p50: roundOutput(candidate.p50Ms), p95: roundOutput(candidate.p95Ms) };
  const coldStartS = roundOutput(candidate.coldStartS);
  const coldFraction = roundOutput(candidate.coldFraction);
  const memoryGiB = roundOutput(footprint.copyGiB);
  const throughputRpsPerInstance = roundOutput(candidate.throughputRpsPerInstance);
  const requestsPerMonth = roundOutput(load.requestsPerMonth);
  const priceConfirmed = candidate.priceConfirmed;
  const perTokenMs = candidate.perTokenMs ?? perf.perTokenMs;
  const estimates: RankedOption["estimates"] =
    perf.ttftMs !== undefined && ttftMs !== undefined && perTokenMs !== undefined
      ? {
          monthlyCostUsd,
          costPerMillionRequestsUsd,
          latencyMs,
          warmLatencyMs,
          ttftMs: roundOutput(ttftMs),
          perTokenMs: roundOutput(perTokenMs),
          range: tokenRange(perTokenMs, ttftMs, streams, range),
          coldStartS,
          coldFraction,
          memoryGiB,
          throughputRpsPerInstance,
          requestsPerMonth,
          priceConfirmed,
        }
      : {
          monthlyCostUsd,
          costPerMillionRequestsUsd,
          latencyMs,
          warmLatencyMs,
          coldStartS,
          coldFraction,
          memoryGiB,
          throughputRpsPerInstance,
          requestsPerMonth,
          priceConfirmed,
        };
  // Added after the literal rather than spread into it: only committed runs carry it.
  if (pricing)
    (estimates as { pricing?: RatePricing }).pricing = ratePricing(pricing, candidate, a.option === "serverless");
  return {
    option: a.option,
    feasible: true,
    placement,
    estimates,
    violations: [],
    rank: scored.rank,
    score: scored.score,
    fitness: scored.fitness,
    tradeoffs: scored.tradeoffs,
  };
}

/**
 * Which rate a committed workload's candidate is priced at, and what the same placement costs on-demand: its
 * instance-hours at the on-demand rate instead of the one it used (data processing and serverless are not rates the
 * commitment changes).
 */
function ratePricing(pricing: CommittedPricing, candidate: Candidate, serverless: boolean): RatePricing {
  const reason = onDemandReason(pricing, candidate.instanceType, serverless);
  const onDemandHourlyUsd = serverless ? undefined : pricing.onDemandUsd.get(candidate.instanceType);
  const onDemandMonthlyCostUsd =
    onDemandHourlyUsd === undefined
      ? candidate.monthlyCostUsd
      : candidate.monthlyCostUsd + candidate.instanceHours * (onDemandHourlyUsd - candidate.hourlyUsd);
  return {
    commitment: pricing.commitment,
    rate: reason === undefined ? "savings-plan" : "on-demand",
    ...(onDemandHourlyUsd !== undefined ? { hourlyUsd: candidate.hourlyUsd, onDemandHourlyUsd } : {}),
    onDemandMonthlyCostUsd: roundOutput(onDemandMonthlyCostUsd),
    ...(reason === undefined ? { source: pricing.source!, asOf: pricing.asOf! } : { reason }),
  };
}

/**
 * Where an LLM's token figures may fall: each scaled by the calibration errors of its hardware family. Without
 * streaming the first token is the whole response, which carries the errors of both.
 */
function tokenRange(
  perTokenMs: number,
  ttftMs: number,
  streams: boolean,
  range: EstimateRange,
): NonNullable<Estimates["range"]> {
  const ttft = streams
    ? range.ttftMs
    : ([Math.min(range.ttftMs[0], range.perTokenMs[0]), Math.max(range.ttftMs[1], range.perTokenMs[1])] as const);
  return {
    perTokenMs: [roundOutput(perTokenMs * range.perTokenMs[0]), roundOutput(perTokenMs * range.perTokenMs[1])],
    ttftMs: [roundOutput(ttftMs * ttft[0]), roundOutput(ttftMs * ttft[1])],
  };
}

// The scores rounded for output, in their own key order.
function roundScores(fitness: FitnessScores): RankedOption["fitness"] & object {
  const out: Record<string, number> = {};
  for (const k in fitness) out[k] = roundOutput(fitness[k as FitnessId]);
  return out as RankedOption["fitness"] & object;
}

// A violation's compared figures as output: one past double range (rules edited far out of range) reads as
// unknown (null), as JSON would print it, rather than as infinity.
function finiteFigures(v: Violation): Violation {
  return Number.isFinite(v.actual ?? 0) && Number.isFinite(v.limit ?? 0)
    ? v
    : {
        ...v,
        limit: Number.isFinite(v.limit ?? 0) ? v.limit : null,
        actual: Number.isFinite(v.actual ?? 0) ? v.actual : null,
      };
}

function streams(a: Assessment, knowledge: Knowledge): boolean {
  return knowledge.rules.options[a.option].limits.streaming.value === 1;
}

/**
 * What an option of the ranking trades: a runner-up against the winner; the winner against the best alternative
 * (what it gives up for what it gains), then the limits it sits close to.
 */
function tradeoffsOf(i: number, scored: readonly ScoredOption[], workload: Workload, knowledge: Knowledge): string[] {
  const { assessment, fitness } = scored[i]!;
  const other = scored[i === 0 ? 1 : 0];
  const compared = other
    ? describeTradeoffs(assessment, other.assessment, fitness, other.fitness, workload, knowledge)
    : [];
  return i === 0 ? [...compared, ...closeToLimits(assessment.candidate, workload).map(capitalize)] : compared;
}

// With constraints.regions, what the winner's placement costs in each Region listed.
function regionsOf(
  workload: Workload,
  winner: Candidate | null,
  knowledge: Knowledge,
  commitment: Commitment,
): Pick<RankedResult, "regions"> {
  const regions = workload.constraints.regions;
  if (!regions || !winner) return {};
  return {
    regions: costInRegions(regions, knowledge.catalog, winner, winner.monthlyCostUsd, commitment).map((r) =>
      r.monthlyCostUsd === null ? r : { ...r, monthlyCostUsd: roundOutput(r.monthlyCostUsd) },
    ),
  };
}

/**
 * Ranks the six hosting options for one validated workload: feasible options by weighted fitness score
 * (ties by lower cost, then option id), then infeasible ones with the limits they break. With `whatIf`, also
 * searches the core for the inputs that would change the answer, the break-even volume and the cost curve.
 * Pure and deterministic.
 */
export function recommendWorkload(workload: Workload, given: Knowledge, options: RecommendOptions = {}): RankedResult {
  // At a commitment, every cost (candidates, what-if variants, the cost curve) is sized on the committed catalog.
  const commitment = commitmentOf(workload, options.commitment);
  const { knowledge, pricing } = pricedKnowledge(given, commitment);
  const ctx = sizingContext(workload, knowledge);
  const assessed = assessOptionsIn(ctx);
  const { load, footprint, assessments } = assessed;
  const weights = weightsFor(workload, knowledge, options);
  const scored = scoreOptions(workload, knowledge, assessed, weights);

  const winner = scored[0];
  const ranking: RankedOption[] = scored.map(({ assessment, fitness, score }, i) =>
    rankedEntry(
      assessment,
      assessment.candidate,
      load,
      footprint,
      streams(assessment, knowledge),
      knowledge.rules.sizing.performance.estimateRange[assessment.candidate.acceleratorKind],
      {
        rank: i + 1,
        score: roundOutput(score),
        fitness: roundScores(fitness),
        tradeoffs: tradeoffsOf(i, scored, workload, knowledge),
      },
      pricing,
    ),
  );
  for (const a of assessments) {
    if (a.candidate) continue;
    ranking.push({
      option: a.option,
      rank: null,
      feasible: false,
      score: null,
      tradeoffs: [],
      violations: a.violations.map(finiteFigures),
    });
  }
  const result: RankedResult = {
    workload: workload.name,
    ok: true,
    recommendation: winner ? winner.assessment.option : null,
    summary: summarize(
      workload,
      winner ? winner.assessment : null,
      scored.slice(1).map((s) => s.assessment),
      assessments,
      knowledge,
    ),
    ...assumptionsOf(workload, footprint, scored, knowledge, pricing),
    sensitivity: [],
    ...regionsOf(workload, winner?.assessment.candidate ?? null, knowledge, commitment),
    ranking,
  };
  if (!options.whatIf) return result;
  // Re-weighting the same workload re-scores its existing assessment; any other change re-assesses.
  const rank = (w: Workload, wts = weightsFor(w, knowledge, options)) =>
    scoreOptions(w, knowledge, w === workload ? assessed : assessVariant(w, ctx), wts);
  return { ...result, ...analyzeWhatIf(workload, knowledge, { assessed, scored, weights }, rank) };
}
