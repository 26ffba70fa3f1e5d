/** One figure, one reading: every figure a sentence quotes is the JSON value it came from, formatted once. */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../src/core/assess/recommend.js";
import { formatQuantity, formatUsd, groupThousands } from "../../src/core/units.js";
import type { RankedResult } from "../../src/schema/output.js";
import { workloadArb } from "../arbitraries.js";
import { knowledge, parse } from "./helpers.js";

// The sentences of a result that quote costs and latencies: the summary and every trade-off.
const sentences = (r: RankedResult) => [r.summary, ...r.ranking.flatMap((o) => o.tradeoffs)];

// How the sensitivity search's inputs read in its messages.
const FLIP_READING: Record<string, (x: number) => string> = {
  "traffic.requestsPerDay": (x) => `~${groupThousands(Math.round(x))} requests/day`,
  "latency.target": (x) => `${formatQuantity(x, "ms")} latency target`,
  "payload.request": (x) => `${formatQuantity(x, "B")} request payload`,
  "model.parameters": (x) => `${formatQuantity(x, "params")} parameters`,
};

describe("every figure in a sentence matches the JSON value it came from", () => {
  test("costs, p95s, violation limits and flip points", () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const r = recommendWorkload(parse(input), knowledge, { whatIf: true });
        const feasible = r.ranking.filter((o) => o.estimates);
        const costs = new Set(feasible.map((o) => formatUsd(o.estimates!.monthlyCostUsd)));
        // A p95 is an option's estimate, or the best p95 a latency violation reports.
        const p95s = new Set([
          ...feasible.map((o) => formatQuantity(o.estimates!.latencyMs.p95, "ms")),
          ...r.ranking.flatMap((o) =>
            o.violations
              .filter((v) => v.unit === "ms" && v.actual !== null)
              .map((v) => formatQuantity(v.actual!, "ms")),
          ),
        ]);
        for (const s of sentences(r)) {
          for (const [usd] of s.matchAll(/\$[\d,]+(?:\.\d\d)?/g)) expect(costs, `${usd} in "${s}"`).toContain(usd);
          for (const [, p95] of s.matchAll(/p95 ([\d.,]+ (?:ms|s|min|h))/g))
            expect(p95s, `p95 ${p95} in "${s}"`).toContain(p95);
        }
        for (const o of r.ranking)
          for (const v of o.violations)
            if (v.limit !== null && ["B", "ms", "GiB"].includes(v.unit) && v.message.includes(" limit"))
              expect(v.message).toContain(formatQuantity(v.limit, v.unit));
        for (const s of r.sensitivity) {
          const reading = FLIP_READING[s.input];
          if (reading) expect(s.message, s.input).toContain(reading(s.flipsAt));
        }
      }),
      { numRuns: 150 },
    );
  });
});
