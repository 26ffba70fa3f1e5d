/** Deployer for batch transform: one transform job per model, with payload and concurrency within the API limits. */
import { notDeployable, type Context } from "./context.js";
import { container, createModel } from "./sagemaker.js";
import type { DeployRules } from "../schema/rules.js";
import { DEPLOY_RULES_DEFAULTS } from "./defaults.js";

const MIB = 2 ** 20;

/**
 * Batch payload and concurrency: each record must fit MaxPayloadInMB, and MaxConcurrentTransforms x MaxPayloadInMB
 * must stay within the same limit (100 MB). Concurrency aims at one request per model copy (AWS: "the number of
 * workers"); the payload is the default 6 MB unless records are larger, and a MultiRecord mini-batch no more than a
 * copy finishes within its share of the longest invocation timeout, so a slow one still completes.
 * @returns null when one record is over the limit.
 */
export function batchLimits(
  requestBytes: number | null,
  copiesPerInstance: number,
  copyRps = Infinity,
  rules: DeployRules["batch"] = DEPLOY_RULES_DEFAULTS.batch,
): { maxPayloadInMB: number; maxConcurrentTransforms: number; invocationS: number } | null {
  const limitMB = rules.payloadMB.max;
  const recordMB = requestBytes === null ? 1 : Math.max(1, Math.ceil(requestBytes / MIB));
  if (recordMB > limitMB) return null;
  const wanted = Math.max(1, copiesPerInstance);
  // A MultiRecord mini-batch is one invocation: as many records as a copy finishes within the time allowed.
  const recordBytes = requestBytes ?? MIB;
  const withinTimeMB = Math.floor((copyRps * rules.invocationTimeoutS.max * rules.invocationShare * recordBytes) / MIB);
  const maxPayloadInMB = Math.max(
    recordMB,
    Math.min(rules.payloadMB.default!, Math.floor(limitMB / wanted), withinTimeMB),
  );
  const maxConcurrentTransforms = Math.max(1, Math.min(wanted, Math.floor(limitMB / maxPayloadInMB)));
  const records = (maxPayloadInMB * MIB) / recordBytes;
  return { maxPayloadInMB, maxConcurrentTransforms, invocationS: copyRps > 0 ? records / copyRps : Infinity };
}

export function deployBatch(ctx: Context): void {
  const copies = Math.max(1, ctx.placement.copiesPerInstance);
  const rules = ctx.limits.batch;
  const limits = batchLimits(
    ctx.facts.requestBytes,
    ctx.placement.copiesPerInstance,
    ctx.estimates.throughputRpsPerInstance / copies,
    rules,
  );
  if (!limits) {
    throw notDeployable(
      "payload.request",
      `a ${Math.ceil((ctx.facts.requestBytes ?? 0) / MIB)} MB record is over batch transform's ${rules.payloadMB.max} MB MaxPayloadInMB`,
      `split records so each is at most ${rules.payloadMB.max} MB`,
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
        // Twice the time a mini-batch takes, within the API's limit (a minute at least); the rules' retries.
        ModelClientConfig: {
          InvocationsTimeoutInSeconds: Math.min(
            rules.invocationTimeoutS.max,
            Math.max(60, Math.ceil(2 * limits.invocationS)),
          ),
          InvocationsMaxRetries: rules.retries,
        },
        BatchStrategy: "MultiRecord",
        TransformInput: {
          DataSource: {
            S3DataSource: { S3DataType: "S3Prefix", S3Uri: ctx.facts.models > 1 ? `${input}/${i}/` : `${input}/` },
          },
          SplitType: "Line",
        },
        TransformOutput: { S3OutputPath: `${output}/${job}/`, AssembleWith: "Line" },
        TransformResources: {
          InstanceType: ctx.placement.instanceType,
          InstanceCount: ctx.placement.instanceCount,
        },
      },
    });
  }
  ctx.notes.push("Transform job names are unique per account and Region: rename the job for each run.");
}
