import { HostfitError } from "../../schema/errors.js";
import type { Commitment } from "../../schema/ids.js";
import type { FleetPlan } from "../../schema/plan.js";
import type { Workload } from "../../schema/workload.js";
import { commitmentOf, onDemandReason, type CommittedPricing } from "../sizing/prices.js";

/**
 * The one commitment a fleet is priced at (shared endpoints pay for one account's instance-hours): the run's, else
 * the one its workloads name, on-demand where none does.
 * @throws HostfitError (code invalid-input) when workloads name different commitments and the run sets none.
 */
export function fleetCommitment(workloads: readonly Workload[], run?: Commitment): Commitment {
  if (run !== undefined) return run;
  const named = [...new Set(workloads.map((w) => commitmentOf(w)))].sort();
  if (named.length <= 1) return named[0] ?? "on-demand";
  const first = workloads.findIndex((w) => commitmentOf(w) !== commitmentOf(workloads[0]!));
  throw new HostfitError("invalid-input", [
    {
      code: "invalid-value",
      path: `workloads[${first}].pricing.commitment`,
      message: `the workloads name different commitments (${named.join(", ")}); a plan prices its shared endpoints at one`,
      hint: "give them all one pricing.commitment, or set it for the run: --commitment ID, or pricing: { commitment: ID } in hostfit.config.yaml",
    },
  ]);
}

/**
 * A plan made at a commitment, with the plan made on-demand beside it: each endpoint says which rate its cost uses,
 * and the totals give both monthly costs.
 */
export function withOnDemand(plan: FleetPlan, onDemand: FleetPlan, pricing: CommittedPricing): FleetPlan {
  return {
    ...plan,
    endpoints: plan.endpoints.map((e) => ({
      ...e,
      rate:
        onDemandReason(pricing, e.instanceType, e.option === "serverless") === undefined ? "savings-plan" : "on-demand",
    })),
    totals: {
      ...plan.totals,
      commitment: pricing.commitment,
      onDemandMonthlyCostUsd: onDemand.totals.monthlyCostUsd,
      ...(pricing.source !== undefined ? { ratesSource: pricing.source, ratesAsOf: pricing.asOf! } : {}),
    },
  };
}
