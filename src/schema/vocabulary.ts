/**
 * The fixed vocabularies (ids, levels, limit names) and constants the core reads, as plain arrays without zod: the
 * core imports its values from here, so that a bundle of it (the explorer page, `hostfit explore`) carries no zod.
 * The schemas in ids.ts, rules.ts and quotas.ts build their enums from these and re-export them.
 */

/** The six SageMaker hosting options, in the order DESIGN.md lists them. */
export const OPTION_IDS = [
  "serverless",
  "single-model",
  "multi-model",
  "inference-components",
  "async",
  "batch-transform",
] as const;
/** The five fitness functions of the seeds' spider chart. */
export const FITNESS_IDS = ["modelSize", "latency", "isolation", "cost", "scalability"] as const;
/** Isolation levels, weakest first; the index is the strength. */
export const ISOLATION_LEVELS = ["shared", "container", "instance"] as const;
export const TRAFFIC_PATTERNS = ["steady", "diurnal", "scheduled", "intermittent", "spiky", "offline"] as const;
export const PROFILE_IDS = ["balanced", "latency-first", "cost-first", "isolation-first", "scalability-first"] as const;
export const PRECISIONS = ["fp32", "bf16", "fp16", "fp8", "int8", "int4"] as const;
export const MODEL_KINDS = ["llm", "encoder", "vision", "diffusion", "speech", "tabular", "other"] as const;
export const FRAMEWORKS = ["pytorch", "tensorflow", "xgboost", "sklearn", "onnx", "other"] as const;
/** Kinds of compute an instance offers; `cpu` means no accelerator. */
export const ACCELERATOR_KINDS = ["cpu", "gpu", "inferentia", "trainium"] as const;
/** The links tensor parallelism runs over between the devices of one copy. */
export const INTERCONNECTS = ["nvlink", "pcie", "neuronlink"] as const;

/** The limits an option declares, in the order the constraint expressions read them. */
export const LIMIT_KEYS = [
  "requestBytes",
  "responseBytes",
  "processingMs",
  "memoryGiB",
  "concurrency",
  "endpoints",
  "regionConcurrency",
  "isolation",
  "streaming",
  "networkIsolation",
  "accelerators",
  "synchronous",
  "requestStream",
] as const;

/** SageMaker's quotas page: the per-instance-type quotas, viewed and raised in Service Quotas. */
export const QUOTAS_DOC = "https://docs.aws.amazon.com/sagemaker/latest/dg/regions-quotas.html";
