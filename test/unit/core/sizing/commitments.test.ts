/**
 * Issue 25, items 3 and 4: costs at a SageMaker Savings Plans commitment and in another Region. The rates are the
 * fixtures' (built from the published Savings Plans file format), imported into a catalog in memory the way
 * `catalog import` writes them. Acceptance: "a committed cost is lower by exactly the imported rate".
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { loadCatalog, loadRules, planFleet, recommend, type WorkloadInput } from "../../../../src/index.js";
import { assessOptions } from "../../../../src/core/assess/assess.js";
import { pricedKnowledge } from "../../../../src/core/sizing/prices.js";
import { catalogForRegion } from "../../../../src/load/region.js";
import { parseWorkloads } from "../../../../src/load/workloads.js";
import type { Catalog, RegionPrices } from "../../../../src/schema/catalog.js";
import { HostfitError } from "../../../../src/schema/errors.js";
import { SAVINGS_PLAN_COMMITMENTS, type Commitment } from "../../../../src/schema/ids.js";
import type { Workload } from "../../../../src/schema/workload.js";
import { parseOfferFile } from "../../../../src/tools/catalog/pricing.js";
import { formatMarkdown } from "../../../../src/format/text.js";
import { formatPlanTable } from "../../../../src/format/plan-text.js";
import { recommendAll } from "../../../../src/index.js";
import { parseSavingsPlansFile } from "../../../../src/tools/catalog/savings-plans.js";

const PRICING = "test/fixtures/pricing";
const spUs = parseSavingsPlansFile(
  readFileSync(`${PRICING}/AWSMachineLearningSavingsPlans-us-east-1-small.json`, "utf8"),
  { orElse: "us-east-1" },
);
const spEu = parseSavingsPlansFile(
  readFileSync(`${PRICING}/AWSMachineLearningSavingsPlans-eu-west-1-small.json`, "utf8"),
  { orElse: "us-east-1" },
);
const odEu = parseOfferFile(readFileSync(`${PRICING}/AmazonSageMaker-eu-west-1-small.json`, "utf8"), "eu-west-1");

const bundled = loadCatalog();
const section = (sp: typeof spUs) => ({
  source: `https://example.com/${sp.region}.json`,
  asOf: sp.publicationDate,
  hourlyUsd: Object.fromEntries(sp.rates),
});
const prices: RegionPrices[] = [
  {
    schemaVersion: 1,
    region: "eu-west-1",
    onDemand: {
      source: "https://example.com/od-eu.json",
      asOf: odEu.publicationDate,
      hourlyUsd: Object.fromEntries(odEu.prices.map((p) => [p.instanceType, p.hourlyUsd])),
    },
    savingsPlans: section(spEu),
  },
  { schemaVersion: 1, region: "us-east-1", savingsPlans: section(spUs) },
];
const catalog: Catalog = { ...bundled, prices };
const rules = loadRules();

const workload = (over: Partial<WorkloadInput> = {}): WorkloadInput => ({
  name: "chat-7b",
  model: { parameters: "7B", kind: "llm", precision: "fp16" },
  tokens: { input: 500, output: 200 },
  payload: { request: "4KB", response: "2KB" },
  latency: { target: "20s" },
  isolation: "container",
  traffic: { pattern: "steady", peakRps: 2 },
  constraints: { options: ["single-model"], instanceTypes: ["ml.g5.xlarge"] },
  ...over,
});

function parsed(input: WorkloadInput): Workload {
  const entry = parseWorkloads(JSON.stringify({ workloads: [input] }), undefined, catalog).entries[0]!;
  if (!entry.ok) throw new Error(JSON.stringify(entry.issues));
  return entry.workload;
}

// The chosen candidate of one option, sized at a commitment.
function candidateAt(input: WorkloadInput, commitment: Commitment, option = "single-model") {
  const { knowledge } = pricedKnowledge({ catalog, rules }, commitment);
  return assessOptions(parsed(input), knowledge).assessments.find((a) => a.option === option)!.candidate!;
}

describe("a committed cost is lower by exactly the imported rate", () => {
  test.each(SAVINGS_PLAN_COMMITMENTS.map((c) => [c]))("ml.g5.xlarge, steady, %s", (commitment) => {
    const od = candidateAt(workload(), "on-demand");
    const sp = candidateAt(workload(), commitment);
    const rate = spUs.rates.get("ml.g5.xlarge")![commitment]!;
    expect(sp.instanceType).toBe(od.instanceType);
    expect(sp.instanceCount).toBe(od.instanceCount);
    expect(sp.instanceHours).toBe(od.instanceHours);
    expect(sp.hourlyUsd).toBe(rate);
    expect(od.hourlyUsd).toBe(1.408);
    // Instance-hours at the imported rate instead of on-demand; data processing is what it was.
    expect(od.monthlyCostUsd - sp.monthlyCostUsd).toBeCloseTo(od.instanceHours * (1.408 - rate), 9);
    const data = od.monthlyCostUsd - od.instanceHours * 1.408;
    expect((sp.monthlyCostUsd - data) / (od.monthlyCostUsd - data)).toBeCloseTo(rate / 1.408, 12);
  });

  test("a batch job's instance-hours too (ml.g5.xlarge, 3y-all-upfront)", () => {
    const batch = workload({
      traffic: { pattern: "offline", records: "1M", deadline: "6h" },
      constraints: { options: ["batch-transform"], instanceTypes: ["ml.g5.xlarge"] },
    });
    const od = candidateAt(batch, "on-demand", "batch-transform");
    const sp = candidateAt(batch, "3y-all-upfront", "batch-transform");
    expect(sp.monthlyCostUsd / od.monthlyCostUsd).toBeCloseTo(0.64064 / 1.408, 12);
  });

  test("the output says the rate, its source and the on-demand cost beside it", () => {
    const result = recommend(workload({ pricing: { commitment: "1y-no-upfront" } }), {
      catalog,
      rules,
      whatIf: false,
    });
    const estimates = result.ranking[0]!.estimates!;
    expect(estimates.pricing).toEqual({
      commitment: "1y-no-upfront",
      rate: "savings-plan",
      hourlyUsd: 1.01376,
      onDemandHourlyUsd: 1.408,
      onDemandMonthlyCostUsd: recommend(workload(), { catalog, rules, whatIf: false }).ranking[0]!.estimates!
        .monthlyCostUsd,
      source: "https://example.com/us-east-1.json",
      asOf: "2026-12-01",
    });
    expect(result.assumptions?.[0]).toMatch(/^costs use the 1y-no-upfront SageMaker Savings Plans rates of us-east-1/);
  });

  test("on-demand (the default) adds nothing to the output", () => {
    const plain = recommend(workload(), { catalog, rules, whatIf: false });
    expect(plain.ranking[0]!.estimates!.pricing).toBeUndefined();
    expect(recommend(workload({ pricing: { commitment: "on-demand" } }), { catalog, rules, whatIf: false })).toEqual(
      plain,
    );
  });

  test("the run's commitment overrides the workload's", () => {
    const run = recommend(workload({ pricing: { commitment: "1y-no-upfront" } }), {
      catalog,
      rules,
      whatIf: false,
      commitment: "3y-no-upfront",
    });
    expect(run.ranking[0]!.estimates!.pricing?.hourlyUsd).toBe(0.704);
  });
});

describe("where a commitment has no rate, the cost stays on-demand and says why", () => {
  test("a rate the file does not give (ml.g5.2xlarge, 3y-partial-upfront)", () => {
    const result = recommend(
      workload({
        pricing: { commitment: "3y-partial-upfront" },
        constraints: { options: ["single-model"], instanceTypes: ["ml.g5.2xlarge"] },
      }),
      { catalog, rules, whatIf: false },
    );
    expect(result.ranking[0]!.estimates!.pricing).toMatchObject({
      rate: "on-demand",
      hourlyUsd: 1.515,
      onDemandHourlyUsd: 1.515,
      reason:
        "priced on-demand: the Savings Plans file of 2026-12-01 gives no 3y-partial-upfront rate for ml.g5.2xlarge in us-east-1",
    });
  });

  test("serverless: no rate imported for it", () => {
    const small = recommend(
      {
        name: "tiny",
        model: { parameters: "10M", kind: "encoder", precision: "fp32" },
        payload: "2KB",
        latency: { target: "2s", coldStart: "30s" },
        isolation: "container",
        traffic: { pattern: "intermittent", requestsPerDay: 500 },
        constraints: { options: ["serverless"] },
        pricing: { commitment: "1y-all-upfront" },
      },
      { catalog, rules, whatIf: false },
    );
    const pricing = small.ranking[0]!.estimates!.pricing!;
    expect(pricing.rate).toBe("on-demand");
    expect(pricing.onDemandMonthlyCostUsd).toBe(small.ranking[0]!.estimates!.monthlyCostUsd);
    expect(pricing.reason).toContain("not for Serverless Inference");
  });

  test("a catalog with no Savings Plans imported: every cost on-demand, the assumption says so", () => {
    const result = recommend(workload({ pricing: { commitment: "1y-no-upfront" } }), { whatIf: false });
    expect(result.ranking[0]!.estimates!.pricing?.reason).toContain(
      "no Savings Plans rates were imported for us-east-1",
    );
    expect(result.assumptions?.[0]).toBe(
      "1y-no-upfront was asked for, but no Savings Plans rates were imported for us-east-1: every cost is on-demand",
    );
  });
});

describe("a plan at a commitment", () => {
  const fleet = [workload({ name: "a" }), workload({ name: "b", constraints: { instanceTypes: ["ml.g5.*"] } })];

  test("shows the committed and the on-demand totals side by side, each endpoint's rate", () => {
    const od = planFleet(fleet, { catalog, rules });
    const sp = planFleet(fleet, { catalog, rules, commitment: "1y-no-upfront" });
    expect(od.totals.commitment).toBeUndefined();
    expect(sp.totals).toMatchObject({ commitment: "1y-no-upfront", onDemandMonthlyCostUsd: od.totals.monthlyCostUsd });
    expect(sp.totals.monthlyCostUsd).toBeLessThan(od.totals.monthlyCostUsd);
    expect(sp.endpoints.map((e) => e.rate)).toEqual(sp.endpoints.map(() => "savings-plan"));
  });

  test("workloads naming different commitments: the run must choose one", () => {
    const mixed = [fleet[0]!, { ...fleet[1]!, pricing: { commitment: "3y-no-upfront" as const } }];
    expect(() => planFleet(mixed, { catalog, rules })).toThrow(
      "the workloads name different commitments (3y-no-upfront, on-demand); a plan prices its shared endpoints at one",
    );
    expect(planFleet(mixed, { catalog, rules, commitment: "3y-no-upfront" }).totals.commitment).toBe("3y-no-upfront");
  });
});

describe("--region: the prices imported for a Region", () => {
  test("eu-west-1: its on-demand prices, only the types priced there, its Savings Plans rates", () => {
    const eu = catalogForRegion(catalog, "eu-west-1");
    expect(eu.region).toBe("eu-west-1");
    expect(eu.instances.map((i) => [i.instanceType, i.hourlyUsd])).toEqual([
      ["ml.m5.large", 0.129],
      ["ml.c5.xlarge", 0.23],
      ["ml.g5.xlarge", 1.57],
      ["ml.g5.2xlarge", 1.69],
    ]);
    expect(catalogForRegion(catalog, "eu-west-1")).toBe(eu);
    const result = recommend(workload({ pricing: { commitment: "1y-no-upfront" } }), {
      catalog,
      rules,
      whatIf: false,
      region: "eu-west-1",
    });
    expect(result.ranking[0]!.estimates!.pricing).toMatchObject({ hourlyUsd: 1.1304, onDemandHourlyUsd: 1.57 });
  });

  test("the catalog's own Region is the catalog", () => {
    expect(catalogForRegion(catalog, "us-east-1")).toBe(catalog);
  });

  test("a Region with no prices imported: a clear error and the command that imports them", () => {
    let error: unknown;
    try {
      catalogForRegion(catalog, "ap-south-1");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HostfitError);
    expect((error as HostfitError).issues).toMatchInlineSnapshot(`
      [
        {
          "code": "unknown-region",
          "hint": "download https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonSageMaker/current/ap-south-1/index.json and run hostfit catalog import --pricing <that file> --region ap-south-1",
          "message": "no prices were imported for ap-south-1: the catalog has us-east-1, eu-west-1",
          "path": "region",
        },
      ]
    `);
  });
});

describe("property", () => {
  test("at any commitment and load, a cost is never above its on-demand cost, and on-demand beside it matches", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SAVINGS_PLAN_COMMITMENTS),
        fc.integer({ min: 1, max: 40 }),
        (commitment, peakRps) => {
          const w = workload({
            traffic: { pattern: "steady", peakRps },
            constraints: { options: ["single-model"], instanceTypes: ["ml.g5.xlarge", "ml.m5.large"] },
          });
          const od = recommend(w, { catalog, rules, whatIf: false }).ranking[0]!.estimates!;
          const sp = recommend(w, { catalog, rules, whatIf: false, commitment }).ranking[0]!.estimates!;
          expect(sp.monthlyCostUsd).toBeLessThanOrEqual(od.monthlyCostUsd);
          expect(sp.pricing!.onDemandMonthlyCostUsd).toBeGreaterThanOrEqual(od.monthlyCostUsd);
        },
      ),
      { numRuns: 25, seed: 25 },
    );
  });
});

describe("constraints.regions: the winner's cost in each Region allowed", () => {
  test("cheapest first, at the commitment where rates were imported; a Region without prices last, with the fix", () => {
    const regions = (commitment: Commitment) =>
      recommend(
        workload({
          constraints: {
            options: ["single-model"],
            instanceTypes: ["ml.g5.xlarge"],
            regions: ["eu-west-1", "us-east-1", "ap-south-1"],
          },
        }),
        { catalog, rules, whatIf: false, commitment },
      ).regions!;
    const od = regions("on-demand");
    expect(od.map((r) => r.region)).toEqual(["us-east-1", "eu-west-1", "ap-south-1"]);
    // The same instance-hours at 1.57 instead of 1.408 $/h.
    const hours = candidateAt(workload(), "on-demand").instanceHours;
    expect(od[1]!.monthlyCostUsd! - od[0]!.monthlyCostUsd!).toBeCloseTo(hours * (1.57 - 1.408), -1);
    expect(od[2]).toEqual({
      region: "ap-south-1",
      monthlyCostUsd: null,
      reason: "no prices imported for ap-south-1 (hostfit catalog import --pricing <offer file> --region ap-south-1)",
    });
    const sp = regions("3y-all-upfront");
    expect(sp[1]).toMatchObject({ region: "eu-west-1", asOf: "2026-12-01" });
    expect(sp[1]!.monthlyCostUsd! / od[1]!.monthlyCostUsd!).toBeCloseTo(0.71435 / 1.57, 2);
  });

  test("without constraints.regions, no field", () => {
    expect(recommend(workload(), { catalog, rules, whatIf: false }).regions).toBeUndefined();
  });
});

describe("reports mark the rate a cost uses", () => {
  test("Markdown: the commitment beside a cost at its rate; a plan's on-demand total beside the committed one", () => {
    const text = JSON.stringify({ workloads: [workload({ pricing: { commitment: "1y-no-upfront" } })] });
    const markdown = formatMarkdown(recommendAll(text, { catalog, rules, whatIf: false }));
    expect(markdown).toMatch(/\$[\d,.]+ \\\[1y-no-upfront\\\]/);
    const plan = formatPlanTable(planFleet([workload()], { catalog, rules, commitment: "3y-partial-upfront" }));
    expect(plan).toMatch(
      /^Priced at 3y-partial-upfront Savings Plans rates \(2026-12-01\): \$[\d,.]+\/month; the plan made on-demand costs \$[\d,.]+\/month\.$/m,
    );
  });
});
