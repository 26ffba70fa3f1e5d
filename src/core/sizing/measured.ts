import type { Instance } from "../../schema/catalog.js";
import type { Workload } from "../../schema/workload.js";
import type { Knowledge } from "../types.js";
import { formatQuantity, GiB } from "../units.js";
import { fewestDevices } from "./fit.js";
import { vcpuCopies } from "./instances.js";
import {
  modelFootprint,
  tokensOf,
  unitKey,
  type Corrections,
  type Footprint,
  type MeasuredAgainstModel,
  type MeasuredTime,
  type TimeFactors,
} from "./memory.js";
import { decodeStepMs, estimatePerformance, forwardPassMs, prefillMs, prefillWorkMs } from "./performance.js";

const UNBOUNDED = { computeP95Ms: Infinity, ttftMs: Infinity, perTokenMs: Infinity };

/**
 * The workload's footprint with the time per request it gives, if any, tied to the hardware it was measured on:
 * what every estimate of the workload starts from.
 */
export function workloadFootprint(workload: Workload, knowledge: Knowledge): Footprint {
  const footprint = modelFootprint(workload, knowledge.rules.sizing);
  if (workload.measured) return { ...footprint, corrections: corrections(workload, footprint, knowledge) };
  const given = workload.processingTime;
  if (given === undefined) return footprint;
  const instance =
    given.on === undefined ? undefined : knowledge.catalog.instances.find((i) => i.instanceType === given.on);
  const measured: MeasuredTime = instance
    ? { ms: given.value, on: referenceUnit(instance, footprint, knowledge), instanceType: instance.instanceType }
    : { ms: given.value };
  return { ...footprint, measured };
}

// The hardware one copy had where the time was measured: the fewest accelerators that hold it (all of them where
// sizing would not fit it there), or on a CPU instance the vCPUs a copy gets beside the others memory allows.
function referenceUnit(
  instance: Instance,
  footprint: Footprint,
  knowledge: Knowledge,
): NonNullable<MeasuredTime["on"]> {
  const { catalog, rules } = knowledge;
  const accelerator = instance.accelerator;
  const device = catalog.devices.find((d) => d.id === (accelerator ? accelerator.device : instance.cpu))!;
  if (accelerator && device.memoryGiB !== null) {
    const usable = device.memoryGiB * (1 - rules.sizing.memory.deviceReserveFraction);
    const fewest = fewestDevices(accelerator.count, usable, footprint.copyGiB, undefined);
    return {
      kind: device.kind,
      device,
      devices: Number.isFinite(fewest) ? fewest : accelerator.count,
      freeBytes: Infinity,
    };
  }
  const usable = instance.memoryGiB - rules.sizing.memory.hostReserveGiB;
  const copies = Math.max(1, Math.min(Math.floor(usable / footprint.copyGiB), vcpuCopies(instance, rules.sizing)));
  return { kind: "cpu", device, devices: instance.vcpus / copies, freeBytes: Infinity };
}

/** What sizing takes the measured time to be, for the result's assumptions; undefined without one. */
export function measuredAssumption(footprint: Footprint): string | undefined {
  const m = footprint.measured;
  if (!m) return undefined;
  return m.instanceType
    ? `processingTime is scaled from ${m.instanceType}, where it was measured, to each instance type by the ratio of the model's compute and memory times on the two`
    : "processingTime is taken as measured on each instance type's own hardware at full speed (burstable instances at their sustained share); give it as { value, on: INSTANCE_TYPE } to scale it from the hardware it was measured on";
}

/**
 * Each measured row against the model on the hardware it was taken on, at its concurrency: a time per token sets
 * the decode factor and a first token the prefill one; a whole request's p50 (a p95 read through the p95/p50
 * ratio) or an instance's throughput sets whichever of them the row does not give, and the forward-pass factor of
 * models outside LLMs.
 */
export function measuredAgainstModel(
  workload: Workload,
  footprint: Footprint,
  knowledge: Knowledge,
): MeasuredAgainstModel[] {
  const sizing = knowledge.rules.sizing;
  return (workload.measured ?? []).map((row) => {
    const instance = knowledge.catalog.instances.find((i) => i.instanceType === row.instanceType)!;
    const unit = referenceUnit(instance, footprint, knowledge);
    const c = row.concurrency;
    const copies = instance.accelerator
      ? Math.max(1, Math.floor(instance.accelerator.count / unit.devices))
      : instance.vcpus / unit.devices;
    let step = 0;
    let first = 0;
    let requestMs: number;
    if (footprint.isLlm) {
      const tokens = tokensOf(workload);
      step = decodeStepMs(unit, footprint, workload.model.precision, c, sizing);
      first = prefillMs(unit, footprint, workload.model.precision, tokens.input, sizing);
      const others = (c - 1) * prefillWorkMs(unit, footprint, workload.model.precision, tokens.input, sizing);
      requestMs = first + tokens.output * step + others;
    } else requestMs = forwardPassMs(unit, footprint, workload, c, sizing);
    const p50 = row.p50 ?? (row.p95 !== undefined ? row.p95 / sizing.performance.p95OverP50 : undefined);
    // A throughput at capacity is the model's at its largest batch; otherwise its throughput at the row's concurrency.
    const modelledRps = row.atCapacity
      ? copies * estimatePerformance(unit, footprint, workload, UNBOUNDED, sizing).throughputRps
      : (copies * 1000 * c) / requestMs;
    const whole =
      p50 !== undefined ? p50 / requestMs : row.throughputRps !== undefined ? modelledRps / row.throughputRps : 1;
    const factors: TimeFactors = {
      decode: row.perToken !== undefined ? row.perToken / step : whole,
      prefill: row.ttft !== undefined ? row.ttft / first : whole,
      forward: whole,
    };
    return { row, unit, factors };
  });
}

// Each row's factors on its own hardware; elsewhere their geometric mean.
function corrections(workload: Workload, footprint: Footprint, knowledge: Knowledge): Corrections {
  const found = measuredAgainstModel(workload, footprint, knowledge);
  const mean = (key: keyof TimeFactors) =>
    Math.exp(found.reduce((sum, f) => sum + Math.log(f.factors[key]), 0) / found.length);
  return {
    byUnit: new Map(found.map((f) => [unitKey(f.unit), f.factors])),
    elsewhere: { prefill: mean("prefill"), decode: mean("decode"), forward: mean("forward") },
    rows: found,
  };
}

/**
 * What the result's estimates take from the workload's measured rows: which figures were measured where, what
 * the model gave there, and the ratios that carry them to other hardware.
 */
export function measuredRowsAssumption(footprint: Footprint): string | undefined {
  const found = footprint.corrections?.rows ?? [];
  if (found.length === 0) return undefined;
  const ms = (x: number) => formatQuantity(x, "ms");
  const ratio = (x: number) => `x${Number(x.toPrecision(3))}`;
  const rows = found.map(({ row, factors }) => {
    const figures = [
      row.perToken !== undefined ? `${ms(row.perToken)} a token (model ${ms(row.perToken / factors.decode)})` : "",
      row.ttft !== undefined ? `first token ${ms(row.ttft)} (model ${ms(row.ttft / factors.prefill)})` : "",
      row.p50 !== undefined ? `p50 ${ms(row.p50)}` : "",
      row.p95 !== undefined ? `p95 ${ms(row.p95)}` : "",
      row.throughputRps !== undefined ? `${row.throughputRps} requests a second an instance` : "",
    ].filter((f) => f !== "");
    const scale = footprint.isLlm
      ? `per token ${ratio(factors.decode)}, first token ${ratio(factors.prefill)}`
      : ratio(factors.forward);
    return `${row.instanceType} at concurrency ${row.concurrency}: ${figures.join(", ")}; the model's times there ${scale}`;
  });
  return `measured on ${rows.join("; ")}. Estimates on the hardware measured are the measured figures; elsewhere the model's times are scaled by ${found.length === 1 ? "the same ratios" : "the rows' geometric mean ratios"}`;
}
