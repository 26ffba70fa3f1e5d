import { describe, expect, test } from "vitest";
import { BUNDLED_RULES_DIR } from "../../../../src/load/files.js";
import { loadRules } from "../../../../src/load/rules.js";
import { scoreFitness, weightedScore, type FitnessInputs } from "../../../../src/core/assess/fitness.js";
import { rankOrder, type ScoredOption } from "../../../../src/core/assess/score.js";
import type { FitnessId, OptionId } from "../../../../src/schema/ids.js";
import { copyDir, edit } from "../../../data/helpers.js";
import { knowledge } from "../../../property/helpers.js";

// A neutral option: everything at its best, so each case moves one input.
const neutral: FitnessInputs = {
  paramsB: 0.5,
  memoryUtilization: 0.5,
  acceleratorsPerCopy: 1,
  preferredMinParamsB: 0,
  preferredMaxParamsB: 10,
  hasTarget: 1,
  bestP95Ms: 100,
  targetMs: 1000,
  coldFraction: 0,
  coldStartS: 0,
  coldToleranceS: 0,
  isolationRequired: 0,
  isolationOffered: 2,
  monthlyCostUsd: 100,
  bestMonthlyCostUsd: 100,
  scaleToZero: 1,
  perModelScaling: 1,
  scalingSpeed: 1,
  modelsPerEndpoint: 1,
  modelCount: 1,
  variability: 0,
};

function testFitness(id: FitnessId, cases: readonly (readonly [string, Partial<FitnessInputs>, number])[]) {
  test.each(cases)(`${id}: %s`, (_label, change, expected) => {
    expect(scoreFitness(knowledge.rules.fitness, { ...neutral, ...change })[id]).toBeCloseTo(expected, 6);
  });
}

describe("fitness functions on hand-computed cases", () => {
  testFitness("modelSize", [
    ["fits with headroom, in range", {}, 1],
    ["90% of memory: 1 - 2.5 * 0.1", { memoryUtilization: 0.9 }, 0.75],
    ["full memory: 0.5", { memoryUtilization: 1 }, 0.5],
    ["10x over the preferred maximum: 1 - 0.5 * log10(10)", { paramsB: 10, preferredMaxParamsB: 1 }, 0.5],
    ["1000x over: floored at 0.2", { paramsB: 1000, preferredMaxParamsB: 1 }, 0.2],
    ["10x under the preferred minimum: 1 - 0.25", { paramsB: 0.1, preferredMinParamsB: 1 }, 0.75],
  ]);
  testFitness("latency", [
    ["p95 at a tenth of the target: 1 - 0.4 * 0.1", {}, 0.96],
    ["p95 at half the target", { bestP95Ms: 500 }, 0.8],
    ["p95 at the target: 1 - 0.4", { bestP95Ms: 1000 }, 0.6],
    ["p95 beyond the target (infeasible anyway): floored at 0.6", { bestP95Ms: 3000 }, 0.6],
    ["no target", { hasTarget: 0, bestP95Ms: 1e9, targetMs: 0 }, 1],
    ["10% cold beyond tolerance", { coldFraction: 0.1, coldStartS: 30, coldToleranceS: 5, hasTarget: 0 }, 0.9],
    [
      "10% cold within tolerance: a quarter of the penalty",
      { coldFraction: 0.1, coldStartS: 3, coldToleranceS: 5, hasTarget: 0 },
      0.975,
    ],
  ]);
  testFitness("isolation", [
    // 0.8 for what is required, 0.1 a level beyond it.
    ["instance offered, shared required", {}, 1],
    ["container offered, shared required", { isolationOffered: 1 }, 0.9],
    ["shared offered and required", { isolationOffered: 0 }, 0.8],
    ["instance offered and required", { isolationRequired: 2 }, 0.8],
    ["weaker than required", { isolationOffered: 0, isolationRequired: 1 }, 0],
  ]);
  testFitness("cost", [
    ["the cheapest", {}, 1],
    ["twice the cheapest", { monthlyCostUsd: 200 }, 0.5],
    ["ten times", { monthlyCostUsd: 1000 }, 0.1],
    ["free", { monthlyCostUsd: 0, bestMonthlyCostUsd: 0 }, 1],
  ]);
  testFitness("scalability", [
    ["one model, fast, can rest at zero", {}, 1],
    ["100 models, one per endpoint: packing 1/3", { modelCount: 100 }, 0.4 / 3 + 0.35 + 0.25],
    ["100 models on a shared endpoint", { modelCount: 100, modelsPerEndpoint: 1000 }, 1],
    ["variable traffic, no scale to zero", { variability: 1, scaleToZero: 0 }, 0.65],
    ["slow scaling", { scalingSpeed: 0.4 }, 0.85],
  ]);

  test("scores are clamped to [0, 1] and NaN becomes 0", () => {
    const s = scoreFitness(knowledge.rules.fitness, { ...neutral, memoryUtilization: 5, monthlyCostUsd: Number.NaN });
    expect(s.modelSize).toBe(0);
    expect(s.cost).toBe(0);
  });

  test("a term named like an input hides it in its own function only, and in no later call", () => {
    const dir = copyDir(BUNDLED_RULES_DIR);
    // The latency function's first term is renamed coldFraction (always 1): its own expression reads the term, the
    // input is untouched for the functions after it, and each call starts from the inputs again.
    edit(
      dir,
      "fitness.yaml",
      '      speed: "hasTarget == 1 ? 1 - 0.4 * min(1, bestP95Ms / targetMs) : 1"',
      '      coldFraction: "1"\n      speed: "1"',
    );
    edit(
      dir,
      "fitness.yaml",
      '    expression: "0.4 * packing + 0.35 * elasticity + 0.25 * scalingSpeed"',
      '    expression: "coldFraction"',
    );
    const fitness = loadRules(dir).fitness;
    for (const coldFraction of [0.3, 0, 0.7]) {
      const scores = scoreFitness(fitness, { ...neutral, coldFraction, coldStartS: 10, coldToleranceS: 0 });
      expect(scores.latency).toBe(0); // speed 1 x cold (1 - 1 x 1): the term, not the input
      expect(scores.scalability).toBe(coldFraction); // a later function reads the input
    }
  });

  test("weighted score is the weighted mean", () => {
    const scores = { modelSize: 1, latency: 0.5, isolation: 0, cost: 1, scalability: 0.5 };
    expect(weightedScore(scores, { modelSize: 1, latency: 1, isolation: 1, cost: 1, scalability: 1 })).toBeCloseTo(0.6);
    expect(weightedScore(scores, { modelSize: 0, latency: 0, isolation: 0, cost: 3, scalability: 1 })).toBeCloseTo(
      0.875,
    );
  });
});

describe("rankOrder: score, then cost, then option id", () => {
  const scored = (
    option: OptionId,
    fitness: Partial<Record<FitnessId, number>>,
    cost: number,
    weights: Record<FitnessId, number>,
  ): ScoredOption => {
    const scores = { modelSize: 0, latency: 0, isolation: 0, cost: 0, scalability: 0, ...fitness };
    return {
      assessment: { option, candidate: { monthlyCostUsd: cost } },
      fitness: scores,
      score: weightedScore(scores, weights),
    } as unknown as ScoredOption;
  };
  const weights = { modelSize: 1, latency: 1, isolation: 1, cost: 0, scalability: 0 };

  test("scores equal but for floating-point noise tie, and the documented tie-breaks decide", () => {
    // 0.1 + 0.2 and 0.3 + 0 are the same score, but not the same double; the noise used to rank single-model first.
    const single = scored("single-model", { modelSize: 0.1, latency: 0.2 }, 50, weights);
    const components = scored("inference-components", { isolation: 0.3 }, 50, weights);
    expect(single.score).not.toBe(components.score);
    expect([single, components].sort(rankOrder).map((s) => s.assessment.option)).toEqual([
      "inference-components",
      "single-model",
    ]);
    const cheaper = scored("single-model", { modelSize: 0.1, latency: 0.2 }, 40, weights);
    expect([components, cheaper].sort(rankOrder).map((s) => s.assessment.option)).toEqual([
      "single-model",
      "inference-components",
    ]);
  });

  test("a real difference in score still comes first, whatever the cost", () => {
    const better = scored("single-model", { modelSize: 0.1, latency: 0.2001 }, 500, weights);
    const worse = scored("async", { isolation: 0.3 }, 5, weights);
    expect([worse, better].sort(rankOrder).map((s) => s.assessment.option)).toEqual(["single-model", "async"]);
  });
});
