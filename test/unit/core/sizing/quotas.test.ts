/** An account's quotas (issue 25): no placement exceeds an instance type's, and a miss names the quota. */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parseQuotas, planFleet, recommend, type WorkloadInput } from "../../../../src/index.js";

const FILE = "test/fixtures/account/service-quotas.json";
const quotas = parseQuotas(readFileSync(FILE, "utf8"), FILE);

const llm = (instanceTypes?: string[]): WorkloadInput => ({
  name: "chat-7b",
  model: { parameters: "7B", kind: "llm", precision: "fp16" },
  tokens: { input: 500, output: 200 },
  payload: { request: "4KB", response: "2KB" },
  latency: { target: "20s", ttft: "2s" },
  isolation: "container",
  traffic: { pattern: "steady", peakRps: 2 },
  constraints: { options: ["single-model"], ...(instanceTypes ? { instanceTypes } : {}) },
});

describe("account quotas", () => {
  test("the listing's instance-type quotas, by usage; other quotas are not instance types", () => {
    expect(quotas.endpoint.get("ml.g5.xlarge")).toEqual({
      value: 0,
      name: "ml.g5.xlarge for endpoint usage",
      code: "L-1A2B3C4D",
    });
    expect(quotas.transform.get("ml.g5.xlarge")?.value).toBe(2);
    expect(quotas.endpoint.size).toBe(4);
  });

  test("ml.g5 at 0 and ml.g6.xlarge at 1: the placement that needs 2 moves to the next type that fits", () => {
    const free = recommend(llm(["ml.g5.*", "ml.g6.*"]), { whatIf: false });
    const bound = recommend(llm(["ml.g5.*", "ml.g6.*"]), { whatIf: false, quotas });
    const placed = (r: typeof free) => r.ranking.find((o) => o.option === "single-model")!.placement!;
    expect(placed(free)).toMatchObject({ instanceType: "ml.g5.xlarge", instanceCount: 2 });
    expect(placed(bound).instanceType).not.toMatch(/^ml\.g5\./);
    expect(placed(bound).instanceType).not.toBe("ml.g6.xlarge");
    expect(bound.ranking.find((o) => o.option === "single-model")!.estimates!.monthlyCostUsd).toBeGreaterThan(
      free.ranking.find((o) => o.option === "single-model")!.estimates!.monthlyCostUsd,
    );
  });

  test("where every type it may use is over its quota, the violation names the quota and how to raise it", () => {
    const single = recommend(llm(["ml.g5.xlarge"]), { whatIf: false, quotas }).ranking.find(
      (o) => o.option === "single-model",
    )!;
    expect(single.placement).toBeUndefined();
    expect(single.violations).toEqual([
      {
        rule: "instance-quota",
        limit: 0,
        actual: 2,
        unit: "count",
        message:
          'the account\'s quota "ml.g5.xlarge for endpoint usage" allows 0 instances, and the cheapest placement needs 2',
        hint: "raise it in Service Quotas: aws service-quotas request-service-quota-increase --service-code sagemaker --quota-code L-1A2B3C4D --desired-value 2",
        source: "https://docs.aws.amazon.com/sagemaker/latest/dg/regions-quotas.html",
      },
    ]);
  });

  test("a plan of GPU workloads under the quotas places none on ml.g5", () => {
    const fleet = [1, 2, 3].map((i) => ({
      ...llm(),
      name: `chat-${i}`,
      constraints: { options: ["single-model", "inference-components"], instanceTypes: ["ml.g5.*", "ml.g6.*"] },
    })) as WorkloadInput[];
    expect(planFleet(fleet).endpoints.some((e) => /^ml\.g5\./.test(e.instanceType ?? ""))).toBe(true);
    const plan = planFleet(fleet, { quotas });
    expect(plan.endpoints.length).toBeGreaterThan(0);
    for (const e of plan.endpoints) expect(e.instanceType ?? "").not.toMatch(/^ml\.g5\./);
  });
});

describe("without the account's quotas", () => {
  test("a GPU winner says it is taken as launchable, and how to check; with them, or on a CPU, nothing", () => {
    const note = (r: { assumptions?: string[] }) => r.assumptions?.filter((l) => l.includes("is taken as launchable"));
    expect(note(recommend(llm(["ml.g5.*"]), { whatIf: false }))).toEqual([
      expect.stringMatching(
        /^ml\.g5\.xlarge is taken as launchable: .* "for endpoint usage", .* pass the output with --quotas$/,
      ),
    ]);
    expect(note(recommend(llm(["ml.g5.*", "ml.g6.*"]), { whatIf: false, quotas }))).toEqual([]);
    const tabular: WorkloadInput = {
      name: "t",
      model: { parameters: "5M", kind: "tabular" },
      payload: "2KB",
      latency: "1s",
      isolation: "shared",
      traffic: { pattern: "steady", peakRps: 5 },
    };
    expect(note(recommend(tabular, { whatIf: false })) ?? []).toEqual([]);
  });
});

describe("a plan keeps each instance type's quota summed over the fleet", () => {
  test("three endpoints of 2 x ml.g5.xlarge against a quota of 4: one moves, the fleet uses 4", () => {
    const four = parseQuotas(
      JSON.stringify({ Quotas: [{ QuotaName: "ml.g5.xlarge for endpoint usage", QuotaCode: "L-X", Value: 4 }] }),
      "quotas.json",
    );
    const fleet = [1, 2, 3].map((i) => ({
      ...llm(["ml.g5.*", "ml.g6.*"]),
      name: `chat-${i}`,
      isolation: "instance" as const,
    }));
    const used = (plan: ReturnType<typeof planFleet>) =>
      plan.endpoints.filter((e) => e.instanceType === "ml.g5.xlarge").reduce((n, e) => n + e.instanceCount, 0);
    expect(used(planFleet(fleet))).toBe(6);
    const planned = planFleet(fleet, { quotas: four });
    // One endpoint moves (the smallest that covers the excess of 2); the other two keep their 4 instances.
    expect(used(planned)).toBe(4);
    expect(planned.unplaced).toEqual([]);
    expect(planned.endpoints).toHaveLength(3);
  });
});
