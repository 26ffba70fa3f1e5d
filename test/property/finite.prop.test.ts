/**
 * Issue 19: every number leaving the core is finite, over workloads at the edges of their documented ranges
 * (WORKLOAD_RANGES and the traffic limits) and catalogs priced at the edges of theirs (HOURLY_USD_RANGE).
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../src/core/assess/recommend.js";
import { planFleet } from "../../src/core/plan/plan.js";
import type { Knowledge } from "../../src/core/types.js";
import { HOURLY_USD_RANGE } from "../../src/schema/catalog.js";
import { MODEL_KINDS, PRECISIONS, TRAFFIC_PATTERNS } from "../../src/schema/ids.js";
import { WORKLOAD_RANGES, type WorkloadInput } from "../../src/schema/workload.js";
import { knowledge, parse } from "./helpers.js";

const RUNS = Number(process.env.RUNS ?? 60);

// A value at or next to an edge of [min, max], or in between on a log scale.
const edge = (min: number, max: number) =>
  fc.oneof(
    fc.constantFrom(min, max, min * 1.0001, max / 1.0001),
    fc.double({ min: Math.log10(min), max: Math.log10(max), noNaN: true }).map((e) => 10 ** e),
  );

const extremeArb: fc.Arbitrary<WorkloadInput> = fc.record({
  name: fc.constant("x"),
  model: fc.record({
    parameters: edge(WORKLOAD_RANGES.parameters.min, WORKLOAD_RANGES.parameters.max),
    precision: fc.constantFrom(...PRECISIONS),
    kind: fc.constantFrom(...MODEL_KINDS),
    count: fc.constantFrom(1, 2, 1000, WORKLOAD_RANGES.modelCount.max),
  }),
  payload: fc.record({
    request: edge(WORKLOAD_RANGES.payloadBytes.min, WORKLOAD_RANGES.payloadBytes.max),
    response: edge(WORKLOAD_RANGES.payloadBytes.min, WORKLOAD_RANGES.payloadBytes.max),
  }),
  tokens: fc.record({
    input: fc.constantFrom(1, 512, WORKLOAD_RANGES.tokens.max),
    output: fc.constantFrom(1, 256, WORKLOAD_RANGES.tokens.max),
  }),
  latency: fc.record({
    target: fc.oneof(fc.constant("none" as const), edge(1e-3, WORKLOAD_RANGES.durationMs.max)),
    coldStart: fc.constantFrom(0, WORKLOAD_RANGES.durationMs.max),
  }),
  isolation: fc.constantFrom("shared" as const, "instance" as const),
  traffic: fc.oneof(
    fc.record({
      pattern: fc.constantFrom(...TRAFFIC_PATTERNS.filter((p) => p !== "offline")),
      peakRps: edge(1e-9, 1e9),
    }),
    fc.record({
      pattern: fc.constant("offline" as const),
      records: edge(1, 1e15),
      runsPerMonth: fc.constantFrom(1, 1e5),
    }),
  ),
});

// The bundled catalog with every instance priced at the same edge of the price range.
const priced = (usd: number): Knowledge => ({
  ...knowledge,
  catalog: { ...knowledge.catalog, instances: knowledge.catalog.instances.map((i) => ({ ...i, hourlyUsd: usd })) },
});
const knowledgeArb = fc.constantFrom(knowledge, priced(HOURLY_USD_RANGE.min), priced(HOURLY_USD_RANGE.max));

// Every number in a JSON value, with its path, that is not finite.
function nonFinite(value: unknown, path = "$"): string[] {
  if (typeof value === "number") return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
}

describe("issue 19: every figure leaving the core is finite", () => {
  test("recommend with what-if, over extreme workloads and catalogs", () => {
    fc.assert(
      fc.property(extremeArb, knowledgeArb, (input, known) => {
        const result = recommendWorkload(parse(input), known, { whatIf: true });
        expect(nonFinite(result)).toEqual([]);
        // And the words say no infinity either: "Infinity", "∞" and "NaN" are what a non-finite figure prints as.
        expect(JSON.stringify(result)).not.toMatch(/Infinity|∞|NaN/);
      }),
      { numRuns: RUNS },
    );
  });

  test("a plan of extreme workloads", () => {
    fc.assert(
      fc.property(fc.array(extremeArb, { minLength: 1, maxLength: 4 }), knowledgeArb, (inputs, known) => {
        const workloads = inputs.map((w, i) => parse({ ...w, name: `w${i}` }));
        const plan = planFleet(workloads, known);
        expect(nonFinite(plan)).toEqual([]);
        expect(JSON.stringify(plan)).not.toMatch(/Infinity|∞|NaN/);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
});
