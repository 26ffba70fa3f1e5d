/**
 * Today's placement priced with hostfit's own catalog and cost model, by the formulas a recommendation is priced
 * with: instances bill their hourly price every hour of the month (rules billing.hoursPerMonth), serverless its
 * compute time at its memory size (and any provisioned concurrency), and both the data processed. Pure.
 */
import { budgetFor } from "../core/sizing/budget.js";
import { sizingContext } from "../core/sizing/context.js";
import { dataProcessingUsd } from "../core/sizing/option-fleet.js";
import { serverlessAt, serverlessColdness } from "../core/sizing/serverless.js";
import type { Knowledge } from "../core/types.js";
import type { Workload } from "../schema/workload.js";
import type { CurrentPlacement } from "./current.js";

/** Today's monthly cost, or why it cannot be priced. */
export type CurrentCost =
  | { readonly ok: true; readonly monthlyCostUsd: number; readonly priceConfirmed: boolean }
  | { readonly ok: false; readonly reason: string };

/**
 * Prices what an endpoint runs today for the workloads it hosts. Instance options are billed as they stand: every
 * instance all month (the describe-* outputs do not show autoscaling, so an endpoint that scales in bills less than
 * this), plus the data its requests process. A serverless endpoint bills each request's compute time at its memory
 * size, estimated as sizing estimates it, plus its provisioned concurrency all month.
 */
export function priceCurrent(
  placement: CurrentPlacement,
  workloads: readonly Workload[],
  knowledge: Knowledge,
): CurrentCost {
  const contexts = workloads.map((w) => sizingContext(w, knowledge));
  if (placement.option === "serverless") {
    const option = knowledge.rules.options.serverless;
    const k = knowledge.catalog.serverless.memorySizesMB.indexOf(placement.memorySizeMB ?? -1);
    if (k < 0)
      return {
        ok: false,
        reason: `its serverless memory size of ${placement.memorySizeMB} MB is none of the catalog's (${knowledge.catalog.serverless.memorySizesMB.join(", ")} MB)`,
      };
    let usd = 0;
    let confirmed = true;
    for (const ctx of contexts) {
      const at = serverlessAt(
        option,
        ctx,
        budgetFor(option, ctx),
        serverlessColdness(option, ctx),
        k,
        placement.provisionedConcurrency ?? 0,
      );
      if (!at) return { ok: false, reason: "the catalog has no serverless compute device" };
      usd += at.candidate.monthlyCostUsd;
      confirmed &&= at.candidate.priceConfirmed;
    }
    return { ok: true, monthlyCostUsd: usd, priceConfirmed: confirmed };
  }
  const instance = knowledge.catalog.instances.find((i) => i.instanceType === placement.instanceType);
  if (!instance)
    return {
      ok: false,
      reason: `${placement.instanceType} is not in the catalog; pass --catalog with a catalog that prices it`,
    };
  const hours = knowledge.rules.sizing.billing.hoursPerMonth;
  const dataUsd = contexts.reduce((n, ctx) => n + dataProcessingUsd(ctx), 0);
  return {
    ok: true,
    monthlyCostUsd: placement.instanceCount * instance.hourlyUsd * hours + dataUsd,
    priceConfirmed: instance.priceConfirmed,
  };
}
