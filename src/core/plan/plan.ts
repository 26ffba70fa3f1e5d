import type { ComputeDevice } from "../../schema/catalog.js";
import type { Commitment, OptionId } from "../../schema/ids.js";
import type { Issue } from "../../schema/issue.js";
import type { FleetEndpoint, FleetPlan } from "../../schema/plan.js";
import type { Workload } from "../../schema/workload.js";
import { catalogOf, pricedKnowledge } from "../sizing/prices.js";
import { lowerBound } from "./bound.js";
import { fleetCommitment, withOnDemand } from "./commitment.js";
import { globMatches } from "../glob.js";
import { feasible, type Member } from "./member.js";
import { assessOptions } from "../assess/assess.js";
import { scoreOptions, weightsFor } from "../assess/score.js";
import type { Knowledge } from "../types.js";
import { roundOutput } from "../units.js";
import { workloadFootprint } from "../sizing/measured.js";
import { aloneUsd, modelsOf, sumUsd, type Group } from "./group.js";
import { groupInferenceComponents } from "./inference-components.js";
import { groupMultiModel } from "./multi-model.js";
import {
  choiceOf,
  serverlessClaim,
  shareServerless,
  type Candidacy,
  type Feasible,
  type ServerlessQuota,
  type ServerlessShare,
} from "./serverless-quota.js";

/** Tuning of the grouping, from the seeds' guidance. */
export interface PlanOptions {
  /** Largest ratio between the biggest and smallest model sharing a multi-model endpoint (seeds: ~10x). */
  readonly maxSizeRatio?: number;
  /** Prices the fleet at this commitment, overriding the workloads' own `pricing.commitment`. */
  readonly commitment?: Commitment;
}

interface Baseline {
  readonly usd: number;
  readonly serverless: number;
}

/**
 * The two baselines a plan is held to, each with the serverless endpoints it spends: every workload alone on its
 * best option, and every model on its own real-time endpoint (else its cheapest option).
 */
function baselines(members: readonly Member[]): [Baseline, Baseline] {
  const models = (m: Member, on: boolean) => (on ? m.workload.model.count : 0);
  return [
    {
      usd: sumUsd(members, (m) => m.individualUsd),
      serverless: members.reduce((n, m) => n + models(m, m.best.option === "serverless"), 0),
    },
    {
      usd: sumUsd(members, (m) => m.dedicatedUsd),
      serverless: members.reduce((n, m) => n + models(m, m.dedicatedServerless), 0),
    },
  ];
}

// The models a grouping puts on serverless: each an endpoint of the Region's quota.
function serverlessModels(grouping: Grouping): number {
  return grouping.endpoints.reduce((n, [, g]) => n + (g.option === "serverless" ? modelsOf(g.members) : 0), 0);
}

function endpointFor(id: string, group: Group, knowledge: Knowledge): FleetEndpoint {
  const models = modelsOf(group.members);
  const sagemakerEndpoints =
    group.option === "batch-transform" ? 0 : knowledge.rules.options[group.option].modelsPerEndpoint === 1 ? models : 1;
  return {
    id,
    option: group.option,
    instanceType: group.candidate.instanceType,
    instanceCount: group.candidate.instanceCount,
    workloads: group.members.map((m) => m.workload.name),
    models: modelsOf(group.members),
    monthlyCostUsd: roundOutput(group.candidate.monthlyCostUsd),
    why: group.why,
    sagemakerEndpoints,
    priceConfirmed: group.candidate.priceConfirmed,
  };
}

function individualWhy(m: Member): string {
  const choice = m.movedOffServerless
    ? `its cheapest option but serverless (${m.alone.option}), since the Region's serverless endpoints go to other workloads`
    : m.alone.option === m.best.option
      ? `its best option (${m.best.option})`
      : `its cheapest feasible option (${m.alone.option}; recommended alone: ${m.best.option})`;
  if (m.workload.isolation === "instance") return `needs instance isolation: a dedicated endpoint on ${choice}`;
  return `alone on ${choice}; sharing would not be cheaper`;
}

/** A fleet's endpoints, by id, once each member's option alone is chosen, and what they cost. */
interface Grouping {
  readonly endpoints: readonly (readonly [string, Group])[];
  readonly usd: number;
}

const ID_MAX = 63;

/**
 * Endpoint ids of at most 63 characters, unique: an id cut to that length, or already taken, gets the first free
 * `-2`, `-3`... in place of its last characters (two long names that differ only past the cut stay apart).
 */
export function uniqueIds(ids: readonly string[]): string[] {
  const taken = new Set<string>();
  return ids.map((id) => {
    let unique = id.slice(0, ID_MAX);
    for (let n = 2; taken.has(unique); n++) unique = `${id.slice(0, ID_MAX - String(n).length - 1)}-${n}`;
    taken.add(unique);
    return unique;
  });
}

// The most workloads whose serverless shares a plan weighs both ways (see `planOnce`), for its time.
const BOTH_SHARES_UP_TO = 1000;

const SOLO_OPTIONS: readonly OptionId[] = ["serverless", "async", "batch-transform"];

function groupFleet(
  members: readonly Member[],
  knowledge: Knowledge,
  maxSizeRatio: number,
  devices: ReadonlyMap<string, ComputeDevice>,
): Grouping {
  // Isolation first: instance-isolated workloads stay alone, and so do those cheapest on serverless or as batch
  // jobs; asynchronous ones share only as inference components (below); a workload the quota moved off serverless
  // may share, whatever its other option alone.
  const shareable = members.filter(
    (m) => m.workload.isolation !== "instance" && (m.movedOffServerless || !SOLO_OPTIONS.includes(m.alone.option)),
  );
  const mmePool = shareable.filter((m) => m.workload.isolation === "shared" && feasible(m, "multi-model"));
  const mme = groupMultiModel(mmePool, knowledge, maxSizeRatio, devices);
  // An asynchronous endpoint holds its model's copies as an inference component would: its model may share instances
  // as one where that saves, or fill slots a group keeps up anyway (the grouping keeps only members that save).
  const async = members.filter((m) => m.workload.isolation !== "instance" && m.alone.option === "async");
  const inMme = new Set(mme.groups.flatMap((g) => g.members));
  const icPool = [...new Set([...shareable, ...async])].filter((m) => !inMme.has(m));
  const ic = groupInferenceComponents(icPool, knowledge, devices);
  const grouped = new Set([...inMme, ...ic.groups.flatMap((g) => g.members)]);
  const endpoints: [string, Group][] = [
    ...mme.groups.map((g, i): [string, Group] => [`mme-${g.members[0]!.workload.model.framework}-${i + 1}`, g]),
    ...ic.groups.map((g, i): [string, Group] => [
      `ic-${g.candidate.instanceType.replace(/^ml\./, "").replace(/\./g, "-")}-${i + 1}`,
      g,
    ]),
    ...members
      .filter((m) => !grouped.has(m))
      .map((m): [string, Group] => [
        `${m.alone.option}-${m.workload.name}`,
        { option: m.alone.option, members: [m], candidate: m.alone.candidate, why: individualWhy(m) },
      ]),
  ];
  const ids = uniqueIds(endpoints.map(([id]) => id));
  return {
    endpoints: endpoints.map(([, g], i) => [ids[i]!, g] as const),
    usd: endpoints.reduce((n, [, g]) => n + g.candidate.monthlyCostUsd, 0),
  };
}

/**
 * Plans a fleet: isolates what must be isolated, groups compatible models onto shared multi-model endpoints,
 * packs inference components onto shared instances, and leaves the rest on their own best option, with no more
 * models on serverless than the Region's quota of serverless endpoints. Every workload lands on exactly one
 * endpoint or in `unplaced`. Pure and deterministic.
 */
export function planFleet(
  workloads: readonly Workload[],
  knowledge: Knowledge,
  options: PlanOptions = {},
  issues: readonly Issue[] = [],
): FleetPlan {
  // At a commitment the fleet is planned on the committed catalog, and on-demand too, for the totals side by side.
  const { knowledge: priced, pricing } = pricedKnowledge(knowledge, fleetCommitment(workloads, options.commitment));
  const plan = planWithin(workloads, priced, options, issues);
  return pricing ? withOnDemand(plan, planWithin(workloads, knowledge, options, issues), pricing) : plan;
}

// Plans the fleet within the account's quotas.
function planWithin(
  workloads: readonly Workload[],
  knowledge: Knowledge,
  options: PlanOptions,
  issues: readonly Issue[],
): FleetPlan {
  // The account's quotas bound each endpoint in sizing; summed over the fleet, a type may still run over. Then the
  // workloads of one endpoint on it leave it (the smallest endpoint that covers the excess, else the largest) and
  // the fleet is planned again: each round takes a type from some workloads, so it ends.
  let fleet = workloads;
  for (;;) {
    const plan = planOnce(fleet, knowledge, options, issues);
    const over = overQuota(plan, knowledge);
    if (!over) return plan;
    const onType = plan.endpoints.filter((e) => e.instanceType === over.instanceType);
    const excess = over.used - over.quota;
    const covering = onType.filter((e) => e.instanceCount >= excess);
    const moving =
      covering.length > 0
        ? covering.reduce((a, b) => (b.instanceCount < a.instanceCount ? b : a))
        : onType.reduce((a, b) => (b.instanceCount > a.instanceCount ? b : a));
    const leaving = new Set(moving.workloads);
    fleet = fleet.map((w) => (leaving.has(w.name) ? withoutType(w, over.instanceType, knowledge) : w));
  }
}

// The workload with one instance type taken from those its constraints allow.
function withoutType(workload: Workload, instanceType: string, knowledge: Knowledge): Workload {
  const globs = workload.constraints.instanceTypes;
  const allowed = knowledge.catalog.instances
    .map((i) => i.instanceType)
    .filter((type) => type !== instanceType && (!globs || globs.some((glob) => globMatches(glob, type))));
  return { ...workload, constraints: { ...workload.constraints, instanceTypes: allowed } };
}

/** The first instance type whose endpoints, summed over the plan, use more instances than the account's quota. */
function overQuota(
  plan: FleetPlan,
  knowledge: Knowledge,
): { instanceType: string; used: number; quota: number } | undefined {
  const quotas = knowledge.quotas?.endpoint;
  if (!quotas) return undefined;
  const used = new Map<string, number>();
  for (const e of plan.endpoints) {
    // Serverless has no instances; batch jobs run one at a time per model, each within its transform quota.
    if (e.option === "serverless" || e.option === "batch-transform") continue;
    used.set(e.instanceType, (used.get(e.instanceType) ?? 0) + e.instanceCount);
  }
  for (const [instanceType, n] of [...used].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const quota = quotas.get(instanceType)?.value;
    if (quota !== undefined && n > quota) return { instanceType, used: n, quota };
  }
  return undefined;
}

function planOnce(
  workloads: readonly Workload[],
  knowledge: Knowledge,
  options: PlanOptions,
  issues: readonly Issue[],
): FleetPlan {
  const maxSizeRatio = options.maxSizeRatio ?? 10;
  const devices = new Map(knowledge.catalog.devices.map((d) => [d.id, d]));
  const { limits } = knowledge.rules.options.serverless;
  const quota: ServerlessQuota = {
    endpoints: limits.endpoints.value ?? Infinity,
    concurrency: limits.regionConcurrency.value ?? Infinity,
  };
  const unplaced: FleetPlan["unplaced"] = [];
  const candidacies: Candidacy[] = [];
  for (const workload of workloads) {
    const assessed = assessOptions(workload, knowledge);
    const ranked = scoreOptions(workload, knowledge, assessed, weightsFor(workload, knowledge, {})).map(
      (s) => s.assessment as Feasible,
    );
    if (ranked.length === 0) {
      const reason =
        assessed.assessments.find((a) => a.option === "single-model")?.violations[0]?.message ??
        "no hosting option is feasible";
      unplaced.push({ workload: workload.name, reason });
      continue;
    }
    // Cheapest first; equal costs in the options' own order (a stable sort), which puts sharing options before async.
    const byCost = assessed.assessments
      .filter((a): a is Feasible => a.candidate !== null)
      .sort((x, y) => x.candidate.monthlyCostUsd - y.candidate.monthlyCostUsd);
    candidacies.push({ workload, load: assessed.load, assessments: assessed.assessments, ranked, byCost });
  }

  // The individual baseline keeps the quota too, giving the Region's slots to the workloads whose next choice by
  // score costs the most more.
  const serverlessFirst = (order: (c: Candidacy) => readonly Feasible[]) =>
    candidacies.filter((c) => order(c)[0]!.option === "serverless");
  const usdOf = (a: Feasible | undefined) => a?.candidate.monthlyCostUsd ?? Infinity;
  const individualShare = shareServerless(
    serverlessFirst((c) => c.ranked),
    quota,
    (c) => usdOf(c.ranked.find((a) => a.option !== "serverless")) - usdOf(c.ranked[0]),
  );
  const stranded = new Set(individualShare.stranded);
  // The seeds' baseline: every model on its own real-time endpoint where that is feasible, else on its cheapest
  // option within the individual baseline's serverless endpoints.
  const dedicatedOf = (c: Candidacy) =>
    c.byCost.find((a) => a.option === "single-model") ?? choiceOf(c, c.byCost, individualShare);
  const planWith = (alone: (c: Candidacy) => Feasible): { members: Member[]; grouping: Grouping } => {
    const members = candidacies
      .filter((c) => !stranded.has(c))
      .map((c): Member => {
        const best = choiceOf(c, c.ranked, individualShare);
        const chosen = alone(c);
        const dedicated = dedicatedOf(c);
        return {
          workload: c.workload,
          load: c.load,
          assessments: c.assessments,
          best,
          alone: chosen,
          movedOffServerless: c.byCost[0]!.option === "serverless" && chosen.option !== "serverless",
          individualUsd: best.candidate.monthlyCostUsd,
          dedicatedUsd: dedicated.candidate.monthlyCostUsd,
          dedicatedServerless: dedicated.option === "serverless",
        };
      });
    return { members, grouping: groupFleet(members, knowledge, maxSizeRatio, devices) };
  };

  // The plan: each workload's cheapest option, where the quota allows. The Region's serverless endpoints are
  // scarce, so a plan is weighed by its cost plus what each serverless endpoint it spends is worth
  // (`plan.serverlessEndpointUsd`): every workload with another option first moves to it (and may share); the
  // slots then go to those whose share of that plan costs the most more than serverless, a model at a time, where
  // that is more than a slot is worth, and the fleet is grouped again. The lightest of these is the plan, unless
  // it costs more than a baseline: grouping each workload's cheapest option within the individual baseline's
  // slots never does.
  // Without a limit on serverless endpoints, one is worth nothing.
  const slotUsd = quota.endpoints < Infinity ? knowledge.rules.sizing.plan.serverlessEndpointUsd : 0;
  const weight = (p: { grouping: Grouping }) => p.grouping.usd + slotUsd * serverlessModels(p.grouping);
  const first = serverlessFirst((c) => c.byCost);
  const claims = first.map(serverlessClaim);
  const fits =
    claims.reduce((n, c) => n + c.endpoints, 0) <= quota.endpoints &&
    claims.reduce((n, c) => n + c.concurrency, 0) <= quota.concurrency;
  const plans: { members: Member[]; grouping: Grouping }[] = [];
  if (fits) plans.push(planWith((c) => c.byCost[0]!));
  if (!fits || (slotUsd > 0 && first.some((c) => c.byCost.length > 1))) {
    const none: ServerlessShare = { kept: new Set(first.filter((c) => c.byCost.length === 1)), stranded: [] };
    const off = planWith((c) => choiceOf(c, c.byCost, none));
    // What serverless saves a workload: its share of its endpoint's cost in that plan, less serverless. The share is
    // in proportion to a measure of each member: its cost alone, or, where the fleet is small enough to plan once
    // more, the memory its models take. Alone, a tiny model pays a whole instance as a model of twenty does; sharing,
    // it takes a sliver of the memory the instances are sized for.
    const shareBy = (measure: (m: Member) => number) => {
      const inPlanUsd = new Map<Workload, number>();
      for (const [, g] of off.grouping.endpoints) {
        const measures = g.members.map(measure);
        const sum = measures.reduce((n, x) => n + x, 0);
        g.members.forEach((m, i) => inPlanUsd.set(m.workload, (g.candidate.monthlyCostUsd * measures[i]!) / sum));
      }
      const share = shareServerless(
        first,
        quota,
        (c) => inPlanUsd.get(c.workload)! - c.byCost[0]!.candidate.monthlyCostUsd,
        slotUsd,
      );
      return planWith((c) => choiceOf(c, c.byCost, share));
    };
    plans.push(off, shareBy(aloneUsd));
    if (candidacies.length <= BOTH_SHARES_UP_TO)
      plans.push(shareBy((m) => m.workload.model.count * workloadFootprint(m.workload, knowledge).copyGiB));
  }
  let plan = plans.reduce((best, p) => (weight(p) < weight(best) ? p : best));
  const baseline = Math.min(...baselines(plan.members).map((b) => b.usd + slotUsd * b.serverless));
  if (weight(plan) > baseline) plan = planWith((c) => choiceOf(c, c.byCost, individualShare));
  const { members, grouping } = plan;
  for (const c of stranded) {
    unplaced.push({
      workload: c.workload.name,
      reason: `serverless is its only feasible option, and workloads with no other option already take the Region's serverless quota (endpoints: ${quota.endpoints}; requests in flight: ${quota.concurrency})`,
    });
  }

  const endpoints = grouping.endpoints.map(([id, g]) => endpointFor(id, g, knowledge));
  // Totals from unrounded costs, so rounding can never lift the plan above the individual cost.
  const planUsd = grouping.usd;
  const [individual, dedicated] = baselines(members);
  const dedicatedUsd = dedicated.usd;
  const individualUsd = individual.usd;
  const lower = lowerBound(members, knowledge, devices, maxSizeRatio, quota.endpoints);
  return {
    version: 1,
    catalog: catalogOf(knowledge),
    endpoints,
    unplaced,
    totals: {
      monthlyCostUsd: roundOutput(planUsd),
      dedicatedMonthlyCostUsd: roundOutput(dedicatedUsd),
      individualMonthlyCostUsd: roundOutput(individualUsd),
      savingsPct: dedicatedUsd > 0 ? roundOutput((1 - planUsd / dedicatedUsd) * 100) : 0,
      lowerBoundMonthlyCostUsd: roundOutput(lower),
      sagemakerEndpoints: endpoints.reduce((n, e) => n + (e.sagemakerEndpoints ?? 1), 0),
      serverlessEndpoints: serverlessModels(grouping),
      individualServerlessEndpoints: individual.serverless,
      dedicatedServerlessEndpoints: dedicated.serverless,
      serverlessEndpointUsd: slotUsd,
    },
    issues: [...issues],
  };
}
