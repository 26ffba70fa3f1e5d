import { z } from "zod";
import { OptionIdSchema } from "./ids.js";
import { IssueSchema } from "./issue.js";

/** One endpoint's placement as the audit compares it: today's, or hostfit's. */
export const AuditPlacementSchema = z.strictObject({
  option: OptionIdSchema,
  /** An instance type, or `serverless-<MB>mb` for a serverless endpoint's memory size. */
  instanceType: z.string(),
  instanceCount: z.number().int(),
  monthlyCostUsd: z.number(),
});
export type AuditPlacement = z.infer<typeof AuditPlacementSchema>;

/** Where a workload's traffic came from: the workload file, or the CloudWatch export (`--metrics`). */
export const AuditTrafficSchema = z.strictObject({
  workload: z.string(),
  /** The figures the audit sized with, and where each came from. */
  peakRps: z.number(),
  peakRpsFrom: z.enum(["file", "metrics"]),
  requestsPerDay: z.number(),
  requestsPerDayFrom: z.enum(["file", "metrics"]),
  /** What CloudWatch measured on the endpoint (all its workloads), where an export was given. */
  measured: z
    .strictObject({
      peakRps: z.number().optional(),
      requestsPerDay: z.number().optional(),
      /** ModelLatency's mean (ms). */
      modelLatencyMs: z.number().optional(),
    })
    .optional(),
});
export type AuditTraffic = z.infer<typeof AuditTrafficSchema>;

export const AuditEndpointSchema = z.strictObject({
  endpoint: z.string(),
  /** The workloads the endpoint hosts (README "Auditing what you run": how they are matched). */
  workloads: z.array(z.string()),
  current: AuditPlacementSchema,
  /**
   * hostfit's placement: the recommendation of the endpoint's one workload, or the fleet plan of its several; a plan
   * that splits them over several endpoints lists each in `endpoints`, and the top-level fields are its costliest.
   */
  recommended: AuditPlacementSchema.extend({
    endpoints: z
      .array(
        z.strictObject({
          option: OptionIdSchema,
          instanceType: z.string(),
          instanceCount: z.number().int(),
          monthlyCostUsd: z.number(),
          workloads: z.array(z.string()),
        }),
      )
      .optional(),
  }),
  action: z.enum(["keep", "change"]),
  /** Today's cost less the recommendation's (negative where the recommendation costs more). */
  monthlySavingsUsd: z.number(),
  why: z.string(),
  traffic: z.array(AuditTrafficSchema),
  /** The SageMaker and Application Auto Scaling requests that create the recommended placement (a change only). */
  requests: z.array(z.unknown()).optional(),
});
export type AuditEndpoint = z.infer<typeof AuditEndpointSchema>;

export const AuditSchema = z.strictObject({
  version: z.literal(1),
  catalog: z.strictObject({ id: z.string(), asOf: z.string() }),
  endpoints: z.array(AuditEndpointSchema),
  /** Endpoints that could not be audited (no workload describes them, no config, nothing feasible), and why. */
  unauditedEndpoints: z.array(z.strictObject({ endpoint: z.string(), reason: z.string() })),
  /** Valid workloads that match no endpoint of the account. */
  unmatchedWorkloads: z.array(z.strictObject({ workload: z.string(), reason: z.string() })),
  totals: z.strictObject({
    currentMonthlyCostUsd: z.number(),
    /** The audited endpoints after the changes: the recommendation where the action is change, today's where keep. */
    recommendedMonthlyCostUsd: z.number(),
    monthlySavingsUsd: z.number(),
  }),
  /** Files and workloads that could not be read; the rest were audited. */
  issues: z.array(IssueSchema),
});
export type Audit = z.infer<typeof AuditSchema>;
