import { z } from "zod";
import { LIMIT_KEYS } from "./vocabulary.js";
import {
  ACCELERATOR_KINDS,
  AcceleratorKindSchema,
  FITNESS_IDS,
  FRAMEWORKS,
  INTERCONNECTS,
  MODEL_KINDS,
  OPTION_IDS,
  PRECISIONS,
  PROFILE_IDS,
  TRAFFIC_PATTERNS,
} from "./ids.js";

const Url = z.string().regex(/^https:\/\/\S+$/, "an https:// URL");
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD");
const NonNegative = z.number().nonnegative().finite();
const Positive = z.number().positive().finite();
const Fraction = z.number().min(0).max(1);
/** A mathjs expression; compiled and checked at load. */
const Expression = z.string().min(1).max(2000);

// A family's calibration residuals as factors on an estimate: the low and high quantiles of measured / predicted.
const Factors = z
  .tuple([Positive, Positive])
  .refine(([low, high]) => low <= 1 && high >= 1, "a [low, high] pair of factors around 1");
const EstimateRangeSchema = z.strictObject({
  perTokenMs: Factors,
  ttftMs: Factors,
  /** The calibration rows behind the factors, per metric: a family with few says so. */
  rows: z.strictObject({ perTokenMs: z.number().int().nonnegative(), ttftMs: z.number().int().nonnegative() }),
});

export type EstimateRange = z.infer<typeof EstimateRangeSchema>;

/** Kinds whose request is one forward pass of a fixed size; LLMs, diffusion and speech are timed by their work. */
export const FORWARD_KINDS = MODEL_KINDS.filter(
  (k) => k !== "llm" && k !== "diffusion" && k !== "speech",
) as readonly Exclude<(typeof MODEL_KINDS)[number], "llm" | "diffusion" | "speech">[];

// How diffusion and speech requests are timed from their work (see core/sizing/work.ts).
const WorkModelSchema = z.strictObject({
  diffusion: z.strictObject({
    defaults: z.strictObject({
      steps: z.number().int().positive(),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      guidance: z.boolean(),
    }),
    latentDownsample: Positive,
    denoiserFlopsPerParameterPerLatentPixel: Positive,
    vaeDecodeFlopsPerPixel: NonNegative,
    vaeDecodeBytesPerPixel: NonNegative,
    activationBytesPerLatentPixel: NonNegative,
    computeEfficiency: record(ACCELERATOR_KINDS, Fraction),
    stepOverheadMsPerBillionParameters: NonNegative,
    overheadMs: NonNegative,
  }),
  speech: z.strictObject({
    defaults: z.strictObject({ audioSeconds: Positive }),
    windowSeconds: Positive,
    encoderPositions: z.number().int().positive(),
    encoderShare: Fraction,
    tokensPerAudioSecond: Positive,
    windowsPerBatch: z.number().int().positive(),
    beams: z.number().int().positive(),
    decodeStepOverheadMs: NonNegative,
    computeEfficiency: record(ACCELERATOR_KINDS, Fraction),
    overheadMs: NonNegative,
  }),
});
export type WorkModel = z.infer<typeof WorkModelSchema>;

function record<K extends readonly string[], V extends z.ZodType>(keys: K, value: V) {
  return z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as { [P in K[number]]: V });
}

export { LIMIT_KEYS };
export type LimitKey = (typeof LIMIT_KEYS)[number];

export const LimitSchema = z.strictObject({
  value: z.number().finite().nullable(),
  unit: z.enum(["B", "ms", "GiB", "count", "flag", "level"]),
  source: Url,
  note: z.string().optional(),
});
export type Limit = z.infer<typeof LimitSchema>;

export const OptionRulesSchema = z.strictObject({
  name: z.string().min(1),
  docs: Url,
  hosting: z.enum(["serverless", "instances"]),
  scaleToZero: z.boolean(),
  scaleFromZeroS: NonNegative.nullable(),
  idleReleaseS: NonNegative.nullable(),
  scalingSpeed: Fraction,
  perModelScaling: z.boolean(),
  modelsPerEndpoint: z.number().int().positive(),
  keepsWarmCapacity: z.boolean(),
  preferredParamsB: z.strictObject({ min: NonNegative, max: Positive }),
  overheadMs: NonNegative,
  limits: record(LIMIT_KEYS, LimitSchema),
});
export type OptionRules = z.infer<typeof OptionRulesSchema>;

export const OptionsFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  asOf: IsoDate,
  options: record(OPTION_IDS, OptionRulesSchema),
});

export const ConstraintSchema = z.strictObject({
  description: z.string().min(1),
  actual: Expression,
  op: z.enum(["<=", ">=", "<", ">", "=="]),
  limit: z.enum(LIMIT_KEYS),
  message: z.string().min(1),
  hint: z.string().min(1),
});
export type Constraint = z.infer<typeof ConstraintSchema>;

export const ConstraintsFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  constraints: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, "a kebab-case id"), ConstraintSchema),
});

export const FitnessRuleSchema = z.strictObject({
  description: z.string().min(1),
  terms: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, "an identifier"), Expression),
  expression: Expression,
  unit: z.string().min(1),
});
export type FitnessRule = z.infer<typeof FitnessRuleSchema>;

/** How a runner-up's trade-off sentence names a fitness score above or below the winner's. */
export const TradeoffPhraseSchema = z.strictObject({
  fitness: z.enum(FITNESS_IDS),
  /** Said only when the scores differ by more than this. */
  margin: z.number().min(0).max(1),
  /** The phrase when the runner-up scores higher, and when it scores lower; either may be left out. */
  gain: z.string().min(1).optional(),
  loss: z.string().min(1).optional(),
});
export type TradeoffPhrase = z.infer<typeof TradeoffPhraseSchema>;

export const FitnessFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  fitness: record(FITNESS_IDS, FitnessRuleSchema),
  tradeoffs: z.array(TradeoffPhraseSchema).default([]),
});

export const WeightsSchema = record(FITNESS_IDS, NonNegative);
export type Weights = z.infer<typeof WeightsSchema>;

export const ProfilesFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  profiles: record(PROFILE_IDS, WeightsSchema),
});

export const TrafficPatternRulesSchema = z.strictObject({
  peakToMean: z.number().min(1).finite(),
  activeHoursPerDay: z.number().positive().max(24),
  variability: Fraction,
  followsLoad: z.boolean(),
});
export const TrafficFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  patterns: record(TRAFFIC_PATTERNS, TrafficPatternRulesSchema),
});

const ByPrecision = record(PRECISIONS, Positive);

export const SizingSchema = z.strictObject({
  schemaVersion: z.literal(1),
  memory: z.strictObject({
    bytesPerParameter: ByPrecision,
    kvBytesPerElement: ByPrecision,
    deviceReserveFraction: Fraction,
    activationFraction: Fraction,
    runtimeOverheadGiB: NonNegative,
    hostReserveGiB: NonNegative,
    minContextTokens: z.number().int().positive(),
  }),
  architecture: z.strictObject({
    widthPerLayer: Positive,
    headDim: z.number().int().positive(),
    maxKvHeads: z.number().int().positive(),
  }),
  performance: z.strictObject({
    memoryEfficiency: record(ACCELERATOR_KINDS, Fraction),
    computeEfficiency: record(ACCELERATOR_KINDS, Fraction),
    decodeStepOverheadMs: record(ACCELERATOR_KINDS, NonNegative),
    weightOnlyQuantEfficiency: z.number().gt(0).max(1),
    prefillOverheadMs: record(ACCELERATOR_KINDS, NonNegative),
    forwardOverheadMs: record(ACCELERATOR_KINDS, NonNegative),
    collectiveLatencyUs: record(INTERCONNECTS, NonNegative),
    collectiveAlgorithm: record(INTERCONNECTS, z.enum(["ring", "tree"])),
    neuronServingStackMs: z.strictObject({ decodeStep: NonNegative, prefill: NonNegative }),
    workUnitsPerRequest: record(FORWARD_KINDS, Positive),
    cpuThreadsPerRequest: z.number().int().positive(),
    p95OverP50: z.number().min(1).finite(),
    targetUtilization: z.number().gt(0).max(1),
    maxBatch: z.number().int().positive(),
    llmMaxSequences: record(ACCELERATOR_KINDS, z.number().int().positive()),
    estimateRange: record(ACCELERATOR_KINDS, EstimateRangeSchema),
    clientBandwidthMBps: Positive,
  }),
  work: WorkModelSchema,
  availability: z.strictObject({
    minInstances: z.number().int().min(1).max(100),
    options: z.array(z.enum(OPTION_IDS)),
    source: Url,
  }),
  coldStart: z.strictObject({
    s3ThroughputMBps: Positive,
    loadThroughputMBps: Positive,
    containerStartS: NonNegative,
    mmeLoadOverheadS: NonNegative,
    zipfExponent: z.number().gt(0).max(3),
    mmeCacheFraction: Fraction,
    mmeToleratedColdShare: Fraction,
    mmeUntoleratedColdShare: Fraction,
  }),
  billing: z.strictObject({
    hoursPerMonth: Positive,
    daysPerMonth: Positive,
    batchJobMinimumS: NonNegative,
  }),
  /** Fleet planning: what a serverless endpoint of the Region's quota must save a month to be spent. */
  plan: z.strictObject({ serverlessEndpointUsd: NonNegative }),
  frameworks: record(
    FRAMEWORKS,
    z.strictObject({
      runsOn: z.array(AcceleratorKindSchema).min(1),
      source: Url.optional(),
      note: z.string().optional(),
    }),
  ),
});
export type Sizing = z.infer<typeof SizingSchema>;
export type TrafficRules = z.infer<typeof TrafficFileSchema>["patterns"];

// An API parameter's default and bounds, with the API reference that gives them.
const ApiRange = z
  .strictObject({
    default: Positive.optional(),
    min: Positive.optional(),
    max: Positive,
    source: Url,
  })
  .refine((r) => r.default === undefined || r.default <= r.max, "default at most max")
  .refine((r) => r.min === undefined || r.min <= r.max, "min at most max");

/** rules/deploy.yaml: what the deploy requests may ask of the APIs, and the margins kept within them. */
export const DeployRulesSchema = z.strictObject({
  schemaVersion: z.literal(1),
  asOf: IsoDate,
  async: z.strictObject({
    invocationTimeoutS: ApiRange.refine((r) => r.default !== undefined, "needs the default"),
    timeoutMargin: z.number().min(1).finite(),
  }),
  batch: z.strictObject({
    payloadMB: ApiRange.refine((r) => r.default !== undefined, "needs the default"),
    invocationTimeoutS: ApiRange,
    invocationShare: Fraction.refine((x) => x > 0, "above 0"),
    retries: z.number().int().min(0).max(3),
  }),
  containerStartup: z.strictObject({
    timeoutS: ApiRange.refine((r) => r.min !== undefined, "needs the min"),
    floorS: Positive,
  }),
});
export type DeployRules = z.infer<typeof DeployRulesSchema>;
