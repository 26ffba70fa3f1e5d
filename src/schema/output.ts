import { z } from "zod";
import { CommitmentSchema, FITNESS_IDS, OptionIdSchema } from "./ids.js";
import { IssueSchema } from "./issue.js";

const Score = z.number().min(0).max(1);

export const FitnessScoresSchema = z.strictObject(
  Object.fromEntries(FITNESS_IDS.map((f) => [f, Score])) as Record<(typeof FITNESS_IDS)[number], typeof Score>,
);
export type FitnessScores = z.infer<typeof FitnessScoresSchema>;

/** A failed hard limit, with the operands that failed it. */
export const ViolationSchema = z.strictObject({
  rule: z.string(),
  limit: z.number().nullable(),
  actual: z.number().nullable(),
  unit: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  source: z.string().optional(),
});
export type Violation = z.infer<typeof ViolationSchema>;

export const PlacementSchema = z.strictObject({
  instanceType: z.string(),
  instanceCount: z.number(),
  acceleratorsPerCopy: z.number().int(),
  copiesPerInstance: z.number().int(),
  /** Instance options: the largest batch (for LLMs, sequences decoding together) one copy runs, which sizing counts on. */
  batchPerCopy: z.number().int().optional(),
  /** Serverless only: the memory size configured (MB) and the concurrency limit. */
  memorySizeMB: z.number().int().optional(),
  maxConcurrency: z.number().int().optional(),
  /** Serverless only: concurrency kept warm all month where cold starts are not tolerated (ProvisionedConcurrency). */
  provisionedConcurrency: z.number().int().optional(),
  /** Whether the option rests at zero capacity between bursts. */
  scalesToZero: z.boolean(),
  /** Instance options: instances each endpoint keeps at least (availability, warm models); 0 where it rests at zero. */
  minInstances: z.number().int().optional(),
});
export type Placement = z.infer<typeof PlacementSchema>;

/**
 * Which rate a committed workload's costs use (present only when the workload is priced at a Savings Plans
 * commitment): the commitment asked for, whether this cost is at its rate or on-demand (and why), and what the same
 * placement costs on-demand.
 */
export const RatePricingSchema = z.strictObject({
  commitment: CommitmentSchema,
  rate: z.enum(["savings-plan", "on-demand"]),
  /** The rate the monthly cost uses and the on-demand rate of the instance type (USD per instance-hour); absent for serverless. */
  hourlyUsd: z.number().optional(),
  onDemandHourlyUsd: z.number().optional(),
  /** The same placement's monthly cost at on-demand prices. */
  onDemandMonthlyCostUsd: z.number(),
  /** The Savings Plans price list file the rate comes from, and its date. */
  source: z.string().optional(),
  asOf: z.string().optional(),
  /** Why the cost is on-demand though a commitment was asked for. */
  reason: z.string().optional(),
});
export type RatePricing = z.infer<typeof RatePricingSchema>;

/** The winner's monthly cost in one Region the workload allows (`constraints.regions`), at the same placement. */
export const RegionCostSchema = z.strictObject({
  region: z.string(),
  /** The monthly cost there, or null where its prices were not imported or it lacks the instance type. */
  monthlyCostUsd: z.number().nullable(),
  /** The prices' date there. */
  asOf: z.string().optional(),
  reason: z.string().optional(),
});
export type RegionCost = z.infer<typeof RegionCostSchema>;

export const EstimatesSchema = z.strictObject({
  monthlyCostUsd: z.number(),
  costPerMillionRequestsUsd: z.number(),
  /** At peak, as users see it: cold starts included where more than 5% of requests meet one (half, for the p50). */
  latencyMs: z.strictObject({ p50: z.number(), p95: z.number() }),
  /**
   * At peak on warm capacity: what the latency target is held to (cold starts have their own tolerance). Always
   * given since December 2026; optional so that earlier outputs still read.
   */
  warmLatencyMs: z.strictObject({ p50: z.number(), p95: z.number() }).optional(),
  /** LLMs: the first token at peak load, prefills queued ahead of it included (without streaming: the whole response). */
  ttftMs: z.number().optional(),
  /** LLMs: the time between tokens at peak load. */
  perTokenMs: z.number().optional(),
  /** LLMs: where the token figures may fall, from the calibration errors of the hardware family ([low, high], ms). */
  range: z
    .strictObject({ perTokenMs: z.tuple([z.number(), z.number()]), ttftMs: z.tuple([z.number(), z.number()]) })
    .optional(),
  coldStartS: z.number(),
  coldFraction: z.number(),
  memoryGiB: z.number(),
  throughputRpsPerInstance: z.number(),
  requestsPerMonth: z.number(),
  priceConfirmed: z.boolean(),
  /** Which rate the cost uses, when the workload is priced at a Savings Plans commitment (absent on-demand). */
  pricing: RatePricingSchema.optional(),
});
export type Estimates = z.infer<typeof EstimatesSchema>;

export const RankedOptionSchema = z.strictObject({
  option: OptionIdSchema,
  rank: z.number().int().positive().nullable(),
  feasible: z.boolean(),
  score: Score.nullable(),
  fitness: FitnessScoresSchema.optional(),
  placement: PlacementSchema.optional(),
  estimates: EstimatesSchema.optional(),
  tradeoffs: z.array(z.string()),
  violations: z.array(ViolationSchema),
});
export type RankedOption = z.infer<typeof RankedOptionSchema>;

export const SensitivitySchema = z.strictObject({
  input: z.string(),
  flipsAt: z.number(),
  direction: z.enum(["below", "above"]),
  to: OptionIdSchema.nullable(),
  message: z.string(),
});
export type Sensitivity = z.infer<typeof SensitivitySchema>;

/** Monthly cost of each feasible option as the request volume varies, everything else held fixed. */
export const CostCurveSchema = z.strictObject({
  /** The volumes sampled (requests per day), ascending; the workload's own volume is among them. */
  requestsPerDay: z.array(z.number()),
  series: z.array(
    z.strictObject({
      option: OptionIdSchema,
      /** Monthly cost at each volume; null where the option is infeasible at that volume. */
      monthlyCostUsd: z.array(z.number().nullable()),
    }),
  ),
});
export type CostCurve = z.infer<typeof CostCurveSchema>;

/** The request volume at which the two cheapest options cost the same. */
export const BreakEvenSchema = z.strictObject({
  options: z.tuple([OptionIdSchema, OptionIdSchema]),
  /** Requests per day where their monthly costs cross; null when they do not cross in the range searched. */
  requestsPerDay: z.number().nullable(),
  message: z.string(),
});
export type BreakEven = z.infer<typeof BreakEvenSchema>;

export const RankedResultSchema = z.strictObject({
  workload: z.string(),
  ok: z.literal(true),
  recommendation: OptionIdSchema.nullable(),
  summary: z.string(),
  /** What the estimates take for granted that the workload does not say (present when there is any). */
  assumptions: z.array(z.string()).optional(),
  sensitivity: z.array(SensitivitySchema),
  breakEven: BreakEvenSchema.nullable().optional(),
  costCurve: CostCurveSchema.optional(),
  /** With constraints.regions: the winner's monthly cost in each Region listed, cheapest first (nulls last). */
  regions: z.array(RegionCostSchema).optional(),
  ranking: z.array(RankedOptionSchema),
});
export type RankedResult = z.infer<typeof RankedResultSchema>;

export const FailedResultSchema = z.strictObject({
  workload: z.string().nullable(),
  ok: z.literal(false),
  issues: z.array(IssueSchema),
});
export type FailedResult = z.infer<typeof FailedResultSchema>;

export const ResultSchema = z.discriminatedUnion("ok", [RankedResultSchema, FailedResultSchema]);
export type Result = z.infer<typeof ResultSchema>;

export const OutputSchema = z.strictObject({
  version: z.literal(1),
  catalog: z.strictObject({
    id: z.string(),
    asOf: z.string(),
    /** The Region whose prices the run used, when --region (or the region option) chose one. */
    region: z.string().optional(),
  }),
  results: z.array(ResultSchema),
  summary: z.strictObject({
    workloads: z.number().int(),
    ok: z.number().int(),
    failed: z.number().int(),
    infeasible: z.number().int(),
  }),
});
export type Output = z.infer<typeof OutputSchema>;
