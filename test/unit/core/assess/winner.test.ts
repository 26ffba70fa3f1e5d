/** What the winner gives up, the latency users see with cold starts, and isolation nobody asked for (issue 23). */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { seenLatency } from "../../../../src/core/sizing/coldstart.js";
import type { RankedOption } from "../../../../src/schema/output.js";
import type { WorkloadInput } from "../../../../src/schema/workload.js";
import { workloadArb } from "../../../arbitraries.js";
import { knowledge, parse } from "../../../property/helpers.js";

const rank = (input: WorkloadInput) => recommendWorkload(parse(input), knowledge, { whatIf: false });
const option = (r: ReturnType<typeof rank>, id: string) => r.ranking.find((o) => o.option === id)!;

describe("the latency a user sees", () => {
  test.each([
    // warm p50 100, p95 130; a 15 s cold start: a cold request takes 15,100 ms.
    [0.03, 100, 130], // under 5% cold: the warm figures
    [0.2, 100, 15_100], // in the p95, not the p50
    [0.71, 15_100, 15_100], // most requests are cold: the p50 too
  ])("cold share %f: p50 %f, p95 %f", (coldFraction, p50, p95) => {
    expect(seenLatency({ p50Ms: 100, p95Ms: 130, coldFraction, coldStartS: 15 })).toEqual({ p50Ms: p50, p95Ms: p95 });
  });

  test("a tiny model called 50 times a day reads the ~15 s cold start in its serverless p95, and single-model is the faster", () => {
    const r = rank({
      name: "rare",
      model: { parameters: "20M", precision: "fp32", kind: "tabular", framework: "xgboost" },
      payload: "2KB",
      latency: { target: "200ms", coldStart: "30s" },
      isolation: "shared",
      traffic: { pattern: "intermittent", requestsPerDay: 50 },
    });
    const serverless = option(r, "serverless");
    expect(serverless.estimates!.coldFraction).toBeGreaterThan(0.5);
    expect(serverless.estimates!.latencyMs.p95).toBeGreaterThan(serverless.estimates!.coldStartS * 1000);
    expect(serverless.estimates!.warmLatencyMs!.p95).toBeLessThan(200);
    const single = option(r, "single-model");
    if (r.recommendation === "serverless") {
      expect(serverless.tradeoffs.join(" ")).toMatch(/slower: p95 .* vs .*cold requests \(\d+%\) wait ~/i);
      expect(single.tradeoffs.join(" ")).toMatch(/faster: p95/i);
    }
    expect(r.summary).not.toMatch(/Serverless.*fastest/);
  });
});

describe("isolation nobody asked for", () => {
  test("a shared ResNet-50 goes to inference components over single-model when they cost far less", () => {
    const r = rank({
      name: "resnet",
      model: { parameters: "25M", precision: "fp32", kind: "vision", framework: "pytorch", count: 6 },
      payload: "200KB",
      latency: { target: "300ms", coldStart: "0" },
      isolation: "shared",
      traffic: { pattern: "steady", requestsPerDay: 20000 },
      constraints: { options: ["single-model", "inference-components"] },
    });
    const ic = option(r, "inference-components");
    const single = option(r, "single-model");
    expect(ic.estimates!.monthlyCostUsd).toBeLessThan((2 / 3) * single.estimates!.monthlyCostUsd);
    expect(r.recommendation).toBe("inference-components");
    expect(r.summary).not.toContain("strongest isolation");
  });

  // Under equal weights, what a winner gains on isolation never outweighs what it loses on cost against a feasible
  // option costing a third less or more: unrequested isolation may tip a close call, never a cost gap that large.
  test("under the balanced profile, no winner's isolation outweighs a cost a third lower", () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const r = rank({ ...input, priorities: "balanced" });
        const feasible = r.ranking.filter((o): o is RankedOption & { feasible: true } => o.feasible);
        const [winner, ...others] = feasible;
        if (!winner) return;
        for (const o of others) {
          if (o.estimates!.monthlyCostUsd > (2 / 3) * winner.estimates!.monthlyCostUsd) continue;
          const isolationGain = winner.fitness!.isolation - o.fitness!.isolation;
          const costLoss = o.fitness!.cost - winner.fitness!.cost;
          expect(isolationGain, `${winner.option} over ${o.option}`).toBeLessThan(costLoss);
        }
        // And a winner with a feasible alternative says what it trades.
        if (others.length > 0) expect(winner.tradeoffs.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
