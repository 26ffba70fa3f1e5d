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

interface ScoringScope {
  readonly scope: Scope;
  /** Some term is named like an input, so the inputs are written again before each function. */
  readonly shadows: boolean;
}

const scopes = new WeakMap<readonly CompiledFitness[], ScoringScope>();

// One scratch scope per compiled fitness list, with every input and term name present from the start so its shape
// never changes. scoreFitness overwrites every input before use and each term before it is read (the loader
// lets a function read only the inputs and its own earlier terms), so nothing carries over between calls.
function scoringScope(fitness: readonly CompiledFitness[]): ScoringScope {
  let found = scopes.get(fitness);
  if (!found) {
    const scope: Scope = {};
    const inputs = new Set<string>(FITNESS_SYMBOLS);
    for (const name of FITNESS_SYMBOLS) scope[name] = 0;
    let shadows = false;
    for (const f of fitness) {
      for (const [name] of f.terms) {
        shadows ||= inputs.has(name);
        scope[name] = 0;
      }
    }
    found = { scope, shadows };
    scopes.set(fitness, found);
  }
  return found;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

/** Evaluates each fitness function's terms and expression; results are clamped to [0, 1], NaN to 0. */
export function scoreFitness(fitness: readonly CompiledFitness[], inputs: FitnessInputs): FitnessScores {
  const scores = {} as Record<FitnessId, number>;
  const { scope, shadows } = scoringScope(fitness);
  for (const name of FITNESS_SYMBOLS) scope[name] = inputs[name];
  let first = true;
  for (const f of fitness) {
    if (shadows && !first) for (const name of FITNESS_SYMBOLS) scope[name] = inputs[name];
    first = false;
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
