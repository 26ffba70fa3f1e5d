/** Application Auto Scaling requests: scalable targets, target-tracking policies and scale-out-from-zero steps. */
import type { PutScalingPolicyRequest, ScalableDimension } from "./api.js";
import { VARIANT, type Context } from "./context.js";

// AWS's documented example target for async backlog scaling, used when the workload has no latency target.
const DEFAULT_BACKLOG_PER_INSTANCE = 5;

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function register(
  ctx: Context,
  resourceId: string,
  dimension: ScalableDimension,
  min: number,
  max: number,
): void {
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
export function invocationsTarget(ctx: Context, perUnitRps: number): number {
  return Math.max(1, round(perUnitRps * 60 * ctx.utilization));
}

/** Target tracking on invocations per instance for an instance-based variant, when its count can change. */
export function variantScaling(ctx: Context, endpoint: string, min: number, max: number): void {
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

// A PutScalingPolicy request: the scalable target it applies to, then the policy's type and configuration.
function putScalingPolicy(
  ctx: Context,
  name: string,
  resourceId: string,
  dimension: ScalableDimension,
  policy: Pick<
    PutScalingPolicyRequest,
    "PolicyType" | "TargetTrackingScalingPolicyConfiguration" | "StepScalingPolicyConfiguration"
  >,
): void {
  ctx.requests.push({
    service: "application-autoscaling",
    operation: "PutScalingPolicy",
    input: {
      PolicyName: name,
      ServiceNamespace: "sagemaker",
      ResourceId: resourceId,
      ScalableDimension: dimension,
      ...policy,
    },
  });
}

/** Target-tracking policy on one scalable target: SageMaker's usual way to follow load. */
export function targetTracking(
  ctx: Context,
  name: string,
  resourceId: string,
  dimension: ScalableDimension,
  configuration: NonNullable<PutScalingPolicyRequest["TargetTrackingScalingPolicyConfiguration"]>,
): void {
  putScalingPolicy(ctx, name, resourceId, dimension, {
    PolicyType: "TargetTrackingScaling",
    TargetTrackingScalingPolicyConfiguration: configuration,
  });
}

/** Step policy that adds one unit when an alarm fires; AWS's way to scale out from zero. */
export function stepOutPolicy(
  ctx: Context,
  name: string,
  resourceId: string,
  dimension: ScalableDimension,
  aggregation: "Average" | "Maximum",
): void {
  putScalingPolicy(ctx, name, resourceId, dimension, {
    PolicyType: "StepScaling",
    StepScalingPolicyConfiguration: {
      AdjustmentType: "ChangeInCapacity",
      MetricAggregationType: aggregation,
      Cooldown: 300,
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
    },
  });
}

/** Backlog per instance the async endpoint aims at: the requests an instance clears within the latency slack. */
export function backlogTarget(throughputRpsPerInstance: number, targetMs: number | null, p95Ms: number): number {
  if (targetMs === null) return DEFAULT_BACKLOG_PER_INSTANCE;
  return Math.max(1, Math.floor((throughputRpsPerInstance * Math.max(0, targetMs - p95Ms)) / 1000));
}
