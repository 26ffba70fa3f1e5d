/**
 * The what-if search re-assesses variants of a workload; a variant that changes only traffic, latency or payload
 * shares the base's footprint, allowed instances and fit table, and one that changes only traffic its performance
 * estimates too (assessVariant). Sharing must never change an answer: every variant is assessed exactly as a
 * fresh assessOptions would assess it (sharing the fit on a model change, or the estimates on a latency change,
 * fails this at once).
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { assessOptionsIn, assessOptions, assessVariant } from "../../src/core/assess/assess.js";
import { sizingContext } from "../../src/core/sizing/context.js";
import { constrainedWorkloadArb, logScale } from "../arbitraries.js";
import { knowledge, parse, varied, type VariedInput } from "./helpers.js";

// The changes the what-if search makes; only a model change alters how the model fits.
const changeArb: fc.Arbitrary<[VariedInput, number]> = fc.oneof(
  fc.tuple(fc.constant("traffic" as const), logScale(-3, 3)),
  fc.tuple(fc.constant("latency.target" as const), logScale(0, 7)),
  fc.tuple(fc.constant("payload.request" as const), logScale(0, 9)),
  fc.tuple(fc.constant("model.parameters" as const), logScale(5, 12)),
);

describe("what-if variants share the base's sizing work without changing an answer", () => {
  test("assessVariant gives what assessOptions gives, for every kind of change", () => {
    fc.assert(
      fc.property(constrainedWorkloadArb, changeArb, (input, [changed, x]) => {
        const base = parse(input);
        const ctx = sizingContext(base, knowledge);
        assessOptionsIn(ctx);
        expect(ctx.fit).toBeDefined(); // so the variant has a table to share
        const variant = varied(base, changed, x);
        expect(assessVariant(variant, ctx)).toEqual(assessOptions(variant, knowledge));
      }),
      { numRuns: Number(process.env.RUNS ?? 400) },
    );
  });
});
