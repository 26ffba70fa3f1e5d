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

  test("serverless: the concurrency priced as kept warm is the ProvisionedConcurrency requested, within MaxConcurrency", () => {
    const { result, plan } = deploy(
      {
        name: "rare-strict",
        model: { parameters: "50M", precision: "fp32", kind: "tabular", framework: "xgboost" },
        payload: "2KB",
        latency: { target: "1s", coldStart: "0" },
        isolation: "shared",
        traffic: { pattern: "spiky", peakRps: 8, requestsPerDay: 50 },
        constraints: { options: ["serverless"] },
      },
      "serverless",
    );
    const placement = result.ranking.find((o) => o.option === "serverless")!.placement!;
    expect(placement.provisionedConcurrency).toBeGreaterThan(1);
    expect(placement.maxConcurrency).toBeGreaterThanOrEqual(placement.provisionedConcurrency!);
    const config = plan.requests.find((r) => r.operation === "CreateEndpointConfig")!;
    expect(config.input).toMatchObject({
      ProductionVariants: [
        {
          ServerlessConfig: {
            MaxConcurrency: placement.maxConcurrency,
            ProvisionedConcurrency: placement.provisionedConcurrency,
          },
        },
      ],
    });
    expect(plan.notes.join(" ")).toContain(`keeps ${placement.provisionedConcurrency} concurrent invocations warm`);
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

describe("network isolation", () => {
  const isolated = (deploy?: WorkloadInput["deploy"]): WorkloadInput => ({
    name: "regulated",
    model: { parameters: "300M", precision: "fp16", kind: "encoder", framework: "pytorch" },
    payload: "4KB",
    latency: "500ms",
    isolation: "instance",
    traffic: { pattern: "steady", peakRps: 5 },
    constraints: { options: ["single-model"], networkIsolation: true },
    ...(deploy ? { deploy } : {}),
  });

  test("the model runs in the VPC and the instances' volumes under a KMS key: placeholders named with their fields", () => {
    const workload = parse(isolated());
    const result = recommendWorkload(workload, knowledge, { whatIf: false });
    const plan = buildDeployment(result, workload, { catalog: knowledge.catalog });
    const model = plan.requests.find((r) => r.operation === "CreateModel")!;
    expect(model.input).toMatchObject({
      EnableNetworkIsolation: true,
      VpcConfig: { SecurityGroupIds: ["<SECURITY_GROUP_ID>"], Subnets: ["<SUBNET_ID>"] },
    });
    expect(plan.requests.find((r) => r.operation === "CreateEndpointConfig")!.input).toMatchObject({
      KmsKeyId: "<KMS_KEY_ARN>",
    });
    expect(plan.placeholders.map((p) => p.field)).toEqual(
      expect.arrayContaining(["deploy.subnets", "deploy.securityGroupIds", "deploy.kmsKeyId"]),
    );
  });

  test("values given in deploy: replace them", () => {
    const workload = parse(
      isolated({
        subnets: ["subnet-a", "subnet-b"],
        securityGroupIds: ["sg-1"],
        kmsKeyId: "arn:aws:kms:us-east-1:1:key/k",
      }),
    );
    const result = recommendWorkload(workload, knowledge, { whatIf: false });
    const plan = buildDeployment(result, workload, { catalog: knowledge.catalog });
    expect(plan.requests.find((r) => r.operation === "CreateModel")!.input).toMatchObject({
      VpcConfig: { SecurityGroupIds: ["sg-1"], Subnets: ["subnet-a", "subnet-b"] },
    });
    expect(plan.placeholders.map((p) => p.field)).not.toContain("deploy.kmsKeyId");
  });
});
