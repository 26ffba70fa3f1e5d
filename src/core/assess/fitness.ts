import type { FitnessId } from "../../schema/ids.js";
import { FITNESS_IDS } from "../../schema/vocabulary.js";
import type { FitnessScores } from "../../schema/output.js";
import type { CompiledFitness, Slots } from "../types.js";

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

/** The slot of each input in the values a fitness expression reads: its position in FITNESS_SYMBOLS. Terms follow. */
export const FITNESS_INPUT_SLOTS: ReadonlyMap<string, number> = new Map(
  FITNESS_SYMBOLS.map((name, slot) => [name, slot]),
);

const scratch = new WeakMap<readonly CompiledFitness[], Slots>();

// One scratch array per compiled fitness list, with a slot for every input and then every term (see loadRules).
// scoreFitness writes every input before use and each term before it is read (a function reads only the inputs
// and its own earlier terms), so nothing carries over between calls.
function slotsFor(fitness: readonly CompiledFitness[]): Slots {
  let values = scratch.get(fitness);
  if (!values) {
    let size: number = FITNESS_SYMBOLS.length;
    for (const f of fitness) for (const term of f.terms) size = Math.max(size, term.slot + 1);
    values = new Float64Array(size);
    scratch.set(fitness, values);
  }
  return values;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

/** Evaluates each fitness function's terms and expression; results are clamped to [0, 1], NaN to 0. */
export function scoreFitness(fitness: readonly CompiledFitness[], inputs: FitnessInputs): FitnessScores {
  const scores = {} as Record<FitnessId, number>;
  const values = slotsFor(fitness);
  for (let i = 0; i < FITNESS_SYMBOLS.length; i++) values[i] = inputs[FITNESS_SYMBOLS[i]!];
  for (const f of fitness) {
    for (const term of f.terms) values[term.slot] = term.expression.evaluate(values);
    scores[f.id] = clamp01(f.expression.evaluate(values));
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
