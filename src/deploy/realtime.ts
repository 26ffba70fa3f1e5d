/** Deployers for the real-time endpoint options: serverless, single-model and multi-model endpoints. */
import { clamp, VARIANT, type Context, type ServerlessLimits } from "./context.js";
import {
  container,
  createEndpoint,
  createModel,
  instanceVariant,
  perEndpointCount,
  perEndpointMinimum,
} from "./sagemaker.js";
import { SERVERLESS_DEFAULTS } from "./defaults.js";
import { variantScaling } from "./scaling.js";

/** Smallest serverless memory size (default 1024..6144 MB, 1 GB steps) at or above the sized one, else the largest. */
export function serverlessMemoryMB(
  sizedMB: number | undefined,
  sizes: readonly number[] = SERVERLESS_DEFAULTS.memorySizesMB,
): number {
  const wanted = sizedMB ?? 0;
  const fitting = sizes.filter((mb) => mb >= wanted);
  return fitting.length > 0 ? Math.min(...fitting) : Math.max(...sizes);
}

export function deployServerless(ctx: Context): void {
  const memory = serverlessMemoryMB(ctx.placement.memorySizeMB, ctx.serverless.memorySizesMB);
  const concurrency = clamp(Math.round(ctx.placement.maxConcurrency ?? 1), 1, ctx.serverless.maxConcurrency);
  // ProvisionedConcurrency must be at most MaxConcurrency (API_ProductionVariantServerlessConfig).
  const warm = ctx.placement.provisionedConcurrency;
  const provisioned = warm ? { ProvisionedConcurrency: clamp(warm, 1, concurrency) } : {};
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
            ServerlessConfig: { MemorySizeInMB: memory, MaxConcurrency: concurrency, ...provisioned },
          },
        ],
      },
    });
    createEndpoint(ctx, ctx.names.endpoint(i), ctx.names.config(i));
  }
  ctx.notes.push(
    warm
      ? `Each serverless endpoint keeps ${warm} concurrent invocation${warm === 1 ? "" : "s"} warm all month (ProvisionedConcurrency), so that requests do not wait out a cold start; requests beyond it scale on demand. Provisioned concurrency is billed while configured, used or not.`
      : "Serverless endpoints scale with requests on their own, down to zero; no Application Auto Scaling target is needed.",
  );
}

export function deploySingleModel(ctx: Context): void {
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
  const min = Math.min(count, perEndpointMinimum(ctx));
  for (let i = 1; i <= ctx.facts.models; i++) variantScaling(ctx, ctx.names.endpoint(i), min, count);
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

export function deployMultiModel(ctx: Context): void {
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
  // The floor keeps the models sizing counted on warm loaded (and the endpoint across Availability Zones).
  variantScaling(
    ctx,
    endpoint,
    Math.min(ctx.placement.instanceCount, perEndpointMinimum(ctx)),
    ctx.placement.instanceCount,
  );
  ctx.notes.push(
    `Upload each model's archive under the model data prefix; invoke with TargetModel set to its key relative to the prefix (e.g. "1/model.tar.gz").`,
  );
}
