/** The SageMaker requests the hosting options share: models and their containers, endpoints, instance variants. */
import type { ContainerDefinition, ProductionVariant } from "./api.js";
import { clamp, VARIANT, type Context } from "./context.js";

export function container(ctx: Context, i: number, mode: "SingleModel" | "MultiModel"): ContainerDefinition {
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

export function createModel(ctx: Context, name: string, primary: ContainerDefinition): void {
  ctx.requests.push({
    service: "sagemaker",
    operation: "CreateModel",
    input: {
      ModelName: name,
      PrimaryContainer: primary,
      ExecutionRoleArn: ctx.values.role(),
      // Network isolation runs the container with no network; its VPC carries the artifacts' traffic only.
      ...(ctx.facts.networkIsolation
        ? {
            EnableNetworkIsolation: true,
            VpcConfig: { SecurityGroupIds: ctx.values.securityGroups(), Subnets: ctx.values.subnets() },
          }
        : {}),
    },
  });
}

export function createEndpoint(ctx: Context, endpoint: string, config: string): void {
  ctx.requests.push({
    service: "sagemaker",
    operation: "CreateEndpoint",
    input: { EndpointName: endpoint, EndpointConfigName: config },
  });
}

// Large models need longer than the defaults to download and pass /ping: twice the estimated cold start, at least
// the rules' floor, within the API's limits (rules/deploy.yaml containerStartup).
export function startupTimeouts(
  ctx: Context,
): { ModelDataDownloadTimeoutInSeconds: number; ContainerStartupHealthCheckTimeoutInSeconds: number } | undefined {
  const { timeoutS, floorS } = ctx.limits.containerStartup;
  if (ctx.estimates.coldStartS <= timeoutS.min!) return undefined;
  const s = clamp(Math.ceil(ctx.estimates.coldStartS * 2), Math.max(timeoutS.min!, floorS), timeoutS.max);
  return { ModelDataDownloadTimeoutInSeconds: s, ContainerStartupHealthCheckTimeoutInSeconds: s };
}

export function instanceVariant(ctx: Context, model: string, count: number): ProductionVariant {
  return {
    VariantName: VARIANT,
    ModelName: model,
    InstanceType: ctx.placement.instanceType,
    InitialInstanceCount: count,
    ...startupTimeouts(ctx),
  };
}

export function perEndpointCount(ctx: Context): number {
  return Math.max(1, Math.ceil(ctx.placement.instanceCount / ctx.facts.models));
}

/**
 * Instances each endpoint keeps at least, as sizing counted them (availability across Availability Zones, warm
 * models); results from before the placement reported it keep one.
 */
export function perEndpointMinimum(ctx: Context): number {
  return ctx.placement.scalesToZero ? 0 : Math.max(1, ctx.placement.minInstances ?? 1);
}
