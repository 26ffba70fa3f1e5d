import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../src/core/assess/recommend.js";
import { buildDeployment } from "../../../src/deploy/requests.js";
import type { WorkloadInput } from "../../../src/schema/workload.js";
import { knowledge, parse } from "../../property/helpers.js";

const deploy = (input: WorkloadInput, option: "serverless" | "async" | "batch-transform") => {
  const workload = parse(input);
  const result = recommendWorkload(workload, knowledge, { whatIf: false });
  return { result, plan: buildDeployment(result, workload, { option, catalog: knowledge.catalog }) };
};

describe("timeouts and concurrency the requests set", () => {
  test("serverless: room for the requests a cold start holds up, never a MaxConcurrency of 1", () => {
    const { result, plan } = deploy(
      {
        name: "rare",
        model: { parameters: "50M", precision: "fp32", kind: "tabular", framework: "xgboost" },
        payload: "2KB",
        latency: { target: "30s", coldStart: "30s" },
        isolation: "shared",
        traffic: { pattern: "intermittent", requestsPerDay: 50 },
        constraints: { options: ["serverless"] },
      },
      "serverless",
    );
    const placement = result.ranking.find((o) => o.option === "serverless")!.placement!;
    expect(placement.maxConcurrency).toBeGreaterThanOrEqual(2);
    const config = plan.requests.find((r) => r.operation === "CreateEndpointConfig")!;
    expect(config.input).toMatchObject({
      ProductionVariants: [{ ServerlessConfig: { MaxConcurrency: placement.maxConcurrency } }],
    });
  });

  test("async: a request past 15 minutes at p95 says which InvocationTimeoutSeconds to call with", () => {
    const { plan } = deploy(
      {
        name: "long",
        model: { parameters: "1B", precision: "fp16", kind: "vision", framework: "pytorch" },
        payload: "10MB",
        processingTime: "20m",
        latency: { target: "1h" },
        isolation: "shared",
        traffic: { pattern: "intermittent", requestsPerDay: 20 },
        constraints: { options: ["async"] },
      },
      "async",
    );
    // 20 min x 1.3 = 26 min at p95, plus the 10 MB's transfer: 1,562 s; 1.5 x that, up to whole minutes: 2,400 s.
    expect(plan.notes.join(" ")).toContain("InvocationTimeoutSeconds=2400");
  });

  test("batch transform: every job sets its invocation timeout and one retry", () => {
    const { plan } = deploy(
      {
        name: "nightly",
        model: { parameters: "7B", precision: "fp16", kind: "llm", framework: "pytorch" },
        payload: "4KB",
        tokens: { input: 500, output: 300 },
        latency: { target: "none" },
        isolation: "shared",
        traffic: { pattern: "offline", records: 10000, deadline: "6h" },
        constraints: { options: ["batch-transform"] },
      },
      "batch-transform",
    );
    for (const r of plan.requests.filter((q) => q.operation === "CreateTransformJob")) {
      const client = (
        r.input as { ModelClientConfig?: { InvocationsTimeoutInSeconds: number; InvocationsMaxRetries: number } }
      ).ModelClientConfig!;
      expect(client.InvocationsMaxRetries).toBe(1);
      expect(client.InvocationsTimeoutInSeconds).toBeGreaterThanOrEqual(60);
      expect(client.InvocationsTimeoutInSeconds).toBeLessThanOrEqual(3600);
    }
  });
});
