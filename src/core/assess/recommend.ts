import type { FitnessId, ProfileId } from "../../schema/ids.js";
import type { Estimates, FitnessScores, RankedOption, RankedResult, Violation } from "../../schema/output.js";
import type { EstimateRange } from "../../schema/rules.js";
import type { Workload } from "../../schema/workload.js";
import { sizingContext, type Candidate } from "../sizing/context.js";
import type { Footprint } from "../sizing/memory.js";
import type { Load } from "../sizing/traffic.js";
import type { Knowledge } from "../types.js";
import { roundOutput } from "../units.js";
import { assessOptionsIn, assessVariant, type Assessment } from "./assess.js";
import { describeTradeoffs, summarize } from "./explain.js";
import { scoreOptions, weightsFor } from "./score.js";
import { analyzeWhatIf } from "./whatif.js";
import { measuredAssumption, measuredRowsAssumption } from "../sizing/measured.js";
import { gravitonImage } from "../sizing/instances.js";
import { workAssumption } from "../sizing/work.js";

export interface RecommendOptions {
  /** Overrides the workload's own priorities. */
  readonly profile?: ProfileId;
  /** Also compute sensitivity, break-even and the cost curve (about a hundred re-rankings; off by default in the core). */
  readonly whatIf?: boolean;
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
  const latencyMs = { p50: roundOutput(candidate.p50Ms), p95: roundOutput(candidate.p95Ms) };
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
          coldStartS,
          coldFraction,
          memoryGiB,
          throughputRpsPerInstance,
          requestsPerMonth,
          priceConfirmed,
        };
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

/**
 * What the estimates take for granted that the workload does not say: where a measured time was taken, what a
 * request's time follows, and whose runtime an LLM on Neuron is timed for. Present only when there is any.
 */
function assumptionsOf(
  workload: Workload,
  footprint: Footprint,
  scored: readonly { readonly assessment: Assessment }[],
  knowledge: Knowledge,
): { assumptions?: string[] } {
  const lines: string[] = [];
  const measured = measuredAssumption(footprint) ?? measuredRowsAssumption(workload, footprint, knowledge);
  if (measured) lines.push(measured);
  else {
    const work = workAssumption(workload, knowledge.rules.sizing);
    if (work) lines.push(work);
  }
  const winner = scored[0]?.assessment;
  const availability = knowledge.rules.sizing.availability;
  const floor = workload.availability?.minInstances ?? availability.minInstances;
  if (winner?.candidate && !winner.candidate.scalesToZero && availability.options.includes(winner.option) && floor > 1)
    lines.push(
      `an always-on real-time endpoint keeps at least ${floor} instances, so that one Availability Zone's outage does not take it down (${availability.source}); set availability: { minInstances: 1 } to accept one`,
    );
  const winnerType = winner?.candidate?.instanceType;
  if (winnerType && knowledge.catalog.instances.find((i) => i.instanceType === winnerType)?.arch === "arm64")
    lines.push(gravitonImage(winnerType));
  const onNeuron = scored.some((s) => {
    const kind = s.assessment.candidate?.acceleratorKind;
    return kind === "inferentia" || kind === "trainium";
  });
  if (footprint.isLlm && !footprint.measured && !footprint.corrections && onNeuron) {
    const stack = knowledge.rules.sizing.performance.neuronServingStackMs;
    lines.push(
      `Inferentia and Trainium token times are the Neuron runtime's (AWS's LMI / NxD Inference containers); Hugging Face's TGI and vLLM Neuron containers measured about ${stack.decodeStep} ms more a token and ${stack.prefill} ms more to the first token`,
    );
  }
  return lines.length > 0 ? { assumptions: lines } : {};
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
 * Ranks the six hosting options for one validated workload: feasible options by weighted fitness score
 * (ties by lower cost, then option id), then infeasible ones with the limits they break. With `whatIf`, also
 * searches the core for the inputs that would change the answer, the break-even volume and the cost curve.
 * Pure and deterministic.
 */
export function recommendWorkload(
  workload: Workload,
  knowledge: Knowledge,
  options: RecommendOptions = {},
): RankedResult {
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
        tradeoffs:
          winner && i > 0 ? describeTradeoffs(assessment, winner.assessment, fitness, winner.fitness, knowledge) : [],
      },
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
    ...assumptionsOf(workload, footprint, scored, knowledge),
    sensitivity: [],
    ranking,
  };
  if (!options.whatIf) return result;
  // Re-weighting the same workload re-scores its existing assessment; any other change re-assesses.
  const rank = (w: Workload, wts = weightsFor(w, knowledge, options)) =>
    scoreOptions(w, knowledge, w === workload ? assessed : assessVariant(w, ctx), wts);
  return { ...result, ...analyzeWhatIf(workload, knowledge, { assessed, scored, weights }, rank) };
}
