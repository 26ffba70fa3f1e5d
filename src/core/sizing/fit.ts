import type { ComputeDevice, Instance } from "../../schema/catalog.js";
import type { AcceleratorKind } from "../../schema/ids.js";
import { OPTION_IDS } from "../../schema/vocabulary.js";
import type { Workload } from "../../schema/workload.js";
import { largestBatch, singleRequestMs, type ComputeUnit } from "./performance.js";
import type { Knowledge } from "../types.js";
import { GiB } from "../units.js";
import type { Footprint } from "./memory.js";
import { instancesOfKinds, vcpuCopies } from "./instances.js";

// Where copies of a model go on each instance type, and in what ways: the fit table sizing reads for every option.

/** What the fit reads of a workload's sizing context. */
export interface FitInput {
  readonly workload: Workload;
  readonly footprint: Footprint;
  readonly knowledge: Knowledge;
  readonly devices: ReadonlyMap<string, ComputeDevice>;
  /** Instances of the catalog that the workload's constraints allow, in catalog order. */
  readonly allowed: readonly Instance[];
}

/** How one workload fits every catalog instance, computed once and shared by the options (by catalog position). */
export interface FitTable {
  /**
   * Five figures per configuration (a way to place copies on an instance), read through `unitOf`, `shapeOf` and
   * `hardwareAt`: the compute unit one copy gets, by id; copies per instance; accelerators per copy; capacity per
   * copy (GiB); and the shape id. Packed in one plain array: a typed array this size lives outside the heap and
   * costs far more to allocate and collect, and an object per configuration more still.
   */
  readonly rows: readonly number[];
  /**
   * The configurations of the instance at catalog position i are those from starts[i] up to starts[i + 1]: none
   * where the constraints rule it out or the model does not fit, one on a CPU, one a tensor-parallel degree on
   * accelerators (see `copyDegrees`).
   */
  readonly starts: readonly number[];
  /** Instances with the same unit id give one copy identical hardware, hence identical performance. */
  readonly units: readonly ComputeUnit[];
  /** Compute time of one request alone on each unit (ms). */
  readonly unitMs: readonly number[];
  /** The least of those over the instances each option accepts, by position in OPTION_IDS (Infinity for none). */
  readonly fastestMs: readonly number[];
  /** Instances with the same shape id (unit, copies, capacity) size identical fleets; only their prices differ. */
  readonly shapeCount: number;
}

// A configuration's figures in a fit table's rows: FIT_ROW of them, at these offsets. Read them through the
// accessors below, which name what each is.
const FIT_ROW = 5;
const UNIT = 0;
const COPIES = 1;
const ACCELERATORS = 2;
const CAPACITY = 3;
const SHAPE = 4;

/** The compute unit one copy gets in configuration `c` of a fit table (an index into `units`). */
export function unitOf(table: FitTable, c: number): number {
  return table.rows[FIT_ROW * c + UNIT]!;
}

/** The fleet shape of configuration `c`: configurations of one shape size identical fleets. */
export function shapeOf(table: FitTable, c: number): number {
  return table.rows[FIT_ROW * c + SHAPE]!;
}

/** The hardware one copy gets in configuration `c` of a fit table. */
export function hardwareAt(table: FitTable, c: number): Hardware {
  const row = FIT_ROW * c;
  return {
    unit: table.units[table.rows[row + UNIT]!]!,
    copiesPerInstance: table.rows[row + COPIES]!,
    acceleratorsPerCopy: table.rows[row + ACCELERATORS]!,
    capacityGiB: table.rows[row + CAPACITY]!,
  };
}

/** Per-instance figures that depend only on the catalog and the sizing rules, computed once for both. */
interface InstanceFacts {
  readonly device: ComputeDevice | undefined;
  /** The device's position in the catalog's devices (-1 for none): units are found by it. */
  readonly deviceSlot: number;
  /** CPU: memory left after the host reserve (GiB); accelerator: usable memory per device (GiB). */
  readonly usableGiB: number;
  /** CPU: copies the vCPUs allow. */
  readonly threadCopies: number;
  /** The options that accept the instance, one bit per position in OPTION_IDS. */
  readonly optionBits: number;
}

/** Where copies of a model go on each instance, without the timings that depend on the model's speed. */
interface FitLayout {
  /** As FitTable's. */
  readonly rows: readonly number[];
  readonly starts: readonly number[];
  /**
   * Each unit's hardware and the memory a copy leaves on it. The memory left decides only an LLM's batch
   * (`largestBatch`), so the units of the layout every small model shares keep the smallest model's: outside LLMs
   * nothing reads it.
   */
  readonly units: readonly ComputeUnit[];
  /** The options that accept some instance of each unit, one bit per position in OPTION_IDS. */
  readonly unitOptions: readonly number[];
  readonly shapeCount: number;
}

/** The model a fit layout is for: what decides where its copies go. */
interface FitModel {
  readonly copyGiB: number;
  readonly weightsBytes: number;
  readonly llm: boolean;
  /**
   * For LLMs, the largest batch a copy's memory left allows (see `largestBatch`): their units differ by it as well,
   * and by nothing else of the memory left.
   */
  readonly batchOf: ((freeBytes: number, kind: AcceleratorKind) => number) | undefined;
  readonly pinnedAccelerators: number | undefined;
  /** Catalog positions the workload's constraints rule out. */
  readonly notAllowed: ReadonlySet<number>;
}

/**
 * The layout of any model small enough that memory never decides where it goes: each CPU instance runs as many
 * copies as its vCPUs allow and each accelerator one copy per device. Most models are that small, and outside
 * LLMs (whose units differ by the batch the memory left allows) they all share this layout, built once per
 * catalog and sizing rules for the instances of each framework's hardware (by that list, see `instancesOfKinds`).
 */
interface SmallModelLayout {
  readonly layouts: WeakMap<readonly Instance[], FitLayout>;
  /** Up to this copy size and these weights (GiB), every instance places a model as it places the smallest. */
  readonly maxCopyGiB: number;
  readonly maxWeightsGiB: number;
}

interface CatalogIndex {
  readonly facts: readonly InstanceFacts[];
  readonly small: SmallModelLayout;
}

const catalogIndexes = new WeakMap<readonly Instance[], WeakMap<object, CatalogIndex>>();

function catalogIndex(ctx: FitInput): CatalogIndex {
  const instances = ctx.knowledge.catalog.instances;
  const sizing = ctx.knowledge.rules.sizing;
  let bySizing = catalogIndexes.get(instances);
  if (!bySizing) catalogIndexes.set(instances, (bySizing = new WeakMap()));
  let index = bySizing.get(sizing);
  if (!index) {
    const { memory } = sizing;
    const slotOf = (device: ComputeDevice | undefined) => (device ? ctx.knowledge.catalog.devices.indexOf(device) : -1);
    const facts = instances.map((instance): InstanceFacts => {
      const optionBits = OPTION_IDS.reduce(
        (bits, id, k) => (instance.options.includes(id) ? bits | (1 << k) : bits),
        0,
      );
      if (!instance.accelerator) {
        const cpu = ctx.devices.get(instance.cpu);
        return {
          device: cpu,
          deviceSlot: slotOf(cpu),
          usableGiB: instance.memoryGiB - memory.hostReserveGiB,
          threadCopies: vcpuCopies(instance, sizing),
          optionBits,
        };
      }
      const device = ctx.devices.get(instance.accelerator.device);
      return {
        device,
        deviceSlot: slotOf(device),
        usableGiB: device && device.memoryGiB !== null ? device.memoryGiB * (1 - memory.deviceReserveFraction) : NaN,
        threadCopies: 0,
        optionBits,
      };
    });
    // A CPU instance runs its vCPU copies while memory holds that many (a hair of margin keeps floor() honest); an
    // accelerator instance gives a copy one device while the copy fits it, and stages the weights in host memory.
    let maxCopyGiB = Infinity;
    let maxWeightsGiB = Infinity;
    instances.forEach((instance, i) => {
      const fact = facts[i]!;
      if (!fact.device) return;
      if (!instance.accelerator)
        maxCopyGiB = Math.min(maxCopyGiB, (fact.usableGiB / Math.max(1, fact.threadCopies)) * (1 - 1e-12));
      else if (fact.device.memoryGiB !== null) {
        maxCopyGiB = Math.min(maxCopyGiB, fact.usableGiB);
        maxWeightsGiB = Math.min(maxWeightsGiB, instance.memoryGiB);
      }
    });
    index = { facts, small: { layouts: new WeakMap(), maxCopyGiB, maxWeightsGiB } };
    bySizing.set(sizing, index);
  }
  return index;
}

// The fit is fitConfigs', computed from the per-catalog facts. Units and shapes are found through chains by
// device and by unit (a handful each), which allocate far less than maps would for every workload.
function fitLayout(
  instances: readonly Instance[],
  facts: readonly InstanceFacts[],
  deviceCount: number,
  model: FitModel,
): FitLayout {
  const n = instances.length;
  const rows: number[] = [];
  const starts: number[] = [0];
  const units: ComputeUnit[] = [];
  const unitOptions: number[] = [];
  const firstUnit = new Array<number>(deviceCount).fill(-1);
  const nextUnit: number[] = [];
  const unitBatch: number[] = [];
  const firstShape: number[] = [];
  const nextShape: number[] = [];
  const shapeCopies: number[] = [];
  const shapeCapacity: number[] = [];
  const { copyGiB, llm, batchOf, pinnedAccelerators: pinned } = model;
  // One configuration: its unit and shape found or added, its row appended.
  const place = (
    fact: InstanceFacts,
    kind: AcceleratorKind,
    device: ComputeDevice,
    share: number,
    copies: number,
    perCopy: number,
    capacity: number,
  ) => {
    // A unit is a device and a share of it, and for LLMs the batch the memory left allows too: outside LLMs that
    // never limits the batch, so the first instance's unit stands for all.
    const batch = batchOf ? batchOf((capacity - copyGiB) * GiB, kind) : 0;
    let id = firstUnit[fact.deviceSlot]!;
    while (id >= 0 && !(units[id]!.devices === share && unitBatch[id] === batch)) id = nextUnit[id]!;
    if (id < 0) {
      id = units.length;
      units.push({ kind, device, devices: share, freeBytes: (capacity - copyGiB) * GiB });
      unitBatch.push(batch);
      unitOptions.push(0);
      nextUnit.push(firstUnit[fact.deviceSlot]!);
      firstUnit[fact.deviceSlot] = id;
      firstShape.push(-1);
    }
    let shape = firstShape[id]!;
    while (shape >= 0 && !(shapeCopies[shape] === copies && shapeCapacity[shape] === capacity))
      shape = nextShape[shape]!;
    if (shape < 0) {
      shape = shapeCopies.length;
      shapeCopies.push(copies);
      shapeCapacity.push(capacity);
      nextShape.push(firstShape[id]!);
      firstShape[id] = shape;
    }
    rows.push(id, copies, perCopy, capacity, shape); // UNIT, COPIES, ACCELERATORS, CAPACITY, SHAPE
    unitOptions[id]! |= fact.optionBits;
  };
  for (let i = 0; i < n; i++) {
    const instance = instances[i]!;
    const fact = facts[i]!;
    const device = fact.device;
    if (model.notAllowed.has(i) || !device) {
      // Nothing to place.
    } else if (!instance.accelerator) {
      const usable = fact.usableGiB;
      const byMemory = Math.floor(usable / copyGiB);
      if (byMemory >= 1) {
        const copies = Math.max(1, Math.min(byMemory, fact.threadCopies));
        place(fact, "cpu", device, instance.vcpus / copies, copies, 0, usable / copies);
      }
    } else if (device.memoryGiB !== null && model.weightsBytes / GiB <= instance.memoryGiB) {
      const count = instance.accelerator.count;
      for (
        let perCopy = fewestDevices(count, fact.usableGiB, copyGiB, pinned);
        perCopy <= count;
        perCopy = widerDegree(perCopy, count, pinned, llm)
      ) {
        place(fact, device.kind, device, perCopy, Math.floor(count / perCopy), perCopy, perCopy * fact.usableGiB);
      }
    }
    starts.push(rows.length / FIT_ROW);
  }
  return { rows, starts, units, unitOptions, shapeCount: shapeCopies.length };
}

/**
 * The workload's fit table: the layout (shared by every small model, or the workload's own) and the workload's
 * timings on each of its units. Sizing builds it once per workload (see `fitOf`), never across calls.
 */
export function fitTable(ctx: FitInput): FitTable {
  const instances = ctx.knowledge.catalog.instances;
  const { facts, small } = catalogIndex(ctx);
  const { footprint, workload } = ctx;
  const sizing = ctx.knowledge.rules.sizing;
  const pinned = workload.constraints.acceleratorsPerCopy;
  const deviceCount = ctx.knowledge.catalog.devices.length;
  // Positions of the catalog outside `allowed`.
  const outside = (allowed: readonly Instance[]): Set<number> => {
    const notAllowed = new Set<number>();
    if (allowed.length === instances.length) return notAllowed;
    const kept = new Set(allowed);
    instances.forEach((instance, i) => kept.has(instance) || notAllowed.add(i));
    return notAllowed;
  };
  const runsOn = instancesOfKinds(instances, sizing.frameworks[workload.model.framework].runsOn, ctx.devices);
  let layout: FitLayout;
  if (
    !footprint.isLlm &&
    pinned === undefined &&
    ctx.allowed === runsOn &&
    footprint.copyGiB <= small.maxCopyGiB &&
    footprint.weightsBytes / GiB <= small.maxWeightsGiB
  ) {
    let shared = small.layouts.get(runsOn);
    if (!shared) {
      // Laid out for the smallest model there is.
      shared = fitLayout(instances, facts, deviceCount, {
        copyGiB: Number.MIN_VALUE,
        weightsBytes: 0,
        llm: false,
        batchOf: undefined,
        pinnedAccelerators: undefined,
        notAllowed: outside(runsOn),
      });
      small.layouts.set(runsOn, shared);
    }
    layout = shared;
  } else {
    const batchOf = footprint.isLlm
      ? (freeBytes: number, kind: AcceleratorKind) => largestBatch(freeBytes, footprint, kind, sizing)
      : undefined;
    layout = fitLayout(instances, facts, deviceCount, {
      copyGiB: footprint.copyGiB,
      weightsBytes: footprint.weightsBytes,
      llm: footprint.isLlm,
      batchOf,
      pinnedAccelerators: pinned,
      notAllowed: outside(ctx.allowed),
    });
  }
  const units = layout.units;
  const unitMs = units.map((u) => singleRequestMs(u, footprint, workload, sizing));
  const fastestMs = OPTION_IDS.map(() => Infinity);
  for (let u = 0; u < units.length; u++) {
    const ms = unitMs[u]!;
    for (let k = 0, bits = layout.unitOptions[u]!; bits !== 0; k++, bits >>= 1)
      if (bits & 1 && ms < fastestMs[k]!) fastestMs[k] = ms;
  }
  return { rows: layout.rows, starts: layout.starts, units, unitMs, fastestMs, shapeCount: layout.shapeCount };
}

export interface Hardware {
  readonly unit: ComputeUnit;
  readonly acceleratorsPerCopy: number;
  readonly copiesPerInstance: number;
  readonly capacityGiB: number;
}

/**
 * Devices a copy may take on an accelerator instance, fewest first: the pinned count, else the fewest whose memory
 * holds a copy, and for an LLM every larger tensor-parallel degree the instance offers too (powers of two, and all
 * its devices: 12 on ml.inf2.48xlarge). More devices a copy make each token faster and leave more memory for the
 * batch, at fewer copies an instance, so which is cheapest or meets the SLOs depends on the workload: sizing weighs
 * the degrees as it weighs instance types. With the fewest alone a smaller LLM could miss a per-token SLO that a
 * larger one, spread over more devices, met. Other models keep the fewest: their servers do not split a model.
 */
export function copyDegrees(
  count: number,
  usablePerDeviceGiB: number,
  copyGiB: number,
  pinned: number | undefined,
  llm: boolean,
): number[] {
  const degrees: number[] = [];
  for (
    let d = fewestDevices(count, usablePerDeviceGiB, copyGiB, pinned);
    d <= count;
    d = widerDegree(d, count, pinned, llm)
  )
    degrees.push(d);
  return degrees;
}

// The first of copyDegrees (Infinity for none), and the one after a degree: fitLayout walks them without the list.
/** The fewest devices of an instance that hold one copy (tensor-parallel degrees); Infinity where none do. */
export function fewestDevices(
  count: number,
  usablePerDeviceGiB: number,
  copyGiB: number,
  pinned: number | undefined,
): number {
  if (pinned !== undefined) return pinned <= count && pinned * usablePerDeviceGiB >= copyGiB ? pinned : Infinity;
  let degree = 1;
  while (degree <= count && degree * usablePerDeviceGiB < copyGiB) degree = widerDegree(degree, count, undefined, true);
  return degree;
}

function widerDegree(degree: number, count: number, pinned: number | undefined, llm: boolean): number {
  if (pinned !== undefined || !llm) return Infinity;
  return degree * 2 <= count ? degree * 2 : degree < count ? count : Infinity;
}

/**
 * The ways copies of the model fit on an instance: one on a CPU (as many copies as memory and vCPUs allow), one a
 * tensor-parallel degree on accelerators (`copyDegrees`); none where it does not fit.
 */
export function fitConfigs(instance: Instance, ctx: FitInput): Hardware[] {
  const { memory } = ctx.knowledge.rules.sizing;
  const copyGiB = ctx.footprint.copyGiB;
  if (!instance.accelerator) {
    const usable = instance.memoryGiB - memory.hostReserveGiB;
    const byMemory = Math.floor(usable / copyGiB);
    const device = ctx.devices.get(instance.cpu);
    if (byMemory < 1 || !device) return [];
    const copies = Math.max(1, Math.min(byMemory, vcpuCopies(instance, ctx.knowledge.rules.sizing)));
    return [
      {
        unit: { kind: "cpu", device, devices: instance.vcpus / copies, freeBytes: (usable / copies - copyGiB) * GiB },
        acceleratorsPerCopy: 0,
        copiesPerInstance: copies,
        capacityGiB: usable / copies,
      },
    ];
  }
  const device = ctx.devices.get(instance.accelerator.device);
  // Host memory must stage the weights while they load.
  if (!device || device.memoryGiB === null || ctx.footprint.weightsBytes / GiB > instance.memoryGiB) return [];
  const usablePerDevice = device.memoryGiB * (1 - memory.deviceReserveFraction);
  const count = instance.accelerator.count;
  return copyDegrees(
    count,
    usablePerDevice,
    copyGiB,
    ctx.workload.constraints.acceleratorsPerCopy,
    ctx.footprint.isLlm,
  ).map((perCopy) => ({
    unit: { kind: device.kind, device, devices: perCopy, freeBytes: (perCopy * usablePerDevice - copyGiB) * GiB },
    acceleratorsPerCopy: perCopy,
    copiesPerInstance: Math.floor(count / perCopy),
    capacityGiB: perCopy * usablePerDevice,
  }));
}
