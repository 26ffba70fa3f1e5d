/** Issue 6: the deployment requests for a ranked result, option by option, and their rules. */
import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { batchLimits } from "../../../src/deploy/batch.js";
import { copyRequirements } from "../../../src/deploy/inference-components.js";
import { serverlessMemoryMB } from "../../../src/deploy/realtime.js";
import { DEPLOY_RULES_DEFAULTS, SERVERLESS_DEFAULTS } from "../../../src/deploy/defaults.js";
import { buildDeployment, type DeployRequest } from "../../../src/deploy/requests.js";
import { backlogTarget } from "../../../src/deploy/scaling.js";
import { cliCommand, cliOperation, formatDeployCli } from "../../../src/deploy/script.js";
import {
  deploymentRequests,
  HostfitError,
  loadCatalog,
  nameStem,
  recommend,
  SAGEMAKER_NAME,
  type DeploymentPlan,
  type OptionId,
  type WorkloadInput,
} from "../../../src/index.js";
import { DEPLOY_FIXTURE, rankedWorkload, rankedWorkloads, SCENARIOS } from "./helpers.js";
import { assessOption } from "../../../src/core/assess/assess.js";
import { knowledge, parse as parseWorkload } from "../../property/helpers.js";

const UTILIZATION = 0.7; // rules/sizing.yaml performance.targetUtilization

type InputOf = { [R in DeployRequest as R["operation"]]: R["input"] };

/** The inputs of a plan's requests of one operation, in order. */
function ofOperation<O extends keyof InputOf>(plan: DeploymentPlan, operation: O): InputOf[O][] {
  return plan.requests.filter((r) => r.operation === operation).map((r) => r.input as InputOf[O]);
}

function planFor(option: OptionId): {
  plan: DeploymentPlan;
  placement: NonNullable<ReturnType<typeof entryOf>["placement"]>;
  estimates: NonNullable<ReturnType<typeof entryOf>["estimates"]>;
  models: number;
} {
  const ranked = rankedWorkloads(DEPLOY_FIXTURE).find((r) => r.result.recommendation === option)!;
  const entry = entryOf(ranked.result, option);
  return {
    plan: deploymentRequests(ranked.result, ranked.workload),
    placement: entry.placement!,
    estimates: entry.estimates!,
    models: ranked.workload.model.count,
  };
}

function entryOf(result: ReturnType<typeof recommend>, option: OptionId) {
  return result.ranking.find((r) => r.option === option)!;
}

function expectError(fn: () => unknown, code: string, message: RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HostfitError);
    expect((error as HostfitError).code).toBe(code);
    expect((error as HostfitError).issues[0]!.message).toMatch(message);
    return;
  }
  throw new Error("expected a HostfitError");
}

describe("resource names", () => {
  test.each([
    ["fraud-scoring", 0, "fraud-scoring"], // already valid: kept as is
    ["Fraud2", 0, "Fraud2"], // upper case is allowed
    ["a-b", 0, "a-b"],
  ])("nameStem(%j) = %j", (name, reserve, expected) => {
    expect(nameStem(name, reserve)).toBe(expected);
  });

  test.each([
    ["search ranker (v2)"], // spaces and brackets
    ["a--b"], // a run of hyphens
    ["-leading"], // must start with a letter or digit
    ["日本語のモデル"], // nothing ASCII survives
    ["x".repeat(200)], // too long
    ["tenant_42.prod"], // underscore and dot
  ])("nameStem(%j) is a valid SageMaker name with room for suffixes", (name) => {
    const stem = nameStem(name, 10);
    expect(stem).toMatch(SAGEMAKER_NAME);
    expect(stem.length).toBeLessThanOrEqual(53);
  });

  test("names that sanitize alike stay distinct", () => {
    expect(nameStem("a b")).not.toBe(nameStem("a_b"));
    expect(nameStem("x".repeat(100) + "1")).not.toBe(nameStem("x".repeat(100) + "2"));
  });

  test("property: any name gives a valid stem that leaves the reserve free", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.integer({ min: 0, max: 20 }), (name, reserve) => {
        const stem = nameStem(name, reserve);
        return SAGEMAKER_NAME.test(stem) && stem.length <= 63 - reserve;
      }),
    );
  });

  test("every resource name of every plan follows the SageMaker name rule", () => {
    for (const { result, workload } of [
      ...rankedWorkloads(DEPLOY_FIXTURE),
      ...rankedWorkloads(SCENARIOS).filter((r) => r.result.recommendation),
    ]) {
      const plan = deploymentRequests(result, workload);
      for (const r of plan.requests) {
        const input = r.input as unknown as Record<string, unknown>;
        for (const key of [
          "ModelName",
          "EndpointConfigName",
          "EndpointName",
          "InferenceComponentName",
          "TransformJobName",
        ]) {
          if (typeof input[key] === "string") expect(input[key]).toMatch(SAGEMAKER_NAME);
        }
      }
    }
  });
});

describe("limits", () => {
  test.each([
    [undefined, 1024], // no size: the smallest
    [1024, 1024],
    [1500, 2048], // rounded up to the next 1 GB step
    [6144, 6144],
    [9000, 6144], // never above the largest
  ])("serverlessMemoryMB(%j) = %j", (sized, expected) => {
    expect(serverlessMemoryMB(sized)).toBe(expected);
  });

  test.each([
    [1500, [4096, 2048], 2048], // the smallest fitting size, in any order
    [5000, [2048, 4096], 4096], // never above the largest
  ])("serverlessMemoryMB(%j, %j) = %j: the catalog's sizes", (sized, sizes, expected) => {
    expect(serverlessMemoryMB(sized, sizes)).toBe(expected);
  });

  test("without a catalog, the serverless limits are the bundled catalog's", () => {
    const { memorySizesMB, maxConcurrency } = loadCatalog().serverless;
    expect(SERVERLESS_DEFAULTS).toEqual({ memorySizesMB, maxConcurrency });
  });

  test("without rules, the API limits and margins are the bundled rules/deploy.yaml's", () => {
    expect(DEPLOY_RULES_DEFAULTS).toEqual(knowledge.rules.deploy);
  });

  test.each([
    [2e3, 1, { maxPayloadInMB: 6, maxConcurrentTransforms: 1 }], // small records: the 6 MB default
    [8e6, 1, { maxPayloadInMB: 8, maxConcurrentTransforms: 1 }], // 8 MB records need 8 MB (7.6 MiB rounded up)
    [2e3, 8, { maxPayloadInMB: 6, maxConcurrentTransforms: 8 }], // one transform per model copy
    [2e3, 40, { maxPayloadInMB: 2, maxConcurrentTransforms: 40 }], // many copies: smaller payloads, product <= 100
    [60e6, 4, { maxPayloadInMB: 58, maxConcurrentTransforms: 1 }], // large records: concurrency gives way
    [null, 2, { maxPayloadInMB: 6, maxConcurrentTransforms: 2 }], // no workload: defaults
  ])("batchLimits(%j B, %j copies)", (bytes, copies, expected) => {
    // A copy fast enough that any payload finishes in time: only the API's limits decide.
    expect(batchLimits(bytes, copies, 1e9)).toMatchObject(expected);
  });

  test("batchLimits: a mini-batch is what a copy finishes within half the hour an invocation may take", () => {
    // 100 KiB records at 0.05 a second: 90 records (8.8 MiB) in 1,800 s, more than the default 6 MB, which holds;
    // at 0.01 a second, 18 records (1.76 MiB): 1 MB a mini-batch, 10.24 records, 1,024 s.
    expect(batchLimits(100 * 1024, 1, 0.05)).toMatchObject({ maxPayloadInMB: 6 });
    const slow = batchLimits(100 * 1024, 1, 0.01)!;
    expect(slow.maxPayloadInMB).toBe(1);
    expect(slow.invocationS).toBeCloseTo(1024, 6);
  });

  test("batchLimits: a record over 100 MB cannot be batched", () => {
    expect(batchLimits(101 * 2 ** 20, 1)).toBeNull();
  });

  test("property: MaxPayloadInMB holds a record, is at most 100, and times MaxConcurrentTransforms stays within 100", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 * 2 ** 20 }), fc.integer({ min: 1, max: 128 }), (bytes, copies) => {
        const limits = batchLimits(bytes, copies)!;
        return (
          limits.maxPayloadInMB * 2 ** 20 >= bytes &&
          limits.maxPayloadInMB <= 100 &&
          limits.maxConcurrentTransforms >= 1 &&
          limits.maxPayloadInMB * limits.maxConcurrentTransforms <= 100
        );
      }),
    );
  });

  test.each([
    [
      { acceleratorsPerCopy: 0, copiesPerInstance: 1 },
      1.5,
      { vcpus: 2, memoryGiB: 4 },
      { NumberOfCpuCoresRequired: 1.75, MinMemoryRequiredInMb: 1536 },
    ], // CPU: no accelerator field
    [
      { acceleratorsPerCopy: 1, copiesPerInstance: 1 },
      27.95,
      { vcpus: 4, memoryGiB: 32 },
      { NumberOfCpuCoresRequired: 3.5, MinMemoryRequiredInMb: 28621, NumberOfAcceleratorDevicesRequired: 1 },
    ],
    [
      { acceleratorsPerCopy: 4, copiesPerInstance: 2 },
      145.3,
      { vcpus: 192, memoryGiB: 2048 },
      { NumberOfCpuCoresRequired: 86.25, MinMemoryRequiredInMb: 148788, NumberOfAcceleratorDevicesRequired: 4 },
    ],
    [
      { acceleratorsPerCopy: 1, copiesPerInstance: 1 },
      20,
      { vcpus: 4, memoryGiB: 16 },
      { NumberOfCpuCoresRequired: 3.5, MinMemoryRequiredInMb: 14745, NumberOfAcceleratorDevicesRequired: 1 },
    ], // host memory caps it
    [
      { acceleratorsPerCopy: 2, copiesPerInstance: 1 },
      30,
      undefined,
      { NumberOfCpuCoresRequired: 2, MinMemoryRequiredInMb: 30720, NumberOfAcceleratorDevicesRequired: 2 },
    ], // no catalog row
    [
      { acceleratorsPerCopy: 0, copiesPerInstance: 1 },
      0.01,
      undefined,
      { NumberOfCpuCoresRequired: 1, MinMemoryRequiredInMb: 128 },
    ], // the API minimum
  ])("copyRequirements(%j, %j GiB, %j)", (placement, gib, instance, expected) => {
    expect(copyRequirements(placement, gib, instance)).toEqual(expected);
  });

  test.each([
    [0.5, null, 100, 5], // no latency target: AWS's example of 5
    [0.5, 60_000, 20_000, 20], // 40 s of slack at 0.5 requests/s
    [0.002, 3_600_000, 300_000, 6], // 55 min of slack at one request per 8 min
    [1, 1000, 2000, 1], // no slack: still at least 1
  ])("backlogTarget(%j rps, target %j ms, p95 %j ms) = %j", (rps, target, p95, expected) => {
    expect(backlogTarget(rps, target, p95)).toBe(expected);
  });
});

describe("each option's requests", () => {
  test("serverless: CreateModel, an endpoint config with a valid memory size and MaxConcurrency, CreateEndpoint; no autoscaling", () => {
    const { plan, placement } = planFor("serverless");
    expect(plan.requests.map((r) => r.operation)).toEqual(["CreateModel", "CreateEndpointConfig", "CreateEndpoint"]);
    const variant = ofOperation(plan, "CreateEndpointConfig")[0]!.ProductionVariants![0]!;
    expect(variant.ServerlessConfig).toEqual({
      MemorySizeInMB: placement.memorySizeMB,
      MaxConcurrency: placement.maxConcurrency,
    });
    expect([1024, 2048, 3072, 4096, 5120, 6144]).toContain(variant.ServerlessConfig!.MemorySizeInMB);
    expect(variant.ServerlessConfig!.MaxConcurrency).toBeGreaterThanOrEqual(1);
    expect(variant.ServerlessConfig!.MaxConcurrency).toBeLessThanOrEqual(200);
    expect(variant.InstanceType).toBeUndefined();
    // The workload's deploy: section fills every account value.
    expect(plan.placeholders).toEqual([]);
    expect(ofOperation(plan, "CreateModel")[0]).toEqual({
      ModelName: "receipts-serverless-model",
      PrimaryContainer: {
        Image: "111122223333.dkr.ecr.us-east-1.amazonaws.com/receipts:1.0",
        ModelDataUrl: "s3://hostfit-models/receipts/model.tar.gz",
        Mode: "SingleModel",
      },
      ExecutionRoleArn: "arn:aws:iam::111122223333:role/hostfit-sagemaker",
    });
  });

  test("serverless: the memory size and MaxConcurrency bound come from the catalog passed", () => {
    const { result, workload } = rankedWorkloads(DEPLOY_FIXTURE).find((r) => r.result.recommendation === "serverless")!;
    const bundled = loadCatalog();
    const catalog = { ...bundled, serverless: { ...bundled.serverless, memorySizesMB: [6144], maxConcurrency: 1 } };
    const plan = buildDeployment(result, workload, { catalog });
    const variant = ofOperation(plan, "CreateEndpointConfig")[0]!.ProductionVariants![0]!;
    expect(variant.ServerlessConfig).toEqual({ MemorySizeInMB: 6144, MaxConcurrency: 1 });
  });

  test("single-model: one endpoint per model, each with its share of instances and invocation-target scaling", () => {
    const { plan, placement, estimates, models } = planFor("single-model");
    expect(models).toBe(2);
    const perEndpoint = placement.instanceCount / models;
    expect(perEndpoint).toBeGreaterThan(1);
    const configs = ofOperation(plan, "CreateEndpointConfig");
    expect(configs).toHaveLength(2);
    for (const c of configs)
      expect(c.ProductionVariants).toEqual([
        expect.objectContaining({
          VariantName: "AllTraffic",
          InstanceType: placement.instanceType,
          InitialInstanceCount: perEndpoint,
        }),
      ]);
    expect(ofOperation(plan, "CreateModel").map((m) => m.PrimaryContainer!.ModelDataUrl)).toEqual([
      "s3://hostfit-models/ranker/1/model.tar.gz",
      "s3://hostfit-models/ranker/2/model.tar.gz",
    ]);
    const endpoints = ofOperation(plan, "CreateEndpoint").map((e) => e.EndpointName!);
    // Each always-on endpoint keeps two instances across Availability Zones, as it was priced.
    expect(placement.minInstances).toBe(2);
    expect(ofOperation(plan, "RegisterScalableTarget")).toEqual(
      endpoints.map((e) => ({
        ServiceNamespace: "sagemaker",
        ResourceId: `endpoint/${e}/variant/AllTraffic`,
        ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
        MinCapacity: 2,
        MaxCapacity: perEndpoint,
      })),
    );
    for (const policy of ofOperation(plan, "PutScalingPolicy")) {
      expect(policy.PolicyType).toBe("TargetTrackingScaling");
      expect(policy.TargetTrackingScalingPolicyConfiguration!.PredefinedMetricSpecification).toEqual({
        PredefinedMetricType: "SageMakerVariantInvocationsPerInstance",
      });
      expect(policy.TargetTrackingScalingPolicyConfiguration!.TargetValue).toBeCloseTo(
        estimates.throughputRpsPerInstance * 60 * UTILIZATION,
        1,
      );
    }
  });

  test("multi-model: one MultiModel container on the model prefix, the whole fleet on one endpoint", () => {
    const { plan, placement } = planFor("multi-model");
    expect(plan.requests.map((r) => r.operation)).toEqual([
      "CreateModel",
      "CreateEndpointConfig",
      "CreateEndpoint",
      "RegisterScalableTarget",
      "PutScalingPolicy",
    ]);
    expect(ofOperation(plan, "CreateModel")[0]!.PrimaryContainer).toEqual({
      Image: "<IMAGE_URI>",
      ModelDataUrl: "<MODEL_DATA_URL>",
      Mode: "MultiModel",
      MultiModelConfig: { ModelCacheSetting: "Enabled" },
    });
    expect(ofOperation(plan, "CreateEndpointConfig")[0]!.ProductionVariants![0]!.InitialInstanceCount).toBe(
      placement.instanceCount,
    );
    expect(plan.placeholders.find((p) => p.name === "<MODEL_DATA_URL>")!.description).toMatch(/prefix/);
  });

  test("inference components: managed instance scaling to zero, least-outstanding routing, one component per model with its compute reservation", () => {
    const { plan, placement, estimates, models } = planFor("inference-components");
    expect(placement.scalesToZero).toBe(true);
    const config = ofOperation(plan, "CreateEndpointConfig")[0]!;
    expect(config.ExecutionRoleArn).toBe("<ROLE_ARN>");
    expect(config.ProductionVariants![0]).toMatchObject({
      InstanceType: placement.instanceType,
      ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: placement.instanceCount },
      RoutingConfig: { RoutingStrategy: "LEAST_OUTSTANDING_REQUESTS" },
    });
    const components = ofOperation(plan, "CreateInferenceComponent");
    expect(components).toHaveLength(models);
    const instance = loadCatalog().instances.find((i) => i.instanceType === placement.instanceType)!;
    for (const c of components) {
      expect(c.Specification!.ComputeResourceRequirements).toEqual(
        copyRequirements(placement, estimates.memoryGiB, instance),
      );
      expect(c.Specification!.ComputeResourceRequirements!.NumberOfAcceleratorDevicesRequired).toBe(
        placement.acceleratorsPerCopy,
      );
      expect(c.RuntimeConfig).toEqual({ CopyCount: 1 });
    }
    const targets = ofOperation(plan, "RegisterScalableTarget");
    expect(targets.map((t) => [t.ResourceId, t.ScalableDimension, t.MinCapacity])).toEqual(
      components.map((c) => [
        `inference-component/${c.InferenceComponentName}`,
        "sagemaker:inference-component:DesiredCopyCount",
        0,
      ]),
    );
    const policies = ofOperation(plan, "PutScalingPolicy");
    expect(
      policies
        .filter((p) => p.PolicyType === "TargetTrackingScaling")
        .map((p) => p.TargetTrackingScalingPolicyConfiguration!.PredefinedMetricSpecification!.PredefinedMetricType),
    ).toEqual(Array(models).fill("SageMakerInferenceComponentInvocationsPerCopy"));
    // Scale out from zero: a step policy per component (the CloudWatch alarm is in the notes).
    expect(policies.filter((p) => p.PolicyType === "StepScaling")).toHaveLength(models);
    expect(plan.notes.join(" ")).toMatch(/NoCapacityInvocationFailures/);
  });

  test("inference components on a CPU instance: no accelerator requirement", () => {
    const { result, workload } = rankedWorkload(SCENARIOS, "fraud-scoring");
    const plan = deploymentRequests(result, workload, { option: "inference-components" });
    const requirements = ofOperation(plan, "CreateInferenceComponent")[0]!.Specification!.ComputeResourceRequirements!;
    expect(requirements.NumberOfAcceleratorDevicesRequired).toBeUndefined();
    expect(requirements.NumberOfCpuCoresRequired).toBeGreaterThanOrEqual(0.25);
    expect(requirements.MinMemoryRequiredInMb).toBeGreaterThanOrEqual(128);
  });

  test("async: an instance takes as many requests at once as the largest batch sizing counts on, on every copy", () => {
    // An 8B LLM decoding many sequences a copy, more than its p95 at peak would keep in flight.
    const input: WorkloadInput = {
      name: "doc-llm-async",
      model: { parameters: "8B", precision: "fp16", kind: "llm", framework: "pytorch" },
      payload: { request: "200KB", response: "8KB" },
      tokens: { input: 3000, output: 800 },
      latency: { target: "5m" },
      isolation: "shared",
      traffic: { pattern: "diurnal", peakRps: 10 },
      constraints: { options: ["async"] },
      deploy: {
        roleArn: "arn:aws:iam::111122223333:role/x",
        imageUri: "111122223333.dkr.ecr.us-east-1.amazonaws.com/x:1",
        modelDataUrl: "s3://b/m.tar.gz",
        s3OutputPath: "s3://b/out",
      },
    };
    const result = recommend(input, { whatIf: false });
    const config = ofOperation(buildDeployment(result, parseWorkload(input)), "CreateEndpointConfig")[0]!;
    const sized = assessOption(parseWorkload(input), knowledge, "async").candidate!;
    expect(config.AsyncInferenceConfig!.ClientConfig!.MaxConcurrentInvocationsPerInstance).toBeGreaterThanOrEqual(
      sized.performance.batch * sized.copiesPerInstance,
    );
  });

  test("async: output and failure paths under deploy.s3OutputPath, backlog target tracking from zero and the HasBacklogWithoutCapacity step policy", () => {
    const { plan, placement, estimates } = planFor("async");
    expect(placement.scalesToZero).toBe(true);
    const config = ofOperation(plan, "CreateEndpointConfig")[0]!;
    expect(config.AsyncInferenceConfig!.OutputConfig).toEqual({
      S3OutputPath: "s3://hostfit-results/video/video-tagging/responses/",
      S3FailurePath: "s3://hostfit-results/video/video-tagging/failures/",
    });
    expect(config.AsyncInferenceConfig!.ClientConfig!.MaxConcurrentInvocationsPerInstance).toBeGreaterThanOrEqual(1);
    expect(ofOperation(plan, "RegisterScalableTarget")[0]).toMatchObject({
      ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
      MinCapacity: 0,
      MaxCapacity: placement.instanceCount,
    });
    const [tracking, step] = ofOperation(plan, "PutScalingPolicy");
    expect(tracking!.TargetTrackingScalingPolicyConfiguration).toMatchObject({
      TargetValue: backlogTarget(estimates.throughputRpsPerInstance, 3_600_000, estimates.latencyMs.p95),
      CustomizedMetricSpecification: {
        MetricName: "ApproximateBacklogSizePerInstance",
        Namespace: "AWS/SageMaker",
        Dimensions: [{ Name: "EndpointName", Value: "video-tagging" }],
        Statistic: "Average",
      },
    });
    expect(step!.PolicyType).toBe("StepScaling");
    expect(step!.StepScalingPolicyConfiguration).toMatchObject({
      AdjustmentType: "ChangeInCapacity",
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
    });
    expect(plan.notes.join(" ")).toMatch(/HasBacklogWithoutCapacity/);
  });

  test("batch transform: the sized instances, MultiRecord on lines, payload and concurrency within 100 MB", () => {
    const { plan, placement } = planFor("batch-transform");
    expect(plan.requests.map((r) => r.operation)).toEqual(["CreateModel", "CreateTransformJob"]);
    const job = ofOperation(plan, "CreateTransformJob")[0]!;
    expect(job.TransformResources).toEqual({
      InstanceType: placement.instanceType,
      InstanceCount: placement.instanceCount,
    });
    expect(job).toMatchObject({
      BatchStrategy: "MultiRecord",
      TransformInput: {
        SplitType: "Line",
        DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: "s3://hostfit-data/scoring/in/" } },
      },
    });
    expect(job.TransformOutput).toEqual({
      S3OutputPath: "s3://hostfit-data/scoring/out/nightly-scoring-job/",
      AssembleWith: "Line",
    });
    expect(job.MaxPayloadInMB).toBe(8); // an 8 MB record
    expect(job.MaxPayloadInMB! * job.MaxConcurrentTransforms!).toBeLessThanOrEqual(100);
  });

  test("async without scale to zero: the variant keeps one instance and has no step policy", () => {
    const { result, workload } = rankedWorkload(SCENARIOS, "survey-imagery");
    const entry = entryOf(result, "async");
    expect(entry.placement!.scalesToZero).toBe(false);
    const plan = deploymentRequests(result, workload);
    expect(ofOperation(plan, "CreateEndpointConfig")[0]!.ProductionVariants![0]!.InitialInstanceCount).toBe(
      entry.placement!.instanceCount,
    );
    expect(ofOperation(plan, "RegisterScalableTarget")[0]).toMatchObject({
      MinCapacity: 1,
      MaxCapacity: entry.placement!.instanceCount,
    });
    expect(ofOperation(plan, "PutScalingPolicy").map((p) => p.PolicyType)).toEqual(["TargetTrackingScaling"]);
  });

  test("multi-model on a GPU: the image placeholder asks for SageMaker's Triton container", () => {
    const { result, workload } = rankedWorkload(DEPLOY_FIXTURE, "tenant-classifiers");
    const gpu = {
      ...result,
      ranking: result.ranking.map((r) =>
        r.option === "multi-model"
          ? { ...r, placement: { ...r.placement!, instanceType: "ml.g5.xlarge", acceleratorsPerCopy: 1 } }
          : r,
      ),
    };
    const plan = buildDeployment(gpu, workload);
    expect(plan.placeholders.find((p) => p.name === "<IMAGE_URI>")!.description).toMatch(/Triton/);
  });

  test("a batch record over 100 MB cannot be deployed", () => {
    const { result, workload } = rankedWorkload(DEPLOY_FIXTURE, "nightly-scoring");
    expectError(
      () => buildDeployment(result, { ...workload, payload: { request: 200e6 } }),
      "not-deployable",
      /over batch transform's 100 MB MaxPayloadInMB/,
    );
  });

  test("deploy.endpointName names the resources", () => {
    const { result, workload } = rankedWorkload(SCENARIOS, "fraud-scoring");
    const plan = buildDeployment(result, { ...workload, deploy: { endpointName: "fraud-prod" } });
    expect(ofOperation(plan, "CreateEndpoint")).toEqual([
      { EndpointName: "fraud-prod", EndpointConfigName: "fraud-prod-config" },
    ]);
    expect(ofOperation(plan, "CreateModel")[0]!.ModelName).toBe("fraud-prod-model");
  });

  test("network isolation in the workload's constraints reaches CreateModel", () => {
    const { result, workload } = rankedWorkload(SCENARIOS, "fraud-scoring");
    const plan = buildDeployment(result, {
      ...workload,
      constraints: { ...workload.constraints, networkIsolation: true },
    });
    expect(ofOperation(plan, "CreateModel")[0]!.EnableNetworkIsolation).toBe(true);
    expect(ofOperation(deploymentRequests(result, workload), "CreateModel")[0]!.EnableNetworkIsolation).toBeUndefined();
  });

  test("each feasible example deploys its recommendation", () => {
    const expected: Record<string, DeployRequest["operation"]> = {
      "fraud-scoring": "CreateEndpoint",
      "tenant-sentiment": "CreateEndpoint",
      "invoice-ocr": "CreateEndpoint",
      "survey-imagery": "CreateEndpoint",
      "monthly-churn": "CreateTransformJob",
      "legal-summarizer": "CreateEndpoint",
      "llm-platform": "CreateInferenceComponent",
    };
    for (const { result, workload } of rankedWorkloads(SCENARIOS).filter((r) => r.result.recommendation)) {
      const plan = deploymentRequests(result, workload);
      expect(plan.option).toBe(result.recommendation);
      expect(plan.requests.map((r) => r.operation)).toContain(expected[workload.name]);
    }
  });
});

describe("placeholders, options and errors", () => {
  test("every <PLACEHOLDER> in the requests is listed once, with the deploy: field that replaces it", () => {
    for (const { result, workload } of rankedWorkloads(DEPLOY_FIXTURE)) {
      const plan = deploymentRequests(result, workload);
      const used = new Set(JSON.stringify(plan.requests).match(/<[A-Z_]+>/g) ?? []);
      expect(new Set(plan.placeholders.map((p) => p.name))).toEqual(used);
      for (const p of plan.placeholders) expect(p.field).toMatch(/^deploy\.[a-zA-Z0-9]+$/);
    }
  });

  test("without the workload, the result alone deploys with every account value a placeholder", () => {
    const { result } = rankedWorkload(SCENARIOS, "fraud-scoring");
    const plan = deploymentRequests(result);
    expect(plan.workload).toBe("fraud-scoring");
    expect(plan.placeholders.map((p) => p.name).sort()).toEqual(["<IMAGE_URI>", "<MODEL_DATA_URL>", "<ROLE_ARN>"]);
  });

  test("the workload may be passed as written (units as strings), like recommend takes it", () => {
    const input: WorkloadInput = {
      name: "tiny",
      model: { parameters: "5M" },
      payload: "2KB",
      latency: "1s",
      isolation: "shared",
      traffic: { pattern: "steady", peakRps: 1 },
      deploy: { roleArn: "arn:aws:iam::111122223333:role/r" },
    };
    const plan = deploymentRequests(recommend(input, { whatIf: false }), input);
    expect(JSON.stringify(plan.requests)).toContain("arn:aws:iam::111122223333:role/r");
  });

  test("deterministic and pure: the same inputs give the same plan and are left unchanged", () => {
    const { result, workload } = rankedWorkload(DEPLOY_FIXTURE, "assistant-llms");
    const before = JSON.stringify([result, workload]);
    const catalog = loadCatalog();
    expect(buildDeployment(result, workload, { catalog })).toEqual(buildDeployment(result, workload, { catalog }));
    expect(JSON.stringify([result, workload])).toBe(before);
  });

  test("an infeasible option is refused, naming its first violation and the feasible options", () => {
    const { result, workload } = rankedWorkload(SCENARIOS, "survey-imagery");
    expectError(
      () => deploymentRequests(result, workload, { option: "serverless" }),
      "not-deployable",
      /^option "serverless" is infeasible for workload "survey-imagery": /,
    );
    try {
      deploymentRequests(result, workload, { option: "serverless" });
    } catch (error) {
      expect((error as HostfitError).issues[0]!.hint).toBe("deploy one of the feasible options: async");
    }
  });

  test("a workload with no feasible option has nothing to deploy", () => {
    const { result, workload } = rankedWorkload(SCENARIOS, "too-big-to-host");
    expectError(() => deploymentRequests(result, workload), "not-deployable", /has no feasible hosting option/);
  });

  test("the workload must be the result's", () => {
    const { result } = rankedWorkload(SCENARIOS, "fraud-scoring");
    const { workload } = rankedWorkload(SCENARIOS, "invoice-ocr");
    expectError(() => deploymentRequests(result, workload), "not-deployable", /the result is for "fraud-scoring"/);
  });

  test("several models deployed one by one need {model} in deploy.modelDataUrl", () => {
    const { result, workload } = rankedWorkload(DEPLOY_FIXTURE, "search ranker (v2)");
    const fixed = { ...workload, deploy: { modelDataUrl: "s3://bucket/one.tar.gz" } };
    expectError(() => buildDeployment(result, fixed), "not-deployable", /has no \{model\}/);
  });

  test("an invalid workload is reported as invalid input", () => {
    const { result } = rankedWorkload(SCENARIOS, "fraud-scoring");
    expectError(() => deploymentRequests(result, { name: "fraud-scoring" } as WorkloadInput), "invalid-input", /./);
  });
});

describe("--format cli", () => {
  test.each([
    ["CreateModel", "create-model"],
    ["CreateEndpointConfig", "create-endpoint-config"],
    ["RegisterScalableTarget", "register-scalable-target"],
    ["PutScalingPolicy", "put-scaling-policy"],
  ])("%s is the AWS CLI's %s", (operation, expected) => {
    expect(cliOperation(operation)).toBe(expected);
  });

  test("the quoted JSON reaches the shell intact, single quotes included", () => {
    const request: DeployRequest = {
      service: "sagemaker",
      operation: "CreateEndpoint",
      input: { EndpointName: "it's", EndpointConfigName: `a "b" $HOME \`c\`` },
    };
    const command = cliCommand(request);
    expect(command.startsWith("aws sagemaker create-endpoint --cli-input-json '")).toBe(true);
    const json = command.slice("aws sagemaker create-endpoint --cli-input-json ".length);
    const echoed = execFileSync("sh", ["-c", `printf '%s' ${json}`], { encoding: "utf8" });
    expect(JSON.parse(echoed)).toEqual(request.input);
  });

  test("one command per request, after a wait for each endpoint that components or scaling need", () => {
    const { result, workload } = rankedWorkload(DEPLOY_FIXTURE, "search ranker (v2)");
    const plan = deploymentRequests(result, workload);
    const lines = formatDeployCli(plan).trimEnd().split("\n");
    expect(lines[0]).toBe("#!/bin/sh");
    const commands = lines.filter((l) => l.startsWith("aws "));
    expect(commands.filter((l) => !l.startsWith("aws sagemaker wait "))).toEqual(plan.requests.map(cliCommand));
    const endpoints = ofOperation(plan, "CreateEndpoint").map((e) => e.EndpointName!);
    for (const e of endpoints) {
      const wait = commands.indexOf(`aws sagemaker wait endpoint-in-service --endpoint-name '${e}'`);
      const register = commands.findIndex((l) => l.includes(`"ResourceId":"endpoint/${e}/variant/AllTraffic"`));
      expect(wait).toBeGreaterThan(commands.findIndex((l) => l.includes(`"EndpointName":"${e}"`)));
      expect(register).toBe(wait + 1);
    }
    for (const p of plan.placeholders) expect(lines).toContain(`#   ${p.name} (${p.field}): ${p.description}`);
  });
});
