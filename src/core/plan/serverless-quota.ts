import type { Workload } from "../../schema/workload.js";
import type { Candidate } from "../sizing/context.js";
import type { Assessment } from "../assess/assess.js";
import { peakInFlight, type Load } from "../sizing/traffic.js";

// The Region's serverless quota: which placeable workloads keep serverless when more want it than it allows.

/** An option's assessment that found a candidate. */
export type Feasible = Assessment & { candidate: Candidate };

/** A placeable workload before the Region's serverless quota decides which of them keep serverless. */
export interface Candidacy {
  readonly workload: Workload;
  readonly load: Load;
  readonly assessments: readonly Assessment[];
  /** Its feasible options by score (the individual baseline) and by cost (the plan), each non-empty. */
  readonly ranked: readonly Feasible[];
  readonly byCost: readonly Feasible[];
}

/** Which workloads keep serverless, first choice though it is for more models than the Region allows. */
export interface ServerlessShare {
  readonly kept: ReadonlySet<Candidacy>;
  /** Workloads with no option but serverless beyond the quota: they cannot be placed. */
  readonly stranded: readonly Candidacy[];
}

const byName = (x: Candidacy, y: Candidacy) =>
  x.workload.name < y.workload.name ? -1 : x.workload.name > y.workload.name ? 1 : 0;

/** The Region's serverless limits a plan keeps: endpoints (one a model), and requests in flight across them. */
export interface ServerlessQuota {
  readonly endpoints: number;
  readonly concurrency: number;
}

// What a workload takes of the quota on serverless: its models' endpoints, and its requests in flight at peak.
export function serverlessClaim(c: Candidacy): ServerlessQuota {
  const serverless = c.byCost.find((a) => a.option === "serverless")!;
  return { endpoints: c.workload.model.count, concurrency: peakInFlight(c.load, serverless.candidate.p50Ms) };
}

/**
 * Shares out the Region's serverless quota among the workloads whose first choice is serverless: first to those
 * with no other option, by name (beyond the quota they are stranded), then to the others by what keeping serverless
 * is worth a model (`worth`, ties by name), each while its claim fits in what is left and keeping serverless is
 * worth more a model than a slot (`slotUsd`).
 */
export function shareServerless(
  first: readonly Candidacy[],
  quota: ServerlessQuota,
  worth: (c: Candidacy) => number,
  slotUsd = 0,
): ServerlessShare {
  const kept = new Set<Candidacy>();
  const stranded: Candidacy[] = [];
  let { endpoints, concurrency } = quota;
  const take = (c: Candidacy): boolean => {
    const claim = serverlessClaim(c);
    if (claim.endpoints > endpoints || claim.concurrency > concurrency) return false;
    endpoints -= claim.endpoints;
    concurrency -= claim.concurrency;
    kept.add(c);
    return true;
  };
  for (const c of first.filter((x) => x.byCost.length === 1).sort(byName)) if (!take(c)) stranded.push(c);
  const perModel = (c: Candidacy) => worth(c) / c.workload.model.count;
  for (const c of first.filter((x) => x.byCost.length > 1).sort((x, y) => perModel(y) - perModel(x) || byName(x, y)))
    if (perModel(c) > slotUsd) take(c);
  return { kept, stranded };
}

// A workload's choice among its options in order of preference, serverless only where it keeps a Region slot.
export function choiceOf(c: Candidacy, order: readonly Feasible[], share: ServerlessShare): Feasible {
  return order.find((a) => a.option !== "serverless" || share.kept.has(c))!;
}
