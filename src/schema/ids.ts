import { z } from "zod";
import * as vocabulary from "./vocabulary.js";

export {
  OPTION_IDS,
  FITNESS_IDS,
  ISOLATION_LEVELS,
  TRAFFIC_PATTERNS,
  PROFILE_IDS,
  PRECISIONS,
  MODEL_KINDS,
  FRAMEWORKS,
  ACCELERATOR_KINDS,
  INTERCONNECTS,
} from "./vocabulary.js";

export const OptionIdSchema = z.enum(vocabulary.OPTION_IDS);
export type OptionId = z.infer<typeof OptionIdSchema>;

export const FitnessIdSchema = z.enum(vocabulary.FITNESS_IDS);
export type FitnessId = z.infer<typeof FitnessIdSchema>;

export const IsolationLevelSchema = z.enum(vocabulary.ISOLATION_LEVELS);
export type IsolationLevel = z.infer<typeof IsolationLevelSchema>;

export const TrafficPatternSchema = z.enum(vocabulary.TRAFFIC_PATTERNS);
export type TrafficPattern = z.infer<typeof TrafficPatternSchema>;

export const ProfileIdSchema = z.enum(vocabulary.PROFILE_IDS);
export type ProfileId = z.infer<typeof ProfileIdSchema>;

export const PrecisionSchema = z.enum(vocabulary.PRECISIONS);
export type Precision = z.infer<typeof PrecisionSchema>;

export const ModelKindSchema = z.enum(vocabulary.MODEL_KINDS);
export type ModelKind = z.infer<typeof ModelKindSchema>;

export const FrameworkSchema = z.enum(vocabulary.FRAMEWORKS);
export type Framework = z.infer<typeof FrameworkSchema>;

export const AcceleratorKindSchema = z.enum(vocabulary.ACCELERATOR_KINDS);
export type AcceleratorKind = z.infer<typeof AcceleratorKindSchema>;

export const InterconnectSchema = z.enum(vocabulary.INTERCONNECTS);
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
