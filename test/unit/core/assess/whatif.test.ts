import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { parseWorkloads } from "../../../../src/load/workloads.js";
import type { RankedResult, Sensitivity } from "../../../../src/schema/output.js";
import type { Workload } from "../../../../src/schema/workload.js";
import { knowledge, varied } from "../../../property/helpers.js";

const scenarios = parseWorkloads(
  readFileSync(fileURLToPath(new URL("../../../../examples/scenarios.yaml", import.meta.url)), "utf8"),
).entries.flatMap((e) => (e.ok ? [e.workload] : []));
const byName = (name: string) => scenarios.find((w) => w.name === name)!;
const withWhatIf = (w: Workload) => recommendWorkload(w, knowledge, { whatIf: true });
const top = (w: Workload, weights?: Record<string, number>) =>
  recommendWorkload(weights ? { ...w, priorities: weights } : w, knowledge).recommendation;

/** The workload with one input set to x, as the sensitivity search changes it. */
function setInput(w: Workload, s: Sensitivity, x: number, base: RankedResult): Workload | Record<string, number> {
  const perDay = base.costCurve!.requestsPerDay[6]!;
  switch (s.input) {
    case "traffic.requestsPerDay":
      return varied(w, "traffic", x / perDay);
    case "latency.target":
    case "payload.request":
    case "model.parameters":
      return varied(w, s.input, x);
    default:
      return {
        ...knowledge.rules.profiles[typeof w.priorities === "string" ? w.priorities : "balanced"],
        [s.input.split(".")[1]!]: x,
      };
  }
}

describe("what-if analysis on the public scenarios", () => {
  const results = scenarios.map((w) => [w, withWhatIf(w)] as const);

  test("every flip is real: just past it the answer is `to`, just before it the answer is unchanged", () => {
    let checked = 0;
    for (const [w, r] of results) {
      for (const s of r.sensitivity) {
        // Flip points are given to three significant digits, so just past one is half a percent beyond it (a
        // window can be narrow: llm-platform's single-model-only targets span 3.66-3.73 s).
        const past = s.direction === "above" ? s.flipsAt * 1.005 : s.flipsAt / 1.005;
        const before = s.direction === "above" ? s.flipsAt / 1.1 : s.flipsAt * 1.1;
        const run = (x: number) => {
          const changed = setInput(w, s, x, r);
          return "name" in changed ? top(changed as Workload) : top(w, changed as Record<string, number>);
        };
        expect(run(past), `${w.name} ${s.message}`).toBe(s.to);
        expect(run(before), `${w.name} ${s.message}`).toBe(r.recommendation);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  test("serverless stops being cheapest for invoice-ocr as traffic grows, and the break-even is where costs cross", () => {
    const r = withWhatIf(byName("invoice-ocr"));
    const flip = r.sensitivity.find((s) => s.input === "traffic.requestsPerDay" && s.direction === "above");
    expect(flip).toMatchObject({ direction: "above", to: "async" });
    // Below some volume the idle serverless endpoint would make more than 5% of requests wait 21 s for a cold start,
    // over the 20 s the workload tolerates: there it keeps concurrency provisioned, and still ranks first.
    expect(r.sensitivity.find((s) => s.input === "traffic.requestsPerDay" && s.direction === "below")).toBeUndefined();
    const quiet = recommendWorkload(
      { ...byName("invoice-ocr"), traffic: { ...byName("invoice-ocr").traffic, requestsPerDay: 20 } },
      knowledge,
      { whatIf: false },
    );
    expect(quiet.recommendation).toBe("serverless");
    expect(quiet.ranking[0]!.placement).toMatchObject({ provisionedConcurrency: 1, scalesToZero: false });
    expect(flip!.message).toMatch(/^above ~[\d,]+ requests\/day, async ranks first$/);
    expect(r.breakEven?.options).toEqual(["serverless", "async"]);
    const at = r.breakEven!.requestsPerDay!;
    const costs = (perDay: number) => {
      const scaled = recommendWorkload(
        { ...byName("invoice-ocr"), traffic: { ...byName("invoice-ocr").traffic, requestsPerDay: perDay } },
        knowledge,
      );
      const cost = (o: string) => scaled.ranking.find((x) => x.option === o)!.estimates!.monthlyCostUsd;
      return cost("serverless") - cost("async");
    };
    expect(costs(at * 0.9)).toBeLessThan(0);
    expect(costs(at * 1.1)).toBeGreaterThan(0);
  });

  test("two options that cost the same at every volume are said to cost the same, not one to stay cheaper", () => {
    // fraud-scoring puts single-model and inference components on one ml.c7g.large each, whatever the volume.
    const r = withWhatIf(byName("fraud-scoring"));
    const [a, b] = r.breakEven!.options;
    const series = (o: string) => r.costCurve!.series.find((s) => s.option === o)!.monthlyCostUsd;
    expect(series(a)).toEqual(series(b));
    expect(r.breakEven!.requestsPerDay).toBeNull();
    expect(r.breakEven!.message).toMatch(
      new RegExp(`^${a} and ${b} cost the same from [\\d,]+ to [\\d,]+ requests/day$`),
    );
  });

  test("a payload over 6 MiB leaves only async and batch for a real-time workload", () => {
    const r = withWhatIf(byName("llm-platform"));
    const flip = r.sensitivity.find((s) => s.input === "payload.request" && s.direction === "above")!;
    expect(flip.flipsAt).toBeGreaterThan(6 * 2 ** 20);
    expect(flip.flipsAt).toBeLessThan(6.5 * 2 ** 20);
    expect(flip.message).toContain("only async remains feasible");
  });

  test("cost curves: the workload's own volume is the middle sample, and each option's cost never falls as volume rises but where traffic keeps serverless warm", () => {
    let dropped = 0;
    for (const [w, r] of results) {
      const curve = r.costCurve!;
      expect(curve.requestsPerDay).toHaveLength(13);
      const provisioned = (perDay: number) =>
        recommendWorkload(varied(w, "traffic", perDay / curve.requestsPerDay[6]!), knowledge).ranking.find(
          (o) => o.option === "serverless",
        )?.placement?.provisionedConcurrency;
      for (const series of curve.series) {
        const own = r.ranking.find((o) => o.option === series.option)?.estimates?.monthlyCostUsd;
        if (own !== undefined) expect(Math.abs(series.monthlyCostUsd[6]! / own - 1)).toBeLessThan(0.005); // 3 vs 4 significant digits
        const values = series.monthlyCostUsd;
        for (let i = 1; i < values.length; i++) {
          if (values[i] === null || values[i - 1] === null) continue;
          if (values[i]! >= values[i - 1]! * 0.999) continue;
          // The one way down: requests come often enough to keep serverless warm, and its provisioned concurrency goes.
          expect(series.option, `${w.name} ${series.option}`).toBe("serverless");
          expect(provisioned(curve.requestsPerDay[i - 1]!)).toBeGreaterThan(0);
          expect(provisioned(curve.requestsPerDay[i]!)).toBeUndefined();
          dropped++;
        }
      }
    }
    expect(dropped).toBeGreaterThan(0);
  });

  test("without whatIf the core skips the search", () => {
    const r = recommendWorkload(byName("invoice-ocr"), knowledge);
    expect(r.sensitivity).toEqual([]);
    expect(r.costCurve).toBeUndefined();
  });
});
