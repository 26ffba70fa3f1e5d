/** Deployer for batch transform: one transform job per model, with payload and concurrency within the API limits. */
import type { TransformInstanceType } from "@aws-sdk/client-sagemaker";
import { notDeployable, type Context } from "./context.js";
import { container, createModel } from "./sagemaker.js";

const BATCH_PAYLOAD_LIMIT_MB = 100; // MaxPayloadInMB <= 100 and MaxConcurrentTransforms x MaxPayloadInMB <= 100 (API)
const BATCH_DEFAULT_PAYLOAD_MB = 6;
const MIB = 2 ** 20;
// ModelClientConfig.InvocationsTimeoutInSeconds: 1-3600, default 600; InvocationsMaxRetries 0-3, default 3
// (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ModelClientConfig.html, read 2026-12-07).
const INVOCATION_TIMEOUT_MAX_S = 3600;
// A mini-batch is sized to finish in half the longest timeout, so a slow one still completes.
const INVOCATION_SHARE = 0.5;

/**
 * Batch payload and concurrency: each record must fit MaxPayloadInMB (at most 100), and MaxConcurrentTransforms x
 * MaxPayloadInMB must stay within 100. Concurrency aims at one request per model copy (AWS: "the number of
 * workers"); the payload is the default 6 MB unless records are larger.
 * @returns null when one record is over the 100 MB limit.
 */
export function batchLimits(
  requestBytes: number | null,
  copiesPerInstance: number,
  copyRps = Infinity,
): { maxPayloadInMB: number; maxConcurrentTransforms: number; invocationS: number } | null {
  const recordMB = requestBytes === null ? 1 : Math.max(1, Math.ceil(requestBytes / MIB));
  if (recordMB > BATCH_PAYLOAD_LIMIT_MB) return null;
  const wanted = Math.max(1, copiesPerInstance);
  // A MultiRecord mini-batch is one invocation: as many records as a copy finishes within the time allowed.
  const recordBytes = requestBytes ?? MIB;
  const withinTimeMB = Math.floor((copyRps * INVOCATION_TIMEOUT_MAX_S * INVOCATION_SHARE * recordBytes) / MIB);
  const maxPayloadInMB = Math.max(
    recordMB,
    Math.min(BATCH_DEFAULT_PAYLOAD_MB, Math.floor(BATCH_PAYLOAD_LIMIT_MB / wanted), withinTimeMB),
  );
  const maxConcurrentTransforms = Math.max(1, Math.min(wanted, Math.floor(BATCH_PAYLOAD_LIMIT_MB / maxPayloadInMB)));
  const records = (maxPayloadInMB * MIB) / recordBytes;
  return { maxPayloadInMB, maxConcurrentTransforms, invocationS: copyRps > 0 ? records / copyRps : Infinity };
}

export function deployBatch(ctx: Context): void {
  const copies = Math.max(1, ctx.placement.copiesPerInstance);
  const limits = batchLimits(
    ctx.facts.requestBytes,
    ctx.placement.copiesPerInstance,
    ctx.estimates.throughputRpsPerInstance / copies,
  );
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
        // Twice the time a mini-batch takes, within the API's hour; one retry, not the default three.
        ModelClientConfig: {
          InvocationsTimeoutInSeconds: Math.min(
            INVOCATION_TIMEOUT_MAX_S,
            Math.max(60, Math.ceil(2 * limits.invocationS)),
          ),
          InvocationsMaxRetries: 1,
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
          InstanceType: ctx.placement.instanceType as TransformInstanceType,
          InstanceCount: ctx.placement.instanceCount,
        },
      },
    });
  }
  ctx.notes.push("Transform job names are unique per account and Region: rename the job for each run.");
}
