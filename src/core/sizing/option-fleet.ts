import type { OptionId } from "../../schema/ids.js";
import type { OptionRules, Sizing } from "../../schema/rules.js";
import type { Workload } from "../../schema/workload.js";
import {
  coldStartSeconds,
  harmonic,
  idleProbability,
  mmeColdShare,
  toleratesColdStart,
  workingSet,
} from "./coldstart.js";
import type { SizingContext } from "./context.js";
import type { Hardware } from "./fit.js";
import { offlineEndpointHours, sizeBatchJobs, sizeFleet, type Fleet } from "./fleet.js";
import type { Performance } from "./performance.js";
import type { Load } from "./traffic.js";

// How one option's fleet follows the workload's load on one hardware shape, and the least it can bill.

const BATCH_MAX_INSTANCES = 100;

/** The month's data processing charge: every request's bytes in and out, whatever the hardware. */
export function dataProcessingUsd(ctx: SizingContext): number {
  const { workload, load, knowledge } = ctx;
  const d = knowledge.catalog.dataProcessing;
  const request = workload.payload.request;
  const response = workload.payload.response ?? request;
  return (load.requestsPerMonth * (request * d.inUsdPerGB + response * d.outUsdPerGB)) / 1e9;
}

/**
 * Instances an always-on endpoint of the option keeps at least for availability (the workload's own floor, else
 * the rules'); 1 where the rule does not apply.
 */
export function availabilityFloor(optionId: OptionId, workload: Workload, sizing: Sizing): number {
  const rule = sizing.availability;
  if (!rule.options.includes(optionId)) return 1;
  return workload.availability?.minInstances ?? rule.minInstances;
}

/** Whether the option may rest at zero between requests: only where the workload tolerates its cold start. */
function restsAtZero(option: OptionRules, coldStartS: number, ctx: SizingContext): boolean {
  return option.scaleToZero && (!option.keepsWarmCapacity || toleratesColdStart(ctx.workload, coldStartS));
}

/** How a fleet of one hardware shape follows the load: all of a candidate but what its instance type's price decides. */
export interface FleetShape {
  readonly instanceCount: number;
  readonly averageInstances: number;
  readonly coldFraction: number;
  readonly scalesToZero: boolean;
  readonly coldStartS: number;
  readonly throughputRpsPerInstance: number;
  /** Instances each endpoint keeps while it does not rest at zero (0 for options that do, and for batch jobs). */
  readonly minInstances: number;
  /** Batch transform: instance-hours billed per model and month; null for endpoints (billed by averageInstances). */
  readonly billedHours: number | null;
}

/** The parts of fleet sizing that depend on the option and the workload alone: worked out once per option. */
export interface OptionFleet {
  readonly coldStartS: number;
  readonly scalesToZero: boolean;
  /** Options with one model per endpoint run one fleet per model, each with its share of the load. */
  readonly endpoints: number;
  readonly endpointLoad: Load;
  /** Multi-model: models that must stay loaded for a cold share the workload tolerates, and Zipf's normalizer. */
  readonly workingSet: number;
  readonly zipfTotal: number;
}

/** What an option's fleet sizing needs of the workload alone, worked out once before the instance scan. */
export function optionFleet(optionId: OptionId, option: OptionRules, ctx: SizingContext): OptionFleet {
  const { workload, load, footprint, knowledge } = ctx;
  const sizing = knowledge.rules.sizing;
  const coldStartS = coldStartSeconds(optionId, option, footprint, sizing);
  const models = workload.model.count;
  const shared = option.modelsPerEndpoint > 1;
  let workingSetModels = 0;
  let zipfTotal = 0;
  if (optionId === "multi-model") {
    workingSetModels = workingSet(models, mmeColdShare(workload, coldStartS, sizing), sizing.coldStart.zipfExponent);
    zipfTotal = harmonic(models, sizing.coldStart.zipfExponent);
  }
  return {
    coldStartS,
    scalesToZero: optionId === "batch-transform" || restsAtZero(option, coldStartS, ctx),
    endpoints: shared ? 1 : models,
    endpointLoad: shared
      ? load
      : {
          ...load,
          meanRps: load.meanRps / models,
          peakRps: load.peakRps / models,
          recordsPerRun: load.recordsPerRun / models,
          requestsPerMonth: load.requestsPerMonth / models,
        },
    workingSet: workingSetModels,
    zipfTotal,
  };
}

/**
 * Everything in a candidate that depends on the hardware a copy gets (unit, copies, capacity) and not on the
 * instance type: instance types of the same shape share it, and only their prices differ. Null where it cannot
 * carry the load.
 */
export function fleetShape(
  optionId: OptionId,
  option: OptionRules,
  of: OptionFleet,
  hw: Hardware,
  perf: Performance,
  ctx: SizingContext,
): FleetShape | null {
  const { workload, load, footprint, knowledge } = ctx;
  const sizing = knowledge.rules.sizing;
  const { coldStartS, scalesToZero } = of;
  const throughputRpsPerInstance = perf.throughputRps * hw.copiesPerInstance;
  const models = workload.model.count;
  const shared = option.modelsPerEndpoint > 1;
  let instanceCount: number;
  let averageInstances: number;
  let coldFraction = 0;
  let billedHours: number | null = null;
  let minInstances = 0;

  if (optionId === "batch-transform") {
    // One job per model and run, each over its model's share of the records.
    const jobs = sizeBatchJobs(
      throughputRpsPerInstance,
      option.scaleFromZeroS ?? 0,
      of.endpointLoad,
      BATCH_MAX_INSTANCES,
    );
    if (!jobs) return null;
    billedHours = Math.max(
      jobs.instanceHoursPerMonth,
      (jobs.instances * load.runsPerMonth * sizing.billing.batchJobMinimumS) / 3600,
    );
    instanceCount = jobs.instances;
    averageInstances = (billedHours * models) / sizing.billing.hoursPerMonth;
  } else {
    // An always-on endpoint keeps its availability floor; one that rests at zero does not.
    let warmFloor = scalesToZero ? 1 : availabilityFloor(optionId, ctx.workload, ctx.knowledge.rules.sizing);
    if (optionId === "multi-model") {
      // Enough instances that the popular models stay loaded: a cold share the workload tolerates. The cache holds
      // models by their bytes, so a group of models of different sizes fits as many as their mean size allows.
      const perInstance = Math.max(
        1,
        Math.floor(
          (sizing.coldStart.mmeCacheFraction * hw.capacityGiB * hw.copiesPerInstance) /
            (footprint.cachedGiB ?? footprint.copyGiB),
        ),
      );
      warmFloor = Math.max(warmFloor, Math.ceil(of.workingSet / perInstance));
      coldFraction =
        warmFloor * perInstance >= models
          ? 0
          : 1 - harmonic(warmFloor * perInstance, sizing.coldStart.zipfExponent) / of.zipfTotal;
    } else if (scalesToZero) {
      coldFraction = idleProbability(load.meanRps / models, option.idleReleaseS ?? 0);
    }
    const fleet: Fleet = {
      throughputRps: throughputRpsPerInstance,
      copiesPerInstance: shared ? hw.copiesPerInstance : 1,
      models: shared && optionId !== "multi-model" ? models : 1,
      warmFloor,
      restsAtZero: scalesToZero,
      // Resting off-hours means a cold start when they end: only where the workload tolerates the option's.
      restsOffHours: scalesToZero,
      idleReleaseS: (option.idleReleaseS ?? 0) + perf.computeMs / 1000,
    };
    const sized = load.online
      ? sizeFleet(fleet, of.endpointLoad, sizing)
      : offlineEndpointHours(fleet, of.endpointLoad, sizing);
    instanceCount = sized.peakInstances * of.endpoints;
    averageInstances = sized.averageInstances * of.endpoints;
    minInstances = scalesToZero ? 0 : Math.ceil(Math.max(1, warmFloor, fleet.models / fleet.copiesPerInstance) - 1e-9);
  }
  return {
    instanceCount,
    averageInstances,
    coldFraction,
    scalesToZero,
    coldStartS,
    throughputRpsPerInstance,
    minInstances,
    billedHours,
  };
}

/**
 * A candidate's monthly bill on one instance type of a shape: batch jobs bill their instance-hours, endpoints the
 * instances they keep up plus data processing.
 */
export function monthlyCost(shape: FleetShape, hourlyUsd: number, dataUsd: number, ctx: SizingContext): number {
  return shape.billedHours !== null
    ? shape.billedHours * hourlyUsd * ctx.workload.model.count
    : shape.averageInstances * ctx.knowledge.rules.sizing.billing.hoursPerMonth * hourlyUsd + dataUsd;
}

/** The instance-hours a month `monthlyCost` bills at the hourly rate: batch jobs' for every model, else the fleet's. */
export function instanceHours(shape: FleetShape, ctx: SizingContext): number {
  return shape.billedHours !== null
    ? shape.billedHours * ctx.workload.model.count
    : shape.averageInstances * ctx.knowledge.rules.sizing.billing.hoursPerMonth;
}

/**
 * Instance-hours a month that any instance type's candidate on this option bills at least, whatever its speed
 * and size (see `fleetShape`, `sizeFleet`, `offlineEndpointHours`, `sizeBatchJobs`):
 * - a batch job bills at least one instance per run for each model, for its start-up (every job waits for it
 *   before its work) or the billing minimum, whichever is longer;
 * - an endpoint that never scales to zero keeps an instance up all month (its warm floor is at least one);
 * - one that rests at zero is up while its models are warm, which online is at least the share of active time
 *   with a request within the idle window (the window is never shorter than the option's idle release), and
 *   offline at least the idle release after each run, or all month where those fill it.
 */
export function billedHoursFloor(
  optionId: OptionId,
  option: OptionRules,
  ctx: SizingContext,
  of: OptionFleet = optionFleet(optionId, option, ctx),
): number {
  const { workload, load, knowledge } = ctx;
  const sizing = knowledge.rules.sizing;
  const hours = sizing.billing.hoursPerMonth;
  const models = workload.model.count;
  if (optionId === "batch-transform")
    return (models * load.runsPerMonth * Math.max(sizing.billing.batchJobMinimumS, option.scaleFromZeroS ?? 0)) / 3600;
  const { endpoints } = of;
  if (!option.scaleToZero)
    return hours * endpoints * availabilityFloor(optionId, ctx.workload, ctx.knowledge.rules.sizing);
  const idleReleaseS = option.idleReleaseS ?? 0;
  // Offline: at least the idle release after each run, unless the runs leave no time to rest at all.
  if (!load.online) return endpoints * Math.min(hours, (load.runsPerMonth * idleReleaseS) / 3600);
  const upShare = of.scalesToZero ? 1 - idleProbability(load.meanRps / models, idleReleaseS) : 1;
  const warmModels = option.modelsPerEndpoint > 1 && optionId !== "multi-model" ? models : 1;
  return hours * endpoints * (load.activeHoursPerDay / 24) * Math.min(1, upShare * warmModels);
}
