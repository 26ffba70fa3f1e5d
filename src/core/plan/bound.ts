import type { ComputeDevice, Instance } from "../../schema/catalog.js";
import { cacheHitRate, coldStartSeconds, mmeColdShare, toleratesColdStart } from "../sizing/coldstart.js";
import { allowedInstances } from "../sizing/instances.js";
import { fitConfigs } from "../sizing/fit.js";
import { workloadFootprint } from "../sizing/measured.js";
import { estimatePerformance, type ComputeBudget } from "../sizing/performance.js";
import { budgetFor } from "../sizing/budget.js";
import { availabilityFloor, dataProcessingUsd } from "../sizing/option-fleet.js";
import { type SizingContext } from "../sizing/context.js";
import {
  feasible,
  fixedWork,
  hardwareKind,
  LATENCY_CLASS_RATIO,
  loadedShareOf,
  mmeClass,
  STEADY_LOADED_SHARE,
  type Member,
} from "./member.js";
import type { Knowledge } from "../types.js";
import { cpuMultiModelExtra, type CpuMmeShares } from "./cpu-multi-model-bound.js";

/**
 * A proven lower bound on any plan's cost (under the cost model every plan is priced by), by relaxing packing
 * to fractions of instances. Each workload takes the cheapest of the ways a plan could host it:
 * - an endpoint of its own (serverless, single-model, async, batch), which no other workload shares: that
 *   option's own cost;
 * - shared instances (inference components, multi-model), where it occupies a share of an instance's memory or
 *   devices for as long as its models must stay loaded (`loadedShareOf`, `mmeLoadedShare`); multi-model groups hold
 *   one kind of hardware, their members' own (`mmeClass`), as every plan groups them; and on inference
 *   components at least the copies its load keeps up at the target utilization, as the plan sizes them. Every
 *   endpoint bills its data processing besides.
 * An instance costs at least its price times its memory share, so the sum of the cheapest ways bounds every plan;
 * so does the sum of throughput shares (work at full speed on the cheapest capable instance). A workload that
 * can never rest at zero keeps some endpoint up all month, with the instances availability asks of it; a GPU
 * multi-model endpoint (`frameworkMemoryBound`), a CPU one (`cpuMultiModelExtra`, which also counts its members'
 * serving time) or an inference-component endpoint with a copy always loaded (`endpointFloors`, on its way off its
 * least types too: `awayFloors`) keeps its floor up whatever its members' shares add to. Instance-isolated
 * workloads pay their own endpoints.
 */
export function lowerBound(
  members: readonly Member[],
  knowledge: Knowledge,
  devices: ReadonlyMap<string, ComputeDevice>,
  maxSizeRatio: number,
  quota: number,
): number {
  const { sizing, options } = knowledge.rules;
  const hours = sizing.billing.hoursPerMonth;
  const groupLimits = mmeGroupLimits(members, maxSizeRatio);
  const leastShares = new Map<number, LeastShares>();
  let serverlessLeft = quota;
  const memorySavings: Saving[] = [];
  const throughputSavings: Saving[] = [];
  let forced = 0;
  const byFramework = new Map<string, FrameworkShares[]>();
  const icMembers: IcShares[] = [];
  const aloneOf = new Map<IcShares, number>();
  const cpuMme: CpuMmeWays[] = [];
  let throughput = 0;
  let floor = 0;
  for (const m of members) {
    // Instance-isolated workloads share nothing (nor can they use serverless): an endpoint of their own, at the
    // least any of their options costs, whatever this plan chose.
    if (m.workload.isolation === "instance") {
      forced += Math.min(...m.assessments.map((a) => a.candidate?.monthlyCostUsd ?? Infinity));
      continue;
    }
    // Options of one model per endpoint (serverless, single-model, async, batch) share nothing: their own cost.
    // Serverless apart: the Region's quota limits how many models can take it.
    let own = Infinity;
    let serverless = Infinity;
    for (const a of m.assessments) {
      if (!a.candidate || options[a.option].modelsPerEndpoint !== 1) continue;
      if (a.option === "serverless") serverless = a.candidate.monthlyCostUsd;
      else own = Math.min(own, a.candidate.monthlyCostUsd);
    }
    const footprint = workloadFootprint(m.workload, knowledge);
    const ctx: SizingContext = {
      workload: m.workload,
      load: m.load,
      footprint,
      knowledge,
      devices,
      allowed: knowledge.catalog.instances,
    };
    // Every endpoint bills the bytes its requests send and receive, whichever hosts the workload; batch jobs do not.
    const dataUsd = dataProcessingUsd(ctx);
    const canRest = m.assessments.some((a) => a.candidate && options[a.option].scaleToZero);
    // Inference components keep a model loaded as their cost model does (`loadedShareOf`), multi-model endpoints
    // their working set (`mmeLoadedShare`); offline work need not (it waits out cold loads).
    const ic = feasible(m, "inference-components");
    // The share of the month its models are loaded on an inference component of its own.
    const icLoaded = ic ? loadedShareOf(m, ic.candidate, knowledge) : 0;
    const icShare = !ic ? Infinity : m.load.online ? icLoaded : 0;
    const mme = feasible(m, "multi-model");
    // A multi-model group holds one kind of hardware, its members' own (`mmeClass`): the kind of its candidate alone.
    const mmeOnGpu = mme !== undefined && hardwareKind(m) === "gpu";
    // A multi-model group holds all of its models to the cold share of its strictest member (`toleratedColdLoad`).
    const { mmeUntoleratedColdShare } = sizing.coldStart;
    const mmeCold = mmeColdShare(
      m.workload,
      coldStartSeconds("multi-model", options["multi-model"], footprint, sizing),
      sizing,
    );
    const mmeShareAt = (maxCold: number) =>
      !mme
        ? Infinity
        : m.load.online
          ? mmeLoadedShare(groupLimits.get(m) ?? m.workload.model.count, maxCold, sizing, leastShares)
          : 0;
    const mmeShare = mmeShareAt(mmeCold);
    const mmeStrictShare = mmeCold === mmeUntoleratedColdShare ? mmeShare : mmeShareAt(mmeUntoleratedColdShare);
    const mmeBudget = budgetFor(options["multi-model"], ctx);
    const icBudget = budgetFor(options["inference-components"], ctx);
    // Whether a multi-model group could size its requests to a target looser than its own.
    const mmeCouldLoosen = mme !== undefined && !fixedWork(m.workload);
    // Copies an inference component keeps up for its load, as the plan does (`averageCopies`): the mean load while
    // active where copies follow it, else whole copies for the peak, at the target utilization, over the hours it is
    // up. Alone, copies held at the peak are up only while the model is loaded (`sizeFleet`): the lesser counts.
    const icActive = options["inference-components"].scaleToZero ? m.load.activeHoursPerDay / 24 : 1;
    const icHeld = ic?.candidate.scalesToZero ? Math.min(icActive, icLoaded) : icActive;
    const icLoadCopies = (copyRps: number) => {
      const rps = copyRps * sizing.performance.targetUtilization;
      return m.load.followsLoad ? (icActive * m.load.meanRps) / rps : icHeld * Math.ceil(m.load.peakRps / rps - 1e-9);
    };
    let icShared = Infinity;
    // The least inference-component share on each instance type, and where its copies stay as they are (`steady`):
    // never where its models are loaded only part of the month, nor where its copies follow a load above its models.
    const icByType = new Map<string, number>();
    const icSteadyByType = new Map<string, number>();
    // The fewest accelerators its models hold on each accelerated type, as an inference component loaded all month.
    const icHeldSlots = new Map<string, number>();
    const icCopySlots = new Map<string, number>();
    const alwaysVaries = ic !== undefined && icLoaded < STEADY_LOADED_SHARE;
    let mmeShared = Infinity;
    // Whether some CPU instance could host it on a multi-model endpoint, and the least one keeps up a month; the
    // least a GPU one costs a month, and the least share of one it would pay.
    let cpuMmeUsd = Infinity;
    // The least a CPU multi-model endpoint's instances cost it to serve its load, at the target utilization.
    let cpuMmeBusy = Infinity;
    let gpuMmeUsd = Infinity;
    let gpuMmeShared = Infinity;
    // The GPU instance types a multi-model endpoint holding it could be of: what each costs a month and caches.
    const gpuMmeInstances = new Map<string, MmeInstance>();
    let gpuMmeGiB = Infinity;
    let thr = Infinity;
    let cheapest = Infinity;
    for (const instance of allowedInstances(m.workload, knowledge.catalog.instances, devices, sizing)) {
      const usable = instance.options.filter((o) => m.assessments.some((a) => a.option === o && a.candidate));
      if (usable.length === 0) continue;
      // Any feasible plan meets the SLOs, so hardware that cannot on any option it serves is no cheaper way out.
      const budget = usable
        .map((o) => budgetFor(options[o], ctx))
        .reduce((a, b) => (b.computeP95Ms > a.computeP95Ms ? b : a));
      // Its requests on one copy of the whole instance, with all its memory (as a CPU multi-model group sized as a
      // larger model may have), in batches as large as its target allows, or any where it may loosen: once a type.
      let wholeRps: number | undefined;
      // Each way its copies fit (tensor-parallel degrees): a plan may use any.
      for (const hw of fitConfigs(instance, ctx)) {
        const perf = estimatePerformance(hw.unit, footprint, m.workload, budget, sizing);
        const perInstanceRps = perf.throughputRps * hw.copiesPerInstance;
        if (perInstanceRps === 0) continue;
        // Inference components share an instance's accelerators between members: the work pays for the devices
        // its copies hold, and other members' copies can use the rest meanwhile.
        const heldShare =
          usable.includes("inference-components") && instance.accelerator
            ? (hw.copiesPerInstance * hw.acceleratorsPerCopy) / instance.accelerator.count
            : 1;
        const busyUsd = (heldShare * instance.hourlyUsd * m.load.requestsPerMonth) / (perInstanceRps * 3600);
        // A multi-model group may serve its requests within a looser target than its own (`groupTarget`), so in
        // larger batches: there its work is bounded at the most a copy serves, whatever the wait.
        const groupedUsd =
          !mmeCouldLoosen || !usable.includes("multi-model")
            ? busyUsd
            : (instance.hourlyUsd * m.load.requestsPerMonth) /
              (estimatePerformance(hw.unit, footprint, m.workload, UNBOUNDED, sizing).throughputRps *
                hw.copiesPerInstance *
                3600);
        thr = Math.min(thr, Math.min(busyUsd, groupedUsd) + (usable.includes("batch-transform") ? 0 : dataUsd));
        cheapest = Math.min(cheapest, instance.hourlyUsd);
        const monthUsd = instance.hourlyUsd * hours;
        // The share of the instance's whole usable memory, devices its own copies leave over included: other
        // members' copies can use those.
        const instanceGiB = instance.accelerator
          ? (hw.capacityGiB / hw.acceleratorsPerCopy) * instance.accelerator.count
          : hw.capacityGiB * hw.copiesPerInstance;
        const memoryShare = (m.workload.model.count * footprint.copyGiB) / instanceGiB;
        // An inference component reserves its accelerators (whole ones) or CPU share for itself, so it pays for them
        // while loaded and at least while busy. Only a multi-model endpoint shares an accelerator between models,
        // and fills at most its cache fraction of memory with them.
        const icRps = !usable.includes("inference-components")
          ? 0
          : sameBudget(icBudget, budget)
            ? perf.throughputRps
            : estimatePerformance(hw.unit, footprint, m.workload, icBudget, sizing).throughputRps;
        if (instance.accelerator && usable.includes("inference-components")) {
          const slots = m.workload.model.count * hw.acceleratorsPerCopy;
          const type = instance.instanceType;
          if (slots < (icHeldSlots.get(type) ?? Infinity)) icHeldSlots.set(type, slots);
          if (hw.acceleratorsPerCopy < (icCopySlots.get(type) ?? Infinity))
            icCopySlots.set(type, hw.acceleratorsPerCopy);
        }
        if (icRps > 0) {
          // The share of the instance one copy holds: its accelerators, or on CPU the cores its deployment reserves.
          const copyShare = instance.accelerator
            ? hw.acceleratorsPerCopy / instance.accelerator.count
            : 1 / hw.copiesPerInstance;
          const loadedCopies = icShare * Math.max(memoryShare / copyShare, m.workload.model.count);
          const usd = monthUsd * copyShare * Math.max(loadedCopies, icLoadCopies(icRps)) + dataUsd;
          icShared = Math.min(icShared, usd);
          const type = instance.instanceType;
          if (usd < (icByType.get(type) ?? Infinity)) icByType.set(type, usd);
          const meanCopies = m.load.meanRps / (icRps * sizing.performance.targetUtilization);
          const varies = alwaysVaries || (m.load.followsLoad && meanCopies > m.workload.model.count);
          if (!varies && usd < (icSteadyByType.get(type) ?? Infinity)) icSteadyByType.set(type, usd);
        }
        // An instance caches at least one model however large, so a model's share is at most one instance.
        // A multi-model group sized as a larger model may give each copy more of the instance than this model alone
        // gets (fewer copies, more vCPUs or devices each): the instance can host it if a copy with all of it meets
        // the SLOs.
        const whole = { ...hw.unit, devices: instance.accelerator ? instance.accelerator.count : instance.vcpus };
        if (
          usable.includes("multi-model") &&
          Boolean(instance.accelerator) === mmeOnGpu &&
          estimatePerformance(whole, footprint, m.workload, mmeBudget, sizing).throughputRps > 0
        ) {
          const cacheGiB = sizing.coldStart.mmeCacheFraction * hw.capacityGiB * hw.copiesPerInstance;
          const cacheShare = Math.min(1, footprint.copyGiB / cacheGiB);
          const usd = monthUsd * mmeShare * m.workload.model.count * cacheShare + dataUsd;
          mmeShared = Math.min(mmeShared, usd);
          if (!instance.accelerator) {
            cpuMmeUsd = Math.min(cpuMmeUsd, monthUsd * availabilityFloor("multi-model", m.workload, sizing));
            wholeRps ??= estimatePerformance(
              { ...whole, freeBytes: Infinity },
              footprint,
              m.workload,
              mmeCouldLoosen ? UNBOUNDED : mmeBudget,
              sizing,
            ).throughputRps;
            const servedUsd =
              (instance.hourlyUsd * m.load.requestsPerMonth) / (Math.max(perInstanceRps, wholeRps) * 3600);
            cpuMmeBusy = Math.min(cpuMmeBusy, Math.min(servedUsd, groupedUsd) / sizing.performance.targetUtilization);
          } else {
            gpuMmeUsd = Math.min(gpuMmeUsd, monthUsd * availabilityFloor("multi-model", m.workload, sizing));
            gpuMmeShared = Math.min(gpuMmeShared, usd - dataUsd);
            const type = instance.instanceType;
            if (cacheGiB > (gpuMmeInstances.get(type)?.cacheGiB ?? 0))
              gpuMmeInstances.set(type, { monthUsd, cacheGiB });
            gpuMmeGiB = Math.min(gpuMmeGiB, mmeShare * m.workload.model.count * Math.min(footprint.copyGiB, cacheGiB));
          }
        }
      }
    }
    const byMemory = Math.min(own, icShared, mmeShared);
    const byThroughput = Math.min(own, thr);
    const models = m.workload.model.count;
    if (byMemory === Infinity || byThroughput === Infinity) {
      // Serverless or nothing: the plan keeps it there, within the quota (workloads beyond it are unplaced).
      forced += serverless;
      serverlessLeft -= models;
      continue;
    }
    const gpuOnly = mme !== undefined && cpuMmeUsd === Infinity && gpuMmeUsd < Infinity;
    // An inference component rests at zero only where the workload tolerates its cold start, which takes as long on
    // any instance type (scaling from zero, the container, the model's download and load).
    const icRules = options["inference-components"];
    const neverRests =
      m.load.online &&
      !(
        icRules.scaleToZero &&
        (!icRules.keepsWarmCapacity ||
          toleratesColdStart(m.workload, coldStartSeconds("inference-components", icRules, footprint, sizing)))
      );
    const icShares: IcShares = {
      least: byMemory,
      // Where its least is an always-loaded inference component, and the bound of its framework holds nothing for
      // it already (a GPU multi-model endpoint), nor can serverless undercut it.
      resident: neverRests && icShared === byMemory && !gpuOnly && !(serverless < byMemory),
      second: Math.min(own, mmeShared, serverless),
      byType: icByType,
      floor: availabilityFloor("inference-components", m.workload, sizing),
      steadyByType: icSteadyByType,
      heldSlots: icHeldSlots,
      copySlots: icCopySlots,
      active: icActive,
      // Offline work keeps no model loaded beyond its work, which its share is (as `icShare`).
      loaded: m.load.online ? icLoaded : 0,
      dataUsd,
      gpuMme: gpuMmeShared < Infinity,
    };
    icMembers.push(icShares);
    aloneOf.set(icShares, Math.min(own, serverless));
    if (!mmeOnGpu && cpuMmeUsd < Infinity)
      cpuMme.push({
        shares: {
          mmeClass: mmeClass(m),
          parameters: m.workload.model.parameters,
          share: mmeShared - dataUsd,
          busy: cpuMmeBusy,
          over: mmeShared - byMemory,
          off: Math.min(own, icShared, Math.max(serverless, byMemory)) - byMemory,
          floorUsd: cpuMmeUsd,
        },
        besidesIc: Math.min(own, Math.max(serverless, byMemory)) - byMemory,
        ic: icShares,
      });
    const shares = byFramework.get(m.workload.model.framework) ?? [];
    shares.push({
      memory: byMemory,
      gpuOnly,
      elsewhere: Math.min(own, icShared, serverless),
      gpuMmeUsd,
      dataUsd,
      icTypes: icByType,
      strict: mmeCold === mmeUntoleratedColdShare,
      gpuMmeStrict: gpuMmeShared === 0 ? 0 : gpuMmeShared * (mmeStrictShare / mmeShare),
      gpuMmeGiB,
      gpuMmeStrictGiB: mmeShare === 0 ? gpuMmeGiB : gpuMmeGiB * (mmeStrictShare / mmeShare),
      gpuMmeInstances: [...gpuMmeInstances.values()],
      residentShare: neverRests ? icShared : Infinity,
      besidesIc: Math.min(own, serverless),
      ic: icShares,
    });
    byFramework.set(m.workload.model.framework, shares);
    throughput += byThroughput;
    if (byMemory > serverless) memorySavings.push({ models, usd: byMemory - serverless });
    if (byThroughput > serverless) throughputSavings.push({ models, usd: byThroughput - serverless });
    // If none of its feasible options can ever rest at zero, some instance it can use is always up.
    // Where it cannot rest, whichever endpoint hosts it keeps at least the fewest instances its options keep up.
    if (!canRest) {
      const upInstances = Math.min(
        ...m.assessments.filter((a) => a.candidate).map((a) => availabilityFloor(a.option, m.workload, sizing)),
      );
      floor = Math.max(floor, cheapest * hours * upInstances);
    }
  }
  // The floors of always-up inference-component endpoints and of GPU multi-model ones, or the latter's alone: a
  // GPU-only workload that could share a counted inference-component endpoint weakens the latter's count.
  const hidden = hidingTypes(icMembers, [...byFramework.values()].flat());
  const away = awayFloors(icMembers, aloneOf, hidden, knowledge);
  const floors = endpointFloors(icMembers, knowledge, away);
  const frameworks = (counted: Floors["pools"] | null) =>
    frameworksMemoryBound([...byFramework.values()], counted, icMembers, knowledge);
  const joint = jointFloors(icMembers, knowledge, away);
  // CPU multi-model endpoints' floors, beside each count of inference-component floors.
  const apart = cpuMultiModelExtra(
    cpuMme.map((w) => w.shares),
    maxSizeRatio,
  );
  // Where no count may hold a workload, each counts it as where none is counted.
  const cpu = (counted: Floors["pools"] | null) =>
    counted === null || hidden.size === 0
      ? apart
      : cpuMultiModelExtra(
          cpuMme.map((w) => besideFloors(w, counted, hidden)),
          maxSizeRatio,
        );
  let memory = Math.max(
    floors.extra + frameworks(floors.pools) + cpu(floors.pools),
    joint ? joint.extra + frameworks(joint.pools) + cpu(joint.pools) : 0,
    frameworks([]) + cpu([]),
    frameworks(null) + cpu(null),
  );
  memory -= bestSavings(memorySavings, serverlessLeft);
  throughput -= bestSavings(throughputSavings, serverlessLeft);
  return forced + Math.max(memory, throughput, floor);
}

/** What a resident's way on an instance type costs beyond its share there (`awayFloors`), by resident and type. */
type AwayFloors = ReadonlyMap<IcShares, ReadonlyMap<string, number>>;

/**
 * What a resident's way off its pool costs beyond its share, on an instance type no count holds (none of `hidden`:
 * no pool's, no GPU multi-model floor's). A resident never rests, so an endpoint there keeps its floor of instances up
 * all month, and only other workloads' shares fill it, each saving at most what the counts have it pay there. Two
 * residents on one endpoint would count its floor twice, so each type counts it for one resident only: those whose
 * next way rises most claim their types first.
 */
function awayFloors(
  members: readonly IcShares[],
  aloneOf: ReadonlyMap<IcShares, number>,
  hidden: ReadonlySet<string>,
  knowledge: Knowledge,
): AwayFloors {
  const groups = residentGroups(members);
  if (groups.length === 0) return new Map();
  const poolTypes = new Map(groups.flatMap(({ pool, types }) => pool.map((m) => [m, types] as const)));
  const hours = knowledge.rules.sizing.billing.hoursPerMonth;
  const monthUsd = new Map(knowledge.catalog.instances.map((i) => [i.instanceType, i.hourlyUsd * hours]));
  // The most the counts have a workload pay, on an endpoint of a type none holds (beside its share there, the
  // filler's own bound): a resident its next way off its pool on a hidden type, or off inference components (its
  // way on types a resident claims is unknown yet, and on this one no more than its share); another its least, or its
  // least way off the hidden types.
  const savesOf = new Map<IcShares, number>();
  const saves = (m: IcShares) => {
    const known = savesOf.get(m);
    if (known !== undefined) return known;
    const types = poolTypes.get(m);
    let off = types ? m.second : aloneOf.get(m)!;
    for (const [t, share] of m.byType)
      if (types ? hidden.has(t) && !types.has(t) : !hidden.has(t)) off = Math.min(off, share);
    const most = Math.max(m.least, off) - m.dataUsd;
    savesOf.set(m, most);
    return most;
  };
  // Each type's fillers, what each saves as its `least`, in `fillRoom`'s order.
  const fillers = new Map<string, { m: IcShares; share: number; least: number }[]>();
  const fillersOf = (type: string) => {
    let list = fillers.get(type);
    if (list) return list;
    list = [];
    for (const m of members) {
      const share = (m.byType.get(type) ?? Infinity) - m.dataUsd;
      if (share > 0 && share < Infinity) list.push({ m, share, least: Math.min(share, saves(m)) });
    }
    list.sort(bySavingPerShare);
    fillers.set(type, list);
    return list;
  };
  // The room a resident's floor on a type leaves beyond its share, less what fillers save there.
  const floorExtra = (r: IcShares, type: string) => {
    const room = r.floor * monthUsd.get(type)! - (r.byType.get(type)! - r.dataUsd);
    return Math.max(0, room - fillRoom(room, fillersOf(type), (f) => f.m === r).saved);
  };
  // Each resident's ways off its least types, cheapest first: the floors of those below its least way without them.
  const candidates = groups
    .flatMap(({ pool }) => pool)
    .map((r) => {
      const own = new Set(typesAt(r.byType, r.least));
      const ways = [...r.byType].filter(([t]) => !own.has(t)).sort((a, b) => a[1] - b[1]);
      const plain = Math.min(r.second, ...ways.map(([, share]) => share));
      const extras = new Map<string, number>();
      let floored = r.second;
      for (const [t, share] of ways) {
        if (share >= floored) break;
        const extra = hidden.has(t) ? 0 : floorExtra(r, t);
        if (extra > 0) extras.set(t, extra);
        floored = Math.min(floored, share + extra);
      }
      return { r, extras, rise: floored - plain };
    });
  const claimed = new Set<string>();
  const away = new Map<IcShares, Map<string, number>>();
  for (const { r, extras, rise } of candidates.sort((a, b) => b.rise - a.rise)) {
    if (rise <= 0) break;
    const mine = new Map([...extras].filter(([t]) => !claimed.has(t)));
    for (const t of mine.keys()) claimed.add(t);
    if (mine.size > 0) away.set(r, mine);
  }
  return away;
}

/** A CPU multi-model workload's ways (see `besideFloors`). */
interface CpuMmeWays {
  /** As `cpuMultiModelExtra` counts it where no inference-component floor is counted. */
  readonly shares: CpuMmeShares;
  /** What an endpoint of its own or serverless costs over its least (serverless no less than its least). */
  readonly besidesIc: number;
  readonly ic: IcShares;
}

/**
 * The instance types where a count of inference-component floors may hold a workload (`endpointFloors`' pools: the
 * types at a resident's least; `frameworksMemoryBound`'s: at a GPU-only workload's always-loaded share).
 */
function hidingTypes(icMembers: readonly IcShares[], frameworks: readonly FrameworkShares[]): Set<string> {
  return new Set([
    ...icMembers.filter((m) => m.resident).flatMap((m) => typesAt(m.byType, m.least)),
    ...frameworks.flatMap((s) => typesAt(s.icTypes, s.residentShare)),
  ]);
}

/**
 * A CPU multi-model workload as `cpuMultiModelExtra` counts it beside counts of inference-component floors (`counted`),
 * so that no workload's cost over its least counts twice. Where those counts may have it at its
 * least (a resident, or one whose least is a share on a type they count), they count what it pays elsewhere: it
 * fills a CPU multi-model endpoint at its share, but nothing else. Else its way on an instance type they may count
 * costs no more than the count leaves it (`hiddenExtra`: what a dollar of a counted pool's room saves), or nothing
 * where no marginal saving is known; on other types, its share there.
 */
function besideFloors(w: CpuMmeWays, counted: Floors["pools"], hidden: ReadonlySet<string>): CpuMmeShares {
  const { ic } = w;
  if (ic.resident) return { ...w.shares, over: 0, off: 0 };
  let onIc = Infinity;
  for (const [t, usd] of ic.byType) {
    if (!hidden.has(t)) onIc = Math.min(onIc, usd - ic.least);
    else if (usd === ic.least) return { ...w.shares, over: 0, off: 0 };
    else {
      const pools = counted.filter((c) => c.types.has(t));
      const worth = pools.length === 0 ? 0 : Math.min(...pools.map((c) => c.marginal));
      onIc = Math.min(onIc, Math.max(0, worth * (usd - ic.dataUsd) - (ic.least - ic.dataUsd)));
    }
  }
  return { ...w.shares, off: Math.min(w.besidesIc, onIc) };
}

// The instance types where a workload's share is the given one (its least, say).
function typesAt(byType: ReadonlyMap<string, number>, usd: number): string[] {
  return [...byType].filter(([, share]) => share === usd).map(([t]) => t);
}

const UNBOUNDED: ComputeBudget = { computeP95Ms: Infinity, ttftMs: Infinity, perTokenMs: Infinity };

function sameBudget(a: ComputeBudget, b: ComputeBudget): boolean {
  return a.computeP95Ms === b.computeP95Ms && a.ttftMs === b.ttftMs && a.perTokenMs === b.perTokenMs;
}

/** One workload's memory bound (see `lowerBound`) and what it knows of GPU multi-model endpoints. */
export interface FrameworkShares {
  /** The least of its ways: an endpoint of its own, an inference component's share, a multi-model share. */
  readonly memory: number;
  /** Its multi-model groups are on GPUs (its own candidate's kind of hardware, `mmeClass`), and one could host it. */
  readonly gpuOnly: boolean;
  /** The least of its ways but multi-model endpoints (serverless included). */
  readonly elsewhere: number;
  /** The least GPU instance a multi-model endpoint holding it keeps up, a month. */
  readonly gpuMmeUsd: number;
  /**
   * The least cache its models take on a GPU multi-model endpoint (GiB, its share of one's instances in their cache),
   * and the GPU instance types such an endpoint could be of.
   */
  readonly gpuMmeGiB: number;
  /** Its cache where some member does not tolerate cold loads (all models held, as `gpuMmeStrict`). */
  readonly gpuMmeStrictGiB: number;
  readonly gpuMmeInstances: readonly MmeInstance[];
  /** It does not tolerate its models' cold loads; its GPU share where some member does not (all models held). */
  readonly strict: boolean;
  readonly gpuMmeStrict: number;
  /** The data processing any endpoint hosting it bills, counted in `memory` and `elsewhere` (not in the share). */
  readonly dataUsd: number;
  /** The instance types it could share as an inference component. */
  readonly icTypes: ReadonlyMap<string, number>;
  /** Its least inference-component share where that never rests (Infinity where it can rest, or has none). */
  readonly residentShare: number;
  /** The least of an endpoint of its own and serverless. */
  readonly besidesIc: number;
  /** What the floors of inference-component endpoints know of it. */
  readonly ic: IcShares;
}

/**
 * The memory bound of one framework's workloads, where some share multi-model endpoints on GPUs: each such
 * endpoint holds one framework on one kind of hardware and never scales to zero, so only those workloads fill it.
 * Either none of them is on one, and they pay their other ways (the rest their least), or one is, up all month: at
 * least the cheapest GPU instance they could use (H), holding their shares (X, at least their least each, less the
 * data processing they pay beside it). Both cases are at least the plain sum of least ways. A GPU-only workload
 * that could share an inference-component endpoint whose floor `endpointFloors` counts pays, where none is up, no
 * more than that endpoint's count leaves it (`hiddenExtra`).
 */
export function frameworkMemoryBound(shares: readonly FrameworkShares[], counted: Floors["pools"]): number {
  return Math.min(...frameworkCases(shares, counted).map((c) => c.usd));
}

/** One way a framework's GPU-only workloads may be hosted, at least what it costs (see `frameworkCases`). */
interface FrameworkCase {
  readonly usd: number;
  /** The GPU-only workloads that pay an always-loaded inference component's share (see `frameworksMemoryBound`). */
  readonly onIc: readonly FrameworkShares[];
}

/**
 * A framework's cases (see `frameworkMemoryBound`). Where some GPU-only workload does not tolerate its cold loads
 * (strict), a group holding it holds every model it has (`toleratedColdLoad`), so the case of an endpoint up splits:
 * no strict workload is on one (each pays its way where none is up); or one is, with the others at their share of
 * a group that holds all its models, or at their way elsewhere, whichever is less; or two endpoints are up.
 */
function frameworkCases(shares: readonly FrameworkShares[], counted: Floors["pools"]): FrameworkCase[] {
  const least = (list: readonly FrameworkShares[]) => list.reduce((n, s) => n + s.memory, 0);
  const data = (list: readonly FrameworkShares[]) => list.reduce((n, s) => n + s.dataUsd, 0);
  const gpu = shares.filter((s) => s.gpuOnly);
  if (gpu.length === 0) return [{ usd: least(shares), onIc: [] }];
  const others = shares.filter((s) => !s.gpuOnly);
  // Where no GPU multi-model endpoint holds them: their way elsewhere, or hidden in a counted pool's endpoint.
  const down = (list: readonly FrameworkShares[]): FrameworkCase => {
    const onIc: FrameworkShares[] = [];
    let usd = 0;
    for (const s of list) {
      const hidden = hiddenExtra(s, counted);
      usd += Math.min(s.elsewhere, s.memory + hidden);
      if (hidden === Infinity && s.residentShare === s.elsewhere && s.elsewhere < s.memory + hidden) onIc.push(s);
    }
    return { usd, onIc };
  };
  // Endpoints up that cost `floor` at least, holding the GPU-only workloads at `x` of instances (their data beside).
  const h = Math.min(...gpu.map((s) => s.gpuMmeUsd));
  const up = (floor: number, x: number) => Math.max(floor, x) + data(gpu) + least(others);
  const x = least(gpu) - data(gpu);
  const none = down(gpu);
  const cases = [{ usd: none.usd + least(others), onIc: none.onIc }];
  const strict = gpu.filter((s) => s.strict);
  if (strict.length === 0)
    return [...cases, { usd: Math.max(up(h, x), wholeInstancesUp(gpu, h) + least(others)), onIc: [] }];
  const tolerant = gpu.filter((s) => !s.strict);
  if (tolerant.length > 0) {
    // The strict ones off multi-model endpoints (`up` counts every GPU-only workload's data processing).
    const off = down(strict);
    const tolerantUp = Math.max(
      up(h, least(tolerant) - data(tolerant)),
      wholeInstancesUp(tolerant, h) + data(strict) + least(others),
    );
    cases.push({ usd: off.usd - data(strict) + tolerantUp, onIc: off.onIc });
  }
  const held = tolerant.reduce((n, s) => n + Math.min(s.elsewhere, s.gpuMmeStrict + s.dataUsd) - s.dataUsd, 0);
  // Two endpoints or more: the strict ones' own shares on one (where they are elsewhere, they pay as much), and at
  // least another's floor.
  const strictX = least(strict) - data(strict);
  const allHeld = [...strict, ...tolerant.map((s) => ({ ...s, gpuMmeGiB: s.gpuMmeStrictGiB }))];
  return [
    ...cases,
    { usd: Math.max(up(h, strictX + held), wholeInstancesUp(allHeld, h) + least(others)), onIc: [] },
    {
      usd: Math.max(up(Math.max(2 * h, strictX + h), x), wholeInstancesUp(gpu, 2 * h) + least(others)),
      onIc: [],
    },
  ];
}

/** A GPU instance type of a multi-model endpoint: what it costs a month, and the GiB of models it caches. */
export interface MmeInstance {
  readonly monthUsd: number;
  readonly cacheGiB: number;
}

/**
 * A framework's GPU-only workloads where some GPU multi-model endpoint of theirs is up, in whole instances (see
 * `frameworkCases`): its warm instances are whole, and hold the working sets of the workloads on it in their cache
 * (`FrameworkShares.gpuMmeGiB`). So the endpoints up together are some numbers of instances of the types the
 * workloads could use, costing at least the floor H, whose cache holds those on them. For each such set of
 * instances, each workload pays its data processing there or its way elsewhere, those that save most a GiB of cache
 * there first (a fractional knapsack, as `mostSaved`); the least over the sets bounds the case. Sets beyond what
 * every workload fills add only cost.
 */
export function wholeInstancesUp(gpu: readonly FrameworkShares[], h: number): number {
  const offered = [
    ...new Map(gpu.flatMap((s) => s.gpuMmeInstances).map((t) => [`${t.monthUsd}/${t.cacheGiB}`, t])).values(),
  ];
  // A type is never needed where as many instances of another as cost no more cache as much.
  const types = offered.filter(
    (t) =>
      !offered.some((o) => {
        const k = Math.floor(t.monthUsd / o.monthUsd + 1e-9);
        return o !== t && k >= 1 && k * o.cacheGiB >= t.cacheGiB * (1 - 1e-9);
      }),
  );
  const held = gpu.filter((s) => s.elsewhere === Infinity);
  const free = gpu.filter((s) => s.elsewhere < Infinity);
  const heldGiB = held.reduce((n, s) => n + s.gpuMmeGiB, 0);
  // Those free to go elsewhere, most saved a GiB of cache first: at a GiB of cache, the first ones in full, the next
  // in part (as `mostSaved`), found by bisection on the sums of their cache.
  const joining = free
    .map((s) => ({ share: s.gpuMmeGiB, least: s.elsewhere - s.dataUsd }))
    .filter((j) => j.share < Infinity)
    .sort((p, q) => q.least * p.share - p.least * q.share);
  const shares = [0];
  const saved = [0];
  for (const j of joining) {
    shares.push(shares.at(-1)! + j.share);
    saved.push(saved.at(-1)! + j.least);
  }
  const savedIn = (room: number) => {
    let lo = 0;
    let hi = joining.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (shares[mid]! <= room) lo = mid;
      else hi = mid - 1;
    }
    const next = joining[lo];
    return saved[lo]! + (next ? (next.least * (room - shares[lo]!)) / next.share : 0);
  };
  const base = held.reduce((n, s) => n + s.dataUsd, 0) + free.reduce((n, s) => n + s.elsewhere, 0);
  const neededGiB = heldGiB + shares.at(-1)!;
  // Workloads that say nothing of their GPU instance types (none do in plans) leave no count; nor do endpoints of
  // many instances, where whole ones add little.
  const mostCacheGiB = Math.max(0, ...types.map((t) => t.cacheGiB));
  if (types.length === 0 || neededGiB === Infinity || neededGiB > WHOLE_INSTANCES_UP_TO * mostCacheGiB) return 0;
  let best = Infinity;
  let tried = 0;
  // Every set of instances of the types, by count of each, until its cache holds all, or it costs more than the least
  // found (each workload pays at least its data processing). A set that costs less than H is counted at H: that
  // admits sets no endpoints are, which only lowers the count, and lets a set that costs no more for as much cache
  // stand for another.
  const visit = (i: number, usd: number, cacheGiB: number): void => {
    if (++tried > INSTANCE_SETS_UP_TO || usd >= best) return;
    if (i === types.length) {
      if (cacheGiB >= heldGiB) best = Math.min(best, Math.max(usd, h) + base - savedIn(cacheGiB - heldGiB));
      return;
    }
    const t = types[i]!;
    for (let n = 0; n === 0 || cacheGiB + (n - 1) * t.cacheGiB < neededGiB; n++)
      visit(i + 1, usd + n * t.monthUsd, cacheGiB + n * t.cacheGiB);
  };
  visit(0, 0, 0);
  // Too many sets to try: no count at all (0 is below every case).
  return tried > INSTANCE_SETS_UP_TO ? 0 : best;
}

// The most instances of `wholeInstancesUp`'s sets, and the most sets it tries.
const WHOLE_INSTANCES_UP_TO = 64;
const INSTANCE_SETS_UP_TO = 20_000;

/**
 * The frameworks' memory bounds together. Where no GPU multi-model endpoint of a framework holds them, its GPU-only
 * workloads whose next way is an always-loaded inference component (`onIc`) sit on endpoints that keep their floor
 * up, as `endpointFloors`' residents do; endpoints of several frameworks' such workloads may be one, so they make
 * one pool, for each choice of the frameworks' cases (a few frameworks at most have such workloads). Their
 * inference-component types are in no counted pool (`hiddenExtra` is Infinity), so no endpoint counts twice.
 */
export function frameworksMemoryBound(
  byFramework: readonly (readonly FrameworkShares[])[],
  counted: Floors["pools"] | null,
  icMembers: readonly IcShares[],
  knowledge: Knowledge,
): number {
  if (counted === null)
    return byFramework.reduce((n, shares) => n + Math.min(...frameworkCases(shares, []).map((c) => c.usd)), 0);
  let sum = 0;
  const choices: FrameworkCase[][] = [];
  let combinations = 1;
  for (const shares of byFramework) {
    const cases = frameworkCases(shares, counted);
    const least = Math.min(...cases.map((c) => c.usd));
    // Only cases that cost no more than the least of those without such workloads can be a framework's least.
    const open = Math.min(...cases.filter((c) => c.onIc.length === 0).map((c) => c.usd));
    const tried = cases.filter((c) => c.usd < open);
    if (tried.length === 0 || combinations * (tried.length + 1) > MAX_COMBINATIONS) sum += least;
    else {
      choices.push([...tried, { usd: open, onIc: [] }]);
      combinations *= tried.length + 1;
    }
  }
  let best = choices.length === 0 ? 0 : Infinity;
  for (let k = 0; k < combinations; k++) {
    let usd = 0;
    const onIc: FrameworkShares[] = [];
    let rest = k;
    for (const cases of choices) {
      const c = cases[rest % cases.length]!;
      rest = Math.floor(rest / cases.length);
      usd += c.usd;
      onIc.push(...c.onIc);
    }
    best = Math.min(best, usd + onIcFloor(onIc, counted, icMembers, knowledge));
  }
  return sum + best;
}

// The choices of frameworks' cases `frameworksMemoryBound` tries, at most.
const MAX_COMBINATIONS = 4096;

/**
 * The floor of the inference-component endpoints that GPU-only workloads paying an always-loaded share there keep
 * up (see `frameworksMemoryBound`), as `poolExtra` counts a pool of residents: one pool of the types at their
 * least shares.
 */
function onIcFloor(
  onIc: readonly FrameworkShares[],
  counted: Floors["pools"],
  icMembers: readonly IcShares[],
  knowledge: Knowledge,
): number {
  if (onIc.length === 0) return 0;
  // Where no GPU multi-model endpoint of theirs is up, their least is the inference component's share, and their
  // next way an endpoint of their own or serverless (`elsewhere` less the inference component).
  const residents = onIc.map((s): IcShares => ({
    ...s.ic,
    least: s.residentShare,
    second: s.besidesIc,
    resident: true,
    gpuMme: false,
  }));
  const types = new Set(onIc.flatMap((s) => typesAt(s.icTypes, s.residentShare)));
  const pool = poolOf(residents, types, knowledge, new Map());
  const originals = new Set(onIc.map((s) => s.ic));
  const countedTypes = new Set(counted.flatMap((c) => [...c.types]));
  return poolExtra(
    pool,
    countedTypes,
    icMembers.filter((m) => !originals.has(m)),
  ).extra;
}

/**
 * What a GPU-only workload pays over its least where no GPU multi-model endpoint of its framework is up, when it
 * could sit in a counted inference-component pool's endpoint (Infinity where it could not): that pool's count has
 * the endpoint's room filled by the fillers that save most, so the workload's share of room there saves at least
 * the pool's marginal saving a dollar. Beyond what that saving covers of its least, it costs the same either way.
 */
function hiddenExtra(s: FrameworkShares, counted: Floors["pools"]): number {
  let extra = Infinity;
  for (const pool of counted) {
    const share = poolShare(s.icTypes, pool.types);
    if (share === Infinity) continue;
    extra = Math.min(extra, Math.max(0, pool.marginal * (share - s.dataUsd) - (s.memory - s.dataUsd)));
  }
  return extra;
}

/**
 * The most that workloads joining an endpoint with `room` dollars of it left can save: each takes its share of the
 * endpoint and saves its least elsewhere; the fractional knapsack (best least per share first, the last in part).
 */
function mostSaved(
  room: number,
  joining: readonly { readonly share: number; readonly least: number }[],
): { saved: number; marginal: number } {
  return fillRoom(room, joining.filter((j) => j.share > 0 && j.share < Infinity).sort(bySavingPerShare));
}

// Joiners that save most a dollar of their share first.
const bySavingPerShare = (p: { share: number; least: number }, q: { share: number; least: number }) =>
  q.least / q.share - p.least / p.share;

/**
 * `mostSaved` on joiners already in its order (finite shares, `bySavingPerShare`), but those `skipped`: each in full
 * while the room lasts, the last in part.
 */
function fillRoom<J extends { readonly share: number; readonly least: number }>(
  room: number,
  sorted: readonly J[],
  skipped: (j: J) => boolean = () => false,
): { saved: number; marginal: number } {
  let saved = 0;
  let marginal = 0;
  let entered = false;
  for (const j of sorted) {
    // Room that runs out at the end of a share (as whole slots do) runs out there whatever the order of the sums:
    // a dollar more would go to the next one, which saves least.
    if (room <= ROOM_LEFT_USD) {
      if (entered) marginal = j.least / j.share;
      break;
    }
    if (skipped(j)) continue;
    const inside = Math.min(1, room / j.share);
    room -= inside * j.share;
    saved += inside * j.least;
    marginal = j.least / j.share;
    entered = true;
  }
  // The saving a dollar of room is worth where it runs out: the least of any dollar, since the best go first.
  return { saved, marginal: room > ROOM_LEFT_USD ? 0 : marginal };
}

// Room of an endpoint below this is none: sums of shares in another order differ by less.
const ROOM_LEFT_USD = 1e-6;

/** One workload's inference-component shares, for the floors of the endpoints that would hold them. */
export interface IcShares {
  /** Its memory bound: the least of its ways. */
  readonly least: number;
  /** Its least is an inference component loaded all month (see `endpointFloors`). */
  readonly resident: boolean;
  /** The least of its ways other than inference components. */
  readonly second: number;
  /** Its least inference-component share on each instance type. */
  readonly byType: ReadonlyMap<string, number>;
  /** The instances an endpoint holding it keeps up. */
  readonly floor: number;
  /** Its least share on each instance type where its copies stay as they are; `active` of the month elsewhere. */
  readonly steadyByType: ReadonlyMap<string, number>;
  readonly active: number;
  /** The fewest accelerators its models hold on each accelerated instance type, loaded all month. */
  readonly heldSlots: ReadonlyMap<string, number>;
  /** The fewest accelerators one copy of its models takes on each accelerated instance type. */
  readonly copySlots: ReadonlyMap<string, number>;
  /** The share of the month its models are loaded on an inference component (none for offline work: its share). */
  readonly loaded: number;
  /** The data processing any endpoint hosting it bills, counted in every figure above but the floor. */
  readonly dataUsd: number;
  /** A GPU multi-model endpoint could host it (see `frameworkMemoryBound`). */
  readonly gpuMme: boolean;
}

/**
 * What the memory bound misses of inference-component endpoints that never rest: one holding an always-loaded
 * copy keeps its floor of instances up all month, whatever its members' shares add up to. The workloads whose least
 * is such a share (residents) make pools of instance types: the types where a resident's share is its least (types
 * alike per slot, as ml.inf2.24xlarge and ml.inf2.48xlarge, make one pool). A pool's residents (R, at X in all)
 * either go elsewhere, each paying its next way, or some endpoint of a pool type is up, at least H (the least
 * floor of a type of the pool): X and the shares of other workloads that join it (each saving its least elsewhere,
 * at its least share on the pool's types) fill it, as in `frameworkMemoryBound`; where copies that come and go
 * join it, beside its floor it bills their rounding (`poolExtra`). Each pool's extra is the lesser. Summed over
 * pools, every other workload free to fill any pool's endpoint (each pays its least in each count), no sum counts
 * more than a plan pays: a resident that could share another pool's endpoint, or a GPU multi-model one, pays no
 * more than its least where none of its pool is up, since that other count has it there at its least.
 */
export function endpointFloors(
  members: readonly IcShares[],
  knowledge: Knowledge,
  away: AwayFloors = new Map(),
): Floors {
  const claims = residentPools(members, knowledge, away);
  // A pool whose residents fill its floor themselves has no room for others to fill: it adds the rounding of copies
  // that come and go, but no other pool's residents are in it at their least (they would grow it). Unless its floor
  // is on a dearer type than its cheapest (one its dearest resident needs) and leaves room there (`hasRoom`): its
  // count has others in that room at their least, so it shelters them too. A pool that adds nothing is no count that
  // another pool's residents could be in at their least: drop those until each pool left adds something.
  const full = claims.filter((c) => !c.roomy);
  const fullTypes = full.filter(hasRoom).flatMap((c) => [...c.types]);
  let live = claims.filter((c) => c.roomy);
  for (;;) {
    const types = new Set([...live.flatMap((c) => [...c.types]), ...fullTypes]);
    const extras = live.map((c) => poolExtra(c, types, members));
    const adding = live.filter((_, i) => extras[i]!.extra > ROOM_LEFT_USD);
    if (adding.length === live.length)
      return {
        extra: [...extras, ...full.map((c) => poolExtra(c, types, members))].reduce((n, e) => n + e.extra, 0),
        pools: live.map((c, i) => ({ types: c.types, marginal: extras[i]!.marginal })),
      };
    live = adding;
  }
}

// The pools of `endpointFloors`: the residents, by the types at their least (union-find), and those types.
function residentPools(members: readonly IcShares[], knowledge: Knowledge, away: AwayFloors): Pool[] {
  return residentGroups(members).map(({ pool, types }) => poolOf(pool, types, knowledge, away));
}

// The residents by the types at their least (union-find), and those types.
function residentGroups(members: readonly IcShares[]): { pool: IcShares[]; types: Set<string> }[] {
  const residents = members.filter((m) => m.resident);
  const parent = new Map<string, string>();
  const root = (t: string): string => {
    let r = t;
    while (parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const leastTypes = new Map<IcShares, string[]>();
  for (const m of residents) {
    const at = typesAt(m.byType, m.least);
    leastTypes.set(m, at);
    for (const t of at) if (!parent.has(t)) parent.set(t, t);
    for (const t of at.slice(1)) parent.set(root(t), root(at[0]!));
  }
  const pools = new Map<string, IcShares[]>();
  for (const m of residents) {
    const at = leastTypes.get(m)!;
    if (at.length === 0) continue;
    const list = pools.get(root(at[0]!)) ?? [];
    list.push(m);
    pools.set(root(at[0]!), list);
  }
  return [...pools].map(([poolRoot, pool]) => ({
    pool,
    types: new Set([...parent.keys()].filter((t) => root(t) === poolRoot)),
  }));
}

/**
 * The floors of `endpointFloors` counted together, for a few pools (null beyond JOINT_POOLS_UP_TO). Alone, each pool
 * counts the lesser of its residents on its types (up) and away, where those that could sit on another pool's types
 * pay nothing more, as that pool's count has them there at their least; but that holds only where that pool is up.
 * Two pools whose residents could each sit on the other's types are not both away: every choice of the pools with
 * room that are up is tried, the others away, sheltered by those alone (pools without room shelter none). The pools
 * counted for workloads that could hide in them are those that add something up.
 */
export function jointFloors(
  members: readonly IcShares[],
  knowledge: Knowledge,
  away: AwayFloors = new Map(),
): Floors | null {
  const claims = residentPools(members, knowledge, away);
  const roomy = claims.filter((c) => c.roomy);
  const full = claims.filter((c) => !c.roomy && hasRoom(c));
  if (roomy.length > JOINT_POOLS_UP_TO) return null;
  // Each choice counts its pools with only the pools up as shelters for joiners (tied ones pay their next way
  // elsewhere), where that is few counts; else with every pool's types, which lets more joiners go free.
  const all = new Set(claims.flatMap((c) => [...c.types]));
  const choices = 2 ** roomy.length;
  const exact = choices * claims.length <= JOINT_COUNTS_UP_TO;
  const everywhere = exact ? [] : claims.map((c) => poolExtra(c, all, members));
  let best = Infinity;
  // The pools that add something up in some choice, and the least a dollar of their room is worth in any.
  const adding = new Map<Pool, number>();
  for (let up = 0; up < choices; up++) {
    const isUp = (c: Pool) => roomy.includes(c) && (up & (1 << roomy.indexOf(c))) !== 0;
    const sheltered = new Set(claims.filter(isUp).flatMap((c) => [...c.types]));
    const counts = exact ? claims.map((c) => poolExtra(c, sheltered, members)) : everywhere;
    // The residents of pools with room that are away pay their next way, but where they take the room of a pool up,
    // or of a pool without room whose count may be its endpoint's (each counts them there at their least); beyond
    // that room they would grow it, at their share there.
    const held = [...claims.filter(isUp), ...full];
    const holding = new Set(held.flatMap((c) => [...c.types]));
    const room = held.reduce((n, c) => n + c.h - c.x, 0);
    const away = roomy
      .filter((c) => !isUp(c))
      .flatMap((c) => c.pool.map((m) => ({ m, next: nextWay(m, c, new Set()) ?? m.least })))
      .map(({ m, next }) => ({ share: poolShare(m.byType, holding) - m.dataUsd, least: next - m.least }));
    let usd = away.reduce((n, j) => n + j.least, 0) - mostSaved(room, away).saved;
    for (const [i, c] of claims.entries()) {
      const count = counts[i]!;
      if (isUp(c)) usd += Math.max(0, count.up);
      else if (c.roomy) usd += count.tiedAway;
      else usd += Math.max(0, Math.min(sum(residentsAway(c, holding)) + count.tiedAway, count.up));
      if (isUp(c) && count.up > ROOM_LEFT_USD) adding.set(c, Math.min(adding.get(c) ?? Infinity, count.marginal));
    }
    best = Math.min(best, usd);
  }
  return { extra: best, pools: [...adding].map(([c, marginal]) => ({ types: c.types, marginal })) };
}

// The most pools with room whose choices of up and away `jointFloors` tries together, and the most pool counts it
// makes for them with only the pools up as shelters.
const JOINT_POOLS_UP_TO = 10;
const JOINT_COUNTS_UP_TO = 256;

/**
 * The endpoint floors' extra over the memory bound, and the pools counted: their instance types, and what a dollar of
 * room in one saves where its fillers run out (0 where they do not fill it).
 */
export interface Floors {
  readonly extra: number;
  readonly pools: readonly { readonly types: ReadonlySet<string>; readonly marginal: number }[];
}

/**
 * A pool of instance types, its residents, the least floor of its types (H), their shares (X), and the rounding an
 * endpoint holding them bills where copies that come and go join it.
 */
interface Pool {
  readonly pool: readonly IcShares[];
  readonly types: ReadonlySet<string>;
  readonly h: number;
  readonly x: number;
  readonly rounding: number;
  /** The cheapest of its types, a month. */
  readonly instanceUsd: number;
  /**
   * Its types' accelerators (see `poolSlots`): the grain, the least price of one, each resident's held ones, and
   * where a resident's copies each take more than half of any instance of the pool's types it fits, what the
   * instances of its own that they need leave idle beyond its share (else null).
   */
  readonly slots: {
    readonly grain: number;
    readonly slotUsd: number;
    readonly held: readonly number[];
    readonly idle: readonly (number | null)[];
  } | null;
  /**
   * Its residents leave room on its cheapest type: only such a pool shelters others' residents (see `jointFloors`),
   * counted by that floor so that a dearer one never turns a pool into a shelter.
   */
  readonly roomy: boolean;
  /** The floors its residents' ways off it keep up (`awayFloors`). */
  readonly away: AwayFloors;
}

/**
 * A pool of residents on instance types: its floor H (the least of its residents' floors, on the type the residents
 * could share that costs least: no less than the cheapest type that holds the resident whose cheapest is dearest, as
 * a 70B LLM on eight chips holds an ml.inf2.48xlarge, never an ml.inf2.24xlarge), the instances' part of their
 * shares X (each pays its data processing wherever it is), and the rounding of copies that come and go
 * (`averageInstances`), for the longest of them: where it keeps two up or more, its shares plus that rounding are
 * within its bill.
 */
function poolOf(
  residents: readonly IcShares[],
  types: ReadonlySet<string>,
  knowledge: Knowledge,
  away: AwayFloors,
): Pool {
  const hours = knowledge.rules.sizing.billing.hoursPerMonth;
  const floor = Math.min(...residents.map((m) => m.floor));
  const instances = [...types].map((t) => knowledge.catalog.instances.find((i) => i.instanceType === t)!);
  const monthUsd = new Map(instances.map((i) => [i.instanceType, i.hourlyUsd * hours]));
  const cheapest = Math.min(...monthUsd.values());
  const endpointUsd = Math.max(
    cheapest,
    ...residents.map((m) => Math.min(...[...monthUsd].filter(([t]) => m.byType.has(t)).map(([, usd]) => usd))),
  );
  const x = residents.reduce((n, m) => n + m.least - m.dataUsd, 0);
  return {
    pool: residents,
    types,
    h: endpointUsd * floor,
    roomy: cheapest * floor > x,
    x,
    rounding: floor < 2 ? 0 : 0.5 * cheapest,
    instanceUsd: cheapest,
    slots: poolSlots(residents, instances, monthUsd),
    away,
  };
}

/**
 * The accelerators of a pool's types (`Pool.slots`), where every type has some: instances of them hold a multiple of
 * the greatest common divisor of their counts (the grain), each at least the least price an accelerator of them
 * costs. Null where a type has none, or a resident has no held accelerators on the pool's types.
 */
function poolSlots(
  residents: readonly IcShares[],
  instances: readonly Instance[],
  monthUsd: ReadonlyMap<string, number>,
): Pool["slots"] {
  let grain = 0;
  let slotUsd = Infinity;
  for (const instance of instances) {
    if (!instance.accelerator) return null;
    grain = gcd(grain, instance.accelerator.count);
    slotUsd = Math.min(slotUsd, monthUsd.get(instance.instanceType)! / instance.accelerator.count);
  }
  const held = residents.map((m) => Math.min(...instances.map((i) => m.heldSlots.get(i.instanceType) ?? Infinity)));
  if (grain <= 1 || held.some((n) => n === Infinity)) return null;
  const idle = residents.map((m) => {
    const fits = instances.filter((i) => m.byType.has(i.instanceType) && m.copySlots.has(i.instanceType));
    const large = fits.length > 0 && fits.every((i) => 2 * m.copySlots.get(i.instanceType)! > i.accelerator!.count);
    if (!large) return null;
    const copies = m.heldSlots.get(fits[0]!.instanceType)! / m.copySlots.get(fits[0]!.instanceType)!;
    const instanceUsd = Math.min(...fits.map((i) => monthUsd.get(i.instanceType)!));
    return Math.max(0, copies * instanceUsd - (m.least - m.dataUsd));
  });
  return { grain, slotUsd, held, idle };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * The room the rounding of held accelerators leaves on a pool's endpoints (see `poolExtra`), at least. Residents and
 * joiners on the pool's types whose models stay loaded all month hold S accelerators there (`IcShares.heldSlots`), on
 * instances whose accelerators are a multiple of the grain G, each at least p, so the instances cost at least
 * p G ceil(S / G), beyond those workloads' shares there X (each at least p a held accelerator: x - p s = d >= 0).
 * A resident may leave for its next way instead, at a over its least (`away`); a joiner may come, at its share over its least
 * (b). Over those choices the room is the least of cost + max(0, p G ceil(S / G) - X): with D the sum of d of those
 * on the pool, p G ceil(S / G) - X = p pad(S mod G) - D, so for each S mod G the least cost and the least cost - D
 * (a knapsack modulo G, starting from every resident on the pool and no joiner) bound it.
 */
function roundingRoom(
  c: Pool,
  away: readonly number[],
  joiners: readonly { readonly share: number; readonly least: number; readonly slots: number }[],
): number {
  if (!c.slots) return 0;
  const { grain, slotUsd, held } = c.slots;
  const cost = Array<number>(grain).fill(Infinity);
  const less = Array<number>(grain).fill(Infinity);
  const start = held.reduce((n, s) => n + s, 0) % grain;
  cost[start] = 0;
  less[start] = -c.pool.reduce((n, m, i) => n + m.least - m.dataUsd - slotUsd * held[i]!, 0);
  // A choice that moves `slots` accelerators on (or off, negative), at `usd`, with `d` on the pool after it less before.
  const choose = (slots: number, usd: number, d: number) => {
    const [fromCost, fromLess] = [[...cost], [...less]];
    const step = ((slots % grain) + grain) % grain;
    for (let r = 0; r < grain; r++) {
      const to = (r + step) % grain;
      cost[to] = Math.min(cost[to]!, fromCost[r]! + usd);
      less[to] = Math.min(less[to]!, fromLess[r]! + usd - d);
    }
  };
  for (const [i, m] of c.pool.entries()) choose(-held[i]!, away[i]!, -(m.least - m.dataUsd - slotUsd * held[i]!));
  for (const j of joiners) choose(j.slots, j.share - j.least, j.share - slotUsd * j.slots);
  let room = Infinity;
  for (let r = 0; r < grain; r++) room = Math.min(room, Math.max(cost[r]!, less[r]! + slotUsd * ((grain - r) % grain)));
  return Math.max(0, room);
}

/**
 * The room a pool's large copies leave (see `poolExtra`), at least: a copy that takes more than half of any instance
 * of the pool's types it fits shares its instance with no other such copy, so each resident of those pays for
 * instances of its own, idle beyond its share (`Pool.slots`), unless it leaves for its next way (at a over its
 * least, `away`). Only the other residents' shares, and joiners, can fill them.
 */
function largeCopiesRoom(c: Pool, away: readonly number[]): number {
  if (!c.slots) return 0;
  let room = 0;
  for (const [i, m] of c.pool.entries()) {
    const idle = c.slots.idle[i] ?? null;
    if (idle === null) room -= m.least - m.dataUsd;
    else room += Math.min(idle, away[i]!);
  }
  return Math.max(0, room);
}

// One pool's extra (see endpointFloors), beside the pools whose types are `counted`.
function poolExtra(
  c: Pool,
  counted: ReadonlySet<string>,
  members: readonly IcShares[],
): { extra: number; marginal: number; up: number; tiedAway: number } {
  const onPool = (m: IcShares) => {
    const share = poolShare(m.byType, c.types) - m.dataUsd;
    const steadyShare = poolShare(m.steadyByType, c.types) - m.dataUsd;
    return { share, steadyShare, least: m.least - m.dataUsd, comes: share < steadyShare ? m.active : 0 };
  };
  const residents = c.pool.map(onPool);
  const inside = new Set(c.pool);
  // Joiners whose least is a share on the pool's types alone (tied) pay their next way where no endpoint of those
  // types holds them.
  const joining = members
    .filter((m) => !inside.has(m))
    .map((m) => {
      const next = nextWay(m, c, counted);
      const tied = next !== null && next > m.least && poolShare(m.byType, c.types) === m.least;
      // Accelerators it holds all month on the pool's types, where no other count charges its way elsewhere.
      const slots =
        m.loaded === 1 && !m.resident && !m.gpuMme
          ? Math.min(...[...c.types].map((t) => m.heldSlots.get(t) ?? Infinity))
          : Infinity;
      return { ...onPool(m), next: tied ? next - m.dataUsd : null, loaded: m.loaded, slots };
    });
  type Joiner = (typeof joining)[number];
  const tied = joining.filter((j) => j.next !== null);
  // Tied joiners beside the residents' endpoint: on none, or on another endpoint of the pool's types, up at least
  // while the most loaded of those there is (`LOADED_LEVELS_UP_TO`), where the others of those loaded no longer may
  // sit at their least. That other endpoint bills what its members' shares leave of that, less what they save;
  // counted apart from the residents' endpoint with every joiner free to fill each, the two together bill no less
  // (its own rounding is left out). The tied joiners that cannot be there join the residents' endpoint, or pay their
  // next way.
  const levels = [...new Set(tied.map((j) => j.loaded))].sort((a, b) => a - b);
  const ways = [
    { upTo: -1, from: 0 },
    ...(levels.length <= LOADED_LEVELS_UP_TO
      ? levels.map((loaded) => ({ upTo: loaded, from: loaded }))
      : LOADED_BUCKETS.map((upTo, k) => ({ upTo, from: k === 0 ? 0 : LOADED_BUCKETS[k - 1]! }))),
  ].map(({ upTo, from }) => {
    const there = (j: Joiner) => j.next !== null && j.loaded <= upTo;
    const otherUp = c.instanceUsd * from;
    return {
      must: (j: Joiner) => j.next !== null && !there(j),
      other:
        otherUp -
        mostSaved(
          otherUp,
          joining.filter((j) => j.next === null || there(j)),
        ).saved,
    };
  });
  const awayFixed = (must: (j: Joiner) => boolean) => tied.reduce((n, j) => n + (must(j) ? j.next! - j.least : 0), 0);
  // Where no resident is on the pool's types, each pays its next way; tied joiners as above, but none joins.
  const tiedAway = Math.min(...ways.map((way) => awayFixed(way.must) + way.other));
  // What each resident pays over its least where it leaves the pool's types.
  const away = residentsAway(c, counted);
  const elsewhere = sum(away) + tiedAway;
  // Copies that come and go in the residents' endpoint, for as long as the longest of them (a) does, round it up by
  // `rounding` times a; a workload whose copies would come and go longer is there only where they stay as they are,
  // which costs a resident its steady share over its least. Joiners of `g` in shares then cost max(H - X, g + a
  // rounding) less what they save elsewhere, least at the room the rounding leaves (a dollar of share saves at most
  // a dollar): the least over a and the tied joiners' ways. A tied joiner that must join or pay its next way joins
  // where its share there is no more (the endpoint grows if it must), else it saves its next way where it fills.
  // Without rounding, one case takes every joiner (an active share is at most 1).
  const within =
    (a: number) =>
    <J extends ReturnType<typeof onPool>>(j: J): J =>
      j.comes <= a ? j : { ...j, share: j.steadyShare };
  // The room the rounding of held accelerators leaves, with the joiners that hold some all month (and are not tied)
  // on the pool's types or away, whole; they fill no other room of that count.
  const whole = new Set(joining.filter((j) => j.next === null && j.slots < Infinity && j.share < Infinity));
  const rounded = roundingRoom(c, away, [...whole]);
  const large = largeCopiesRoom(c, away);
  const counts: { extra: number; marginal: number }[] = [];
  const cases = c.rounding > 0 ? new Set([0, ...residents.map((j) => j.comes), ...joining.map((j) => j.comes)]) : [1];
  for (const a of cases) {
    const r = a * c.rounding;
    // A resident held on the pool beyond its least may leave for its way elsewhere instead: it pays the lesser, and
    // takes no more of the room than that (leaving frees its room, and more room costs no less).
    const held = sum(residents.map(within(a)).map((j, i) => Math.min(j.share - j.least, away[i]!)));
    const joiners = joining.map((j) => ({ j, at: within(a)(j) }));
    for (const way of ways) {
      // The room of the floor, of the rounding (the whole joiners are in it already) and of large copies.
      const [byFloor, byRounding, byLarge] = [
        { room0: c.h - c.x, apart: new Set<Joiner>() },
        { room0: rounded, apart: whole },
        { room0: large, apart: new Set<Joiner>() },
      ].map(({ room0, apart }) => {
        let room = room0 - held;
        let paid = way.other + held;
        const fillers: Joiner[] = [];
        for (const { j, at: k } of joiners) {
          if (apart.has(j)) continue;
          if (!way.must(k)) fillers.push(k);
          else if (k.share <= k.next!) {
            paid += k.share - k.least;
            room -= k.share;
          } else {
            paid += k.next! - k.least;
            fillers.push({ ...k, least: k.next! });
          }
        }
        const filled = mostSaved(Math.max(0, room - r), fillers);
        // Where nothing fills the room (the rounding or joiners that must be there take it), a dollar of it taken
        // grows the endpoint a dollar.
        const noRoom = room - r <= ROOM_LEFT_USD;
        return { extra: paid + Math.max(room, r) - filled.saved, marginal: noRoom ? 1 : filled.marginal };
      });
      counts.push([byRounding!, byLarge!].reduce((most, k) => (k.extra > most.extra ? k : most), byFloor!));
    }
  }
  // What a dollar of room is worth (see `hiddenExtra`): a dollar a workload takes from the fillers of a case costs that
  // case its marginal, and a case that counts more than the least may lose the difference before it is the least, so
  // over the room a dollar of it costs the count at least the least of those (at most a dollar, which a workload that
  // grows the endpoint pays).
  const extra = Math.min(...counts.map((k) => k.extra));
  const room = Math.max(c.h - c.x, rounded, large);
  const marginal = room <= 0 ? 0 : Math.min(1, ...counts.map((k) => k.marginal + (k.extra - extra) / room));
  return { extra: Math.max(0, Math.min(elsewhere, extra)), marginal, up: extra, tiedAway };
}

/**
 * What each of a pool's residents pays over its least off the pool's types: its next way (on another type at its
 * share, or off inference components), but nothing where it could sit on the types of a pool counted up
 * (`sheltered`: that count has it there at its least) or on a GPU multi-model endpoint (counted there).
 */
function residentsAway(c: Pool, sheltered: ReadonlySet<string>): number[] {
  return c.pool.map((m) => Math.max(0, (nextWay(m, c, sheltered) ?? m.least) - m.least));
}

const sum = (values: readonly number[]) => values.reduce((n, v) => n + v, 0);

// A pool whose floor H, on the type its dearest resident needs, leaves room beyond its residents' shares X: others
// fill it at their least in its count, though its residents fill the floor of its cheapest type (it is not roomy).
const hasRoom = (c: Pool) => c.h - c.x > ROOM_LEFT_USD;

// A workload's least way off a pool's types; null where another count may hold it (the type of a pool counted up,
// `sheltered`, or a GPU multi-model endpoint), which has it there at its least.
function nextWay(m: IcShares, c: Pool, sheltered: ReadonlySet<string>): number | null {
  if (m.gpuMme) return null;
  let next = m.second;
  const floors = c.away.get(m);
  for (const [t, share] of m.byType) {
    if (c.types.has(t)) continue;
    if (sheltered.has(t)) return null;
    next = Math.min(next, share + (floors?.get(t) ?? 0));
  }
  return next;
}

// The loaded shares of the month an endpoint of tied joiners is taken to be up at (see `poolExtra`): its most loaded
// member's, one case for each share of those joiners, up to LOADED_LEVELS_UP_TO of them; beyond, the bucket below
// it, so a few cases stand for any (models loaded all month have one of their own).
const LOADED_LEVELS_UP_TO = 8;
const LOADED_BUCKETS = [0.25, 0.5, 0.75, STEADY_LOADED_SHARE, 1];

// A workload's least inference-component share on a pool's instance types (Infinity where it has none there).
function poolShare(byType: ReadonlyMap<string, number>, types: ReadonlySet<string>): number {
  return Math.min(...[...types].map((t) => byType.get(t) ?? Infinity));
}

/** What a workload would save on serverless, for its models. */
interface Saving {
  readonly models: number;
  readonly usd: number;
}

/**
 * The most that moving workloads to serverless can save with at most `quota` models there: the fractional
 * knapsack (the largest saving a model first, the last one in part), which no choice of whole workloads beats.
 */
function bestSavings(savings: Saving[], quota: number): number {
  let left = quota;
  let saved = 0;
  for (const s of savings.sort((a, b) => b.usd / b.models - a.usd / a.models)) {
    if (left <= 0) break;
    const take = Math.min(1, left / s.models);
    saved += take * s.usd;
    left -= take * s.models;
  }
  return saved;
}

/**
 * The least share of a workload's models a multi-model endpoint keeps loaded, all month (it never scales to
 * zero): the Zipf working set that keeps cold loads within `maxCold` of requests, as a share of the group. The
 * workload could join a group of any size up to the models a group holding it could hold (`mmeGroupLimits`), and
 * the share is not monotone in the size (ceilings), so take the least over them all. `least` holds, by cold share
 * allowed, the walk so far: the working set never shrinks as the group grows, so one walk serves every size.
 */
function mmeLoadedShare(
  classModels: number,
  maxCold: number,
  sizing: Knowledge["rules"]["sizing"],
  least: Map<number, LeastShares>,
): number {
  let walk = least.get(maxCold);
  if (!walk) least.set(maxCold, (walk = { k: 1, upTo: [1, 1] }));
  for (let n = walk.upTo.length; n <= classModels; n++) {
    while (1 - cacheHitRate(walk.k, n, sizing.coldStart.zipfExponent) > maxCold) walk.k++;
    walk.upTo.push(Math.min(walk.upTo[n - 1]!, walk.k / n));
  }
  return walk.upTo[Math.max(1, Math.floor(classModels))]!;
}

/** A working-set walk: the working set at the largest size walked, and the least share up to each size. */
interface LeastShares {
  k: number;
  readonly upTo: number[];
}

/**
 * The most models a multi-model group holding each member could hold: those of its class (framework and hardware
 * kind) within the size ratio and latency class of it (`compatible` keeps every pair of a group within both), and
 * no more than the most of any one window of sizes within the ratio that holds it, nor of any one window of latency
 * targets within the class.
 */
function mmeGroupLimits(members: readonly Member[], maxSizeRatio: number): Map<Member, number> {
  const byClass = new Map<string, Member[]>();
  for (const m of members) {
    if (!feasible(m, "multi-model") || m.workload.isolation !== "shared") continue;
    const list = byClass.get(mmeClass(m)) ?? [];
    list.push(m);
    byClass.set(mmeClass(m), list);
  }
  const limits = new Map<Member, number>();
  const targetOf = (x: Member) => (x.workload.latency.target === "none" ? Infinity : x.workload.latency.target);
  for (const list of byClass.values()) {
    // By size, so each member's partners by size are a window; plain arrays, since a class can hold thousands.
    list.sort((a, b) => a.workload.model.parameters - b.workload.model.parameters);
    const size = list.map((x) => x.workload.model.parameters);
    const target = list.map(targetOf);
    const count = list.map((x) => x.workload.model.count);
    let from = 0;
    let to = 0;
    for (let i = 0; i < list.length; i++) {
      while (size[from]! * maxSizeRatio < size[i]!) from++;
      while (to < list.length && size[to]! <= size[i]! * maxSizeRatio) to++;
      const t = target[i]!;
      let models = 0;
      for (let j = from; j < to; j++) {
        const u = target[j]!;
        if (t === Infinity ? u === Infinity : u !== Infinity && Math.max(t, u) <= LATENCY_CLASS_RATIO * Math.min(t, u))
          models += count[j]!;
      }
      limits.set(list[i]!, models);
    }
    const bySize = mostInWindow(size, count, maxSizeRatio);
    // Models without a target form a class of their own (`compatible`).
    const timed = list.filter((x) => targetOf(x) < Infinity);
    const byTarget = new Map(
      mostInWindow(
        timed.map(targetOf),
        timed.map((x) => x.workload.model.count),
        LATENCY_CLASS_RATIO,
      ).map((n, k) => [timed[k]!, n]),
    );
    list.forEach((m, i) => limits.set(m, Math.min(limits.get(m)!, bySize[i]!, byTarget.get(m) ?? Infinity)));
  }
  return limits;
}

/**
 * For each value, the most weight of any window from some value v to `ratio` v that holds it: each window's weight
 * by two pointers over the values sorted, then the most of those starting within the ratio below each value (a queue
 * of starts, each kept while it holds more than every later one).
 */
export function mostInWindow(values: readonly number[], weights: readonly number[], ratio: number): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const v = order.map((i) => values[i]!);
  const w = order.map((i) => weights[i]!);
  const from: number[] = [];
  let to = 0;
  let inside = 0;
  for (let j = 0; j < v.length; j++) {
    while (to < v.length && v[to]! <= v[j]! * ratio) inside += w[to++]!;
    from.push(inside);
    inside -= w[j]!;
  }
  const most = Array<number>(values.length);
  const starts: number[] = [];
  let first = 0;
  let next = 0;
  for (let k = 0; k < v.length; k++) {
    while (next < v.length && v[next]! <= v[k]!) {
      while (starts.length > first && from[starts.at(-1)!]! <= from[next]!) starts.pop();
      starts.push(next++);
    }
    while (v[starts[first]!]! * ratio < v[k]!) first++;
    most[order[k]!] = from[starts[first]!]!;
  }
  return most;
}
