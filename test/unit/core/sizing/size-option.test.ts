/**
 * Sizing one option: the cheapest candidate that meets the SLOs, or why none does. The hand-checked cases give the
 * model a processing time (100 ms a request on any hardware), so every figure follows from the rules and the
 * catalog by arithmetic: rules/options.yaml overheadMs (single-model 5, async 2000), rules/sizing.yaml
 * (clientBandwidthMBps 100, p95OverP50 1.3, targetUtilization 0.7, hoursPerMonth 730, daysPerMonth 30.4167),
 * rules/traffic.yaml steady (peakToMean 1.2, 24 active hours), and the catalog's cheapest instance that
 * single-model accepts (ml.t2.medium, $0.056 an hour) and data processing ($0.016 a GB in and out).
 */
import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { budgetFor } from "../../../../src/core/sizing/budget.js";
import { sizingContext } from "../../../../src/core/sizing/context.js";
import { sizeOption } from "../../../../src/core/sizing/size-option.js";
import { OPTION_IDS, type OptionId } from "../../../../src/schema/ids.js";
import type { WorkloadInput } from "../../../../src/schema/workload.js";
import { knowledge, parse } from "../../../property/helpers.js";

describe("sizing follow-ups", () => {
  test("fast-check: a looser latency target no longer makes serverless infeasible where a tighter one is fine", () => {
    // Found by the ranking property "tightening the latency target never raises an option's latency score" (seed
    // 252354648): with no target (read as 10 s) serverless took its cheapest, slowest size, whose requests in
    // flight at 34.4 rps passed the 200 concurrency limit, so it was rejected; with a 2.5 s target it took a
    // faster size and was feasible. Sizing now prefers a size within the limit. (The model was a 10M-parameter
    // "diffusion" one while diffusion requests were a fixed 15,000 token-equivalents; diffusion is now timed by its
    // steps and image size, so a vision model of 400M parameters stands in, whose sizes differ in speed likewise.)
    const workload = {
      name: "a",
      model: { parameters: 4e8, precision: "fp32", kind: "vision", framework: "pytorch", count: 1 },
      payload: { request: 100, response: 100 },
      isolation: "shared",
      traffic: { pattern: "steady", peakRps: 34.4 },
    } as const;
    for (const target of [10_000, 2537.6]) {
      const result = recommendWorkload(parse({ ...workload, latency: { target, coldStart: 100 } }), knowledge);
      const serverless = result.ranking.find((o) => o.option === "serverless")!;
      expect(serverless.feasible, `target ${target} ms`).toBe(true);
      expect((34.4 * serverless.estimates!.latencyMs.p50) / 1000).toBeLessThanOrEqual(200);
    }
  });
});

// 10M fp32 parameters (a 1.04 GiB copy, which every instance holds), 1 KB each way, 100 ms a request, 1 s target.
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

const sized = (input: WorkloadInput, option: OptionId, want: "cheapest" | "any" = "cheapest") =>
  sizeOption(option, sizingContext(parse(input), knowledge), want);

describe("sizeOption on a small workload", () => {
  test("the rules and catalog figures these cases are worked out from", () => {
    const { rules, catalog } = knowledge;
    expect([rules.options["single-model"].overheadMs, rules.options.async.overheadMs]).toEqual([5, 2000]);
    expect(rules.sizing.performance).toMatchObject({
      clientBandwidthMBps: 100,
      p95OverP50: 1.3,
      targetUtilization: 0.7,
    });
    expect(rules.sizing.billing).toMatchObject({ hoursPerMonth: 730, daysPerMonth: 30.4167 });
    expect(rules.traffic.steady).toMatchObject({ peakToMean: 1.2, activeHoursPerDay: 24 });
    expect(catalog.dataProcessing).toMatchObject({ inUsdPerGB: 0.016, outUsdPerGB: 0.016 });
    const single = catalog.instances.filter((i) => i.options.includes("single-model"));
    const cheapest = Math.min(...single.map((i) => i.hourlyUsd));
    expect(single.filter((i) => i.hourlyUsd === cheapest).map((i) => [i.instanceType, i.hourlyUsd])).toEqual([
      ["ml.t2.medium", 0.056],
    ]);
  });

  test("the chosen candidate is the cheapest instance, one copy all month, and meets its budget", () => {
    const ctx = sizingContext(parse(SMALL), knowledge);
    // Budget: 1000 ms target - 5 ms overhead - (1000 + 1000) B / (100 MB/s x 1e3 B/ms) = 0.02 ms transfer = 994.98.
    expect(budgetFor(knowledge.rules.options["single-model"], ctx).computeP95Ms).toBeCloseTo(994.98, 9);
    const { chosen, violations, bestP95Ms, fastestComputeMs } = sizeOption("single-model", ctx);
    expect(violations).toEqual([]);
    // The 100 ms measured time holds at full speed; ml.t2.medium sustains 20% of it (CPU credits): 500 ms, and
    // 500 x 1.3 = 650 ms at p95 <= 994.98. A copy serves 1000 / 500 = 2 requests a second; the peak of 1 needs
    // ceil(1 / (2 x 0.7)) = 1 instance, held all month (steady traffic does not follow the load).
    expect(chosen).toMatchObject({
      option: "single-model",
      instanceType: "ml.t2.medium",
      copiesPerInstance: 1,
      instanceCount: 1,
      averageInstances: 1,
      throughputRpsPerInstance: 2,
    });
    expect(chosen!.performance.computeMs * 1.3).toBeLessThanOrEqual(994.98);
    // p50 500 + 5.02 = 505.02 ms; p95 650 + 5.02 = 655.02 ms, within the 1000 ms target.
    expect(chosen!.p50Ms).toBeCloseTo(505.02, 9);
    expect(chosen!.p95Ms).toBeCloseTo(655.02, 9);
    expect(chosen!.p95Ms).toBeLessThanOrEqual(1000);
    // The best p95 and fastest time are those of the fastest hardware the option has, at full speed.
    expect(bestP95Ms).toBeCloseTo(135.02, 9);
    expect(fastestComputeMs).toBe(100);
    // 730 h x $0.056 = $40.88, plus data: (1 / 1.2) rps x 86,400 s x 30.4167 days = 2,190,002.4 requests of
    // 2,000 B at $0.016 a GB = $0.07008; $40.95008 in all.
    expect(chosen!.monthlyCostUsd).toBeCloseTo(40.95008, 5);
  });

  test.each([
    // [option, processing time, best p95 (ms), message]
    // Async: 1000 - 2000 overhead - 0.02 transfer leaves no budget at all; best p95 130 + 2000.02 = 2130.02 ms.
    ["async", "100ms", 2130.02, "best p95 on Asynchronous Inference is 2.13 s, over the 1 s target"],
    // Single-model at 900 ms a request: 900 x 1.3 = 1170 > 994.98; best p95 1170 + 5.02 = 1175.02 ms.
    ["single-model", "900ms", 1175.02, "best p95 on Real-time endpoint (single model) is 1.18 s, over the 1 s target"],
  ] as const)(
    "%s at %s a request: the fastest unit misses the target, a latency-target violation with the best p95 %s ms",
    (option, processingTime, bestP95, message) => {
      const result = sized({ ...SMALL, processingTime }, option);
      expect(result.chosen).toBeNull();
      expect(result.bestP95Ms).toBeCloseTo(bestP95, 9);
      expect(result.violations).toEqual([
        {
          rule: `${option}-latency-target`,
          limit: 1000,
          actual: bestP95,
          unit: "ms",
          message,
          hint: "relax the latency target, quantize the model, or allow faster hardware",
        },
      ]);
    },
  );

  test("a target below the option's own overhead is missed on every instance, with the fastest unit's p95", () => {
    // 3 ms against single-model's 5 ms overhead: the budget is 3 - 5.02 < 0 whatever the model's speed.
    const result = sized({ ...SMALL, processingTime: undefined, latency: "3ms" }, "single-model");
    expect(result.chosen).toBeNull();
    // The best p95 is the fastest compute time x 1.3 plus the 5.02 ms overhead.
    expect(result.bestP95Ms).toBeCloseTo(result.fastestComputeMs! * 1.3 + 5.02, 9);
    expect(result.violations).toEqual([
      expect.objectContaining({ rule: "single-model-latency-target", limit: 3, unit: "ms" }),
    ]);
  });
});

describe('want: "any" agrees with "cheapest" on feasibility', () => {
  test.each([
    // [case, workload, options known feasible by hand, options known infeasible by hand]
    // 130 ms at p95 within single-model's 994.98 ms budget; nothing within async's (1000 - 2000.02 < 0).
    ["100 ms a request, 1 s target", SMALL, ["single-model"], ["async"]],
    // 900 x 1.3 = 1170 ms is over every option's budget: 1000 less its overhead (serverless 30, single-model 5,
    // multi-model 8, inference components 6, async 2000, batch 0) and the 0.02 ms transfer.
    ["900 ms a request, 1 s target", { ...SMALL, processingTime: "900ms" }, [], [...OPTION_IDS]],
    // Token SLOs may bind where the fastest unit meets the p95: "any" then scans as "cheapest" does.
    [
      "a 1B LLM with a first-token SLO",
      {
        ...SMALL,
        model: { parameters: 1e9, precision: "fp16", kind: "llm" },
        processingTime: undefined,
        tokens: { input: 512, output: 64 },
        latency: { target: "30s", ttft: "300ms" },
      },
      [],
      [],
    ],
    // Batch jobs may need more instances than a job can have: "any" scans batch transform in full.
    [
      "an offline dataset",
      { ...SMALL, latency: "none", traffic: { pattern: "offline", records: 1e6, deadline: "1h" } },
      [],
      [],
    ],
  ] as const)("%s", (_, input, feasible, infeasible) => {
    for (const option of OPTION_IDS) {
      const cheapest = sized(input as WorkloadInput, option, "cheapest");
      const any = sized(input as WorkloadInput, option, "any");
      // Violations, best p95 and fastest time are the same either way; "any" may leave `chosen` null where a
      // candidate is known to exist, never the other way round.
      expect({ ...any, chosen: null }, option).toEqual({ ...cheapest, chosen: null });
      expect(cheapest.chosen !== null, option).toBe(any.violations.length === 0);
      if (any.chosen) expect(cheapest.chosen, option).not.toBeNull();
      if ((feasible as readonly OptionId[]).includes(option)) expect(cheapest.chosen, option).not.toBeNull();
      if ((infeasible as readonly OptionId[]).includes(option)) expect(any.violations, option).not.toEqual([]);
    }
  });
});

describe("availability", () => {
  test("an always-on real-time endpoint keeps two instances by default, priced and deployed; one if the workload says", () => {
    const { availability: _, ...byDefault } = SMALL;
    const two = sizeOption("single-model", sizingContext(parse(byDefault), knowledge)).chosen!;
    const one = sizeOption("single-model", sizingContext(parse(SMALL), knowledge)).chosen!;
    expect([two.instanceType, two.instanceCount, two.minInstances]).toEqual(["ml.t2.medium", 2, 2]);
    expect([one.instanceCount, one.minInstances]).toEqual([1, 1]);
    // Two instances all month: $0.056 x 2 x 730 = $81.76, against $40.88 for one (data processing aside).
    expect(two.monthlyCostUsd - one.monthlyCostUsd).toBeCloseTo(40.88, 6);
  });

  test("options that rest at zero, and async and batch, are unaffected", () => {
    const { availability: _, ...byDefault } = SMALL;
    for (const option of ["serverless", "async", "batch-transform"] as const) {
      const chosen = sizeOption(option, sizingContext(parse(byDefault), knowledge)).chosen;
      if (chosen) expect(chosen.minInstances, option).toBeLessThanOrEqual(1);
    }
  });
});
