import type { ComputeDevice, Instance } from "../../schema/catalog.js";
import type { AcceleratorKind, OptionId } from "../../schema/ids.js";
import { OPTION_IDS } from "../../schema/vocabulary.js";
import type { Violation } from "../../schema/output.js";
import type { Workload } from "../../schema/workload.js";
import type { Knowledge } from "../types.js";
import { allowedInstances } from "./instances.js";
import { fitTable, type FitTable } from "./fit.js";
import type { Footprint } from "./memory.js";
import { workloadFootprint } from "./measured.js";
import type { Performance } from "./performance.js";
import { describeLoad, type Load } from "./traffic.js";

// What sizing works on: one workload's context, shared by its options, and the candidates it finds.

/** One way to host the workload on one option: hardware, counts, and what it costs and delivers. */
export interface Candidate {
  readonly option: OptionId;
  readonly instanceType: string;
  readonly hourlyUsd: number;
  readonly priceConfirmed: boolean;
  readonly acceleratorsPerCopy: number;
  readonly copiesPerInstance: number;
  readonly instanceCount: number;
  /** Instances kept up on average over the month (fractional; 0 for serverless). */
  readonly averageInstances: number;
  readonly memorySizeMB?: number;
  readonly maxConcurrency?: number;
  /** Serverless: concurrency kept warm (provisioned concurrency), where cold starts are not tolerated. */
  readonly provisionedConcurrency?: number;
  readonly performance: Performance;
  /** Latency at peak (see `instanceCandidate`): a request's p50 and p95, and an LLM's time per token. */
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly perTokenMs?: number;
  /** LLMs: the first token at peak, prefills queued ahead of it included. */
  readonly ttftMs?: number;
  /** The hardware a copy runs on: what an estimate's range of error is taken from. */
  readonly acceleratorKind: AcceleratorKind;
  readonly throughputRpsPerInstance: number;
  readonly coldStartS: number;
  readonly coldFraction: number;
  readonly scalesToZero: boolean;
  /** Instances each endpoint keeps while it does not rest at zero (availability, warm models); 0 where it rests. */
  readonly minInstances: number;
  readonly monthlyCostUsd: number;
  /** Instance-hours a month the cost bills at `hourlyUsd` (0 for serverless): what a change of rate scales. */
  readonly instanceHours: number;
  readonly memoryUtilization: number;
}

/** The outcome of sizing one option: the cheapest candidate that meets the SLOs, or why there is none. */
export interface OptionSizing {
  /** The cheapest candidate that meets the SLOs, or null when none does (for `any`, see {@link sizeOption}). */
  readonly chosen: Candidate | null;
  /** Best p95 over every candidate the model fits on, met or not (ms); null when nothing fits. */
  readonly bestP95Ms: number | null;
  /** Fastest single-request compute time over the candidates (ms); null when nothing fits. */
  readonly fastestComputeMs: number | null;
  readonly violations: readonly Violation[];
}

export interface SizingContext {
  readonly workload: Workload;
  readonly load: Load;
  readonly footprint: Footprint;
  readonly knowledge: Knowledge;
  readonly devices: ReadonlyMap<string, ComputeDevice>;
  /** Instances of the catalog that the workload's constraints allow, in catalog order. */
  readonly allowed: readonly Instance[];
  /**
   * The workload's fit table, built by the first option sized and shared by the rest. It lives on the context,
   * which dies with the assessment: a WeakMap keyed by short-lived contexts cost more than the table itself
   * (its entries are ephemerons every garbage collection must trace).
   */
  fit?: FitTable;
  /**
   * Performance estimates by option (position in OPTION_IDS), then by unit id (serverless: by memory size), made
   * as sizing needs them. They depend on the compute budget as well as the fit, so a what-if variant shares
   * them only when its latency and payload are the base's.
   */
  perf?: (Performance | undefined)[][];
}

/** The context's performance estimates for one option, made as sizing needs them (see `perf`). */
export function perfSlots(ctx: SizingContext, optionId: OptionId, size: number): (Performance | undefined)[] {
  const byOption = (ctx.perf ??= []);
  return (byOption[OPTION_IDS.indexOf(optionId)] ??= new Array<Performance | undefined>(size));
}

const deviceIndex = new WeakMap<Knowledge["catalog"], ReadonlyMap<string, ComputeDevice>>();

// The index is derived from the catalog alone, so memoizing on the catalog object keeps the core pure.
function devicesOf(catalog: Knowledge["catalog"]): ReadonlyMap<string, ComputeDevice> {
  let index = deviceIndex.get(catalog);
  if (!index) {
    index = new Map(catalog.devices.map((d) => [d.id, d]));
    deviceIndex.set(catalog, index);
  }
  return index;
}

/** The context every option of one workload is sized in: its load, footprint, allowed instances and fit table. */
export function sizingContext(workload: Workload, knowledge: Knowledge): SizingContext {
  const devices = devicesOf(knowledge.catalog);
  return {
    workload,
    load: describeLoad(workload, knowledge.rules),
    footprint: workloadFootprint(workload, knowledge),
    knowledge,
    devices,
    allowed: allowedInstances(workload, knowledge.catalog.instances, devices, knowledge.rules.sizing),
    // Present from the start, so every context keeps one shape when sizing fills them in.
    fit: undefined,
    perf: undefined,
  };
}

/** The workload's fit table, built by the first option sized and kept on the context for the others. */
export function fitOf(ctx: SizingContext): FitTable {
  return (ctx.fit ??= fitTable(ctx));
}
