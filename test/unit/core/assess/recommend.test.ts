/** Ranking the six options of one workload: order, infeasible options with their violations, estimates, summary. */
import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { OPTION_IDS } from "../../../../src/schema/ids.js";
import type { RankedOption } from "../../../../src/schema/output.js";
import type { WorkloadInput } from "../../../../src/schema/workload.js";
import { knowledge, parse } from "../../../property/helpers.js";

describe("LLM estimates, found in review", () => {
  test("an option without response streaming reports its first token with the whole response; one with it, the prefill", () => {
    const w = parse({
      name: "llm",
      model: { parameters: "7B", precision: "fp16", kind: "llm", framework: "pytorch" },
      payload: "20KB",
      tokens: { input: 800, output: 250 },
      latency: { target: "30s", coldStart: "15m" },
      isolation: "shared",
      traffic: { pattern: "steady", peakRps: 0.2 },
    });
    const byOption = new Map(
      recommendWorkload(w, knowledge, { whatIf: false }).ranking.map((o) => [o.option, o.estimates]),
    );
    for (const option of ["async", "multi-model"] as const)
      expect(byOption.get(option)!.ttftMs, option).toBe(byOption.get(option)!.latencyMs.p50);
    const realtime = byOption.get("single-model")!;
    expect(realtime.ttftMs!).toBeLessThan(realtime.latencyMs.p50 / 5);
  });
});

// 10M fp32 parameters, 1 KB each way, 100 ms a request on any hardware, a 1 s target, 1 request a second at peak.
// Single-model: 130 ms at p95 + 5.02 ms (5 ms overhead, 0.02 ms transfer of 2,000 B at 100 MB/s) meets 1 s on the
// cheapest instance it accepts, ml.t2.medium ($0.056 an hour): 730 x 0.056 = $40.88 + $0.07008 data processing
// (2,190,002.4 requests a month of 2,000 B at $0.016 a GB) = $40.95 to 4 digits. Async's 2000 ms overhead alone is
// over the target: best p95 130 + 2000.02 = 2130.02 ms.
const SMALL: WorkloadInput = {
  name: "small",
  model: { parameters: 1e7, precision: "fp32", kind: "tabular" },
  payload: "1KB",
  processingTime: "100ms",
  latency: "1s",
  isolation: "shared",
  traffic: { pattern: "steady", peakRps: 1 },
  // One instance, for arithmetic by hand (the default of two is tested on its own).
  availability: { minInstances: 1 },
};

// 2 h a request, 2.6 h at p95 (x 1.3): over every option's processing limit (60 s real-time and serverless, 1 h
// async and batch transform), so nothing is feasible.
const TOO_SLOW: WorkloadInput = { ...SMALL, name: "too-slow", processingTime: "2h", latency: "none" };

/** How the summary names a placement: "2x ml.g5.xlarge", "ml.c5.large", "2048 MB serverless". */
function placementText(o: RankedOption): string {
  const p = o.placement!;
  if (p.memorySizeMB !== undefined) return `${p.memorySizeMB} MB serverless`;
  const spread = p.acceleratorsPerCopy > 1 ? `, ${p.acceleratorsPerCopy} accelerators a copy` : "";
  return `${p.instanceCount > 1 ? `${p.instanceCount}x ` : ""}${p.instanceType}${spread}`;
}

describe("recommendWorkload", () => {
  test("ranks the feasible options first, in rank order, then the infeasible ones with their violations", () => {
    const result = recommendWorkload(parse(SMALL), knowledge, { whatIf: false });
    expect(result.ok).toBe(true);
    expect(result.ranking.map((o) => o.option).sort()).toEqual([...OPTION_IDS].sort());
    const feasible = result.ranking.filter((o) => o.feasible);
    const k = feasible.length;
    // Feasible options form the prefix, ranked 1..k by score, higher first.
    expect(result.ranking.slice(0, k)).toEqual(feasible);
    expect(feasible.map((o) => o.rank)).toEqual(feasible.map((_, i) => i + 1));
    for (let i = 1; i < k; i++) expect(feasible[i - 1]!.score!).toBeGreaterThanOrEqual(feasible[i]!.score!);
    for (const o of result.ranking.slice(k)) {
      expect(o).toMatchObject({ feasible: false, rank: null, score: null });
      expect(o.violations.length, o.option).toBeGreaterThan(0);
    }
    expect(result.recommendation).toBe(result.ranking[0]!.option);
    // The two options worked out by hand: single-model on one ml.t2.medium at $40.95, where the 100 ms measured time
    // runs at the burstable's sustained 20%: p50 500 + 5.02 and p95 650 + 5.02 ms (505.0 and 655.0 to 4 digits);
    // async out on its overhead.
    const single = result.ranking.find((o) => o.option === "single-model")!;
    expect(single.feasible).toBe(true);
    expect(single.placement).toMatchObject({ instanceType: "ml.t2.medium", instanceCount: 1, copiesPerInstance: 1 });
    expect(single.estimates).toMatchObject({ monthlyCostUsd: 40.95, latencyMs: { p50: 505, p95: 655 } });
    const async = result.ranking.find((o) => o.option === "async")!;
    expect(async.feasible).toBe(false);
    expect(async.violations).toEqual([
      expect.objectContaining({ rule: "async-latency-target", limit: 1000, actual: 2130.02, unit: "ms" }),
    ]);
  });

  test("where no option is feasible, every one is listed with its violations and nothing is recommended", () => {
    const result = recommendWorkload(parse(TOO_SLOW), knowledge, { whatIf: false });
    expect(result.recommendation).toBeNull();
    expect(result.ranking).toHaveLength(6);
    for (const o of result.ranking) {
      expect(o).toMatchObject({ feasible: false, rank: null, score: null });
      // 7,200,000 ms x 1.3 = 9,360,000 ms at p95, over 60,000 (real-time, serverless) or 3,600,000 (async, batch).
      const limit = o.option === "async" || o.option === "batch-transform" ? 3_600_000 : 60_000;
      expect(o.violations, o.option).toContainEqual(
        expect.objectContaining({ rule: `${o.option}-max-processing-time`, limit, actual: 9_360_000, unit: "ms" }),
      );
    }
  });

  test.each([
    ["without what-if", false],
    ["with what-if", true],
  ] as const)("is deterministic %s: the same input gives a deep-equal result", (_, whatIf) => {
    const first = recommendWorkload(parse(SMALL), knowledge, { whatIf });
    const again = recommendWorkload(parse(SMALL), knowledge, { whatIf });
    expect(again).toEqual(first);
    // JSON as well: no undefined-versus-missing or NaN differences that toEqual would let through.
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
  });

  test("the summary names the winner, where it runs, and how many options are feasible", () => {
    const result = recommendWorkload(parse(SMALL), knowledge, { whatIf: false });
    const winner = result.ranking[0]!;
    const name = knowledge.rules.options[winner.option].name;
    const feasible = result.ranking.filter((o) => o.feasible).length;
    const tail = feasible === 1 ? "the only feasible option" : `${feasible} of 6 options feasible`;
    expect(result.summary.startsWith(`Use ${name} on ${placementText(winner)}: `), result.summary).toBe(true);
    // An estimated price is said in words at the end.
    const estimated = winner.estimates!.priceConfirmed
      ? ""
      : `; ${winner.placement!.memorySizeMB !== undefined ? "the serverless" : `${winner.placement!.instanceType}'s`} price is an estimate, not read from AWS's price list`;
    expect(result.summary.endsWith(`; ${tail}${estimated}.`), result.summary).toBe(true);
  });

  test("with nothing feasible, the summary says so and gives single-model's first violation as the reason", () => {
    const result = recommendWorkload(parse(TOO_SLOW), knowledge, { whatIf: false });
    const single = result.ranking.find((o) => o.option === "single-model")!;
    expect(result.summary).toBe(`No hosting option can serve too-slow: ${single.violations[0]!.message}.`);
  });
});
