/**
 * The what-if search re-assesses variants of a workload; a variant that changes only traffic, latency or payload
 * shares the base's footprint, allowed instances and fit table, and one that changes only traffic its performance
 * estimates too (assessVariant). Sharing must never change an answer: every variant is assessed exactly as a
 * fresh assessOptions would assess it (sharing the fit on a model change, or the estimates on a latency change,
 * fails this at once).
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { assessInContext, assessOptions, assessVariant, sizingContext } from "../../src/core/recommend.js";
import type { Workload } from "../../src/schema/workload.js";
import { logScale, workloadArb } from "../arbitraries.js";
import { knowledge, parse } from "./helpers.js";

type Change = { kind: "traffic" | "latency" | "payload" | "parameters"; x: number };

// The changes the what-if search makes (see src/core/whatif.ts); only the last changes how the model fits.
const changeArb: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant("traffic" as const), x: logScale(-3, 3) }),
  fc.record({ kind: fc.constant("latency" as const), x: logScale(0, 7) }),
  fc.record({ kind: fc.constant("payload" as const), x: logScale(0, 9) }),
  fc.record({ kind: fc.constant("parameters" as const), x: logScale(5, 12) }),
);

function vary(w: Workload, { kind, x }: Change): Workload {
  switch (kind) {
    case "traffic": {
      const t = w.traffic;
      const scale = (v: number | undefined) => (v === undefined ? undefined : v * x);
      return { ...w, traffic: { ...t, peakRps: scale(t.peakRps), requestsPerDay: scale(t.requestsPerDay), requestsPerMonth: scale(t.requestsPerMonth), records: scale(t.records) } };
    }
    case "latency":
      return { ...w, latency: { ...w.latency, target: x } };
    case "payload":
      return { ...w, payload: { ...w.payload, request: x } };
    case "parameters":
      return { ...w, model: { ...w.model, parameters: x } };
  }
}

describe("what-if variants share the base's sizing work without changing an answer", () => {
  test("assessVariant gives what assessOptions gives, for every kind of change", () => {
    fc.assert(
      fc.property(workloadArb, changeArb, (input, change) => {
        const base = parse(input);
        const ctx = sizingContext(base, knowledge);
        assessInContext(ctx);
        expect(ctx.fit).toBeDefined(); // so the variant has a table to share
        const variant = vary(base, change);
        expect(assessVariant(variant, ctx)).toEqual(assessOptions(variant, knowledge));
      }),
      { numRuns: Number(process.env.RUNS ?? 400) },
    );
  });
});
