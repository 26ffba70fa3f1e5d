import type { ComputeDevice } from "../schema/catalog.js";
import type { Issue } from "../schema/issue.js";
import type { OptionId } from "../schema/ids.js";
import type { FleetEndpoint, FleetPlan } from "../schema/plan.js";
import type { Workload } from "../schema/workload.js";
import { coldStartSeconds, idleProbability } from "./coldstart.js";
import { modelFootprint } from "./memory.js";
import { estimatePerformance } from "./performance.js";
import { allowedInstances, fitHardware, type Candidate, type SizingContext } from "./placement.js";
import { assessOption, assessOptions, scoreOptions, weightsFor, type Assessment } from "./recommend.js";
import type { Load } from "./traffic.js";
import type { Knowledge } from "./types.js";
import { formatQuantity, roundOutput } from "./units.js";

/** Tuning of the grouping, from the seeds' guidance. */
export interface PlanOptions {
  /** Largest ratio between the biggest and smallest model sharing a multi-model endpoint (seeds: ~10x). */
  readonly maxSizeRatio?: number;
}

/**
 * One workload as the planner sees it. `best` is its recommendation (the individual baseline); `alone` is its
 * cheapest feasible option, which the plan uses when sharing does not pay, since a plan minimises cost.
 */
interface Member {
  readonly workload: Workload;
  readonly load: Load;
  readonly assessments: readonly Assessment[];
  readonly best: Assessment & { candidate: Candidate };
  readonly alone: Assessment & { candidate: Candidate };
  readonly individualUsd: number;
  readonly dedicatedUsd: number;
}

interface Group {
  readonly option: OptionId;
  readonly members: Member[];
  readonly candidate: Candidate;
  readonly why: string;
}

const LATENCY_CLASS_RATIO = 10;

function feasible(member: Member, option: OptionId): (Assessment & { candidate: Candidate }) | undefined {
  const a = member.assessments.find((x) => x.option === option);
  return a?.candidate ? (a as Assessment & { candidate: Candidate }) : undefined;
}

function modelsOf(members: readonly Member[]): number {
  return members.reduce((n, m) => n + m.workload.model.count, 0);
}

function sumUsd(members: readonly Member[], pick: (m: Member) => number): number {
  return members.reduce((n, m) => n + pick(m), 0);
}

function aloneUsd(m: Member): number {
  return m.alone.candidate.monthlyCostUsd;
}

/**
 * One workload standing for a whole multi-model group: the largest model (memory is sized per model), every
 * model counted, the traffic summed, and the strictest latency and cold-start tolerance of any member.
 */
function combine(members: readonly Member[], name: string, knowledge: Knowledge): Workload {
  const largest = members.reduce((a, b) => (b.workload.model.parameters > a.workload.model.parameters ? b : a));
  const days = knowledge.rules.sizing.billing.daysPerMonth;
  const targets = members.map((m) => m.workload.latency.target).filter((t): t is number => t !== "none");
  const patterns = new Set(members.map((m) => m.workload.traffic.pattern));
  const w = largest.workload;
  return {
    ...w,
    name,
    model: { ...w.model, count: modelsOf(members) },
    payload: {
      request: Math.max(...members.map((m) => m.workload.payload.request)),
      response: Math.max(...members.map((m) => m.workload.payload.response ?? m.workload.payload.request)),
    },
    latency: {
      target: targets.length > 0 ? Math.min(...targets) : "none",
      coldStart: Math.min(...members.map((m) => m.workload.latency.coldStart)),
    },
    isolation: "shared",
    traffic: {
      pattern: patterns.size === 1 ? w.traffic.pattern : "diurnal",
      // Peaks are summed: staggered traffic would need less, so this errs on the safe side.
      peakRps: members.reduce((n, m) => n + m.load.peakRps, 0),
      requestsPerDay: members.reduce((n, m) => n + m.load.requestsPerMonth / days, 0),
      activeHoursPerDay: Math.max(...members.map((m) => m.load.activeHoursPerDay)),
    },
    priorities: "balanced",
    constraints: { ...w.constraints, options: ["multi-model"] },
  };
}

/** Whether a workload may join a multi-model group: framework, hardware kind, size ratio, latency class. */
function compatible(group: readonly Member[], m: Member, maxSizeRatio: number): boolean {
  const first = group[0]!;
  if (m.workload.model.framework !== first.workload.model.framework) return false;
  const kind = (x: Member) => (feasible(x, "multi-model")!.candidate.acceleratorsPerCopy > 0 ? "gpu" : "cpu");
  if (kind(m) !== kind(first)) return false;
  const sizes = [...group, m].map((x) => x.workload.model.parameters);
  if (Math.max(...sizes) / Math.min(...sizes) > maxSizeRatio) return false;
  const targets = [...group, m].map((x) => (x.workload.latency.target === "none" ? Infinity : x.workload.latency.target));
  return Math.max(...targets) / Math.min(...targets) <= LATENCY_CLASS_RATIO || targets.every((t) => t === Infinity);
}

function assessGroup(members: readonly Member[], id: string, knowledge: Knowledge): Candidate | null {
  const combined = combine(members, id, knowledge);
  return assessOption(combined, knowledge, "multi-model").candidate;
}

/**
 * Multi-model groups, greedily: each candidate joins the compatible group whose cost grows least, as long as
 * the group stays cheaper than its members alone; otherwise it starts a group of its own.
 */
function groupMultiModel(pool: readonly Member[], knowledge: Knowledge, maxSizeRatio: number): { groups: Group[]; rest: Member[] } {
  const ordered = [...pool].sort((a, b) => b.workload.model.parameters - a.workload.model.parameters || (a.workload.name < b.workload.name ? -1 : 1));
  const groups: { members: Member[]; candidate: Candidate }[] = [];
  for (const m of ordered) {
    let bestIndex = -1;
    let bestCandidate: Candidate | null = null;
    let bestGain = 0;
    groups.forEach((g, i) => {
      if (!compatible(g.members, m, maxSizeRatio)) return;
      const candidate = assessGroup([...g.members, m], `group-${i}`, knowledge);
      if (!candidate) return;
      const gain = g.candidate.monthlyCostUsd + m.alone.candidate.monthlyCostUsd - candidate.monthlyCostUsd;
      if (gain > bestGain) {
        bestGain = gain;
        bestIndex = i;
        bestCandidate = candidate;
      }
    });
    if (bestCandidate) {
      groups[bestIndex] = { members: [...groups[bestIndex]!.members, m], candidate: bestCandidate };
    } else {
      const alone = assessGroup([m], "alone", knowledge);
      if (alone) groups.push({ members: [m], candidate: alone });
    }
  }
  const kept = groups.filter((g) => g.members.length > 1 && g.candidate.monthlyCostUsd < sumUsd(g.members, aloneUsd));
  const placed = new Set(kept.flatMap((g) => g.members));
  return {
    groups: kept.map((g) => ({ option: "multi-model", members: g.members, candidate: g.candidate, why: mmeWhy(g.members, g.candidate, knowledge) })),
    rest: pool.filter((m) => !placed.has(m)),
  };
}

function mmeWhy(members: readonly Member[], c: Candidate, knowledge: Knowledge): string {
  const sizes = members.map((m) => modelFootprint(m.workload, knowledge.rules.sizing).weightsBytes);
  const models = modelsOf(members);
  return `${models} ${members[0]!.workload.model.framework} models of ${formatQuantity(Math.min(...sizes), "B")}-${formatQuantity(Math.max(...sizes), "B")}; ${(c.coldFraction * 100).toFixed(1)}% of requests load a cold model (~${formatQuantity(c.coldStartS * 1000, "ms")})`;
}

/**
 * Inference-component groups: members whose own best placement uses the same instance type share its
 * instances, their copies packed by accelerator (or memory) slots; kept only where sharing is cheaper.
 */
function groupInferenceComponents(pool: readonly Member[], knowledge: Knowledge): { groups: Group[]; rest: Member[] } {
  const byType = new Map<string, { m: Member; c: Candidate }[]>();
  for (const m of pool) {
    const ic = feasible(m, "inference-components");
    if (!ic) continue;
    const list = byType.get(ic.candidate.instanceType) ?? [];
    list.push({ m, c: ic.candidate });
    byType.set(ic.candidate.instanceType, list);
  }
  const groups: Group[] = [];
  const placed = new Set<Member>();
  const hours = knowledge.rules.sizing.billing.hoursPerMonth;
  for (const [type, entries] of [...byType].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (entries.length < 2) continue;
    const instance = knowledge.catalog.instances.find((i) => i.instanceType === type)!;
    // Copies each member needs on average, in device slots: its models while warm, or its load if larger.
    const slots = entries.reduce((n, { m, c }) => n + averageCopies(m, c, knowledge) * Math.max(1, c.acceleratorsPerCopy), 0);
    const perInstance = Math.max(1, instance.accelerator?.count ?? entries[0]!.c.copiesPerInstance);
    const average = slots / perInstance >= 1 ? slots / perInstance + 0.5 : slots / perInstance;
    const cost = average * hours * instance.hourlyUsd + entries.reduce((n, { c }) => n + dataCost(c, hours), 0);
    const members = entries.map((e) => e.m);
    if (cost >= sumUsd(members, aloneUsd)) continue;
    const peakSlots = entries.reduce((n, { c }) => n + c.instanceCount * c.copiesPerInstance * Math.max(1, c.acceleratorsPerCopy), 0);
    for (const m of members) placed.add(m);
    const candidate: Candidate = { ...entries[0]!.c, instanceCount: Math.max(1, Math.ceil(peakSlots / perInstance)), averageInstances: average, monthlyCostUsd: cost };
    groups.push({ option: "inference-components", members, candidate, why: `${modelsOf(members)} models share ${type} (${perInstance} slot${perInstance > 1 ? "s" : ""} each), ${roundOutput(average)} instances on average instead of ${roundOutput(entries.reduce((n, { c }) => n + c.averageInstances, 0))}` });
  }
  return { groups, rest: pool.filter((m) => !placed.has(m)) };
}

/** Average copies a member keeps up when it shares instances: its warm models, or its load if that needs more. */
function averageCopies(m: Member, c: Candidate, knowledge: Knowledge): number {
  const { performance } = knowledge.rules.sizing;
  const option = knowledge.rules.options[c.option];
  const models = m.workload.model.count;
  const perCopyRps = (c.throughputRpsPerInstance / c.copiesPerInstance) * performance.targetUtilization;
  const upShare = c.scalesToZero ? 1 - idleProbability(m.load.meanRps / models, option.idleReleaseS ?? 0) : 1;
  const byLoad = (m.load.followsLoad ? m.load.meanRps : m.load.peakRps) / perCopyRps;
  const activeShare = option.scaleToZero ? m.load.activeHoursPerDay / 24 : 1;
  return activeShare * Math.max(models * upShare, byLoad);
}

// Data processing is billed per request whatever the packing: what a candidate costs beyond its instances.
function dataCost(c: Candidate, hours: number): number {
  return Math.max(0, c.monthlyCostUsd - c.averageInstances * c.hourlyUsd * hours);
}

function endpointFor(id: string, group: Group): FleetEndpoint {
  return {
    id,
    option: group.option,
    instanceType: group.candidate.instanceType,
    instanceCount: group.candidate.instanceCount,
    workloads: group.members.map((m) => m.workload.name),
    models: modelsOf(group.members),
    monthlyCostUsd: roundOutput(group.candidate.monthlyCostUsd),
    why: group.why,
  };
}

function individualWhy(m: Member): string {
  const choice = m.alone.option === m.best.option ? `its best option (${m.best.option})` : `its cheapest feasible option (${m.alone.option}; recommended alone: ${m.best.option})`;
  if (m.workload.isolation === "instance") return `needs instance isolation: a dedicated endpoint on ${choice}`;
  return `alone on ${choice}; sharing would not be cheaper`;
}

/**
 * A proven lower bound on any plan's cost, by relaxing packing to fractions of instances. A workload on
 * instances occupies at least its share of memory (if it must stay loaded) and of throughput on the cheapest
 * instance for each; an instance costs at least its price times the larger of its two load shares, so the sum
 * over workloads of either share bounds every plan. A workload that can neither go serverless nor rest at zero
 * keeps some instance it can use up while it has traffic. Serverless workloads pay per request, which no
 * sharing lowers, and instance-isolated ones pay their own endpoints.
 */
function lowerBound(members: readonly Member[], knowledge: Knowledge, devices: ReadonlyMap<string, ComputeDevice>): number {
  const hours = knowledge.rules.sizing.billing.hoursPerMonth;
  let forced = 0;
  let memory = 0;
  let throughput = 0;
  let floor = 0;
  for (const m of members) {
    if (m.workload.isolation === "instance") {
      forced += aloneUsd(m);
      continue;
    }
    const serverless = feasible(m, "serverless")?.candidate.monthlyCostUsd ?? Infinity;
    const footprint = modelFootprint(m.workload, knowledge.rules.sizing);
    const ctx: SizingContext = { workload: m.workload, load: m.load, footprint, knowledge, devices, allowed: knowledge.catalog.instances };
    // Online, a model stays loaded unless some feasible option may rest at zero at the cold start the workload
    // tolerates (serverless, batch, or inference components and async within tolerance), or users accept an MME
    // cold load; it may unload off-hours where some feasible option can scale to zero.
    const canRest = m.assessments.some((a) => a.candidate && knowledge.rules.options[a.option].scaleToZero);
    const mmeColdS = coldStartSeconds("multi-model", knowledge.rules.options["multi-model"], footprint, knowledge.rules.sizing);
    const tolerated = m.assessments.some((a) => a.candidate?.scalesToZero) || (feasible(m, "multi-model") !== undefined && m.workload.latency.coldStart / 1000 >= mmeColdS);
    const mustStayLoaded = m.load.online && !tolerated;
    const sharesDevices = feasible(m, "multi-model") !== undefined;
    const activeShare = canRest ? m.load.activeHoursPerDay / 24 : 1;
    const { latency } = m.workload;
    const slo = { computeP95Ms: latency.target === "none" ? Infinity : latency.target, ttftMs: latency.ttft ?? Infinity, perTokenMs: latency.perToken ?? Infinity };
    let mem = Infinity;
    let thr = Infinity;
    let cheapest = Infinity;
    for (const instance of allowedInstances(m.workload, knowledge.catalog.instances, devices)) {
      const usable = instance.options.filter((o) => m.assessments.some((a) => a.option === o && a.candidate));
      if (usable.length === 0) continue;
      const hw = fitHardware(instance, ctx);
      if (!hw) continue;
      // Any feasible plan meets the SLOs, so hardware that cannot is no cheaper way out (overheads ignored: lenient).
      const perf = estimatePerformance(hw.unit, footprint, m.workload, slo, knowledge.rules.sizing);
      const perInstanceRps = perf.throughputRps * hw.copiesPerInstance;
      if (perInstanceRps === 0) continue;
      thr = Math.min(thr, (instance.hourlyUsd * m.load.requestsPerMonth) / (perInstanceRps * 3600));
      cheapest = Math.min(cheapest, instance.hourlyUsd);
      // Memory alone: an instance holds at most its usable memory's worth of models. Only a multi-model
      // endpoint shares an accelerator between models; elsewhere each copy reserves whole devices.
      const memoryShare = (m.workload.model.count * footprint.copyGiB) / (hw.capacityGiB * hw.copiesPerInstance);
      const deviceShare = instance.accelerator && !sharesDevices ? (m.workload.model.count * hw.acceleratorsPerCopy) / instance.accelerator.count : 0;
      const share = Math.max(memoryShare, deviceShare);
      mem = Math.min(mem, mustStayLoaded ? instance.hourlyUsd * hours * activeShare * share : 0);
    }
    memory += Math.min(serverless, mem);
    throughput += Math.min(serverless, thr);
    // If none of its feasible options can ever rest at zero, some instance it can use is always up.
    if (!canRest) floor = Math.max(floor, cheapest * hours);
  }
  return forced + Math.max(memory, throughput, floor);
}

/**
 * Plans a fleet: isolates what must be isolated, groups compatible models onto shared multi-model endpoints,
 * packs inference components onto shared instances, and leaves the rest on their own best option. Every
 * workload lands on exactly one endpoint or in `unplaced`. Pure and deterministic.
 */
export function planFleet(workloads: readonly Workload[], knowledge: Knowledge, options: PlanOptions = {}, issues: readonly Issue[] = []): FleetPlan {
  const maxSizeRatio = options.maxSizeRatio ?? 10;
  const devices = new Map(knowledge.catalog.devices.map((d) => [d.id, d]));
  const members: Member[] = [];
  const unplaced: FleetPlan["unplaced"] = [];
  for (const workload of workloads) {
    const assessed = assessOptions(workload, knowledge);
    const best = scoreOptions(workload, knowledge, assessed, weightsFor(workload, knowledge, {}))[0]?.a;
    if (!best) {
      const reason = assessed.assessments.find((a) => a.option === "single-model")?.violations[0]?.message ?? "no hosting option is feasible";
      unplaced.push({ workload: workload.name, reason });
      continue;
    }
    const alone = assessed.assessments
      .filter((a): a is Assessment & { candidate: Candidate } => a.candidate !== null)
      .reduce((x, y) => (y.candidate.monthlyCostUsd < x.candidate.monthlyCostUsd ? y : x));
    const single = assessed.assessments.find((a) => a.option === "single-model")?.candidate;
    members.push({
      workload,
      load: assessed.load,
      assessments: assessed.assessments,
      best,
      alone,
      individualUsd: best.candidate.monthlyCostUsd,
      // The seeds' baseline: every model on its own real-time endpoint, where that is feasible.
      dedicatedUsd: single?.monthlyCostUsd ?? alone.candidate.monthlyCostUsd,
    });
  }

  // Isolation first: instance-isolated workloads, and those cheapest per request or per job, stay alone.
  const shareable = members.filter((m) => m.workload.isolation !== "instance" && !["serverless", "async", "batch-transform"].includes(m.alone.option));
  const mmePool = shareable.filter((m) => m.workload.isolation === "shared" && feasible(m, "multi-model"));
  const mme = groupMultiModel(mmePool, knowledge, maxSizeRatio);
  const icPool = shareable.filter((m) => !mme.groups.some((g) => g.members.includes(m)));
  const ic = groupInferenceComponents(icPool, knowledge);
  const grouped = new Set([...mme.groups, ...ic.groups].flatMap((g) => g.members));

  const all: [string, Group][] = [
    ...mme.groups.map((g, i): [string, Group] => [`mme-${g.members[0]!.workload.model.framework}-${i + 1}`, g]),
    ...ic.groups.map((g, i): [string, Group] => [`ic-${g.candidate.instanceType.replace(/^ml\./, "").replace(/\./g, "-")}-${i + 1}`, g]),
    ...members
      .filter((m) => !grouped.has(m))
      .map((m): [string, Group] => [`${m.alone.option}-${m.workload.name}`.slice(0, 63), { option: m.alone.option, members: [m], candidate: m.alone.candidate, why: individualWhy(m) }]),
  ];
  const endpoints = all.map(([id, g]) => endpointFor(id, g));
  // Totals from unrounded costs, so rounding can never lift the plan above the individual cost.
  const planUsd = all.reduce((n, [, g]) => n + g.candidate.monthlyCostUsd, 0);
  const dedicatedUsd = sumUsd(members, (m) => m.dedicatedUsd);
  const individualUsd = sumUsd(members, (m) => m.individualUsd);
  const lower = lowerBound(members, knowledge, devices);
  return {
    version: 1,
    catalog: { id: knowledge.catalog.id, asOf: knowledge.catalog.asOf },
    endpoints,
    unplaced,
    totals: {
      monthlyCostUsd: roundOutput(planUsd),
      dedicatedMonthlyCostUsd: roundOutput(dedicatedUsd),
      individualMonthlyCostUsd: roundOutput(individualUsd),
      savingsPct: dedicatedUsd > 0 ? roundOutput((1 - planUsd / dedicatedUsd) * 100) : 0,
      lowerBoundMonthlyCostUsd: roundOutput(lower),
    },
    issues: [...issues],
  };
}
