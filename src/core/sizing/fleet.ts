import type { Sizing } from "../../schema/rules.js";
import { idleProbability } from "./coldstart.js";
import { DEFAULT_DEADLINE_MS, type Load } from "./traffic.js";

/** How a fleet of instances behind one endpoint (or several identical ones) follows its load. */
export interface Fleet {
  /** Requests per second one instance sustains within the SLOs. */
  readonly throughputRps: number;
  /** Model copies one instance holds. */
  readonly copiesPerInstance: number;
  /** Models that each need a warm copy while they are not resting at zero. */
  readonly models: number;
  /** Instances that must stay up whenever the endpoint is warm (e.g. to hold an MME working set). */
  readonly warmFloor: number;
  /** Each model rests at zero between requests during active hours. */
  readonly restsAtZero: boolean;
  /** The fleet rests at zero outside active hours. */
  readonly restsOffHours: boolean;
  /** Seconds a warm copy stays up after its last request. */
  readonly idleReleaseS: number;
}

export interface FleetCost {
  /** Instances needed at peak. */
  readonly peakInstances: number;
  /** Average instances over the month. */
  readonly averageInstances: number;
}

/**
 * Average and peak instances for a fleet. Capacity is sized so peak load uses the target utilization; patterns
 * that follow load track the mean, others hold the peak. Scale-to-zero fleets are up only for the share of
 * time in which some request arrived within the idle window (Poisson arrivals).
 */
export function sizeFleet(fleet: Fleet, load: Load, sizing: Sizing): FleetCost {
  const util = sizing.performance.targetUtilization;
  const perInstance = fleet.throughputRps * util;
  const peakByLoad = load.peakRps / perInstance;
  const meanByLoad = load.meanRps / perInstance;
  const perModelRate = load.meanRps / fleet.models;
  const upShare = fleet.restsAtZero ? 1 - idleProbability(perModelRate, fleet.idleReleaseS) : 1;
  const warmCopies = fleet.models * upShare;
  const warm = Math.max(fleet.warmFloor * Math.min(1, upShare * fleet.models), warmCopies / fleet.copiesPerInstance);
  // A fleet that stays up runs whole instances; one that rests is up a share of the time, an average.
  const warmInstances = fleet.restsAtZero ? warm : Math.ceil(warm - 1e-9);
  const peakInstances = Math.max(
    1,
    Math.ceil(Math.max(peakByLoad, fleet.warmFloor, fleet.models / fleet.copiesPerInstance) - 1e-9),
  );
  const activeInstances = load.followsLoad
    ? Math.min(peakInstances, Math.max(warmInstances, meanByLoad >= 1 ? meanByLoad + 0.5 : meanByLoad))
    : Math.max(peakInstances * (fleet.restsAtZero ? upShare : 1), warmInstances);
  const activeShare = load.activeHoursPerDay / 24;
  const offHours = fleet.restsOffHours ? 0 : Math.max(1, fleet.warmFloor, fleet.models / fleet.copiesPerInstance);
  return {
    peakInstances,
    averageInstances: activeShare * activeInstances + (1 - activeShare) * Math.ceil(offHours - 1e-9),
  };
}

/** Instances and job-hours for an offline dataset processed by jobs that must finish by the deadline. */
export function sizeBatchJobs(
  throughputRps: number,
  startupS: number,
  load: Load,
  maxInstances: number,
): { instances: number; instanceHoursPerMonth: number; jobSeconds: number } | null {
  const workS = load.recordsPerRun / throughputRps;
  const budgetS = (load.deadlineMs ?? DEFAULT_DEADLINE_MS) / 1000 - startupS;
  if (budgetS <= 0) return null;
  const instances = Math.max(1, Math.ceil(workS / budgetS - 1e-9));
  if (instances > maxInstances) return null;
  const jobSeconds = startupS + workS / instances;
  return { instances, instanceHoursPerMonth: (instances * jobSeconds * load.runsPerMonth) / 3600, jobSeconds };
}

/**
 * Instance-hours of an endpoint used for offline work: up for the work, and otherwise one instance all month. One
 * that can rest between runs does, up for the work and an idle release after each run, where that is cheaper:
 * runs back to back leave it no time to rest, and their idle releases would overlap the next run.
 */
export function offlineEndpointHours(fleet: Fleet, load: Load, sizing: Sizing): FleetCost {
  const workHours =
    (load.recordsPerRun * load.runsPerMonth) / (fleet.throughputRps * sizing.performance.targetUtilization) / 3600;
  const hours = sizing.billing.hoursPerMonth;
  // An endpoint that stays up keeps its warm floor (models loaded, availability) between runs too.
  const floor = Math.ceil(Math.max(1, fleet.warmFloor, fleet.models / fleet.copiesPerInstance) - 1e-9);
  const peakInstances = Math.max(
    floor,
    Math.ceil(load.peakRps / (fleet.throughputRps * sizing.performance.targetUtilization) - 1e-9),
  );
  const alwaysUp = Math.max(workHours, floor * hours);
  const resting = workHours + (load.runsPerMonth * fleet.idleReleaseS) / 3600;
  return { peakInstances, averageInstances: (fleet.restsOffHours ? Math.min(resting, alwaysUp) : alwaysUp) / hours };
}
