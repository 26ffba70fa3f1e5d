/** Deployer for asynchronous inference: one endpoint per model with S3 responses, scaled on its backlog. */
import { clamp, VARIANT, type Context } from "./context.js";
import { container, createEndpoint, createModel, instanceVariant, perEndpointCount } from "./sagemaker.js";
import { backlogTarget, register, stepOutPolicy, targetTracking } from "./scaling.js";

export function deployAsync(ctx: Context): void {
  const { placement, estimates } = ctx;
  const zero = placement.scalesToZero;
  const count = perEndpointCount(ctx);
  const output = ctx.values.output().replace(/\/+$/, "");
  // Every copy takes the largest batch sizing counts on; without it (results from before it was reported), Little's
  // law at the p95 of peak.
  const inFlight = clamp(
    placement.batchPerCopy !== undefined
      ? placement.batchPerCopy * placement.copiesPerInstance
      : Math.ceil((estimates.throughputRpsPerInstance * estimates.latencyMs.p95) / 1000),
    1,
    1000,
  );
  // InvokeEndpointAsync waits InvocationTimeoutSeconds for a request (rules/deploy.yaml async.invocationTimeoutS).
  const { invocationTimeoutS: timeout, timeoutMargin } = ctx.limits.async;
  const p95S = estimates.latencyMs.p95 / 1000;
  if (p95S > timeout.default!)
    ctx.notes.push(
      `A request takes up to ${Math.ceil(p95S / 60)} min at p95, past the ${timeout.default! / 60} min InvokeEndpointAsync waits by default: call it with InvocationTimeoutSeconds=${Math.min(timeout.max, Math.ceil((p95S * timeoutMargin) / 60) * 60)} (at most ${timeout.max}).`,
    );
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
