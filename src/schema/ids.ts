import { z } from "zod";

/** The six SageMaker hosting options, in the order DESIGN.md lists them. */
export const OPTION_IDS = [
  "serverless",
  "single-model",
  "multi-model",
  "inference-components",
  "async",
  "batch-transform",
] as const;
export const OptionIdSchema = z.enum(OPTION_IDS);
export type OptionId = z.infer<typeof OptionIdSchema>;

/** The five fitness functions of the seeds' spider chart. */
export const FITNESS_IDS = ["modelSize", "latency", "isolation", "cost", "scalability"] as const;
export const FitnessIdSchema = z.enum(FITNESS_IDS);
export type FitnessId = z.infer<typeof FitnessIdSchema>;

/** Isolation levels, weakest first; the index is the strength. */
export const ISOLATION_LEVELS = ["shared", "container", "instance"] as const;
export const IsolationLevelSchema = z.enum(ISOLATION_LEVELS);
export type IsolationLevel = z.infer<typeof IsolationLevelSchema>;

export const TRAFFIC_PATTERNS = ["steady", "diurnal", "scheduled", "intermittent", "spiky", "offline"] as const;
export const TrafficPatternSchema = z.enum(TRAFFIC_PATTERNS);
export type TrafficPattern = z.infer<typeof TrafficPatternSchema>;

export const PROFILE_IDS = ["balanced", "latency-first", "cost-first", "isolation-first", "scalability-first"] as const;
export const ProfileIdSchema = z.enum(PROFILE_IDS);
export type ProfileId = z.infer<typeof ProfileIdSchema>;

export const PRECISIONS = ["fp32", "bf16", "fp16", "fp8", "int8", "int4"] as const;
export const PrecisionSchema = z.enum(PRECISIONS);
export type Precision = z.infer<typeof PrecisionSchema>;

export const MODEL_KINDS = ["llm", "encoder", "vision", "diffusion", "speech", "tabular", "other"] as const;
export const ModelKindSchema = z.enum(MODEL_KINDS);
export type ModelKind = z.infer<typeof ModelKindSchema>;

export const FRAMEWORKS = ["pytorch", "tensorflow", "xgboost", "sklearn", "onnx", "other"] as const;
export const FrameworkSchema = z.enum(FRAMEWORKS);
export type Framework = z.infer<typeof FrameworkSchema>;

/** Kinds of compute an instance offers; `cpu` means no accelerator. */
export const ACCELERATOR_KINDS = ["cpu", "gpu", "inferentia", "trainium"] as const;
export const AcceleratorKindSchema = z.enum(ACCELERATOR_KINDS);
export type AcceleratorKind = z.infer<typeof AcceleratorKindSchema>;

/** The links tensor parallelism runs over between the devices of one copy. */
export const INTERCONNECTS = ["nvlink", "pcie", "neuronlink"] as const;
export const InterconnectSchema = z.enum(INTERCONNECTS);
export type Interconnect = z.infer<typeof InterconnectSchema>;

/**
 * How instance-hours are paid: on-demand, or at a SageMaker (Machine Learning) Savings Plans rate for a 1- or 3-year
 * term paid with no, part or all of it upfront.
 */
export const COMMITMENTS = [
  "on-demand",
  "1y-no-upfront",
  "1y-partial-upfront",
  "1y-all-upfront",
  "3y-no-upfront",
  "3y-partial-upfront",
  "3y-all-upfront",
] as const;
export const CommitmentSchema = z.enum(COMMITMENTS);
export type Commitment = z.infer<typeof CommitmentSchema>;
/** The six Savings Plans commitments (every commitment but on-demand). */
export const SAVINGS_PLAN_COMMITMENTS = COMMITMENTS.filter(
  (c): c is Exclude<Commitment, "on-demand"> => c !== "on-demand",
);
export type SavingsPlanCommitment = (typeof SAVINGS_PLAN_COMMITMENTS)[number];

/** An AWS Region code such as us-east-1 or ap-southeast-2. */
export const RegionSchema = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "an AWS Region code such as eu-west-1");
