import type { ComputeDevice, Instance } from "../../schema/catalog.js";
import { allowedInstances, vcpuCopies } from "../sizing/instances.js";
import { fitConfigs } from "../sizing/fit.js";
import { workloadFootprint } from "../sizing/measured.js";
import type { Candidate } from "../sizing/context.js";
import { activeShareOf, feasible, loadedShareOf, STEADY_LOADED_SHARE, type Member } from "./member.js";
import { assessOption } from "../assess/assess.js";
import { availabilityFloor } from "../sizing/option-fleet.js";
import type { Knowledge } from "../types.js";
import { roundOutput } from "../units.js";

import { aloneUsd, dataCost, modelsOf, sumUsd, type Group } from "./group.js";
import { InstancePacker, packedInstances } from "./packing.js";
// Inference-component packing: members' copies on shared instances of the type that saves most.

/** A member's inference-component placement on one instance type. */
interface CopyPlacement {
  readonly m: Member;
  readonly c: Candidate;
  /** Its own type, or one where copies like its own come cheaper per copy than there (copies pack whole). */
  readonly packsCheaper: boolean;
  /** A type of its own accelerators dearer per accelerator than its own: it may only fill idle slots there. */
  readonly fillsOnly: boolean;
  /** The share of the month its models are loaded (`loadedShareOf`), and whether its copies stay as they are. */
  readonly loaded: number;
  readonly steady: boolean;
  /** Its average slots, its data processing, and what it saves against its cost alone at its slots' price. */
  readonly slots: number;
  readonly dataUsd: number;
  readonly saving: number;
  /** Where its copies come and go here, the way they stay as they are (more slots, but no rounding), if any. */
  readonly steadyAlt?: CopyPlacement;
}

/**
 * Inference-component groups, greedily: each instance type gathers the members that could run on it (their own
 * best type, or any instance type with several accelerators whose price per accelerator could beat it), each
 * member's copies packed by accelerator (or memory) slots, and members that save nothing anywhere may fill the
 * slots a group keeps up anyway; the type that saves most against its members alone forms a group, and the rest try
 * again, until no sharing is cheaper. Greedy choices depend on which types a member
 * may join: all of those, or only where its copies pack cheaper than on its own type (a large group on a type
 * where a 4-accelerator copy takes a 6-accelerator instance can crowd out a better one). They depend on the first
 * group too: the one that saves most may take members that would have filled the floor another type keeps up
 * anyway. So each greedy also starts from each of the few groups that would save most first
 * (`FIRST_GROUPS_TRIED`); the cheapest grouping is kept, and its members then move (`moveMembers`). Members cheapest
 * alone on an asynchronous endpoint save little by sharing, so the greedy forms groups around others first; where
 * they would anchor a group of their own type, grouping them as if they must share (at their inference-component
 * cost alone) can cost less, counted at their cost alone: small pools are grouped both ways.
 */
export function groupInferenceComponents(
  pool: readonly Member[],
  knowledge: Knowledge,
  devices: ReadonlyMap<string, ComputeDevice>,
): { groups: Group[]; rest: Member[] } {
  // The types members' own copies are on, whose idle slots others of any device may fill.
  const fillable = new Set(
    pool.length > FILL_ACROSS_UP_TO
      ? []
      : pool.flatMap((m) => feasible(m, "inference-components")?.candidate.instanceType ?? []),
  );
  const placements = copyPlacements(pool, knowledge, devices, fillable);
  const grouping = groupOnce(pool, placements, knowledge);
  if (pool.length > HELD_UP_TO) return grouping;
  // Each such member as if it must share, and back.
  const sharing = new Map<Member, Member>();
  const held = new Map<Member, Member>();
  for (const m of pool) {
    const ic = feasible(m, "inference-components");
    if (m.alone.option !== "async" || !ic) continue;
    const shared = { ...m, alone: ic };
    sharing.set(m, shared);
    held.set(shared, m);
  }
  if (held.size === 0) return grouping;
  const back = (m: Member) => held.get(m) ?? m;
  const asShared = pool.map((m) => sharing.get(m) ?? m);
  const trial = groupOnce(asShared, placementsAs(placements, sharing, knowledge), knowledge);
  // A group that costs its members more than their ways alone leaves them there.
  const groups = trial.groups.map((g) => ({ ...g, members: g.members.map(back) }));
  const saving = (g: Group) => g.candidate.monthlyCostUsd < sumUsd(g.members, aloneUsd);
  const regrouped = {
    groups: groups.filter(saving),
    rest: [...trial.rest.map(back), ...groups.filter((g) => !saving(g)).flatMap((g) => g.members)],
  };
  return groupingUsd(regrouped) < groupingUsd(grouping) - 0.01 ? regrouped : grouping;
}

// What a grouping costs: its groups, and the members it leaves alone at their cost alone.
function groupingUsd(g: { groups: Group[]; rest: Member[] }): number {
  return g.groups.reduce((n, x) => n + x.candidate.monthlyCostUsd, 0) + sumUsd(g.rest, aloneUsd);
}

// One grouping of the pool, placed as given: the greedies (see `groupInferenceComponents`), then the moves.
function groupOnce(
  pool: readonly Member[],
  placements: Placements,
  knowledge: Knowledge,
): { groups: Group[]; rest: Member[] } {
  const cheaper = placements.map(([type, all]) => [type, all.filter((e) => e.packsCheaper || e.fillsOnly)] as const);
  let best: { groups: Group[]; rest: Member[] } | null = null;
  for (const types of [cheaper, placements]) {
    const fillers = neverSaving(types);
    // Stable: equal savings keep the types' name order, as the greedy's own choice does.
    const firsts = roundGroups(types, new Set(), knowledge, fillers)
      .sort((a, b) => b.savings - a.savings)
      .slice(0, FIRST_GROUPS_TRIED);
    for (const first of firsts.length > 0 ? firsts : [undefined]) {
      const grouping = greedyGroups(pool, types, knowledge, fillers, first);
      if (!best || groupingUsd(grouping) < groupingUsd(best) - 0.01) best = grouping;
    }
  }
  return pool.length > MOVES_UP_TO ? best! : moveMembers(best!, placements, knowledge, neverSaving(placements));
}

// Pools of up to this many members also try moving members between groups (`moveMembers`), and of up to this many
// grouping asynchronous members as if they must share.
const MOVES_UP_TO = 1000;
const HELD_UP_TO = 250;
// Pools of up to this many members may also fill idle slots on another device's instances dearer per accelerator
// than their own, of a type some member's own copies are on (a 34B model's second ml.g6.12xlarge, kept up for
// availability, holding small models that would each keep an instance of their own): sizing each member on such
// types costs time that large pools lack.
const FILL_ACROSS_UP_TO = 250;

/**
 * Members moved between groups where that costs less: the greedy forms the group that saves most first, which can
 * take a member whose copies serve far more on another type (a 70B model held to small batches on six chips, where
 * eight give it larger ones). Each member of a group, or left alone, tries each other group of a type it may join;
 * both groups are formed again of their new members (`icGroup`, which may leave some alone), and the move is kept
 * where the two cost less than before. Each group then tries splitting in two: its members that could share another
 * type (all of them, or those that save more there) form a group there, the rest stay (two 70B models that each
 * fill an ml.inf2.24xlarge, held on eight of an ml.inf2.48xlarge's twelve accelerators). Rounds run until none is
 * kept (at most MOVE_ROUNDS); then the members left alone may share with each other, as the greedy forms groups.
 */
function moveMembers(
  grouping: { groups: Group[]; rest: Member[] },
  types: Placements,
  knowledge: Knowledge,
  fillers: ReadonlySet<Member>,
): { groups: Group[]; rest: Member[] } {
  const byType = new Map(types.map(([type, entries]) => [type, new Map(entries.map((e) => [e.m, e]))]));
  let groups = [...grouping.groups];
  let rest = [...grouping.rest];
  // A group of these members on a type, and the members it leaves alone; none where fewer than two share.
  const formed = (type: string, members: readonly Member[]) => {
    const entries = members.map((m) => byType.get(type)!.get(m)!);
    const group = members.length < 2 ? null : icGroup(type, entries, knowledge, fillers)?.group;
    const alone = group ? members.filter((m) => !group.members.includes(m)) : [...members];
    return { group, alone, usd: (group?.candidate.monthlyCostUsd ?? 0) + sumUsd(alone, aloneUsd) };
  };
  for (let round = 0; round < MOVE_ROUNDS; round++) {
    let moved = false;
    const sources: (Group | null)[] = [...groups, null];
    for (const from of sources) {
      // Members left alone go by name, so the order of the input file never decides who moves.
      for (const m of from ? from.members : [...rest].sort((a, b) => (a.workload.name < b.workload.name ? -1 : 1))) {
        if (from && !groups.includes(from)) break;
        if (!from && !rest.includes(m)) continue;
        const fromType = from?.candidate.instanceType;
        const left = from && formed(fromType!, without(from.members, m));
        const fromUsd = from ? from.candidate.monthlyCostUsd : aloneUsd(m);
        let best: { to: Group; joined: ReturnType<typeof formed>; gain: number } | null = null;
        for (const to of groups) {
          const type = to.candidate.instanceType;
          if (to === from || type === fromType || !byType.get(type)?.has(m)) continue;
          const joined = formed(type, [...to.members, m]);
          const gain = fromUsd + to.candidate.monthlyCostUsd - (left?.usd ?? 0) - joined.usd;
          if (gain > MOVE_GAIN_USD && gain > (best?.gain ?? 0)) best = { to, joined, gain };
        }
        if (!best) continue;
        const parts = left ? [left, best.joined] : [best.joined];
        groups = [
          ...groups.filter((g) => g !== from && g !== best.to),
          ...parts.flatMap((x) => (x.group ? [x.group] : [])),
        ];
        rest = [...without(rest, m), ...parts.flatMap((x) => x.alone)];
        moved = true;
        if (from) break;
      }
    }
    // A group may also split in two: those of its members that share another type best there, the rest on its own.
    for (const g of [...groups]) {
      const type = g.candidate.instanceType;
      let best: { there: Group; left: ReturnType<typeof formed>; gain: number } | null = null;
      const here = byType.get(type)!;
      for (const [other, placed] of byType) {
        if (other === type) continue;
        const all = g.members.filter((m) => placed.has(m));
        const better = all.filter((m) => placed.get(m)!.saving > here.get(m)!.saving + MOVE_GAIN_USD);
        for (const movers of [all, better]) {
          if (movers.length < 2) continue;
          const there = formed(other, movers).group;
          if (!there) continue;
          const left = formed(type, without(g.members, ...there.members));
          const gain = g.candidate.monthlyCostUsd - there.candidate.monthlyCostUsd - left.usd;
          if (gain > MOVE_GAIN_USD && gain > (best?.gain ?? 0)) best = { there, left, gain };
        }
      }
      if (!best) continue;
      groups = [...groups.filter((x) => x !== g), best.there, ...(best.left.group ? [best.left.group] : [])];
      rest = [...rest, ...best.left.alone];
      moved = true;
    }
    if (!moved) break;
  }
  // Members the moves left alone may share with each other: the greedy again, over them.
  const alone = new Set(rest);
  const regrouped = greedyGroups(
    rest,
    types.map(([type, entries]) => [type, entries.filter((e) => alone.has(e.m))] as const),
    knowledge,
    fillers,
  );
  return { groups: [...groups, ...regrouped.groups], rest: regrouped.rest };
}

function without(members: readonly Member[], ...gone: Member[]): Member[] {
  return members.filter((x) => !gone.includes(x));
}

// The most rounds of `moveMembers`, and the least a move must save to be kept (sums in another order differ less).
const MOVE_ROUNDS = 4;
const MOVE_GAIN_USD = 0.01;

// The groups each greedy starts from (see `groupInferenceComponents`): those that save most, first.
const FIRST_GROUPS_TRIED = 3;

/**
 * The placements of some members as others of the same workload (another cost alone, `as`): only what they save
 * differs, so the placements are not sought again.
 */
function placementsAs(placements: Placements, as: ReadonlyMap<Member, Member>, knowledge: Knowledge): Placements {
  const again = (e: CopyPlacement): CopyPlacement => {
    const m = as.get(e.m);
    if (!m) return e;
    const instance = knowledge.catalog.instances.find((i) => i.instanceType === e.c.instanceType)!;
    const steadyAlt = e.steadyAlt && again(e.steadyAlt);
    return { ...e, m, ...placementSaving(m, e.c, instance, knowledge), ...(steadyAlt && { steadyAlt }) };
  };
  return placements.map(([type, entries]) => [type, entries.map(again)] as const);
}

// Every member's placements, by instance type (in name order): its own, each multi-accelerator type cheaper per
// accelerator where it meets its targets, and each dearer one of its own accelerator (of any, where `fillable`), to
// fill idle slots only.
function copyPlacements(
  pool: readonly Member[],
  knowledge: Knowledge,
  devices: ReadonlyMap<string, ComputeDevice>,
  fillable: ReadonlySet<string>,
): (readonly [string, CopyPlacement[]])[] {
  const byType = new Map<string, CopyPlacement[]>();
  const placementOf = (m: Member, c: Candidate, packsCheaper: boolean, fillsOnly: boolean): CopyPlacement => {
    const instance = knowledge.catalog.instances.find((i) => i.instanceType === c.instanceType)!;
    const loaded = loadedShareOf(m, c, knowledge);
    const placement = { m, c, packsCheaper, fillsOnly, loaded, steady: steady(m, c, loaded, knowledge) };
    return { ...placement, ...placementSaving(m, c, instance, knowledge) };
  };
  const add = (m: Member, c: Candidate, packsCheaper: boolean, fillsOnly: boolean, held?: Candidate) => {
    const list = byType.get(c.instanceType) ?? [];
    const placement = placementOf(m, c, packsCheaper, fillsOnly);
    list.push(held ? { ...placement, steadyAlt: placementOf(m, held, packsCheaper, fillsOnly) } : placement);
    byType.set(c.instanceType, list);
  };
  const multiSlot = knowledge.catalog.instances.filter(
    (i) => i.accelerator && i.accelerator.count > 1 && i.options.includes("inference-components"),
  );
  for (const m of pool) {
    const own = feasible(m, "inference-components")?.candidate;
    if (!own) continue;
    add(m, own, true, false);
    if (own.acceleratorsPerCopy === 0) continue;
    const ownPerCopy = own.hourlyUsd / own.copiesPerInstance;
    const ownDevice = knowledge.catalog.instances.find((i) => i.instanceType === own.instanceType)!.accelerator!.device;
    for (const instance of allowedInstances(m.workload, multiSlot, devices, knowledge.rules.sizing)) {
      if (instance.instanceType === own.instanceType) continue;
      const dearer = instance.hourlyUsd / instance.accelerator!.count >= ownPerCopy;
      if (dearer && instance.accelerator!.device !== ownDevice && !fillable.has(instance.instanceType)) continue;
      const ways = leastSlots(m, instance, knowledge, devices);
      if (!ways) continue;
      const there = ways.least;
      const perCopy = instance.hourlyUsd / Math.floor(instance.accelerator!.count / there.acceleratorsPerCopy);
      add(m, there, !dearer && perCopy < ownPerCopy, dearer, ways.steady);
    }
  }
  return [...byType].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/**
 * A member's inference-component candidate on one instance type, its copies on the accelerators that hold its load
 * in the fewest slots (of `fitConfigs`' ways, the fewest accelerators on a tie) where they meet its SLOs there:
 * alone, a copy spread over every accelerator of an instance costs no more (one instance either way) and runs
 * faster, but in a group it takes slots other copies could use. A wider copy may still take fewer: where the SLOs
 * hold a narrow copy to small batches, one copy on two accelerators can serve the load four on one would. Where
 * those copies come and go, also the way with the fewest slots whose copies stay as they are (`steady`).
 */
function leastSlots(
  m: Member,
  instance: Instance,
  knowledge: Knowledge,
  devices: ReadonlyMap<string, ComputeDevice>,
): { least: Candidate; steady?: Candidate } | undefined {
  const on = (acceleratorsPerCopy?: number) =>
    assessOption(
      {
        ...m.workload,
        constraints: { ...m.workload.constraints, instanceTypes: [instance.instanceType], acceleratorsPerCopy },
      },
      knowledge,
      "inference-components",
    ).candidate ?? undefined;
  const pinned = m.workload.constraints.acceleratorsPerCopy;
  if (pinned !== undefined) {
    const c = on(pinned);
    return c && { least: c };
  }
  const { workload } = m;
  const fit = { workload, footprint: workloadFootprint(workload, knowledge), knowledge, devices, allowed: [] };
  let best: { c: Candidate; slots: number } | undefined;
  let held: { c: Candidate; slots: number } | undefined;
  for (const { acceleratorsPerCopy } of fitConfigs(instance, fit)) {
    const c = on(acceleratorsPerCopy);
    if (!c) continue;
    const slots = averageCopies(m, c, knowledge) * Math.max(1, c.acceleratorsPerCopy);
    if (!best || slots < best.slots - 1e-9) best = { c, slots };
    if (steady(m, c, loadedShareOf(m, c, knowledge), knowledge) && (!held || slots < held.slots - 1e-9))
      held = { c, slots };
  }
  if (!best) {
    const c = on();
    return c && { least: c };
  }
  return { least: best.c, ...(held && held.c !== best.c && { steady: held.c }) };
}

/** A group an instance type forms, and what it saves against its members alone. */
interface Formed {
  readonly group: Group;
  readonly savings: number;
}

type Placements = readonly (readonly [string, readonly CopyPlacement[]])[];

// The greedy: the group that saves most forms (`first`, where given), and the rest try again, until no sharing is
// cheaper.
function greedyGroups(
  pool: readonly Member[],
  types: Placements,
  knowledge: Knowledge,
  fillers: ReadonlySet<Member>,
  first?: Formed,
): { groups: Group[]; rest: Member[] } {
  const groups: Group[] = [];
  const placed = new Set<Member>();
  for (let next = first; ; next = undefined) {
    // The first of those that save most, in the types' order.
    const best =
      next ??
      roundGroups(types, placed, knowledge, fillers).reduce<Formed | undefined>(
        (most, g) => (!most || g.savings > most.savings ? g : most),
        undefined,
      );
    if (!best) break;
    groups.push(best.group);
    for (const m of best.group.members) placed.add(m);
  }
  return { groups, rest: pool.filter((m) => !placed.has(m)) };
}

// The group each instance type would form of the members not yet placed, in the types' order.
function roundGroups(
  types: Placements,
  placed: ReadonlySet<Member>,
  knowledge: Knowledge,
  fillers: ReadonlySet<Member>,
): Formed[] {
  const formed: Formed[] = [];
  for (const [type, all] of types) {
    const entries = all.filter((e) => !placed.has(e.m));
    if (entries.length < 2) continue;
    const group = icGroup(type, entries, knowledge, fillers);
    if (group) formed.push(group);
  }
  return formed;
}

/**
 * An instance type's slots: accelerators, or on CPU the copies the vCPUs allow. A copy takes its accelerators, or on
 * CPU the instance's share that its own copies per instance leave it: a model too large for more than one copy
 * takes every slot, not one.
 */
function slotsOf(instance: Instance, knowledge: Knowledge) {
  const perInstance = Math.max(1, instance.accelerator?.count ?? vcpuCopies(instance, knowledge.rules.sizing));
  const perCopy = (c: Candidate) =>
    instance.accelerator ? Math.max(1, c.acceleratorsPerCopy) : perInstance / c.copiesPerInstance;
  return { perInstance, perCopy };
}

/** A placement's average slots, data processing, and what it saves against its cost alone at its slots' price. */
function placementSaving(m: Member, c: Candidate, instance: Instance, knowledge: Knowledge) {
  const hours = knowledge.rules.sizing.billing.hoursPerMonth;
  const { perInstance, perCopy } = slotsOf(instance, knowledge);
  const slots = averageCopies(m, c, knowledge) * perCopy(c);
  const dataUsd = dataCost(c, hours);
  return { slots, dataUsd, saving: aloneUsd(m) - (slots / perInstance) * hours * instance.hourlyUsd - dataUsd };
}

/**
 * Instances a group keeps up on average: at least its floor and those its copies that stay loaded all month pack
 * onto (whole copies, `InstancePacker`); once copies come and go (`comingAndGoing`, a share of the month), the
 * slots' fill with half an instance for rounding while they do; below one instance's worth, an instance is up
 * whenever any copy is (1 - `idle`).
 */
function averageInstances(
  floor: number,
  resident: number,
  filled: number,
  comingAndGoing: number,
  idle: number,
): number {
  const varying = comingAndGoing === 0 ? 0 : filled >= 1 ? filled + 0.5 * comingAndGoing : Math.max(filled, 1 - idle);
  return Math.max(floor, resident, varying);
}

/**
 * The inference-component group of one instance type: of the members whose average slots there cost less than
 * they pay alone, the most saving prefix, steady members first (each by its saving), or of that order less the few
 * that save least a slot, with `fillers` in the slots of the instances it keeps up anyway (`averageInstances`). The
 * endpoint's instance count holds every member's copies at peak, packed. Null when no prefix of two or more members
 * saves anything.
 */
function icGroup(
  type: string,
  entries: readonly CopyPlacement[],
  knowledge: Knowledge,
  fillers: ReadonlySet<Member>,
): { group: Group; savings: number } | null {
  const instance = knowledge.catalog.instances.find((i) => i.instanceType === type)!;
  const { perInstance, perCopy: slotsPerCopy } = slotsOf(instance, knowledge);
  const monthUsd = knowledge.rules.sizing.billing.hoursPerMonth * instance.hourlyUsd;
  // Steady members that save nothing on any type may take slots of instances a group keeps up anyway: the group's
  // instances stay as they are, and each saves what it costs alone but its data processing.
  const idleFillers = entries
    .filter((r) => (r.saving <= 0 || r.fillsOnly) && r.steady && fillers.has(r.m))
    .sort(
      (x, y) =>
        (aloneUsd(y.m) - y.dataUsd) / y.slots - (aloneUsd(x.m) - x.dataUsd) / x.slots ||
        (x.m.workload.name < y.m.workload.name ? -1 : 1),
    );
  const wholeSlots = (r: CopyPlacement) =>
    Math.ceil(r.slots / slotsPerCopy(r.c) - 1e-9) * Math.min(slotsPerCopy(r.c), perInstance);
  const fewestFillerSlots = Math.min(...idleFillers.map(wholeSlots));
  const fillIdle = (average: number, slots: number, upFloor: number, cg: number, resident: InstancePacker) => {
    const filledIn: CopyPlacement[] = [];
    let gain = 0;
    let packer = resident;
    for (const f of idleFillers) {
      // Copies need slots: none is left once the fewest a filler takes would not fit.
      if (packer.used + fewestFillerSlots > average * perInstance + 1e-9) break;
      if (
        !f.c.scalesToZero &&
        availabilityFloor("inference-components", f.m.workload, knowledge.rules.sizing) > upFloor
      )
        continue;
      const trial = packer.clone();
      const perCopy = slotsPerCopy(f.c);
      trial.add(perCopy, Math.ceil(f.slots / perCopy - 1e-9));
      // A steady filler's copies are always up: no instance is ever idle.
      if (averageInstances(upFloor, trial.instances, (slots + f.slots) / perInstance, cg, 0) > average + 1e-9) continue;
      packer = trial;
      slots += f.slots;
      gain += aloneUsd(f.m) - f.dataUsd;
      filledIn.push(f);
    }
    return { filledIn, gain };
  };
  // The most saving prefix of members in one order, with fillers in its idle slots.
  const bestPrefix = (ranked: readonly CopyPlacement[]) => {
    let best: {
      size: number;
      average: number;
      floor: number;
      cost: number;
      savings: number;
      filledIn: readonly CopyPlacement[];
    } | null = null;
    let slots = 0;
    let idle = 1;
    let dataUsd = 0;
    let aloneSum = 0;
    // The share of the month some member's copies come and go (its active hours): instances round up meanwhile.
    let comingAndGoing = 0;
    // A member that never rests at zero keeps the endpoint up with the instances availability asks of it.
    let upFloor = 0;
    // Copies that stay loaded all month (a steady member's, and one per model of a member that never rests) keep
    // the instances they pack onto up.
    const resident = new InstancePacker(perInstance);
    for (const [i, r] of ranked.entries()) {
      slots += r.slots;
      const perCopy = slotsPerCopy(r.c);
      resident.add(
        perCopy,
        r.steady ? Math.ceil(r.slots / perCopy - 1e-9) : r.loaded === 1 ? r.m.workload.model.count : 0,
      );
      if (!r.c.scalesToZero)
        upFloor = Math.max(upFloor, availabilityFloor("inference-components", r.m.workload, knowledge.rules.sizing));
      idle *= (1 - r.loaded) ** r.m.workload.model.count;
      dataUsd += r.dataUsd;
      aloneSum += aloneUsd(r.m);
      if (!r.steady) comingAndGoing = Math.max(comingAndGoing, activeShareOf(r.m, r.c, knowledge));
      const average = averageInstances(upFloor, resident.instances, slots / perInstance, comingAndGoing, idle);
      const cost = average * monthUsd + dataUsd;
      const fill = idleFillers.length > 0 ? fillIdle(average, slots, upFloor, comingAndGoing, resident) : null;
      const savings = aloneSum - cost + (fill?.gain ?? 0);
      if ((i >= 1 || (fill?.filledIn.length ?? 0) > 0) && savings > (best?.savings ?? 0))
        best = {
          size: i + 1,
          average,
          floor: upFloor,
          cost: cost + (fill ? fill.filledIn.reduce((n, f) => n + f.dataUsd, 0) : 0),
          savings,
          filledIn: fill?.filledIn ?? [],
        };
    }
    return best && { ...best, ranked };
  };
  // Steady members first (they round no instance up), each by its saving. Equal savings go by name, so the order of
  // the input file never decides who shares.
  const bySteadyThenSaving = (x: CopyPlacement, y: CopyPlacement) =>
    Number(y.steady) - Number(x.steady) || y.saving - x.saving || (x.m.workload.name < y.m.workload.name ? -1 : 1);
  const steadyFirst = entries.filter((r) => r.saving > 0 && !r.fillsOnly).sort(bySteadyThenSaving);
  let best = bestPrefix(steadyFirst);
  const orders: CopyPlacement[][] = [];
  // Members that save little a slot can keep later ones that save much more out of the prefix (the steady ones come
  // first): the few of the best prefix (or of all, where none saves) that save least a slot leave the order, one more
  // at a time (an instance may take several to free).
  const leaving = [...(best ? best.ranked.slice(0, best.size) : steadyFirst)]
    .sort((x, y) => x.saving / x.slots - y.saving / y.slots)
    .slice(0, LEAST_SAVING_DROPPED);
  for (let k = 1; k <= leaving.length; k++) orders.push(steadyFirst.filter((x) => !leaving.slice(0, k).includes(x)));
  // A member that never rests keeps the endpoint's floor of instances up for availability: without those, a group
  // may rest at one.
  const resting = steadyFirst.filter((x) => x.c.scalesToZero);
  if (resting.length < steadyFirst.length) orders.push(resting);
  // Copies that come and go round the endpoint up by half an instance: held on the way they stay as they are, they
  // take more slots but round nothing.
  if (entries.some((r) => r.steadyAlt)) {
    const held = entries.map((r) => r.steadyAlt ?? r).filter((r) => r.saving > 0 && !r.fillsOnly);
    orders.push(held.sort(bySteadyThenSaving));
  }
  // The most saving prefix of any of those orders is kept.
  for (const order of orders) {
    const trial = bestPrefix(order);
    if (trial && trial.savings > (best?.savings ?? 0)) best = trial;
  }
  if (!best) return null;
  const { size, average, floor, cost, savings, filledIn, ranked } = best;
  const kept = [...ranked.slice(0, size), ...filledIn];
  const peakInstances = packedInstances(
    kept.map(({ m, c }) => ({ slots: slotsPerCopy(c), count: peakCopies(m, c, knowledge) })),
    perInstance,
  );
  const members = kept.map((e) => e.m);
  return {
    savings,
    group: {
      option: "inference-components",
      members,
      candidate: {
        ...kept[0]!.c,
        instanceCount: Math.max(1, floor, peakInstances),
        minInstances: floor,
        averageInstances: average,
        monthlyCostUsd: cost,
      },
      why: `${modelsOf(members)} models share ${type} (${perInstance} slot${perInstance > 1 ? "s" : ""} each), ${roundOutput(average)} instances on average instead of ${roundOutput(kept.reduce((n, { c }) => n + c.averageInstances, 0))}`,
    },
  };
}

// The members of a group's prefix, saving least a slot, that try to leave it (see `icGroup`).
const LEAST_SAVING_DROPPED = 4;

/**
 * Members whose copies save nothing on any instance type they could join (see `icGroup`'s savings): not a cent, so
 * that a share equal to its cost alone, summed in another order, saves nothing too.
 */
function neverSaving(types: Placements): Set<Member> {
  const saves = new Set<Member>();
  const all = new Set<Member>();
  for (const [, entries] of types) {
    for (const e of entries) {
      all.add(e.m);
      if (!e.fillsOnly && e.saving > MOVE_GAIN_USD) saves.add(e.m);
    }
  }
  return new Set([...all].filter((m) => !saves.has(m)));
}

/**
 * Whether a member's copies stay as they are all month: all of its models always loaded, and its copies held at its
 * peak (whole copies, `averageCopies`) or, where they follow its load, no more on average than its models (as an
 * endpoint of its own, whose instances round up only once its mean load needs more than it keeps warm, `sizeFleet`).
 */
function steady(m: Member, c: Candidate, loaded: number, knowledge: Knowledge): boolean {
  if (loaded < STEADY_LOADED_SHARE) return false;
  return !m.load.followsLoad || m.load.meanRps / perCopyRps(c, knowledge) <= m.workload.model.count;
}

/** Copies a member runs at its peak: one per model at least, and as many as its peak load needs. */
function peakCopies(m: Member, c: Candidate, knowledge: Knowledge): number {
  return Math.ceil(Math.max(m.workload.model.count, m.load.peakRps / perCopyRps(c, knowledge)) - 1e-9);
}

/** Average copies a member keeps up when it shares instances: its warm models, or its load if that needs more. */
function averageCopies(m: Member, c: Candidate, knowledge: Knowledge): number {
  // Copies that follow the load come and go around its mean; held at the peak, they are whole copies.
  const byLoad = m.load.followsLoad
    ? m.load.meanRps / perCopyRps(c, knowledge)
    : Math.ceil(m.load.peakRps / perCopyRps(c, knowledge) - 1e-9);
  return Math.max(m.workload.model.count * loadedShareOf(m, c, knowledge), activeShareOf(m, c, knowledge) * byLoad);
}

// Requests per second one copy serves at the target utilization.
function perCopyRps(c: Candidate, knowledge: Knowledge): number {
  return (c.throughputRpsPerInstance / c.copiesPerInstance) * knowledge.rules.sizing.performance.targetUtilization;
}
