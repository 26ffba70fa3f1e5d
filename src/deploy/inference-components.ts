/** Deployer for inference components: a shared endpoint with one component per model, scaled by copy count. */
import type { Instance } from "../schema/catalog.js";
import type { Placement } from "../schema/output.js";
import { clamp, VARIANT, type Context } from "./context.js";
import { container, createEndpoint, createModel, perEndpointMinimum, startupTimeouts } from "./sagemaker.js";
import { invocationsTarget, register, stepOutPolicy, targetTracking } from "./scaling.js";

// Share of an instance's vCPUs and memory handed to inference-component copies; SageMaker's own agents use the
// rest. AWS does not publish the reserve (assumption).
const IC_HOST_SHARE = 0.9;

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

export function deployInferenceComponents(ctx: Context): void {
  const { placement, facts } = ctx;
  const endpoint = ctx.names.sharedEndpoint();
  const zero = placement.scalesToZero;
  const totalCopies = placement.instanceCount * Math.max(1, placement.copiesPerInstance);
  const maxCopies = Math.max(1, Math.floor(totalCopies / facts.models));
  const minInstances = Math.min(placement.instanceCount, perEndpointMinimum(ctx));
  const initialInstances = clamp(
    Math.max(minInstances, Math.ceil(facts.models / Math.max(1, placement.copiesPerInstance))),
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
          InstanceType: placement.instanceType,
          InitialInstanceCount: initialInstances,
          ManagedInstanceScaling: {
            Status: "ENABLED",
            MinInstanceCount: minInstances,
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
