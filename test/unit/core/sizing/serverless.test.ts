/** Serverless sizing: one candidate per memory size, each model's endpoint with its share, and untolerated cold starts. */
import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { knowledge, parse } from "../../../property/helpers.js";

describe("domain review of 2026-12-01", () => {
  test("serverless is infeasible where more than 5% of requests would wait longer for a cold start than the workload tolerates", () => {
    // Serverless rested at zero whatever the tolerance: a 100 ms target with none was "met" at a p95 of 50 ms while
    // half the requests waited 15 s for a cold start. Tolerating that wait makes it feasible again.
    const sporadic = (coldStart: number) =>
      parse({
        name: "t",
        model: { parameters: 1e7, kind: "tabular", framework: "sklearn" },
        payload: 5000,
        latency: { target: 100, coldStart },
        isolation: "container",
        traffic: { pattern: "intermittent", requestsPerDay: 100 },
      });
    const serverless = (w: ReturnType<typeof parse>) =>
      recommendWorkload(w, knowledge, { whatIf: false }).ranking.find((r) => r.option === "serverless")!;
    const strict = serverless(sporadic(0));
    expect(strict.feasible).toBe(false);
    expect(strict.violations).toEqual([
      expect.objectContaining({ rule: "serverless-cold-start", limit: 0, unit: "s" }),
    ]);
    expect(strict.violations[0]!.message).toMatch(
      /^50% of requests would wait 15\.\d+ s for a cold start; the workload tolerates 0 ms, or longer in at most 5% of them$/,
    );
    expect(serverless(sporadic(30_000)).feasible).toBe(true);
  });

  test("a serverless concurrency limit applies to each model's endpoint, with its share of the load", () => {
    // 40 models at 4,000 requests/s peak were held to 200 concurrent requests in all ("peaks at 354 concurrent;
    // throttles above 200"), though each has its own endpoint seeing a fortieth; one model at 100 requests/s passed.
    const tenants = (count: number, peakRps: number, requestsPerDay: number) =>
      parse({
        name: `t${count}`,
        model: { parameters: 2e7, precision: "fp32", kind: "tabular", framework: "xgboost", count },
        payload: { request: 2000, response: 200 },
        latency: { target: 500 },
        isolation: "container",
        traffic: { pattern: "spiky", peakRps, requestsPerDay },
      });
    const serverless = (w: ReturnType<typeof parse>) =>
      recommendWorkload(w, knowledge, { whatIf: false }).ranking.find((o) => o.option === "serverless")!;
    const many = serverless(tenants(40, 4000, 2e7));
    const one = serverless(tenants(1, 100, 5e5));
    expect(many.feasible).toBe(true);
    expect(many.placement).toEqual(one.placement);
  });
});
