import type { TrafficPattern } from "../../schema/ids.js";
import type { Workload } from "../../schema/workload.js";
import type { Rules } from "../types.js";

/** The load a workload puts on its hosting, derived from whichever volumes the user gave. */
export interface Load {
  readonly pattern: TrafficPattern;
  /** Requests arrive one by one (false: the work is an offline dataset). */
  readonly online: boolean;
  readonly activeHoursPerDay: number;
  /** Mean and peak requests per second while traffic is active. */
  readonly meanRps: number;
  readonly peakRps: number;
  readonly requestsPerMonth: number;
  /** Offline work: records per job, jobs per month and the deadline per job (ms; null for online traffic). */
  readonly recordsPerRun: number;
  readonly runsPerMonth: number;
  readonly deadlineMs: number | null;
  readonly variability: number;
  readonly followsLoad: boolean;
}

/** How long an offline job may take when the workload names no deadline (README: default 24 h). */
export const DEFAULT_DEADLINE_MS = 86_400_000;

/** Derives peak and mean load for the workload's traffic pattern. */
export function describeLoad(workload: Workload, rules: Rules): Load {
  const t = workload.traffic;
  const pattern = rules.traffic[t.pattern];
  const days = rules.sizing.billing.daysPerMonth;
  const activeHoursPerDay = t.activeHoursPerDay ?? pattern.activeHoursPerDay;
  const activeSecondsPerDay = activeHoursPerDay * 3600;
  const runsPerMonth = t.runsPerMonth ?? 1;
  const datasetRecords =
    t.datasetSize === undefined ? undefined : Math.max(1, t.datasetSize / workload.payload.request);
  const offlineRecords = t.records ?? datasetRecords;

  const perDay =
    t.requestsPerDay ??
    (t.requestsPerMonth === undefined ? undefined : t.requestsPerMonth / days) ??
    (offlineRecords === undefined ? undefined : (offlineRecords * runsPerMonth) / days) ??
    ((t.peakRps ?? 0) / pattern.peakToMean) * activeSecondsPerDay;

  const meanRps = perDay / activeSecondsPerDay;
  const recordsPerRun = offlineRecords ?? (perDay * days) / runsPerMonth;
  const deadlineMs = t.deadline ?? (t.pattern === "offline" ? DEFAULT_DEADLINE_MS : null);
  const offlinePeak = deadlineMs === null ? meanRps : recordsPerRun / (deadlineMs / 1000);
  const peakRps = Math.max(
    meanRps,
    t.peakRps ?? (t.pattern === "offline" ? offlinePeak : meanRps * pattern.peakToMean),
  );
  return {
    pattern: t.pattern,
    online: t.pattern !== "offline",
    activeHoursPerDay,
    meanRps,
    peakRps,
    requestsPerMonth: perDay * days,
    recordsPerRun,
    runsPerMonth,
    deadlineMs,
    variability: pattern.variability,
    followsLoad: pattern.followsLoad,
  };
}

/** Requests in flight at peak when each takes `latencyMs` (Little's law): what a concurrency limit caps. */
export function peakInFlight(load: Load, latencyMs: number): number {
  return (load.peakRps * latencyMs) / 1000;
}
