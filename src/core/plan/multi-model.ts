import type { ComputeDevice, Instance } from "../../schema/catalog.js";
import type { Workload } from "../../schema/workload.js";
import { globMatches } from "../glob.js";
import { modelFootprint, tokensOf, type Footprint } from "../sizing/memory.js";
import { workloadFootprint } from "../sizing/measured.js";
import { coldStartSeconds, toleratesColdStart } from "../sizing/coldstart.js";
import { availabilityFloor } from "../sizing/option-fleet.js";
import { transferMs } from "../sizing/budget.js";
import { decodeStepMs, prefillMs, singleRequestMs, type ComputeUnit } from "../sizing/performance.js";
import { fitConfigs } from "../sizing/fit.js";
import type { Candidate } from "../sizing/context.js";
import { feasible, fixedWork, hardwareKind, LATENCY_CLASS_RATIO, mmeClass, type Member } from "./member.js";
import { assessOptionIn } from "../assess/assess.js";
import { sizingContext } from "../sizing/context.js";
import type { Knowledge } from "../types.js";
import { formatQuantity } from "../units.js";

import { aloneUsd, dataCost, modelsOf, sumUsd, type Group } from "./group.js";
// Multi-model grouping: members of one framework, hardware kind, size and latency class on one endpoint.

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
  /**
   * Some member is an LLM, gives its processing time outright or corrects its times by measurements: its requests'
   * work is not the kind's, nor does it scale with another model's.
   */
  readonly fixedWork: boolean;
  /** The kind of model whose requests do the most work (the first such). */
  readonly kind: Workload["model"]["kind"];
  /** The members' precisions: a group of fp16 and fp32 models may be sized as an fp32 one. */
  readonly precisions: ReadonlySet<Workload["model"]["precision"]>;
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
    fixedWork: fixedWork(m.workload),
    kind: model.kind,
    precisions: new Set([model.precision]),
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
    // Kinds timed by their work outweigh any fixed forward pass.
    kind: (units[b.kind] ?? Infinity) > (units[a.kind] ?? Infinity) ? b.kind : a.kind,
    precisions: new Set([...a.precisions, ...b.precisions]),
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
 * request of any member does, then that with the most parameters of any member too, then that at each other
 * member's precision (never less memory, and the profiles confirm the time): a small vision model's requests
 * beside a large tabular one's are sized as a vision model's of the tabular one's size, not as the tabular ones,
 * and a large fp16 model's beside a smaller fp32 one's (slower on a GPU's fp32 cores) as an fp32 model's.
 */
function groupModel(t: GroupTraits, profiles: Profiles): Workload | null {
  const w = t.standIn.workload;
  const standIn = profiles.members.get(t.standIn)!;
  const dominates = (p: MmeProfile) => t.slowest.every((ms, j) => ms <= p.unitMs[j]!);
  if (dominates(standIn)) return w;
  if (t.fixedWork) return null;
  for (const model of [
    { ...w.model, kind: t.kind },
    { ...w.model, kind: t.kind, parameters: t.maxParameters },
    ...[...t.precisions]
      .filter((p) => p !== w.model.precision)
      .map((precision) => ({ ...w.model, kind: t.kind, parameters: t.maxParameters, precision })),
  ]) {
    const candidate = { ...w, model };
    const profile = profiles.of(candidate, hardwareKind(t.standIn));
    if (profile.copyGiB >= standIn.copyGiB && dominates(profile)) return candidate;
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
  // One image for the group: members that need x86_64 and arm64 leave it no instance type.
  const archs = [...new Set(all.map((c) => c.cpuArchitecture).filter((a) => a !== "any"))];
  return {
    ...(globs.length > 0 && {
      instanceTypes: knowledge.catalog.instances
        .map((i) => i.instanceType)
        .filter((type) => globs.every((list) => list.some((glob) => globMatches(glob, type)))),
    }),
    ...(archs.length > 1 && { instanceTypes: [] }),
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
    cpuArchitecture: archs.length === 1 ? archs[0]! : "any",
  };
}

/**
 * One workload standing for a whole multi-model group: its group model (`groupModel`), every model counted, the
 * members' traffic summed at each request's share of a group model request's work, the latency target and
 * cold-start tolerance `slos` gives in the group model's terms, the strictest token SLOs of any member, and the
 * constraints of all (see `groupConstraints`).
 */
function combine(
  members: readonly Member[],
  w: Workload,
  slos: { readonly target: number; readonly coldStart: number; readonly work: (m: Member) => number },
  name: string,
  knowledge: Knowledge,
): Workload {
  const days = knowledge.rules.sizing.billing.daysPerMonth;
  const patterns = new Set(members.map((m) => m.workload.traffic.pattern));
  return {
    ...w,
    name,
    model: { ...w.model, count: modelsOf(members) },
    payload: groupPayload(members),
    latency: {
      target: slos.target === Infinity ? "none" : slos.target,
      ...strictest(members, "ttft"),
      ...strictest(members, "perToken"),
      coldStart: slos.coldStart,
    },
    isolation: "shared",
    traffic: {
      pattern: patterns.size === 1 ? w.traffic.pattern : "diurnal",
      // Peaks are summed: staggered traffic would need less, so this errs on the safe side.
      peakRps: members.reduce((n, m) => n + m.load.peakRps * slos.work(m), 0),
      requestsPerDay: members.reduce((n, m) => n + (m.load.requestsPerMonth / days) * slos.work(m), 0),
      activeHoursPerDay: Math.max(...members.map((m) => m.load.activeHoursPerDay)),
    },
    priorities: "balanced",
    constraints: groupConstraints(members, knowledge),
    availability: {
      minInstances: Math.max(
        ...members.map((m) => availabilityFloor("multi-model", m.workload, knowledge.rules.sizing)),
      ),
    },
  };
}

/**
 * How many times faster a member's requests are than the group's slowest member's: the least ratio of the slowest
 * time to its own on any device, on one unit or the widest (`MmeProfile`), so on any unit between. 1 where requests
 * are LLM generations or given times, whose work does not scale so.
 */
function slowdown(m: Member, traits: GroupTraits, profiles: Profiles): number {
  if (traits.fixedWork) return 1;
  const own = profiles.members.get(m)!.unitMs;
  let least = Infinity;
  for (let j = 0; j < own.length; j += 4)
    for (let k = j; k <= j + 3; k += 3) if (own[k]! > 0) least = Math.min(least, traits.slowest[k]! / own[k]!);
  return Math.max(1, least === Infinity ? 1 : least);
}

// The bytes of a member's request and response: the group is sized with its largest (`groupPayload`).
function payloadOf(m: Member): number {
  return m.workload.payload.request + (m.workload.payload.response ?? m.workload.payload.request);
}

// A group is sized with its largest request and response, which its latency and limits must allow.
function groupPayload(members: readonly Member[]): Workload["payload"] {
  return {
    request: Math.max(...members.map((m) => m.workload.payload.request)),
    response: Math.max(...members.map((m) => m.workload.payload.response ?? m.workload.payload.request)),
  };
}

/**
 * The latency target a group is sized to, in the terms of its model, which is at least as slow as every member on
 * every device (`groupModel`): each member's requests must meet its own target, and take at most the group
 * model's time over its `slowdown`. So the compute each member's target leaves it, times its slowdown, bounds the
 * group model's; the target is the least of those with the group's overheads. Where requests are LLM generations
 * or given times, the strictest target of any member.
 */
function groupTarget(
  members: readonly Member[],
  traits: GroupTraits,
  slowdownOf: (m: Member) => number,
  profiles: Profiles,
  knowledge: Knowledge,
): number {
  if (traits.fixedWork) return traits.minTarget;
  const overheadMs = knowledge.rules.options["multi-model"].overheadMs;
  const groupTransferMs = transferMs({ payload: groupPayload(members) }, { knowledge });
  let target = Infinity;
  for (const m of members) {
    const { computeMs } = profiles.members.get(m)!;
    if (computeMs === Infinity) continue;
    // A member whose target leaves no compute (no group can meet it) leaves the group none.
    target = Math.min(target, overheadMs + groupTransferMs + Math.max(0, computeMs) * slowdownOf(m));
  }
  return target;
}

// How long a model takes to load cold on a multi-model endpoint (s).
function coldLoadS(footprint: Footprint, knowledge: Knowledge): number {
  const { options, sizing } = knowledge.rules;
  return coldStartSeconds("multi-model", options["multi-model"], footprint, sizing);
}

/**
 * The cold load a group of members tolerates, in the terms of its model, whose models load in `groupS`: a member
 * meets the loads of its own models, so it tolerates the group model's load (the largest) where its own load time
 * is within its tolerance. Scaling each member's tolerance by the group model's load over its own keeps exactly
 * that: the group tolerates its loads where every member tolerates its own.
 */
function toleratedColdLoad(members: readonly Member[], profiles: Profiles, groupS: number): number {
  return Math.min(...members.map((m) => (m.workload.latency.coldStart * groupS) / profiles.members.get(m)!.loadS));
}

/**
 * What a member brings to a multi-model group's sizing: its copy's memory, and the times its requests take alone
 * on one unit (a device, or a vCPU) of each device of the multi-model instance types of its hardware kind, in the
 * order of `mmeDevices`, four a device: the whole request, for an LLM the time to its first token and one decode
 * step alone (0 for other models, and for a processing time given outright, which no token SLO is checked
 * against), and the whole request on the widest unit any of those instance types gives a copy. On more units a
 * request's compute shrinks and its fixed overheads stay, so one request's time over another's is largest on one
 * unit and least on the widest: the two bound it on any unit between.
 */
interface MmeProfile {
  readonly footprint: Footprint;
  /** What its latency target leaves its requests' compute: less the overheads and its payloads' transfer (ms). */
  readonly computeMs: number;
  readonly copyGiB: number;
  /** How long one of its models takes to load cold on a multi-model endpoint (s). */
  readonly loadS: number;
  readonly unitMs: readonly number[];
}

/** The members' profiles, and the profile of any workload on the devices of a hardware kind. */
interface Profiles {
  readonly members: ReadonlyMap<Member, MmeProfile>;
  readonly of: (workload: Workload, kind: "gpu" | "cpu") => MmeProfile;
}

/** A device of the instance types multi-model endpoints run on, and the most units one of them has (vCPUs, GPUs). */
interface MmeDevice {
  readonly device: ComputeDevice;
  readonly widest: number;
}

// The devices of the instance types multi-model endpoints run on, by hardware kind.
function mmeDevices(
  knowledge: Knowledge,
  devices: ReadonlyMap<string, ComputeDevice>,
): Record<"gpu" | "cpu", MmeDevice[]> {
  const found = { gpu: new Map<ComputeDevice, number>(), cpu: new Map<ComputeDevice, number>() };
  for (const instance of knowledge.catalog.instances) {
    if (!instance.options.includes("multi-model")) continue;
    const device = devices.get(instance.accelerator ? instance.accelerator.device : instance.cpu);
    if (!device) continue;
    const units = instance.accelerator ? instance.accelerator.count : instance.vcpus;
    const byDevice = found[instance.accelerator ? "gpu" : "cpu"];
    byDevice.set(device, Math.max(units, byDevice.get(device) ?? 0));
  }
  const list = (byDevice: Map<ComputeDevice, number>) => [...byDevice].map(([device, widest]) => ({ device, widest }));
  return { gpu: list(found.gpu), cpu: list(found.cpu) };
}

function mmeProfile(w: Workload, kindDevices: readonly MmeDevice[], knowledge: Knowledge): MmeProfile {
  const sizing = knowledge.rules.sizing;
  // Without response streaming the first token comes with the whole answer (see budgetFor).
  const streams = knowledge.rules.options["multi-model"].limits.streaming.value === 1;
  const footprint = workloadFootprint(w, knowledge);
  const target = w.latency.target;
  return {
    footprint,
    computeMs:
      target === "none"
        ? Infinity
        : target - knowledge.rules.options["multi-model"].overheadMs - transferMs(w, { knowledge }),
    copyGiB: footprint.copyGiB,
    loadS: coldLoadS(footprint, knowledge),
    unitMs: kindDevices.flatMap(({ device, widest }) => {
      const unit = { kind: device.kind, device, devices: 1, freeBytes: Infinity };
      const requestMs = singleRequestMs(unit, footprint, w, sizing);
      const widestMs = singleRequestMs({ ...unit, devices: widest }, footprint, w, sizing);
      if (!footprint.isLlm || footprint.measured) return [requestMs, 0, 0, widestMs];
      const firstTokenMs = streams
        ? prefillMs(unit, footprint, w.model.precision, tokensOf(w).input, sizing)
        : requestMs;
      return [requestMs, firstTokenMs, decodeStepMs(unit, footprint, w.model.precision, 1, sizing), widestMs];
    }),
  };
}

/**
 * Multi-model groups, greedily: each candidate joins the compatible group whose cost grows least, as long as
 * the group stays cheaper than its members alone; otherwise it starts a group of its own. Only the newest
 * GROUPS_TRIED compatible groups are sized with it: candidates come in order of size, so those hold the models most
 * like it, and a fleet of thousands of small tenants would otherwise size every group for every tenant. Where none
 * takes it at the target that holds on any unit, each is sized again at the target its copies' unit allows
 * (`sizeLoosened`); then groups absorb later ones that lower the whole, groups that keep only their floor up give
 * their members to others where that costs less, and heavy members move where that costs less. Largest first, and
 * for pools up to BOTH_ORDERS_UP_TO smallest first too, each class of models keeping the cheaper.
 */
export function groupMultiModel(
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
  // The target that holds each member on any unit (`slowdown`).
  const safeTarget = (members: readonly Member[], traits: GroupTraits) =>
    groupTarget(members, traits, (m) => slowdown(m, traits, profiles), profiles, knowledge);
  // The group is sized with its largest payloads, which its latency and limits must allow; data processing is
  // billed per byte each member sends, so the group pays the sum of its members' own.
  const size = (
    members: readonly Member[],
    traits: GroupTraits,
    model: Workload,
    id: string,
    target = safeTarget(members, traits),
  ): Candidate | null => {
    const slos = {
      target,
      coldStart: toleratedColdLoad(members, profiles, coldLoadS(workloadFootprint(model, knowledge), knowledge)),
      // Each member's request does its share of a group model request's work.
      work: (m: Member) => 1 / slowdown(m, traits, profiles),
    };
    const ctx = sizingContext(combine(members, model, slos, id, knowledge), knowledge);
    // The cache holds the members' own copies, whatever model the group is sized as (`Footprint.cachedGiB`).
    const memberGiB = members.reduce((n, m) => n + m.workload.model.count * profiles.members.get(m)!.copyGiB, 0);
    const cachedGiB = Math.min(ctx.footprint.copyGiB, memberGiB / modelsOf(members));
    const c = assessOptionIn("multi-model", { ...ctx, footprint: { ...ctx.footprint, cachedGiB } }).candidate;
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
  /**
   * A group sized to a looser target than `size` gives, where the unit its copies get allows it. That target holds
   * every member on any unit; on the one a copy gets, members' requests may be further apart. Starting from the
   * target one unit allows (the loosest), a sizing whose own unit does not allow its target tries the target that
   * unit does, a few times; the group takes the cheaper of the first one its unit allows and `size`'s.
   */
  const sizeLoosened = (
    members: readonly Member[],
    traits: GroupTraits,
    model: Workload,
    id: string,
    safe = size(members, traits, model, id),
  ): Candidate | null => {
    if (traits.fixedWork) return safe;
    const modelFootprint = workloadFootprint(model, knowledge);
    const targetOn = (unit: ComputeUnit) => {
      const modelMs = singleRequestMs(unit, modelFootprint, model, knowledge.rules.sizing);
      const ms = requestMsOn(unit);
      return groupTarget(members, traits, (m) => Math.max(1, modelMs / ms(m)), profiles, knowledge);
    };
    let target = Math.max(
      ...kindDevices[hardwareKind(traits.standIn)].map(({ device }) =>
        targetOn({ kind: device.kind, device, devices: 1, freeBytes: Infinity }),
      ),
    );
    // Members whose requests differ alike on every unit leave nothing to loosen.
    if (target <= safeTarget(members, traits)) return safe;
    for (let tries = 0; tries < LOOSENING_TRIES; tries++) {
      const c = size(members, traits, model, id, target);
      if (!c) break;
      const instance = knowledge.catalog.instances.find((i) => i.instanceType === c.instanceType)!;
      const allowed = Math.min(...copyUnits(c, instance, traits.standIn).map(targetOn));
      if (allowed >= target) return !safe || c.monthlyCostUsd < safe.monthlyCostUsd ? c : safe;
      target = allowed;
    }
    return safe;
  };
  const requestMs = new Map<string, Map<Member, number>>();
  // Members' requests alone on a unit, kept: groups of one instance type ask for the same units.
  const requestMsOn = (unit: ComputeUnit) => {
    const key = `${unit.device.id}/${unit.devices}`;
    let byMember = requestMs.get(key);
    if (!byMember) requestMs.set(key, (byMember = new Map()));
    return (m: Member) => {
      let ms = byMember.get(m);
      if (ms === undefined) {
        ms = singleRequestMs(unit, profiles.members.get(m)!.footprint, m.workload, knowledge.rules.sizing);
        byMember.set(m, ms);
      }
      return ms;
    };
  };
  // The units a copy of a group's candidate runs on: as sized, and as its largest member alone would fit there.
  const copyUnits = (c: Candidate, instance: Instance, largest: Member): ComputeUnit[] => {
    const device = devices.get(instance.accelerator ? instance.accelerator.device : instance.cpu)!;
    const { footprint } = profiles.members.get(largest)!;
    const fit = { workload: largest.workload, footprint, knowledge, devices, allowed: [] };
    const alone = fitConfigs(instance, fit)[0]?.unit;
    const sized = {
      kind: device.kind,
      device,
      devices: instance.accelerator ? c.acceleratorsPerCopy : instance.vcpus / c.copiesPerInstance,
      freeBytes: Infinity,
    };
    return alone ? [sized, { ...alone, freeBytes: Infinity }] : [sized];
  };
  // Groups formed from members in one order: the greedy, absorption, and the two passes below.
  type Entry = { members: Member[]; traits: GroupTraits; candidate: Candidate };
  // A group's cost: its own, or its members' alone where that is less (a group of one, say).
  const partUsd = (g: Entry) => Math.min(g.candidate.monthlyCostUsd, sumUsd(g.members, aloneUsd));
  // The greedy (see above), over members in one order.
  const greedy = (ordered: readonly Member[]): Entry[] => {
    const groups: Entry[] = [];
    for (const m of ordered) {
      const own = traitsOf(m, profiles);
      const best = { join: null as { index: number; traits: GroupTraits; candidate: Candidate } | null, gain: 0 };
      const consider = (i: number, traits: GroupTraits, candidate: Candidate | null): boolean => {
        if (!candidate) return false;
        const gain = groups[i]!.candidate.monthlyCostUsd + m.alone.candidate.monthlyCostUsd - candidate.monthlyCostUsd;
        if (gain >= best.gain && gain > 0) {
          best.gain = gain;
          best.join = { index: i, traits, candidate };
        }
        // A group with room for the member keeps its instances: the member adds only its requests' data processing,
        // and no group can take it for less, so the search stops at the first such group.
        return gain > 0 && sameInstances(candidate, groups[i]!.candidate);
      };
      const trials: { index: number; traits: GroupTraits; model: Workload; candidate: Candidate | null }[] = [];
      for (let i = groups.length - 1; i >= 0 && trials.length < GROUPS_TRIED; i--) {
        const g = groups[i]!;
        if (!mayJoin(g.traits, own, maxSizeRatio)) continue;
        const traits = joinTraits(g.traits, own, profiles, knowledge);
        const model = modelFor(traits);
        if (!model) continue;
        const candidate = size([...g.members, m], traits, model, `group-${i}`);
        trials.push({ index: i, traits, model, candidate });
        if (consider(i, traits, candidate)) break;
      }
      // Where no group takes it at the targets that hold on any unit, the looser ones of the units copies get.
      if (!best.join)
        for (const t of trials) {
          const members = [...groups[t.index]!.members, m];
          if (consider(t.index, t.traits, sizeLoosened(members, t.traits, t.model, `group-${t.index}`, t.candidate)))
            break;
        }
      const { join } = best;
      if (join) {
        groups[join.index] = {
          members: [...groups[join.index]!.members, m],
          traits: join.traits,
          candidate: join.candidate,
        };
      } else {
        const alone = size([m], own, m.workload, "alone");
        if (alone) groups.push({ members: [m], traits: own, candidate: alone });
      }
    }
    return groups;
  };
  // Greedy joins stop where one more member costs an instance more, though the working set of a larger group is a
  // smaller share of its models: each group absorbs every later one it may share with, where the whole costs less
  // than the parts, each part at its group's cost or its members' alone, whichever is less (a group of one, say);
  // where all of them together do not, each one that does.
  const absorbLater = (groups: Entry[]) => {
    const absorb = (i: number, js: readonly number[]): boolean => {
      let { members, traits } = groups[i]!;
      let parts = partUsd(groups[i]!);
      for (const j of js) {
        const joint = joinTraits(traits, groups[j]!.traits, profiles, knowledge);
        members = [...members, ...groups[j]!.members];
        traits = joint;
        parts += partUsd(groups[j]!);
      }
      const model = modelFor(traits);
      const whole = model && sizeLoosened(members, traits, model, "whole");
      if (!whole || whole.monthlyCostUsd >= parts) return false;
      groups[i] = { members, traits, candidate: whole };
      for (const j of [...js].reverse()) groups.splice(j, 1);
      return true;
    };
    for (let i = 0; i < groups.length; i++) {
      const later: number[] = [];
      let traits = groups[i]!.traits;
      for (let j = i + 1; j < groups.length; j++) {
        if (!mayJoin(traits, groups[j]!.traits, maxSizeRatio)) continue;
        const joint = joinTraits(traits, groups[j]!.traits, profiles, knowledge);
        if (!modelFor(joint)) continue;
        traits = joint;
        later.push(j);
      }
      if (later.length === 0 || absorb(i, later) || later.length === 1) continue;
      for (let j = i + 1; j < groups.length; j++)
        if (mayJoin(groups[i]!.traits, groups[j]!.traits, maxSizeRatio) && absorb(i, [j])) j--;
    }
  };
  // Members move between groups where that lowers the whole, each to the cheapest of the nearest few groups it may
  // join (groups formed in turn hold models alike in size): `joinings` sizes them, stopping at one with room, which
  // keeps its instances and takes the member for its data processing alone (see the greedy).
  const cachedBy = (m: Member) => m.workload.model.count * profiles.members.get(m)!.copyGiB;
  const joinings = function* (groups: readonly Entry[], i: number, m: Member, at: (j: number) => Entry | undefined) {
    const own = traitsOf(m, profiles);
    let tried = 0;
    for (let d = 1; d < 2 * groups.length && tried < MOVES_TRIED; d++) {
      const j = d % 2 === 1 ? i - (d + 1) / 2 : i + d / 2;
      const h = at(j);
      if (!h || !mayJoin(h.traits, own, maxSizeRatio)) continue;
      const traits = joinTraits(h.traits, own, profiles, knowledge);
      const model = modelFor(traits);
      if (!model) continue;
      tried++;
      const members = [...h.members, m];
      const candidate = sizeLoosened(members, traits, model, `group-${j}`);
      if (!candidate) continue;
      yield { j, h, group: { members, traits, candidate } };
      if (sameInstances(candidate, h.candidate)) return;
    }
  };
  // A group that keeps only its floor up may cost more than its members add to other groups (or cost alone): where
  // all of them together add less than the group costs, it gives them away.
  const dissolveFloorBound = (groups: Entry[]) => {
    for (let i = groups.length - 1; i >= 0; i--) {
      const g = groups[i]!;
      if (g.members.length < 2 || g.candidate.instanceCount > g.candidate.minInstances) continue;
      const moved = new Map<number, Entry>();
      let added = 0;
      for (const m of g.members) {
        let best: { j: number; usd: number; group: Entry | null } = { j: -1, usd: aloneUsd(m), group: null };
        for (const { j, h, group } of joinings(groups, i, m, (j) => moved.get(j) ?? groups[j])) {
          const usd = group.candidate.monthlyCostUsd - (moved.has(j) ? h.candidate.monthlyCostUsd : partUsd(h));
          if (usd < best.usd) best = { j, usd, group };
        }
        added += best.usd;
        if (added >= partUsd(g)) break;
        if (best.group) moved.set(best.j, best.group);
      }
      if (added >= partUsd(g)) continue;
      for (const [j, h] of moved) groups[j] = h;
      groups.splice(i, 1);
    }
  };
  // A group's instances round up: its heaviest members (most memory cached) are the likeliest to cost it one, and so
  // is the member whose payload it is sized with (`groupPayload`), where that is more than twice any other's. Each
  // moves where another group takes it, or it costs alone, less than leaving frees.
  const moveHeaviest = (groups: Entry[]) => {
    const byName = (a: Member, b: Member) => (a.workload.name < b.workload.name ? -1 : 1);
    for (let i = 0; i < groups.length; i++) {
      const { members } = groups[i]!;
      const [widest, next] = [...members].sort((a, b) => payloadOf(b) - payloadOf(a) || byName(a, b));
      const heaviest = [
        ...new Set([
          ...[...members].sort((a, b) => cachedBy(b) - cachedBy(a) || byName(a, b)).slice(0, HEAVIEST_MOVED),
          ...(widest && next && payloadOf(widest) > 2 * payloadOf(next) ? [widest] : []),
        ]),
      ];
      for (const m of heaviest) {
        const g = groups[i]!;
        if (g.members.length <= 2) break;
        const rest = g.members.filter((x) => x !== m);
        const traits = rest
          .slice(1)
          .reduce((t, x) => joinTraits(t, traitsOf(x, profiles), profiles, knowledge), traitsOf(rest[0]!, profiles));
        const model = modelFor(traits);
        const left = model && sizeLoosened(rest, traits, model, `group-${i}`);
        if (!left) continue;
        const freed = partUsd(g) - Math.min(left.monthlyCostUsd, sumUsd(rest, aloneUsd));
        // At least a cent saved: a move that saves nothing shifts a member's data processing alone.
        let best: { j: number; usd: number; group: Entry | null } = { j: -1, usd: freed - 0.01, group: null };
        for (const { j, h, group } of joinings(groups, i, m, (j) => groups[j])) {
          const usd = group.candidate.monthlyCostUsd - partUsd(h);
          if (usd < best.usd) best = { j, usd, group };
        }
        // Or it leaves for its way alone, where that costs less than it keeps the group up.
        if (best.group && best.usd <= aloneUsd(m)) groups[best.j] = best.group;
        else if (aloneUsd(m) >= freed - 0.01) continue;
        groups[i] = { members: rest, traits, candidate: left };
      }
    }
  };
  // Groups formed from members in one order: the greedy, absorption, and the two passes.
  const formGroups = (ordered: readonly Member[]) => {
    const groups = greedy(ordered);
    absorbLater(groups);
    dissolveFloorBound(groups);
    moveHeaviest(groups);
    return groups;
  };
  // A group of two or more members is kept where it costs less than they do alone.
  const kept = (g: Entry) => g.members.length > 1 && g.candidate.monthlyCostUsd < sumUsd(g.members, aloneUsd);
  // The greedy's order shapes its groups (each size window anchored at its first member): a pool small enough is
  // grouped smallest first as well (as long again). A member that does not tolerate its cold loads holds every model
  // of its group loaded (`toleratedColdLoad`), so its class is also grouped with such members apart from the others.
  // Each class keeps the cheapest of those groupings.
  const variants = [formGroups(ordered)];
  if (pool.length <= BOTH_ORDERS_UP_TO) {
    variants.push(formGroups([...ordered].reverse()));
    const strict = (m: Member) => !toleratesColdStart(m.workload, profiles.members.get(m)!.loadS);
    if (ordered.some(strict) && ordered.some((m) => !strict(m)))
      variants.push([...formGroups(ordered.filter(strict)), ...formGroups(ordered.filter((m) => !strict(m)))]);
  }
  // A class's cost in a grouping: its kept groups', and its other members' alone.
  const classUsd = (list: readonly Entry[]) => {
    const usd = new Map<string, number>();
    const add = (cls: string, n: number) => usd.set(cls, (usd.get(cls) ?? 0) + n);
    const keptGroups = list.filter(kept);
    const grouped = new Set(keptGroups.flatMap((g) => g.members));
    for (const g of keptGroups) add(mmeClass(g.members[0]!), g.candidate.monthlyCostUsd);
    for (const m of pool) if (!grouped.has(m)) add(mmeClass(m), aloneUsd(m));
    return usd;
  };
  const costs = variants.map(classUsd);
  // Each class's grouping: the first of the cheapest (by more than a cent).
  const choice = new Map<string, number>();
  for (const cls of costs[0]!.keys()) {
    let best = 0;
    for (let v = 1; v < variants.length; v++) if (costs[v]!.get(cls)! < costs[best]!.get(cls)! - 0.01) best = v;
    choice.set(cls, best);
  }
  const groups = variants.flatMap((list, v) => list.filter((g) => choice.get(mmeClass(g.members[0]!)) === v));
  const keptGroups = groups.filter(kept);
  const placed = new Set(keptGroups.flatMap((g) => g.members));
  return {
    groups: keptGroups.map((g) => ({
      option: "multi-model",
      members: g.members,
      candidate: g.candidate,
      why: mmeWhy(g.members, g.candidate, knowledge),
    })),
    rest: pool.filter((m) => !placed.has(m)),
  };
}

const GROUPS_TRIED = 8;
const LOOSENING_TRIES = 3;
// Groups a member tries to move to, and the members of a group that try to move (see groupMultiModel).
const MOVES_TRIED = 3;
const HEAVIEST_MOVED = 4;
// The most multi-model candidates grouped in both orders (see groupMultiModel).
const BOTH_ORDERS_UP_TO = 1000;

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
