/**
 * From a ranked result to the AWS API requests that create its placement: SageMaker CreateModel,
 * CreateEndpointConfig, CreateEndpoint, CreateInferenceComponent or CreateTransformJob, and Application Auto
 * Scaling RegisterScalableTarget and PutScalingPolicy where the option scales. Pure and deterministic: names
 * derive from the workload name, account-specific values come from the workload's `deploy:` section or stay
 * as named placeholders. The request shapes are the AWS SDK v3 input types (type-only imports: the SDK is a
 * dev dependency and nothing here needs it at run time).
 */
import type {
  ContainerDefinition,
  CreateEndpointConfigInput,
  CreateEndpointInput,
  CreateInferenceComponentInput,
  CreateModelInput,
  CreateTransformJobRequest,
  ProductionVariant,
  ProductionVariantInstanceType,
  TransformInstanceType,
} from "@aws-sdk/client-sagemaker";
import type {
  PutScalingPolicyRequest,
  RegisterScalableTargetRequest,
  ScalableDimension,
} from "@aws-sdk/client-application-auto-scaling";
import type { Catalog, Instance } from "../schema/catalog.js";
import type { OptionId } from "../schema/ids.js";
import type { Issue } from "../schema/issue.js";
import type { Estimates, Placement, RankedOption, RankedResult } from "../schema/output.js";
import type { Workload } from "../schema/workload.js";
import { HostfitError } from "../schema/errors.js";

/** One SageMaker or Application Auto Scaling API call, with its input exactly as the SDK command takes it. */
export type DeployRequest =
  | { readonly service: "sagemaker"; readonly operation: "CreateModel"; readonly input: CreateModelInput }
  | {
      readonly service: "sagemaker";
      readonly operation: "CreateEndpointConfig";
      readonly input: CreateEndpointConfigInput;
    }
  | { readonly service: "sagemaker"; readonly operation: "CreateEndpoint"; readonly input: CreateEndpointInput }
  | {
      readonly service: "sagemaker";
      readonly operation: "CreateInferenceComponent";
      readonly input: CreateInferenceComponentInput;
    }
  | {
      readonly service: "sagemaker";
      readonly operation: "CreateTransformJob";
      readonly input: CreateTransformJobRequest;
    }
  | {
      readonly service: "application-autoscaling";
      readonly operation: "RegisterScalableTarget";
      readonly input: RegisterScalableTargetRequest;
    }
  | {
      readonly service: "application-autoscaling";
      readonly operation: "PutScalingPolicy";
      readonly input: PutScalingPolicyRequest;
    };

/** A value left for the user to fill in: the token as it appears in the requests, and what to put there. */
export interface DeployPlaceholder {
  readonly name: string;
  /** The `deploy:` field of the workload that replaces it. */
  readonly field: string;
  readonly description: string;
}

/** The requests that create one workload's placement on one option, in the order to send them. */
export interface DeploymentPlan {
  readonly workload: string;
  readonly option: OptionId;
  readonly requests: DeployRequest[];
  readonly placeholders: DeployPlaceholder[];
  /** Steps the requests cannot express (waits, CloudWatch alarms, container settings), one sentence each. */
  readonly notes: string[];
}

/** How to deploy: which option, and the catalog and utilization the result was sized with. */
export interface DeployOptions {
  /** The option to deploy; defaults to the result's recommendation. */
  readonly option?: OptionId;
  /** The catalog the result was sized on: gives vCPUs and host memory for inference-component requirements. */
  readonly catalog?: Catalog;
  /** Share of an instance's throughput that scaling policies aim at (rules' sizing.performance.targetUtilization). */
  readonly targetUtilization?: number;
}

/** The SageMaker name rule for models, endpoint configs, endpoints, inference components and transform jobs. */
export const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const NAME_MAX = 63;
const VARIANT = "AllTraffic";
const SERVERLESS_MEMORY_MB = [1024, 2048, 3072, 4096, 5120, 6144] as const;
const SERVERLESS_MAX_CONCURRENCY = 200;
const BATCH_PAYLOAD_LIMIT_MB = 100; // MaxPayloadInMB <= 100 and MaxConcurrentTransforms x MaxPayloadInMB <= 100 (API)
const BATCH_DEFAULT_PAYLOAD_MB = 6;
const MIB = 2 ** 20;
// Share of an instance's vCPUs and memory handed to inference-component copies; SageMaker's own agents use the
// rest. AWS does not publish the reserve (assumption).
const IC_HOST_SHARE = 0.9;
const DEFAULT_TARGET_UTILIZATION = 0.7;
// AWS's documented example target for async backlog scaling, used when the workload has no latency target.
const DEFAULT_BACKLOG_PER_INSTANCE = 5;

const PLACEHOLDER = {
  role: {
    name: "<ROLE_ARN>",
    field: "deploy.roleArn",
    description: "ARN of the IAM execution role SageMaker assumes to pull the container image and the model artifacts",
  },
  image: {
    name: "<IMAGE_URI>",
    field: "deploy.imageUri",
    description: "URI of the inference container image in Amazon ECR, in the same Region as the endpoint",
  },
  model: {
    name: "<MODEL_DATA_URL>",
    field: "deploy.modelDataUrl",
    description: "S3 URL of the model archive (model.tar.gz)",
  },
  modelPrefix: {
    name: "<MODEL_DATA_PREFIX>",
    field: "deploy.modelDataUrl",
    description:
      "S3 prefix under which model N's archive is N/model.tar.gz; or set deploy.modelDataUrl with {model} where the model's number goes",
  },
  mme: {
    name: "<MODEL_DATA_URL>",
    field: "deploy.modelDataUrl",
    description: "S3 prefix holding every model's .tar.gz; TargetModel in InvokeEndpoint is the key relative to it",
  },
  output: {
    name: "<S3_OUTPUT_PATH>",
    field: "deploy.s3OutputPath",
    description: "S3 prefix for results (async responses and failures, or batch output)",
  },
  input: {
    name: "<S3_INPUT_PATH>",
    field: "deploy.s3InputPath",
    description: "S3 prefix of the batch input: one record per line",
  },
} satisfies Record<string, DeployPlaceholder>;

/** What deploy needs from the workload; a result without its workload deploys with defaults and placeholders. */
interface Facts {
  readonly name: string;
  readonly models: number;
  readonly requestBytes: number | null;
  readonly targetMs: number | null;
  readonly networkIsolation: boolean;
  readonly deploy: NonNullable<Workload["deploy"]>;
}

function factsOf(result: RankedResult, workload: Workload | undefined): Facts {
  if (!workload)
    return {
      name: result.workload,
      models: 1,
      requestBytes: null,
      targetMs: null,
      networkIsolation: false,
      deploy: {},
    };
  return {
    name: workload.name,
    models: workload.model.count,
    requestBytes: workload.payload.request,
    targetMs: workload.latency.target === "none" ? null : workload.latency.target,
    networkIsolation: workload.constraints.networkIsolation,
    deploy: workload.deploy ?? {},
  };
}

function notDeployable(path: string, message: string, hint: string): HostfitError {
  const issue: Issue = { code: "not-deployable", path, message, hint };
  return new HostfitError("not-deployable", [issue]);
}

// FNV-1a, 32 bits, in base 36: a short, stable fingerprint that keeps sanitized names distinct.
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, "0");
}

/**
 * A SageMaker-valid stem for every resource name of a workload, leaving `reserve` characters for suffixes. A name
 * that had to change (characters outside [a-zA-Z0-9-], or too long) gets a fingerprint of the original, so two
 * workloads never share names.
 */
export function nameStem(name: string, reserve = 0): string {
  const budget = NAME_MAX - reserve;
  const clean = name.replace(/[^a-zA-Z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (clean === name && clean.length <= budget && SAGEMAKER_NAME.test(clean)) return clean;
  const tag = fingerprint(name);
  const head = clean.slice(0, Math.max(0, budget - tag.length - 1)).replace(/-+$/, "");
  return head ? `${head}-${tag}` : `w${tag}`.slice(0, budget);
}

class Names {
  private readonly stem: string;
  constructor(
    base: string,
    private readonly models: number,
  ) {
    // Longest suffix: "-<models>-config".
    this.stem = nameStem(base, `-${models}-config`.length);
  }
  private join(...parts: (string | number)[]): string {
    return [this.stem, ...parts].join("-");
  }
  /** The stem of model i (1-based): the workload's own when it has one model. */
  private of(i: number): (string | number)[] {
    return this.models > 1 ? [i] : [];
  }
  endpoint(i = 1): string {
    return this.join(...this.of(i));
  }
  sharedEndpoint(): string {
    return this.stem;
  }
  config(i = 1): string {
    return this.join(...this.of(i), "config");
  }
  sharedConfig(): string {
    return this.join("config");
  }
  model(i = 1): string {
    return this.join(...this.of(i), "model");
  }
  sharedModel(): string {
    return this.join("model");
  }
  component(i = 1): string {
    return this.join(...this.of(i), "ic");
  }
  job(i = 1): string {
    return this.join(...this.of(i), "job");
  }
}

/** Placeholders in use and the values that replace them. */
class Values {
  readonly used = new Map<string, DeployPlaceholder>();
  constructor(private readonly facts: Facts) {}
  private take(given: string | undefined, placeholder: DeployPlaceholder): string {
    if (given !== undefined && given !== "") return given;
    this.used.set(placeholder.name, placeholder);
    return placeholder.name;
  }
  role(): string {
    return this.take(this.facts.deploy.roleArn, PLACEHOLDER.role);
  }
  image(description?: string): string {
    return this.take(
      this.facts.deploy.imageUri,
      description ? { ...PLACEHOLDER.image, description } : PLACEHOLDER.image,
    );
  }
  /** The archive of model i; with several models, `{model}` in the URL stands for the model's number. */
  modelData(i: number): string {
    const given = this.facts.deploy.modelDataUrl;
    if (this.facts.models === 1) return this.take(given, PLACEHOLDER.model);
    if (given === undefined || given === "")
      return `${this.take(undefined, PLACEHOLDER.modelPrefix)}/${i}/model.tar.gz`;
    return given.replaceAll("{model}", String(i));
  }
  modelPrefix(): string {
    return this.take(this.facts.deploy.modelDataUrl, PLACEHOLDER.mme);
  }
  output(): string {
    return this.take(this.facts.deploy.s3OutputPath, PLACEHOLDER.output);
  }
  input(): string {
    return this.take(this.facts.deploy.s3InputPath, PLACEHOLDER.input);
  }
}

interface Context {
  readonly facts: Facts;
  readonly option: OptionId;
  readonly placement: Placement;
  readonly estimates: Estimates;
  readonly instance: Instance | undefined;
  readonly utilization: number;
  readonly names: Names;
  readonly values: Values;
  readonly requests: DeployRequest[];
  readonly notes: string[];
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Smallest serverless memory size (1024..6144 MB, 1 GB steps) at or above the sized one. */
export function serverlessMemoryMB(sizedMB: number | undefined): number {
  const wanted = sizedMB ?? 0;
  return SERVERLESS_MEMORY_MB.find((mb) => mb >= wanted) ?? 6144;
}

/**
 * Batch payload and concurrency: each record must fit MaxPayloadInMB (at most 100), and MaxConcurrentTransforms x
 * MaxPayloadInMB must stay within 100. Concurrency aims at one request per model copy (AWS: "the number of
 * workers"); the payload is the default 6 MB unless records are larger.
 * @returns null when one record is over the 100 MB limit.
 */
export function batchLimits(
  requestBytes: number | null,
  copiesPerInstance: number,
): { maxPayloadInMB: number; maxConcurrentTransforms: number } | null {
  const recordMB = requestBytes === null ? 1 : Math.max(1, Math.ceil(requestBytes / MIB));
  if (recordMB > BATCH_PAYLOAD_LIMIT_MB) return null;
  const wanted = Math.max(1, copiesPerInstance);
  const maxPayloadInMB = Math.max(
    recordMB,
    Math.min(BATCH_DEFAULT_PAYLOAD_MB, Math.floor(BATCH_PAYLOAD_LIMIT_MB / wanted)),
  );
  const maxConcurrentTransforms = Math.max(1, Math.min(wanted, Math.floor(BATCH_PAYLOAD_LIMIT_MB / maxPayloadInMB)));
  return { maxPayloadInMB, maxConcurrentTransforms };
}

function container(ctx: Context, i: number, mode: "SingleModel" | "MultiModel"): ContainerDefinition {
  if (mode === "MultiModel") {
    const gpu = ctx.placement.acceleratorsPerCopy > 0;
    const image = ctx.values.image(
      gpu
        ? "URI of SageMaker's NVIDIA Triton Inference Server image: GPU multi-model endpoints run only on it"
        : undefined,
    );
    return {
      Image: image,
      ModelDataUrl: ctx.values.modelPrefix(),
      Mode: "MultiModel",
      MultiModelConfig: { ModelCacheSetting: "Enabled" },
    };
  }
  return { Image: ctx.values.image(), ModelDataUrl: ctx.values.modelData(i), Mode: "SingleModel" };
}

function createModel(ctx: Context, name: string, primary: ContainerDefinition): void {
  ctx.requests.push({
    service: "sagemaker",
    operation: "CreateModel",
    input: {
      ModelName: name,
      PrimaryContainer: primary,
      ExecutionRoleArn: ctx.values.role(),
      ...(ctx.facts.networkIsolation ? { EnableNetworkIsolation: true } : {}),
    },
  });
}

function createEndpoint(ctx: Context, endpoint: string, config: string): void {
  ctx.requests.push({
    service: "sagemaker",
    operation: "CreateEndpoint",
    input: { EndpointName: endpoint, EndpointConfigName: config },
  });
}

// Large models need longer than the defaults to download and pass /ping: twice the estimated cold start,
// within the API's 60..3600 s.
function startupTimeouts(
  ctx: Context,
): { ModelDataDownloadTimeoutInSeconds: number; ContainerStartupHealthCheckTimeoutInSeconds: number } | undefined {
  if (ctx.estimates.coldStartS <= 60) return undefined;
  const s = clamp(Math.ceil(ctx.estimates.coldStartS * 2), 600, 3600);
  return { ModelDataDownloadTimeoutInSeconds: s, ContainerStartupHealthCheckTimeoutInSeconds: s };
}

function instanceVariant(ctx: Context, model: string, count: number): ProductionVariant {
  return {
    VariantName: VARIANT,
    ModelName: model,
    InstanceType: ctx.placement.instanceType as ProductionVariantInstanceType,
    InitialInstanceCount: count,
    ...startupTimeouts(ctx),
  };
}

function register(ctx: Context, resourceId: string, dimension: ScalableDimension, min: number, max: number): void {
  ctx.requests.push({
    service: "application-autoscaling",
    operation: "RegisterScalableTarget",
    input: {
      ServiceNamespace: "sagemaker",
      ResourceId: resourceId,
      ScalableDimension: dimension,
      MinCapacity: min,
      MaxCapacity: max,
    },
  });
}

/** Invocations per minute that keep each instance (or copy) at the target utilization. */
function invocationsTarget(ctx: Context, perUnitRps: number): number {
  return Math.max(1, round(perUnitRps * 60 * ctx.utilization));
}

/** Target tracking on invocations per instance for an instance-based variant, when its count can change. */
function variantScaling(ctx: Context, endpoint: string, min: number, max: number): void {
  if (max <= min) {
    ctx.notes.push(
      `${endpoint}: peak load needs ${max} instance${max === 1 ? "" : "s"}, so no scaling target is registered; register one on sagemaker:variant:DesiredInstanceCount to add headroom.`,
    );
    return;
  }
  const resourceId = `endpoint/${endpoint}/variant/${VARIANT}`;
  const dimension = "sagemaker:variant:DesiredInstanceCount";
  register(ctx, resourceId, dimension, min, max);
  targetTracking(ctx, `${endpoint}-invocations-per-instance`, resourceId, dimension, {
    TargetValue: invocationsTarget(ctx, ctx.estimates.throughputRpsPerInstance),
    PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
    ScaleInCooldown: 300,
    ScaleOutCooldown: 60,
  });
}

/** Target-tracking policy on one scalable target: SageMaker's usual way to follow load. */
function targetTracking(
  ctx: Context,
  name: string,
  resourceId: string,
  dimension: ScalableDimension,
  configuration: NonNullable<PutScalingPolicyRequest["TargetTrackingScalingPolicyConfiguration"]>,
): void {
  ctx.requests.push({
    service: "application-autoscaling",
    operation: "PutScalingPolicy",
    input: {
      PolicyName: name,
      ServiceNamespace: "sagemaker",
      ResourceId: resourceId,
      ScalableDimension: dimension,
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: configuration,
    },
  });
}

/** Step policy that adds one unit when an alarm fires; AWS's way to scale out from zero. */
function stepOutPolicy(
  ctx: Context,
  name: string,
  resourceId: string,
  dimension: ScalableDimension,
  aggregation: "Average" | "Maximum",
): void {
  ctx.requests.push({
    service: "application-autoscaling",
    operation: "PutScalingPolicy",
    input: {
      PolicyName: name,
      ServiceNamespace: "sagemaker",
      ResourceId: resourceId,
      ScalableDimension: dimension,
      PolicyType: "StepScaling",
      StepScalingPolicyConfiguration: {
        AdjustmentType: "ChangeInCapacity",
        MetricAggregationType: aggregation,
        Cooldown: 300,
        StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
      },
    },
  });
}

function perEndpointCount(ctx: Context): number {
  return Math.max(1, Math.ceil(ctx.placement.instanceCount / ctx.facts.models));
}

function deployServerless(ctx: Context): void {
  const memory = serverlessMemoryMB(ctx.placement.memorySizeMB);
  const concurrency = clamp(Math.round(ctx.placement.maxConcurrency ?? 1), 1, SERVERLESS_MAX_CONCURRENCY);
  for (let i = 1; i <= ctx.facts.models; i++) {
    createModel(ctx, ctx.names.model(i), container(ctx, i, "SingleModel"));
    ctx.requests.push({
      service: "sagemaker",
      operation: "CreateEndpointConfig",
      input: {
        EndpointConfigName: ctx.names.config(i),
        ProductionVariants: [
          {
            VariantName: VARIANT,
            ModelName: ctx.names.model(i),
            ServerlessConfig: { MemorySizeInMB: memory, MaxConcurrency: concurrency },
          },
        ],
      },
    });
    createEndpoint(ctx, ctx.names.endpoint(i), ctx.names.config(i));
  }
  ctx.notes.push(
    "Serverless endpoints scale with requests on their own, down to zero; no Application Auto Scaling target is needed.",
  );
}

function deploySingleModel(ctx: Context): void {
  const count = perEndpointCount(ctx);
  for (let i = 1; i <= ctx.facts.models; i++) {
    createModel(ctx, ctx.names.model(i), container(ctx, i, "SingleModel"));
    ctx.requests.push({
      service: "sagemaker",
      operation: "CreateEndpointConfig",
      input: {
        EndpointConfigName: ctx.names.config(i),
        ProductionVariants: [instanceVariant(ctx, ctx.names.model(i), count)],
      },
    });
    createEndpoint(ctx, ctx.names.endpoint(i), ctx.names.config(i));
  }
  for (let i = 1; i <= ctx.facts.models; i++) variantScaling(ctx, ctx.names.endpoint(i), 1, count);
  // The container decides how many copies it runs and over how many devices each: say what the sizing assumed.
  const { copiesPerInstance: copies, acceleratorsPerCopy: devices } = ctx.placement;
  if (copies > 1 || devices > 1) {
    const tp =
      devices > 0 ? ` with ${devices} accelerator${devices === 1 ? "" : "s"} each (tensor-parallel degree)` : "";
    ctx.notes.push(
      `The sizing runs ${copies} ${copies === 1 ? "copy" : "copies"} of the model per instance${tp}; configure the container's ${devices > 1 ? "tensor-parallel degree and " : ""}worker or replica count accordingly.`,
    );
  }
}

function deployMultiModel(ctx: Context): void {
  const model = ctx.names.sharedModel();
  const endpoint = ctx.names.sharedEndpoint();
  createModel(ctx, model, container(ctx, 1, "MultiModel"));
  ctx.requests.push({
    service: "sagemaker",
    operation: "CreateEndpointConfig",
    input: {
      EndpointConfigName: ctx.names.sharedConfig(),
      ProductionVariants: [instanceVariant(ctx, model, ctx.placement.instanceCount)],
    },
  });
  createEndpoint(ctx, endpoint, ctx.names.sharedConfig());
  variantScaling(ctx, endpoint, 1, ctx.placement.instanceCount);
  ctx.notes.push(
    `Upload each model's archive under the model data prefix; invoke with TargetModel set to its key relative to the prefix (e.g. "1/model.tar.gz").`,
  );
}

/** CPU cores and memory (MB) one inference-component copy reserves. */
export function copyRequirements(
  placement: Pick<Placement, "acceleratorsPerCopy" | "copiesPerInstance">,
  memoryGiB: number,
  instance: Pick<Instance, "vcpus" | "memoryGiB"> | undefined,
): { NumberOfCpuCoresRequired: number; MinMemoryRequiredInMb: number; NumberOfAcceleratorDevicesRequired?: number } {
  const copies = Math.max(1, placement.copiesPerInstance);
  const wantedMb = Math.max(128, Math.ceil(memoryGiB * 1024));
  let cores = Math.max(1, placement.acceleratorsPerCopy);
  let memoryMb = wantedMb;
  if (instance) {
    // Quarter-core steps (the API minimum is 0.25), within the share of the instance one copy may hold.
    cores = Math.max(0.25, Math.floor(((instance.vcpus * IC_HOST_SHARE) / copies) * 4) / 4);
    memoryMb = Math.max(128, Math.min(wantedMb, Math.floor((instance.memoryGiB * 1024 * IC_HOST_SHARE) / copies)));
  }
  return {
    NumberOfCpuCoresRequired: cores,
    MinMemoryRequiredInMb: memoryMb,
    ...(placement.acceleratorsPerCopy > 0 ? { NumberOfAcceleratorDevicesRequired: placement.acceleratorsPerCopy } : {}),
  };
}

function deployInferenceComponents(ctx: Context): void {
  const { placement, facts } = ctx;
  const endpoint = ctx.names.sharedEndpoint();
  const zero = placement.scalesToZero;
  const totalCopies = placement.instanceCount * Math.max(1, placement.copiesPerInstance);
  const maxCopies = Math.max(1, Math.floor(totalCopies / facts.models));
  const initialInstances = clamp(
    Math.ceil(facts.models / Math.max(1, placement.copiesPerInstance)),
    1,
    placement.instanceCount,
  );
  ctx.requests.push({
    service: "sagemaker",
    operation: "CreateEndpointConfig",
    input: {
      EndpointConfigName: ctx.names.sharedConfig(),
      ExecutionRoleArn: ctx.values.role(),
      ProductionVariants: [
        {
          VariantName: VARIANT,
          InstanceType: placement.instanceType as ProductionVariantInstanceType,
          InitialInstanceCount: initialInstances,
          ManagedInstanceScaling: {
            Status: "ENABLED",
            MinInstanceCount: zero ? 0 : 1,
            MaxInstanceCount: Math.max(1, placement.instanceCount),
          },
          RoutingConfig: { RoutingStrategy: "LEAST_OUTSTANDING_REQUESTS" },
        },
      ],
    },
  });
  createEndpoint(ctx, endpoint, ctx.names.sharedConfig());
  const requirements = copyRequirements(placement, ctx.estimates.memoryGiB, ctx.instance);
  const timeouts = startupTimeouts(ctx);
  for (let i = 1; i <= facts.models; i++) {
    createModel(ctx, ctx.names.model(i), container(ctx, i, "SingleModel"));
    ctx.requests.push({
      service: "sagemaker",
      operation: "CreateInferenceComponent",
      input: {
        InferenceComponentName: ctx.names.component(i),
        EndpointName: endpoint,
        VariantName: VARIANT,
        Specification: {
          ModelName: ctx.names.model(i),
          ComputeResourceRequirements: requirements,
          ...(timeouts ? { StartupParameters: timeouts } : {}),
        },
        RuntimeConfig: { CopyCount: 1 },
      },
    });
  }
  const min = zero ? 0 : 1;
  if (maxCopies <= min) {
    ctx.notes.push(
      `Each inference component keeps ${maxCopies} cop${maxCopies === 1 ? "y" : "ies"} at peak, so no copy-count scaling target is registered.`,
    );
    return;
  }
  const dimension = "sagemaker:inference-component:DesiredCopyCount";
  const perCopyRps = ctx.estimates.throughputRpsPerInstance / Math.max(1, placement.copiesPerInstance);
  for (let i = 1; i <= facts.models; i++) {
    const component = ctx.names.component(i);
    const resourceId = `inference-component/${component}`;
    register(ctx, resourceId, dimension, min, maxCopies);
    targetTracking(ctx, `${component}-invocations-per-copy`, resourceId, dimension, {
      TargetValue: invocationsTarget(ctx, perCopyRps),
      PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerInferenceComponentInvocationsPerCopy" },
      ScaleInCooldown: 300,
      ScaleOutCooldown: 60,
    });
    if (zero) stepOutPolicy(ctx, `${component}-scale-out-from-zero`, resourceId, dimension, "Maximum");
  }
  if (zero) {
    ctx.notes.push(
      "To scale out from zero copies, create a CloudWatch alarm per inference component on AWS/SageMaker NoCapacityInvocationFailures (dimension InferenceComponentName, statistic Maximum, period 10 s, threshold >= 1) whose action is its -scale-out-from-zero policy; requests fail for several minutes while an instance starts.",
    );
  }
}

/** Backlog per instance the async endpoint aims at: the requests an instance clears within the latency slack. */
export function backlogTarget(throughputRpsPerInstance: number, targetMs: number | null, p95Ms: number): number {
  if (targetMs === null) return DEFAULT_BACKLOG_PER_INSTANCE;
  return Math.max(1, Math.floor((throughputRpsPerInstance * Math.max(0, targetMs - p95Ms)) / 1000));
}

function deployAsync(ctx: Context): void {
  const { placement, estimates } = ctx;
  const zero = placement.scalesToZero;
  const count = perEndpointCount(ctx);
  const output = ctx.values.output().replace(/\/+$/, "");
  // Little's law: requests in flight on one instance at its sized throughput, at the p95 (latency is reported at
  // peak, below the largest batch sizing counts on, and a cap needs headroom rather than the mean).
  const inFlight = clamp(Math.ceil((estimates.throughputRpsPerInstance * estimates.latencyMs.p95) / 1000), 1, 1000);
  for (let i = 1; i <= ctx.facts.models; i++) {
    const endpoint = ctx.names.endpoint(i);
    createModel(ctx, ctx.names.model(i), container(ctx, i, "SingleModel"));
    ctx.requests.push({
      service: "sagemaker",
      operation: "CreateEndpointConfig",
      input: {
        EndpointConfigName: ctx.names.config(i),
        ProductionVariants: [instanceVariant(ctx, ctx.names.model(i), zero ? 1 : count)],
        AsyncInferenceConfig: {
          ClientConfig: { MaxConcurrentInvocationsPerInstance: inFlight },
          OutputConfig: {
            S3OutputPath: `${output}/${endpoint}/responses/`,
            S3FailurePath: `${output}/${endpoint}/failures/`,
          },
        },
      },
    });
    createEndpoint(ctx, endpoint, ctx.names.config(i));
  }
  const min = zero ? 0 : 1;
  if (count <= min) {
    ctx.notes.push(
      `Each async endpoint keeps ${count} instance${count === 1 ? "" : "s"} at peak, so no scaling target is registered.`,
    );
    return;
  }
  const dimension = "sagemaker:variant:DesiredInstanceCount";
  for (let i = 1; i <= ctx.facts.models; i++) {
    const endpoint = ctx.names.endpoint(i);
    const resourceId = `endpoint/${endpoint}/variant/${VARIANT}`;
    register(ctx, resourceId, dimension, min, count);
    targetTracking(ctx, `${endpoint}-backlog-per-instance`, resourceId, dimension, {
      TargetValue: backlogTarget(estimates.throughputRpsPerInstance, ctx.facts.targetMs, estimates.latencyMs.p95),
      CustomizedMetricSpecification: {
        MetricName: "ApproximateBacklogSizePerInstance",
        Namespace: "AWS/SageMaker",
        Dimensions: [{ Name: "EndpointName", Value: endpoint }],
        Statistic: "Average",
      },
      ScaleInCooldown: 600,
      ScaleOutCooldown: 300,
    });
    if (zero) stepOutPolicy(ctx, `${endpoint}-has-backlog-without-capacity`, resourceId, dimension, "Average");
  }
  if (zero) {
    ctx.notes.push(
      "To scale out from zero instances on the first request, create a CloudWatch alarm per endpoint on AWS/SageMaker HasBacklogWithoutCapacity (dimension EndpointName, statistic Average, period 60 s, 2 of 2 datapoints >= 1) whose action is its -has-backlog-without-capacity policy.",
    );
  }
}

function deployBatch(ctx: Context): void {
  const limits = batchLimits(ctx.facts.requestBytes, ctx.placement.copiesPerInstance);
  if (!limits) {
    throw notDeployable(
      "payload.request",
      `a ${Math.ceil((ctx.facts.requestBytes ?? 0) / MIB)} MB record is over batch transform's 100 MB MaxPayloadInMB`,
      "split records so each is at most 100 MB",
    );
  }
  const input = ctx.values.input().replace(/\/+$/, "");
  const output = ctx.values.output().replace(/\/+$/, "");
  for (let i = 1; i <= ctx.facts.models; i++) {
    createModel(ctx, ctx.names.model(i), container(ctx, i, "SingleModel"));
    const job = ctx.names.job(i);
    ctx.requests.push({
      service: "sagemaker",
      operation: "CreateTransformJob",
      input: {
        TransformJobName: job,
        ModelName: ctx.names.model(i),
        MaxConcurrentTransforms: limits.maxConcurrentTransforms,
        MaxPayloadInMB: limits.maxPayloadInMB,
        BatchStrategy: "MultiRecord",
        TransformInput: {
          DataSource: {
            S3DataSource: { S3DataType: "S3Prefix", S3Uri: ctx.facts.models > 1 ? `${input}/${i}/` : `${input}/` },
          },
          SplitType: "Line",
        },
        TransformOutput: { S3OutputPath: `${output}/${job}/`, AssembleWith: "Line" },
        TransformResources: {
          InstanceType: ctx.placement.instanceType as TransformInstanceType,
          InstanceCount: ctx.placement.instanceCount,
        },
      },
    });
  }
  ctx.notes.push("Transform job names are unique per account and Region: rename the job for each run.");
}

const DEPLOYERS: Record<OptionId, (ctx: Context) => void> = {
  serverless: deployServerless,
  "single-model": deploySingleModel,
  "multi-model": deployMultiModel,
  "inference-components": deployInferenceComponents,
  async: deployAsync,
  "batch-transform": deployBatch,
};

function chosenOption(
  result: RankedResult,
  option: OptionId | undefined,
): RankedOption & { placement: Placement; estimates: Estimates } {
  const id = option ?? result.recommendation;
  const feasible = result.ranking.filter((r) => r.feasible).map((r) => r.option);
  if (id === null) {
    throw notDeployable(
      "recommendation",
      `workload "${result.workload}" has no feasible hosting option, so there is nothing to deploy`,
      "see each option's violations in `hostfit recommend`, and relax the constraint that fails",
    );
  }
  const entry = result.ranking.find((r) => r.option === id);
  if (!entry || !entry.feasible || !entry.placement || !entry.estimates) {
    const why = entry?.violations[0]?.message;
    throw notDeployable(
      "option",
      `option "${id}" is infeasible for workload "${result.workload}"${why ? `: ${why}` : ""}`,
      feasible.length > 0
        ? `deploy one of the feasible options: ${feasible.join(", ")}`
        : "no option is feasible for this workload",
    );
  }
  return entry as RankedOption & { placement: Placement; estimates: Estimates };
}

/**
 * The AWS API requests that create a ranked result's placement: the recommendation, or `options.option`. Pass
 * the parsed workload the result came from for names, payload-based batch limits, model count, network isolation
 * and the `deploy:` values; without it, every account value is a placeholder. Pure and deterministic.
 * @throws HostfitError (code not-deployable) when the option is infeasible, the workload has no recommendation,
 * the workload is not the result's, or a batch record is over 100 MB.
 */
export function buildDeployment(
  result: RankedResult,
  workload?: Workload,
  options: DeployOptions = {},
): DeploymentPlan {
  if (workload && workload.name !== result.workload) {
    throw notDeployable(
      "name",
      `the workload is "${workload.name}" but the result is for "${result.workload}"`,
      "pass the workload the result was computed from",
    );
  }
  const entry = chosenOption(result, options.option);
  const facts = factsOf(result, workload);
  const perModelUrl = entry.option !== "multi-model" && facts.models > 1;
  if (perModelUrl && facts.deploy.modelDataUrl && !facts.deploy.modelDataUrl.includes("{model}")) {
    throw notDeployable(
      "deploy.modelDataUrl",
      `the workload has ${facts.models} models, each deployed on its own, but deploy.modelDataUrl has no {model} for the model's number`,
      "write e.g. s3://bucket/models/{model}/model.tar.gz",
    );
  }
  const ctx: Context = {
    facts,
    option: entry.option,
    placement: entry.placement,
    estimates: entry.estimates,
    instance: options.catalog?.instances.find((i) => i.instanceType === entry.placement.instanceType),
    utilization: options.targetUtilization ?? DEFAULT_TARGET_UTILIZATION,
    names: new Names(facts.deploy.endpointName || facts.name, facts.models),
    values: new Values(facts),
    requests: [],
    notes: [],
  };
  DEPLOYERS[entry.option](ctx);
  if (
    ctx.requests.some((r) => r.operation === "CreateInferenceComponent" || r.operation === "RegisterScalableTarget")
  ) {
    ctx.notes.unshift(
      "Send the requests after a CreateEndpoint only once that endpoint is InService (aws sagemaker wait endpoint-in-service --endpoint-name NAME).",
    );
  }
  return {
    workload: result.workload,
    option: entry.option,
    requests: ctx.requests,
    placeholders: [...ctx.values.used.values()],
    notes: ctx.notes,
  };
}
