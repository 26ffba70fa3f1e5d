/**
 * An endpoint's traffic as CloudWatch measured it (`--metrics`): the peak and daily volume of Invocations and the mean
 * ModelLatency, and a workload's traffic with the figures its file leaves out taken from them. Pure.
 */
import type { MetricName, MetricSeries } from "../schema/account.js";
import type { AuditTraffic } from "../schema/audit.js";
import type { Workload } from "../schema/workload.js";
import { describeLoad } from "../core/sizing/traffic.js";
import type { Rules } from "../core/types.js";

/** What CloudWatch measured on one endpoint, over all its variants. */
export interface MeasuredTraffic {
  /** The busiest period's invocations a second (the period being the spacing of the timestamps). */
  readonly peakRps?: number;
  /** Invocations over the span the export covers, a day. */
  readonly requestsPerDay?: number;
  /** ModelLatency's mean over the export (ms). */
  readonly modelLatencyMs?: number;
}

/**
 * Each endpoint's measured traffic. Invocations of its variants are summed period by period; the period is the
 * smallest spacing of two timestamps (CloudWatch leaves out periods without data), the peak is the largest period's
 * sum over its length, and the daily volume the total over the whole days from the first period to the end of the
 * last (an export should cover whole days: README "Auditing what you run").
 * An endpoint whose Invocations have fewer than two periods has no peak or volume (the period cannot be told).
 */
export function measuredTraffic(series: readonly MetricSeries[]): Map<string, MeasuredTraffic> {
  const out = new Map<string, MeasuredTraffic>();
  for (const endpoint of [...new Set(series.map((s) => s.endpoint))].sort()) {
    const of = (metric: MetricName) => series.filter((s) => s.endpoint === endpoint && s.metric === metric);
    const perPeriod = new Map<number, number>();
    for (const s of of("Invocations"))
      s.timestamps.forEach((t, i) => perPeriod.set(t, (perPeriod.get(t) ?? 0) + s.values[i]!));
    const times = [...perPeriod.keys()].sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    const period = gaps.length > 0 ? Math.min(...gaps) : 0;
    const latencies = of("ModelLatency").flatMap((s) => [...s.values]);
    const measured: { -readonly [K in keyof MeasuredTraffic]: MeasuredTraffic[K] } = {};
    if (period > 0) {
      const total = [...perPeriod.values()].reduce((n, v) => n + v, 0);
      // CloudWatch leaves out periods without invocations (a night), so the span is taken in whole days.
      const spanS = Math.ceil((times[times.length - 1]! - times[0]! + period) / 86_400 - 1e-9) * 86_400;
      measured.peakRps = Math.max(...perPeriod.values()) / period;
      measured.requestsPerDay = (total / spanS) * 86_400;
    }
    // CloudWatch reports ModelLatency in microseconds.
    if (latencies.length > 0) measured.modelLatencyMs = latencies.reduce((n, v) => n + v, 0) / latencies.length / 1000;
    out.set(endpoint, measured);
  }
  return out;
}

/**
 * The workload with the traffic figures its file leaves out taken from its endpoint's measurement: peakRps where the
 * file gives none, and requestsPerDay where it gives neither that nor requestsPerMonth. Only a workload alone on its
 * endpoint takes them (an endpoint's invocations are not split among the models it hosts); the figures the file gives
 * win, and the measurement is reported beside them. Offline work is left as it is.
 */
export function withMeasuredTraffic(
  workload: Workload,
  measured: MeasuredTraffic | undefined,
  alone: boolean,
  rules: Rules,
): { workload: Workload; traffic: AuditTraffic } {
  const t = workload.traffic;
  const take = alone && measured !== undefined && t.pattern !== "offline";
  const peakRps = take && t.peakRps === undefined && (measured.peakRps ?? 0) > 0 ? measured.peakRps : undefined;
  const requestsPerDay =
    take && t.requestsPerDay === undefined && t.requestsPerMonth === undefined && (measured.requestsPerDay ?? 0) > 0
      ? measured.requestsPerDay
      : undefined;
  const sized: Workload =
    peakRps === undefined && requestsPerDay === undefined
      ? workload
      : {
          ...workload,
          traffic: {
            ...t,
            ...(peakRps !== undefined ? { peakRps } : {}),
            ...(requestsPerDay !== undefined ? { requestsPerDay } : {}),
          },
        };
  const load = describeLoad(sized, rules);
  return {
    workload: sized,
    traffic: {
      workload: workload.name,
      peakRps: load.peakRps,
      peakRpsFrom: peakRps === undefined ? "file" : "metrics",
      requestsPerDay: load.requestsPerMonth / rules.sizing.billing.daysPerMonth,
      requestsPerDayFrom: requestsPerDay === undefined ? "file" : "metrics",
      ...(measured && Object.keys(measured).length > 0 ? { measured: { ...measured } } : {}),
    },
  };
}
