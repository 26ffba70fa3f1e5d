import type { ComputeDevice } from "../../schema/catalog.js";
import type { Issue } from "../../schema/issue.js";
import type { OptionId } from "../../schema/ids.js";
import type { FleetEndpoint, FleetPlan } from "../../schema/plan.js";
import type { Workload } from "../../schema/workload.js";
import { allowedInstances, vcpuCopies } from "../sizing/fit.js";
import { globMatches } from "../glob.js";
import { modelFootprint, tokensOf } from "../sizing/memory.js";
import { decodeStepMs, prefillMs, singleRequestMs } from "../sizing/performance.js";
import type { Candidate } from "../sizing/context.js";
import { lowerBound } from "./bound.js";
import {
  activeShareOf,
  feasible,
  hardwareKind,
  LATENCY_CLASS_RATIO,
  loadedShareOf,
  mmeClass,
  type Member,
} from "./member.js";
import { assessOption, assessOptions, type Assessment } from "../assess/assess.js";
import { scoreOptions, weightsFor } from "../assess/score.js";
import { peakInFlight, type Load } from "../sizing/traffic.js";
import type { Knowledge } from "../types.js";
import { formatQuantity, roundOutput } from "../units.js";

/** Tuning of the grouping, from the seeds' guidance. */
export interface PlanOptions {
  /** Largest ratio between the biggest and smallest model sharing a multi-model endpoint (seeds: ~10x). */
  readonly maxSizeRatio?: number;
}

interface Group {
  readonly option: OptionId;
  readonly members: Member[];
  readonly candidate: Candidate;
  readonly why: string;
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
 * What decides whether members may share a multi-model group and what model it is sized as, summed up so that two
 * groups' traits join in constant time (members in order: the first's, then the second's).
 */
interface GroupTraits {
  /** Framework and hardware kind ("" once two differ: a group holds one framework on one kind of hardware). */
  readonly mmeClass: string;
  readonly minParameters: number;
  readonly maxParameters: number;
  /** Latency targets (Infinity for none). */
  readonly minTarget: number;
  readonly maxTarget: number;
  /** The accelerator counts members pin. */
  readonly pins: ReadonlySet<number>;
  /**
   * The first member with the largest footprint (memory is sized per model, and precision counts as much as
   * parameters: 0.4B at fp32 outweighs 0.4B at fp16): the model the group is sized as starts from it.
   */
  readonly standIn: Member;
  /** The longest of the members' times on each device of their profiles (`MmeProfile`). */
  readonly slowest: readonly number[];
  /** Some member is an LLM or gives its processing time outright: its requests' work is not the kind's. */
  readonly fixedWork: boolean;
  /** The kind of model whose requests do the most work (the first such). */
  readonly kind: Workload["model"]["kind"];
}

function traitsOf(m: Member, profiles: Profiles): GroupTraits {
  const { model, latency, constraints } = m.workload;
  const target = latency.target === "none" ? Infinity : latency.target;
  return {
    mmeClass: mmeClass(m),
    minParameters: model.parameters,
    maxParameters: model.parameters,
    minTarget: target,
    maxTarget: target,
    pins: new Set(constraints.acceleratorsPerCopy === undefined ? [] : [constraints.acceleratorsPerCopy]),
    standIn: m,
    slowest: profiles.members.get(m)!.unitMs,
    fixedWork: model.kind === "llm" || m.workload.processingTime !== undefined,
    kind: model.kind,
  };
}

function joinTraits(a: GroupTraits, b: GroupTraits, profiles: Profiles, knowledge: Knowledge): GroupTraits {
  const units = knowledge.rules.sizing.performance.workUnitsPerRequest as Partial<
    Record<Workload["model"]["kind"], number>
  >;
  return {
    mmeClass: a.mmeClass === b.mmeClass ? a.mmeClass : "",
    minParameters: Math.min(a.minParameters, b.minParameters),
    maxParameters: Math.max(a.maxParameters, b.maxParameters),
    minTarget: Math.min(a.minTarget, b.minTarget),
    maxTarget: Math.max(a.maxTarget, b.maxTarget),
    pins: b.pins.size === 0 ? a.pins : new Set([...a.pins, ...b.pins]),
    standIn:
      profiles.members.get(b.standIn)!.copyGiB > profiles.members.get(a.standIn)!.copyGiB ? b.standIn : a.standIn,
    slowest: a.slowest.map((ms, j) => Math.max(ms, b.slowest[j]!)),
    fixedWork: a.fixedWork || b.fixedWork,
    kind: (units[b.kind] ?? 0) > (units[a.kind] ?? 0) ? b.kind : a.kind,
  };
}

/**
 * Whether members of these traits may share a multi-model group, but for a model to size it as: one framework on
 * one kind of hardware, sizes within the ratio, latency targets within a class, one pinned accelerator count.
 */
function traitsFit(t: GroupTraits, maxSizeRatio: number): boolean {
  return (
    t.mmeClass !== "" &&
    t.pins.size <= 1 &&
    withinClasses(t.minParameters, t.maxParameters, t.minTarget, t.maxTarget, maxSizeRatio)
  );
}

// Whether two groups' joint traits could fit, told from their scalars before they are joined (most pairs are not).
function mayJoin(a: GroupTraits, b: GroupTraits, maxSizeRatio: number): boolean {
  return (
    a.mmeClass === b.mmeClass &&
    withinClasses(
      Math.min(a.minParameters, b.minParameters),
      Math.max(a.maxParameters, b.maxParameters),
      Math.min(a.minTarget, b.minTarget),
      Math.max(a.maxTarget, b.maxTarget),
      maxSizeRatio,
    )
  );
}

// Sizes within the ratio, and latency targets within a class (or none at all).
function withinClasses(
  minParameters: number,
  maxParameters: number,
  minTarget: number,
  maxTarget: number,
  maxSizeRatio: number,
): boolean {
  return (
    maxParameters / minParameters <= maxSizeRatio &&
    (maxTarget / minTarget <= LATENCY_CLASS_RATIO || minTarget === Infinity)
  );
}

/**
 * The model a multi-model group is sized as, one whose copy is the largest and whose requests take at least as long
 * as every member's on each device the group could run on; null when there is none. The stand-in itself, if its
 * requests are the slowest; outside LLMs and given processing times, else the stand-in doing the most work a
 * request of any member does, then that with the most parameters of any member too (never less memory, and the
 * profiles confirm the time): a small vision model's requests beside a large tabular one's are sized as a vision
 * model's of the tabular one's size, not as the tabular ones.
 */
function groupModel(t: GroupTraits, profiles: Profiles): Workload | null {
  const w = t.standIn.workload;
  const dominates = (p: MmeProfile) => t.slowest.every((ms, j) => ms <= p.unitMs[j]!);
  if (dominates(profiles.members.get(t.standIn)!)) return w;
  if (t.fixedWork) return null;
  for (const model of [
    { ...w.model, kind: t.kind },
    { ...w.model, kind: t.kind, parameters: t.maxParameters },
  ]) {
    const candidate = { ...w, model };
    if (dominates(profiles.of(candidate, hardwareKind(t.standIn)))) return candidate;
  }
  return null;
}

// The tightest of the members' token SLOs of one kind, as a latency field, or nothing when none sets one.
function strictest(members: readonly Member[], slo: "ttft" | "perToken"): { ttft?: number; perToken?: number } {
  const set = members.map((m) => m.workload.latency[slo]).filter((ms): ms is number => ms !== undefined);
  return set.length > 0 ? { [slo]: Math.min(...set) } : {};
}

/**
 * The constraints a multi-model group must meet to meet every member's: the instance types and accelerator kinds
 * all members allow (exact names from the catalog; none when they share none, which leaves the group no
 * placement), the one accelerator count any of them pins (`compatible` admits no two different pins), streaming
 * and network isolation if any member needs them, and synchronous calls if any member asks for them. No cost cap:
 * a group is kept only while it costs less than its members alone, so each member's share, in proportion to its
 * cost alone, stays below that cost and within its own cap.
 */
function groupConstraints(members: readonly Member[], knowledge: Knowledge): Workload["constraints"] {
  const all = members.map((m) => m.workload.constraints);
  const globs = all.flatMap((c) => (c.instanceTypes ? [c.instanceTypes] : []));
  const kinds = all.flatMap((c) => (c.accelerators ? [c.accelerators] : []));
  const pinned = all.find((c) => c.acceleratorsPerCopy !== undefined)?.acceleratorsPerCopy;
  return {
    ...(globs.length > 0 && {
      instanceTypes: knowledge.catalog.instances
        .map((i) => i.instanceType)
        .filter((type) => globs.every((list) => list.some((glob) => globMatches(glob, type)))),
    }),
    ...(kinds.length > 0 && { accelerators: kinds[0]!.filter((kind) => kinds.every((list) => list.includes(kind))) }),
    ...(pinned !== undefined && { acceleratorsPerCopy: pinned }),
    options: ["multi-model"],
    streaming: all.some((c) => c.streaming),
    invocation: all.some((c) => c.invocation === "sync")
      ? "sync"
      : all.some((c) => c.invocation === "async")
        ? "async"
        : "any",
    networkIsolation: all.some((c) => c.networkIsolation),
  };
}

/**
 * One workload standing for a whole multi-model group: its group model (`groupModel`), every model counted,
 * the traffic summed, the strictest latency, token SLOs and cold-start tolerance of any member, and the
 * constraints of all (see `groupConstraints`).
 */
function combine(members: readonly Member[], w: Workload, name: string, knowledge: Knowledge): Workload {
  const days = knowledge.rules.sizing.billing.daysPerMonth;
  const targets = members.map((m) => m.workload.latency.target).filter((t): t is number => t !== "none");
  const patterns = new Set(members.map((m) => m.workload.traffic.pattern));
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
      ...strictest(members, "ttft"),
      ...strictest(members, "perToken"),
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
    constraints: groupConstraints(members, knowledge),
  };
}

/**
 * What a member brings to a multi-model group's sizing: its copy's memory, and the times its requests take alone
 * on one unit (a device, or a vCPU) of each device of the multi-model instance types of its hardware kind, in the
 * order of `mmeDevices`, three a device: the whole request, and for an LLM the time to its first token and one
 * decode step alone (0 for other models, and for a processing time given outright, which no token SLO is checked
 * against). On more units every request's compute shrinks by the same factor and the fixed overheads stay alike,
 * so which time is longer on one unit, it is on any.
 */
interface MmeProfile {
  readonly copyGiB: number;
  readonly unitMs: readonly number[];
}

/** The members' profiles, and the profile of any workload on the devices of a hardware kind. */
interface Profiles {
  readonly members: ReadonlyMap<Member, MmeProfile>;
  readonly of: (workload: Workload, kind: "gpu" | "cpu") => MmeProfile;
}

// The devices of the instance types multi-model endpoints run on, by hardware kind.
function mmeDevices(
  knowledge: Knowledge,
  devices: ReadonlyMap<string, ComputeDevice>,
): Record<"gpu" | "cpu", ComputeDevice[]> {
  const found = { gpu: new Set<ComputeDevice>(), cpu: new Set<ComputeDevice>() };
  for (const instance of knowledge.catalog.instances) {
    if (!instance.options.includes("multi-model")) continue;
    const device = devices.get(instance.accelerator ? instance.accelerator.device : instance.cpu);
    if (device) found[instance.accelerator ? "gpu" : "cpu"].add(device);
  }
  return { gpu: [...found.gpu], cpu: [...found.cpu] };
}

function mmeProfile(w: Workload, kindDevices: readonly ComputeDevice[], knowledge: Knowledge): MmeProfile {
  const sizing = knowledge.rules.sizing;
  // Without response streaming the first token comes with the whole answer (see budgetFor).
  const streams = knowledge.rules.options["multi-model"].limits.streaming.value === 1;
  const footprint = modelFootprint(w, sizing);
  return {
    copyGiB: footprint.copyGiB,
    unitMs: kindDevices.flatMap((device) => {
      const unit = { kind: device.kind, device, devices: 1, freeBytes: Infinity };
      const requestMs = singleRequestMs(unit, footprint, w, sizing);
      if (!footprint.isLlm || w.processingTime !== undefined) return [requestMs, 0, 0];
      const firstTokenMs = streams
        ? prefillMs(unit, footprint, w.model.precision, tokensOf(w).input, sizing)
        : requestMs;
      return [requestMs, firstTokenMs, decodeStepMs(unit, footprint, w.model.precision, 1, sizing)];
    }),
  };
}

/**
 * Multi-model groups, greedily: each candidate joins the compatible group whose cost grows least, as long as
 * the group stays cheaper than its members alone; otherwise it starts a group of its own. Only the newest
 * GROUPS_TRIED compatible groups are sized with it: candidates come largest first, so those hold the models most
 * like it, and a fleet of thousands of small tenants would otherwise size every group for every tenant.
 */
function groupMultiModel(
  pool: readonly Member[],
  knowledge: Knowledge,
  maxSizeRatio: number,
  devices: ReadonlyMap<string, ComputeDevice>,
): { groups: Group[]; rest: Member[] } {
  const kindDevices = mmeDevices(knowledge, devices);
  const profiles: Profiles = {
    members: new Map(pool.map((m) => [m, mmeProfile(m.workload, kindDevices[hardwareKind(m)], knowledge)])),
    of: (workload, kind) => mmeProfile(workload, kindDevices[kind], knowledge),
  };
  const ordered = [...pool].sort(
    (a, b) => b.workload.model.parameters - a.workload.model.parameters || (a.workload.name < b.workload.name ? -1 : 1),
  );
  const modelFor = (traits: GroupTraits) => (traitsFit(traits, maxSizeRatio) ? groupModel(traits, profiles) : null);
  const hours = knowledge.rules.sizing.billing.hoursPerMonth;
  // The group is sized with its largest payloads, which its latency and limits must allow; data processing is
  // billed per byte each member sends, so the group pays the sum of its members' own.
  const size = (members: readonly Member[], model: Workload, id: string): Candidate | null => {
    const c = assessOption(combine(members, model, id, knowledge), knowledge, "multi-model").candidate;
    return (
      c && {
        ...c,
        monthlyCostUsd:
          c.monthlyCostUsd -
          dataCost(c, hours) +
          sumUsd(members, (m) => dataCost(feasible(m, "multi-model")!.candidate, hours)),
      }
    );
  };
  const groups: { members: Member[]; traits: GroupTraits; candidate: Candidate }[] = [];
  for (const m of ordered) {
    const own = traitsOf(m, profiles);
    let best: { index: number; traits: GroupTraits; candidate: Candidate } | null = null;
    let bestGain = 0;
    let tried = 0;
    for (let i = groups.length - 1; i >= 0 && tried < GROUPS_TRIED; i--) {
      const g = groups[i]!;
      if (!mayJoin(g.traits, own, maxSizeRatio)) continue;
      const traits = joinTraits(g.traits, own, profiles, knowledge);
      const model = modelFor(traits);
      if (!model) continue;
      tried++;
      const candidate = size([...g.members, m], model, `group-${i}`);
      if (!candidate) continue;
      const gain = g.candidate.monthlyCostUsd + m.alone.candidate.monthlyCostUsd - candidate.monthlyCostUsd;
      if (gain >= bestGain && gain > 0) {
        bestGain = gain;
        best = { index: i, traits, candidate };
      }
      // A group with room for the member keeps its instances: the member adds only its requests' data processing,
      // and no group can take it for less, so the search stops at the first such group.
      if (gain > 0 && sameInstances(candidate, g.candidate)) break;
    }
    if (best) {
      groups[best.index] = {
        members: [...groups[best.index]!.members, m],
        traits: best.traits,
        candidate: best.candidate,
      };
    } else {
      const alone = size([m], m.workload, "alone");
      if (alone) groups.push({ members: [m], traits: own, candidate: alone });
    }
  }
  // Greedy joins stop where one more member costs an instance more, though the working set of a larger group is a
  // smaller share of its models: each group absorbs every later one it may share with, where the whole costs less
  // than the parts, each part at its group's cost or its members' alone, whichever is less (a group of one, say).
  const partUsd = (g: (typeof groups)[number]) => Math.min(g.candidate.monthlyCostUsd, sumUsd(g.members, aloneUsd));
  for (let i = 0; i < groups.length; i++) {
    let { members, traits } = groups[i]!;
    let model: Workload | null = null;
    let parts = partUsd(groups[i]!);
    const absorbed: number[] = [];
    for (let j = i + 1; j < groups.length; j++) {
      if (!mayJoin(traits, groups[j]!.traits, maxSizeRatio)) continue;
      const joint = joinTraits(traits, groups[j]!.traits, profiles, knowledge);
      const jointModel = modelFor(joint);
      if (!jointModel) continue;
      members = [...members, ...groups[j]!.members];
      traits = joint;
      model = jointModel;
      parts += partUsd(groups[j]!);
      absorbed.push(j);
    }
    const whole = model && size(members, model, "whole");
    if (!whole || whole.monthlyCostUsd >= parts) continue;
    groups[i] = { members, traits, candidate: whole };
    for (const j of absorbed.reverse()) groups.splice(j, 1);
  }
  const kept = groups.filter((g) => g.members.length > 1 && g.candidate.monthlyCostUsd < sumUsd(g.members, aloneUsd));
  const placed = new Set(kept.flatMap((g) => g.members));
  return {
    groups: kept.map((g) => ({
      option: "multi-model",
      members: g.members,
      candidate: g.candidate,
      why: mmeWhy(g.members, g.candidate, knowledge),
    })),
    rest: pool.filter((m) => !placed.has(m)),
  };
}

const GROUPS_TRIED = 8;

// Whether a group keeps its instances when a member joins (its cost then grows by the member's data processing).
function sameInstances(a: Candidate, b: Candidate): boolean {
  return (
    a.instanceType === b.instanceType &&
    a.instanceCount === b.instanceCount &&
    a.averageInstances === b.averageInstances
  );
}

function mmeWhy(members: readonly Member[], c: Candidate, knowledge: Knowledge): string {
  const sizes = members.map((m) => modelFootprint(m.workload, knowledge.rules.sizing).weightsBytes);
  const models = modelsOf(members);
  return `${models} ${members[0]!.workload.model.framework} models of ${formatQuantity(Math.min(...sizes), "B")}-${formatQuantity(Math.max(...sizes), "B")}; ${(c.coldFraction * 100).toFixed(1)}% of requests load a cold model (~${formatQuantity(c.coldStartS * 1000, "ms")})`;
}

/** A member's inference-component placement on one instance type. */
interface Placement {
  readonly m: Member;
  readonly c: Candidate;
}

/**
 * Inference-component groups, greedily: each instance type gathers the members that could run on it (their own
 * best type, or any instance type with several accelerators whose price per accelerator could beat it), each
 * member's copies packed by accelerator (or memory) slots; the type that saves most against its members alone
 * forms a group, and the rest try again, until no sharing is cheaper.
 */
function groupInferenceComponents(
  pool: readonly Member[],
  knowledge: Knowledge,
  devices: ReadonlyMap<string, ComputeDevice>,
): { groups: Group[]; rest: Member[] } {
  const byType = new Map<string, Placement[]>();
  const add = (m: Member, c: Candidate) => {
    const list = byType.get(c.instanceType) ?? [];
    list.push({ m, c });
    byType.set(c.instanceType, list);
  };
  const multiSlot = knowledge.catalog.instances.filter(
    (i) => i.accelerator && i.accelerator.count > 1 && i.options.includes("inference-components"),
  );
  for (const m of pool) {
    const own = feasible(m, "inference-components")?.candidate;
    if (!own) continue;
    add(m, own);
    if (own.acceleratorsPerCopy === 0) continue;
    const ownPerCopy = own.hourlyUsd / own.copiesPerInstance;
    for (const instance of allowedInstances(m.workload, multiSlot, devices, knowledge.rules.sizing)) {
      if (instance.instanceType === own.instanceType || instance.hourlyUsd / instance.accelerator!.count >= ownPerCopy)
        continue;
      const { workload } = m;
      const there = assessOption(
        { ...workload, constraints: { ...workload.constraints, instanceTypes: [instance.instanceType] } },
        knowledge,
        "inference-components",
      ).candidate;
      if (there) add(m, there);
    }
  }
  const groups: Group[] = [];
  const placed = new Set<Member>();
  const types = [...byType].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  for (;;) {
    let best: { group: Group; savings: number } | null = null;
    for (const [type, all] of types) {
      const entries = all.filter((e) => !placed.has(e.m));
      if (entries.length < 2) continue;
      const group = icGroup(type, entries, knowledge);
      if (group && (!best || group.savings > best.savings)) best = group;
    }
    if (!best) break;
    groups.push(best.group);
    for (const m of best.group.members) placed.add(m);
  }
  return { groups, rest: pool.filter((m) => !placed.has(m)) };
}

/**
 * The inference-component group of one instance type: of the members whose average slots there cost less than
 * they pay alone, the most saving prefix, steady members first (each by its saving). Instances are the slots'
 * fill, rounded up while every member holds its copies steadily, with half an instance for rounding once copies
 * come and go; below one instance's worth, an instance is up whenever any copy is. Null when no prefix of two or
 * more members saves anything.
 */
function icGroup(
  type: string,
  entries: readonly Placement[],
  knowledge: Knowledge,
): { group: Group; savings: number } | null {
  const hours = knowledge.rules.sizing.billing.hoursPerMonth;
  const instance = knowledge.catalog.instances.find((i) => i.instanceType === type)!;
  // Slots are accelerators, or on CPU the copies the vCPUs allow. A copy takes its accelerators, or on CPU the
  // instance's share that its own copies per instance leave it: a model too large for more than one copy takes
  // every slot, not one.
  const perInstance = Math.max(1, instance.accelerator?.count ?? vcpuCopies(instance, knowledge.rules.sizing));
  const slotsPerCopy = (c: Candidate) =>
    instance.accelerator ? Math.max(1, c.acceleratorsPerCopy) : perInstance / c.copiesPerInstance;
  const monthUsd = hours * instance.hourlyUsd;
  const ranked = entries
    .map((e) => {
      const slots = averageCopies(e.m, e.c, knowledge) * slotsPerCopy(e.c);
      const loaded = loadedShareOf(e.m, e.c, knowledge);
      const dataUsd = dataCost(e.c, hours);
      return {
        e,
        slots,
        loaded,
        dataUsd,
        steady: !e.m.load.followsLoad && loaded === 1,
        saving: aloneUsd(e.m) - (slots / perInstance) * monthUsd - dataUsd,
      };
    })
    .filter((r) => r.saving > 0)
    // Equal savings go by name, so the order of the input file never decides who shares.
    .sort(
      (x, y) =>
        Number(y.steady) - Number(x.steady) ||
        y.saving - x.saving ||
        (x.e.m.workload.name < y.e.m.workload.name ? -1 : 1),
    );
  let best: { size: number; average: number; cost: number; savings: number } | null = null;
  let slots = 0;
  let idle = 1;
  let dataUsd = 0;
  let aloneSum = 0;
  let steady = true;
  ranked.forEach((r, i) => {
    slots += r.slots;
    idle *= (1 - r.loaded) ** r.e.m.workload.model.count;
    dataUsd += r.dataUsd;
    aloneSum += aloneUsd(r.e.m);
    steady &&= r.steady;
    const filled = slots / perInstance;
    const average = filled >= 1 ? (steady ? Math.ceil(filled - 1e-9) : filled + 0.5) : Math.max(filled, 1 - idle);
    const cost = average * monthUsd + dataUsd;
    if (i >= 1 && aloneSum - cost > (best?.savings ?? 0))
      best = { size: i + 1, average, cost, savings: aloneSum - cost };
  });
  if (!best) return null;
  const { size, average, cost, savings } = best;
  const kept = ranked.slice(0, size).map((r) => r.e);
  const peakSlots = kept.reduce(
    (n, { m, c }) => n + Math.max(m.workload.model.count, m.load.peakRps / perCopyRps(c, knowledge)) * slotsPerCopy(c),
    0,
  );
  const members = kept.map((e) => e.m);
  return {
    savings,
    group: {
      option: "inference-components",
      members,
      candidate: {
        ...kept[0]!.c,
        instanceCount: Math.max(1, Math.ceil(peakSlots / perInstance)),
        averageInstances: average,
        monthlyCostUsd: cost,
      },
      why: `${modelsOf(members)} models share ${type} (${perInstance} slot${perInstance > 1 ? "s" : ""} each), ${roundOutput(average)} instances on average instead of ${roundOutput(kept.reduce((n, { c }) => n + c.averageInstances, 0))}`,
    },
  };
}

/** Average copies a member keeps up when it shares instances: its warm models, or its load if that needs more. */
function averageCopies(m: Member, c: Candidate, knowledge: Knowledge): number {
  const byLoad = (m.load.followsLoad ? m.load.meanRps : m.load.peakRps) / perCopyRps(c, knowledge);
  return Math.max(m.workload.model.count * loadedShareOf(m, c, knowledge), activeShareOf(m, c, knowledge) * byLoad);
}

// Requests per second one copy serves at the target utilization.
function perCopyRps(c: Candidate, knowledge: Knowledge): number {
  return (c.throughputRpsPerInstance / c.copiesPerInstance) * knowledge.rules.sizing.performance.targetUtilization;
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
  const choice = m.movedOffServerless
    ? `its cheapest option but serverless (${m.alone.option}), since the Region's serverless endpoints go to other workloads`
    : m.alone.option === m.best.option
      ? `its best option (${m.best.option})`
      : `its cheapest feasible option (${m.alone.option}; recommended alone: ${m.best.option})`;
  if (m.workload.isolation === "instance") return `needs instance isolation: a dedicated endpoint on ${choice}`;
  return `alone on ${choice}; sharing would not be cheaper`;
}

type Feasible = Assessment & { candidate: Candidate };

/** A placeable workload before the Region's serverless quota decides which of them keep serverless. */
interface Candidacy {
  readonly workload: Workload;
  readonly load: Load;
  readonly assessments: readonly Assessment[];
  /** Its feasible options by score (the individual baseline) and by cost (the plan), each non-empty. */
  readonly ranked: readonly Feasible[];
  readonly byCost: readonly Feasible[];
}

/** Which workloads keep serverless, first choice though it is for more models than the Region allows. */
interface ServerlessShare {
  readonly kept: ReadonlySet<Candidacy>;
  /** Workloads with no option but serverless beyond the quota: they cannot be placed. */
  readonly stranded: readonly Candidacy[];
}

const byName = (x: Candidacy, y: Candidacy) =>
  x.workload.name < y.workload.name ? -1 : x.workload.name > y.workload.name ? 1 : 0;

/** The Region's serverless limits a plan keeps: endpoints (one a model), and requests in flight across them. */
interface ServerlessQuota {
  readonly endpoints: number;
  readonly concurrency: number;
}

// What a workload takes of the quota on serverless: its models' endpoints, and its requests in flight at peak.
function serverlessClaim(c: Candidacy): ServerlessQuota {
  const serverless = c.byCost.find((a) => a.option === "serverless")!;
  return { endpoints: c.workload.model.count, concurrency: peakInFlight(c.load, serverless.candidate.p50Ms) };
}

/**
 * Shares out the Region's serverless quota among the workloads whose first choice is serverless: first to those
 * with no other option, by name (beyond the quota they are stranded), then to the others by what keeping serverless
 * is worth a model (`worth`, ties by name), each while its claim fits in what is left.
 */
function shareServerless(
  first: readonly Candidacy[],
  quota: ServerlessQuota,
  worth: (c: Candidacy) => number,
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
    take(c);
  return { kept, stranded };
}

// A workload's choice among its options in order of preference, serverless only where it keeps a Region slot.
function choiceOf(c: Candidacy, order: readonly Feasible[], share: ServerlessShare): Feasible {
  return order.find((a) => a.option !== "serverless" || share.kept.has(c))!;
}

/** A fleet's endpoints, by id, once each member's option alone is chosen, and what they cost. */
interface Grouping {
  readonly endpoints: readonly (readonly [string, Group])[];
  readonly usd: number;
}

const SOLO_OPTIONS: readonly OptionId[] = ["serverless", "async", "batch-transform"];

function groupFleet(
  members: readonly Member[],
  knowledge: Knowledge,
  maxSizeRatio: number,
  devices: ReadonlyMap<string, ComputeDevice>,
): Grouping {
  // Isolation first: instance-isolated workloads, and those cheapest per request or per job, stay alone; a
  // workload the quota moved off serverless may share, whatever its other option alone.
  const shareable = members.filter(
    (m) => m.workload.isolation !== "instance" && (m.movedOffServerless || !SOLO_OPTIONS.includes(m.alone.option)),
  );
  const mmePool = shareable.filter((m) => m.workload.isolation === "shared" && feasible(m, "multi-model"));
  const mme = groupMultiModel(mmePool, knowledge, maxSizeRatio, devices);
  const icPool = shareable.filter((m) => !mme.groups.some((g) => g.members.includes(m)));
  const ic = groupInferenceComponents(icPool, knowledge, devices);
  const grouped = new Set([...mme.groups, ...ic.groups].flatMap((g) => g.members));
  const endpoints: [string, Group][] = [
    ...mme.groups.map((g, i): [string, Group] => [`mme-${g.members[0]!.workload.model.framework}-${i + 1}`, g]),
    ...ic.groups.map((g, i): [string, Group] => [
      `ic-${g.candidate.instanceType.replace(/^ml\./, "").replace(/\./g, "-")}-${i + 1}`,
      g,
    ]),
    ...members
      .filter((m) => !grouped.has(m))
      .map((m): [string, Group] => [
        `${m.alone.option}-${m.workload.name}`.slice(0, 63),
        { option: m.alone.option, members: [m], candidate: m.alone.candidate, why: individualWhy(m) },
      ]),
  ];
  return { endpoints, usd: endpoints.reduce((n, [, g]) => n + g.candidate.monthlyCostUsd, 0) };
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
    usdOf(c.byCost.find((a) => a.option === "single-model") ?? choiceOf(c, c.byCost, individualShare));
  const planWith = (alone: (c: Candidacy) => Feasible): { members: Member[]; grouping: Grouping } => {
    const members = candidacies
      .filter((c) => !stranded.has(c))
      .map((c): Member => {
        const best = choiceOf(c, c.ranked, individualShare);
        const chosen = alone(c);
        return {
          workload: c.workload,
          load: c.load,
          assessments: c.assessments,
          best,
          alone: chosen,
          movedOffServerless: c.byCost[0]!.option === "serverless" && chosen.option !== "serverless",
          individualUsd: best.candidate.monthlyCostUsd,
          dedicatedUsd: dedicatedOf(c),
        };
      });
    return { members, grouping: groupFleet(members, knowledge, maxSizeRatio, devices) };
  };

  // The plan: each workload's cheapest option, where the quota allows. Where more models would take serverless
  // than it allows, every workload that has another option first moves to it (and may share); the slots then go to
  // those whose share of that plan costs the most more than serverless, and the fleet is grouped again. The
  // cheaper of the two is the plan, unless it costs more than a baseline: grouping each workload's cheapest
  // option within the individual baseline's slots never does.
  const first = serverlessFirst((c) => c.byCost);
  let plan: { members: Member[]; grouping: Grouping };
  const claims = first.map(serverlessClaim);
  if (
    claims.reduce((n, c) => n + c.endpoints, 0) <= quota.endpoints &&
    claims.reduce((n, c) => n + c.concurrency, 0) <= quota.concurrency
  )
    plan = planWith((c) => c.byCost[0]!);
  else {
    const none: ServerlessShare = { kept: new Set(first.filter((c) => c.byCost.length === 1)), stranded: [] };
    const off = planWith((c) => choiceOf(c, c.byCost, none));
    // A member's share of its endpoint's cost, in proportion to its cost alone.
    const inPlanUsd = new Map<Workload, number>();
    for (const [, g] of off.grouping.endpoints) {
      const aloneSum = sumUsd(g.members, aloneUsd);
      for (const m of g.members) inPlanUsd.set(m.workload, (g.candidate.monthlyCostUsd * aloneUsd(m)) / aloneSum);
    }
    const share = shareServerless(
      first,
      quota,
      (c) => inPlanUsd.get(c.workload)! - c.byCost[0]!.candidate.monthlyCostUsd,
    );
    const shared = planWith((c) => choiceOf(c, c.byCost, share));
    plan = shared.grouping.usd <= off.grouping.usd ? shared : off;
    const baseline = Math.min(
      sumUsd(plan.members, (m) => m.individualUsd),
      sumUsd(plan.members, (m) => m.dedicatedUsd),
    );
    if (plan.grouping.usd > baseline) plan = planWith((c) => choiceOf(c, c.byCost, individualShare));
  }
  const { members, grouping } = plan;
  for (const c of stranded) {
    unplaced.push({
      workload: c.workload.name,
      reason: `serverless is its only feasible option, and workloads with no other option already take the Region's serverless quota (endpoints: ${quota.endpoints}; requests in flight: ${quota.concurrency})`,
    });
  }

  const endpoints = grouping.endpoints.map(([id, g]) => endpointFor(id, g));
  // Totals from unrounded costs, so rounding can never lift the plan above the individual cost.
  const planUsd = grouping.usd;
  const dedicatedUsd = sumUsd(members, (m) => m.dedicatedUsd);
  const individualUsd = sumUsd(members, (m) => m.individualUsd);
  const lower = lowerBound(members, knowledge, devices, maxSizeRatio, quota.endpoints);
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
