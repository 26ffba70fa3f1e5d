import type { FitnessId, ProfileId } from "../../schema/ids.js";
import { ISOLATION_LEVELS } from "../../schema/vocabulary.js";
import type { FitnessScores } from "../../schema/output.js";
import type { Workload } from "../../schema/workload.js";
import { seenLatency } from "../sizing/coldstart.js";
import type { Candidate } from "../sizing/context.js";
import type { Footprint } from "../sizing/memory.js";
import type { Load } from "../sizing/traffic.js";
import type { Knowledge } from "../types.js";
import type { Assessed, Assessment } from "./assess.js";
import { scoreFitness, weightedScore, type FitnessInputs } from "./fitness.js";

// The feasible options of one workload scored on the fitness functions, weighted and put in rank order.

/** The weights a workload is ranked with: a profile given to the run, else the workload's own priorities. */
export function weightsFor(
  workload: Workload,
  knowledge: Knowledge,
  options: { readonly profile?: ProfileId },
): Record<FitnessId, number> {
  const priorities = options.profile ?? workload.priorities;
  if (typeof priorities === "string") return knowledge.rules.profiles[priorities];
  // Unnamed fitness functions keep the balanced weight, so a partial object shifts emphasis without erasing.
  return {
    ...knowledge.rules.profiles.balanced,
    ...Object.fromEntries(Object.entries(priorities).filter(([, v]) => v !== undefined)),
  };
}

function fitnessInputs(
  workload: Workload,
  load: Load,
  footprint: Footprint,
  a: Assessment,
  candidate: Candidate,
  bestCost: number,
  knowledge: Knowledge,
): FitnessInputs {
  const rules = knowledge.rules.options[a.option];
  const target = workload.latency.target;
  // The best p95 alone, as users see it: with the cold starts the placement's requests meet.
  const bestP95 = a.sizing.bestP95Ms ?? candidate.p95Ms;
  const bestSeenP95 = seenLatency({
    p50Ms: bestP95 / knowledge.rules.sizing.performance.p95OverP50,
    p95Ms: bestP95,
    coldFraction: candidate.coldFraction,
    coldStartS: candidate.coldStartS,
  }).p95Ms;
  return {
    paramsB: footprint.parameters / 1e9,
    memoryUtilization: candidate.memoryUtilization,
    acceleratorsPerCopy: candidate.acceleratorsPerCopy,
    preferredMinParamsB: rules.preferredParamsB.min,
    preferredMaxParamsB: rules.preferredParamsB.max,
    hasTarget: Number(target !== "none"),
    bestP95Ms: bestSeenP95,
    targetMs: target === "none" ? 0 : target,
    coldFraction: candidate.coldFraction,
    coldStartS: candidate.coldStartS,
    coldToleranceS: workload.latency.coldStart / 1000,
    isolationRequired: ISOLATION_LEVELS.indexOf(workload.isolation),
    isolationOffered: rules.limits.isolation.value ?? 0,
    monthlyCostUsd: candidate.monthlyCostUsd,
    bestMonthlyCostUsd: bestCost,
    scaleToZero: Number(candidate.scalesToZero),
    perModelScaling: Number(rules.perModelScaling),
    scalingSpeed: rules.scalingSpeed,
    modelsPerEndpoint: rules.modelsPerEndpoint,
    modelCount: workload.model.count,
    variability: load.variability,
  };
}

/** A feasible option with its fitness scores and weighted score. */
export interface ScoredOption {
  readonly assessment: Assessment & { candidate: Candidate };
  readonly fitness: FitnessScores;
  readonly score: number;
}

/**
 * The order of scored options: higher score, then lower cost, then option id. Scores that differ only by
 * floating-point noise (equal weighted sums added up in another order) are ties for cost and id to decide;
 * compared unrounded, the noise decided, and raising a weight could swap two options it changed equally. Nine
 * decimals is far finer than the four digits shown.
 */
export function rankOrder(x: ScoredOption, y: ScoredOption): number {
  return (
    Math.round(y.score * 1e9) - Math.round(x.score * 1e9) ||
    x.assessment.candidate.monthlyCostUsd - y.assessment.candidate.monthlyCostUsd ||
    (x.assessment.option < y.assessment.option ? -1 : 1)
  );
}

/** Scores the feasible options and sorts them in {@link rankOrder}. */
export function scoreOptions(
  workload: Workload,
  knowledge: Knowledge,
  assessed: Assessed,
  weights: Readonly<Record<FitnessId, number>>,
): ScoredOption[] {
  const { load, footprint, assessments } = assessed;
  const feasible = assessments.filter((a): a is Assessment & { candidate: Candidate } => a.candidate !== null);
  const bestCost = Math.min(...feasible.map((a) => a.candidate.monthlyCostUsd));
  const scored = feasible.map((a) => {
    const fitness = scoreFitness(
      knowledge.rules.fitness,
      fitnessInputs(workload, load, footprint, a, a.candidate, bestCost, knowledge),
    );
    return { assessment: a, fitness, score: weightedScore(fitness, weights) };
  });
  return scored.sort(rankOrder);
}
