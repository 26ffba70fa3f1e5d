import { FITNESS_IDS, type FitnessId } from "../schema/ids.js";
import type { FitnessScores } from "../schema/output.js";
import type { CompiledFitness, Scope } from "./types.js";

/** Symbols every fitness expression may read; the core computes them for each feasible option. */
export const FITNESS_SYMBOLS = [
  "paramsB",
  "memoryUtilization",
  "acceleratorsPerCopy",
  "preferredMinParamsB",
  "preferredMaxParamsB",
  "hasTarget",
  "bestP95Ms",
  "targetMs",
  "coldFraction",
  "coldStartS",
  "coldToleranceS",
  "isolationRequired",
  "isolationOffered",
  "monthlyCostUsd",
  "bestMonthlyCostUsd",
  "scaleToZero",
  "perModelScaling",
  "scalingSpeed",
  "modelsPerEndpoint",
  "modelCount",
  "variability",
] as const;
export type FitnessInputs = Record<(typeof FITNESS_SYMBOLS)[number], number>;

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

/** Evaluates each fitness function's terms and expression; results are clamped to [0, 1], NaN to 0. */
export function scoreFitness(fitness: readonly CompiledFitness[], inputs: FitnessInputs): FitnessScores {
  const scores = {} as Record<FitnessId, number>;
  for (const f of fitness) {
    const scope: Scope = { ...inputs };
    for (const [name, term] of f.terms) scope[name] = term.evaluate(scope);
    scores[f.id] = clamp01(f.expression.evaluate(scope));
  }
  for (const id of FITNESS_IDS) scores[id] ??= 0;
  return scores;
}

/** Weighted mean of the scores; weights need not sum to one. */
export function weightedScore(scores: FitnessScores, weights: Readonly<Record<FitnessId, number>>): number {
  let total = 0;
  let weight = 0;
  for (const id of FITNESS_IDS) {
    total += scores[id] * weights[id];
    weight += weights[id];
  }
  return weight > 0 ? clamp01(total / weight) : 0;
}
