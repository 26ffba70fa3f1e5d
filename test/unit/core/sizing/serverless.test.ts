/** Serverless sizing: one candidate per memory size, each model's endpoint with its share, and cold starts kept warm. */
import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { spillShare, warmConcurrency } from "../../../../src/core/sizing/serverless.js";
import { knowledge, parse } from "../../../property/helpers.js";

describe("domain review of 2026-12-01", () => {
  test("where more than 5% of requests would wait longer for a cold start than tolerated, serverless provisions concurrency", () => {
    // Serverless rested at zero whatever the tolerance: a 100 ms target with none was "met" at a p95 of 50 ms while
    // half the requests waited 15 s for a cold start.
    const sporadic = (coldStart: number) =>
      parse({
        name: "t",
        model: { parameters: 1e7, kind: "tabular", framework: "sklearn" },
        payload: 5000,
        latency: { target: 100, coldStart },
        isolation: "container",
        traffic: { pattern: "intermittent", requestsPerDay: 100 },
      });
    const serverless = (w: ReturnType<typeof parse>, k = knowledge) =>
      recommendWorkload(w, k, { whatIf: false }).ranking.find((r) => r.option === "serverless")!;
    const strict = serverless(sporadic(0));
    // A few requests in flight at peak: one unit of concurrency kept warm serves all but under 5% of them.
    expect(strict.placement).toMatchObject({ provisionedConcurrency: 1, scalesToZero: false });
    const pc = knowledge.catalog.serverless.provisionedConcurrency!;
    const gb = strict.placement!.memorySizeMB! / 1024;
    const warmMonth = gb * pc.usdPerGBSecond * knowledge.rules.sizing.billing.hoursPerMonth * 3600;
    expect(strict.estimates!.monthlyCostUsd).toBeGreaterThanOrEqual(warmMonth * 0.999);
    expect(strict.estimates!.monthlyCostUsd).toBeLessThan(warmMonth + 0.5);
    expect(strict.estimates!.coldFraction).toBeLessThanOrEqual(0.05);
    expect(strict.estimates!.priceConfirmed).toBe(false);
    // Tolerating the wait, it rests at zero again and pays only for requests.
    const tolerant = serverless(sporadic(30_000));
    expect(tolerant.placement).toMatchObject({ scalesToZero: true });
    expect(tolerant.placement!.provisionedConcurrency).toBeUndefined();
    expect(tolerant.estimates!.monthlyCostUsd).toBeLessThan(0.5);

    // A catalog without provisioned-concurrency prices cannot keep serverless warm: it is infeasible.
    const { provisionedConcurrency: _, ...unpriced } = knowledge.catalog.serverless;
    const without = serverless(sporadic(0), { ...knowledge, catalog: { ...knowledge.catalog, serverless: unpriced } });
    expect(without.feasible).toBe(false);
    expect(without.violations).toEqual([
      expect.objectContaining({ rule: "serverless-cold-start", limit: 0, unit: "s" }),
    ]);
    expect(without.violations[0]!.message).toMatch(
      /^50% of requests would wait 15\.\d+ s for a cold start; the workload tolerates 0 ms, or longer in at most 5% of them$/,
    );
  });

  test("provisioned concurrency covers requests in flight at peak but for the p95's tail", () => {
    // Poisson of mean 2: P(N > 4) = 5.3%, P(N > 5) = 1.7%; of mean 0.05: P(N > 0) = 4.9%.
    expect(warmConcurrency(2)).toBe(5);
    expect(spillShare(2, 5)).toBeCloseTo(0.0166, 4);
    expect(warmConcurrency(0.05)).toBe(0);
    expect(warmConcurrency(0)).toBe(0);
    // Far past exact range: mean + 1.645 sd.
    expect(warmConcurrency(10_000)).toBe(10_165);
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
