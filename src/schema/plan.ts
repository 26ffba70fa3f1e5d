import { z } from "zod";
import { CommitmentSchema, OptionIdSchema } from "./ids.js";
import { IssueSchema } from "./issue.js";

/** One shared (or dedicated) endpoint of a fleet plan. */
export const FleetEndpointSchema = z.strictObject({
  id: z.string(),
  option: OptionIdSchema,
  instanceType: z.string(),
  instanceCount: z.number(),
  /** Workload names hosted here; a workload with count N stands for N models and is listed once. */
  workloads: z.array(z.string()),
  /** Models hosted (the sum of the workloads' counts). */
  models: z.number().int(),
  monthlyCostUsd: z.number(),
  why: z.string(),
  /**
   * The SageMaker endpoints this entry is, as AWS counts them (and deploy creates them): one per model on the
   * options that host one model each, one for a shared endpoint, none for batch transform's jobs.
   */
  sagemakerEndpoints: z.number().int().optional(),
  /** Whether the cost rests on a price read from AWS's price list (false: an estimate). */
  priceConfirmed: z.boolean().optional(),
  /** At a commitment: whether the cost is at the Savings Plans rate or on-demand (serverless, or no rate imported). */
  rate: z.enum(["savings-plan", "on-demand"]).optional(),
});
export type FleetEndpoint = z.infer<typeof FleetEndpointSchema>;

export const FleetTotalsSchema = z.strictObject({
  /** The plan: the sum over endpoints. */
  monthlyCostUsd: z.number(),
  /** Each model on its own real-time endpoint (the seeds' baseline). */
  dedicatedMonthlyCostUsd: z.number(),
  /** Each workload alone on its own best option. */
  individualMonthlyCostUsd: z.number(),
  /** Saving against dedicated, in percent. */
  savingsPct: z.number(),
  /** A proven lower bound on any plan's cost. */
  lowerBoundMonthlyCostUsd: z.number(),
  /** SageMaker endpoints the plan creates, as AWS counts them (the sum of the entries'). */
  sagemakerEndpoints: z.number().int().optional(),
  /**
   * Serverless endpoints of the Region's quota the plan spends, and each baseline; a plan is weighed by its cost
   * plus what each is worth a month (`serverlessEndpointUsd`, rules/sizing.yaml plan), so it may cost a little more
   * than a baseline that spends more of them.
   */
  serverlessEndpoints: z.number().int().optional(),
  individualServerlessEndpoints: z.number().int().optional(),
  dedicatedServerlessEndpoints: z.number().int().optional(),
  serverlessEndpointUsd: z.number().optional(),
  /** At a commitment: the commitment every total above is priced at (each endpoint's `rate` says where it applies). */
  commitment: CommitmentSchema.optional(),
  /** At a commitment: what the plan hostfit makes on-demand costs, beside `monthlyCostUsd` at the commitment. */
  onDemandMonthlyCostUsd: z.number().optional(),
  /** At a commitment: the Savings Plans price list file the rates come from, and its date. */
  ratesSource: z.string().optional(),
  ratesAsOf: z.string().optional(),
});

export const FleetPlanSchema = z.strictObject({
  version: z.literal(1),
  catalog: z.strictObject({
    id: z.string(),
    asOf: z.string(),
    /** The Region whose prices the plan used, when --region (or the region option) chose one. */
    region: z.string().optional(),
  }),
  endpoints: z.array(FleetEndpointSchema),
  unplaced: z.array(z.strictObject({ workload: z.string(), reason: z.string() })),
  totals: FleetTotalsSchema,
  /** Workloads that could not be read; they are neither placed nor unplaced. */
  issues: z.array(IssueSchema),
});
export type FleetPlan = z.infer<typeof FleetPlanSchema>;
