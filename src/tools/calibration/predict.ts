import type { ComputeDevice } from "../../schema/catalog.js";
import type { Precision } from "../../schema/ids.js";
import type { Sizing } from "../../schema/rules.js";
import type { Footprint } from "../../core/sizing/memory.js";
import { decodeStepMs, prefillMs, prefillWorkMs, type ComputeUnit } from "../../core/sizing/performance.js";

/** One published LLM latency measurement, mapped onto hostfit's model of the hardware and the network. */
export interface Measurement {
  readonly id: number;
  readonly model: string;
  readonly hardware: string;
  readonly engine: string;
  readonly device: ComputeDevice;
  readonly devices: number;
  readonly precision: Precision;
  readonly parameters: number;
  readonly architecture: { layers: number; hiddenSize: number; heads: number; kvHeads: number };
  readonly batch: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly tpotMs?: number;
  readonly ttftMs?: number;
  /** Output tokens per second over the whole batch, when that is what the source reports. */
  readonly tokensPerS?: number;
  /** The source's TPOT divides the whole request time by the tokens, so prefill is spread over them. */
  readonly amortizedPrefill: boolean;
  readonly source: string;
}

export type Metric = "tpot" | "ttft" | "throughput";

const FAMILIES = { gpu: "NVIDIA GPU", inferentia: "Inferentia", trainium: "Trainium", cpu: "CPU" } as const;

/** The hardware family a measurement was made on: what calibration fits its efficiencies and reports errors by. */
export function hardwareFamily(m: Pick<Measurement, "device">): string {
  return FAMILIES[m.device.kind];
}

export interface Prediction {
  readonly measurement: Measurement;
  readonly metric: Metric;
  readonly measured: number;
  readonly predicted: number;
  /** |predicted - measured| / measured */
  readonly error: number;
}

function footprintOf(m: Measurement, sizing: Sizing): Footprint {
  const headDim = m.architecture.hiddenSize / m.architecture.heads;
  const weightsBytes = m.parameters * sizing.memory.bytesPerParameter[m.precision];
  return {
    parameters: m.parameters,
    weightsBytes,
    isLlm: true,
    architecture: { ...m.architecture, headDim },
    kvBytesPerToken:
      2 * m.architecture.layers * m.architecture.kvHeads * headDim * sizing.memory.kvBytesPerElement[m.precision],
    contextTokens: m.inputTokens + m.outputTokens,
    copyGiB: 0,
    artifactBytes: weightsBytes,
  };
}

function prediction(m: Measurement, metric: Metric, measured: number, predicted: number): Prediction {
  return { measurement: m, metric, measured, predicted, error: Math.abs(predicted - measured) / measured };
}

/** What the roofline model predicts for each metric the measurement reports. */
export function predictMeasurement(m: Measurement, sizing: Sizing): Prediction[] {
  const unit: ComputeUnit = { kind: m.device.kind, device: m.device, devices: m.devices, freeBytes: Infinity };
  const footprint = footprintOf(m, sizing);
  const step = (batch: number) => decodeStepMs(unit, footprint, m.precision, batch, sizing);
  const prefill = (tokens: number) => prefillMs(unit, footprint, m.precision, tokens, sizing);
  const out: Prediction[] = [];
  if (m.tpotMs !== undefined) {
    // A request's time also covers the prefills of the other sequences batched beside it.
    const others = (m.batch - 1) * prefillWorkMs(unit, footprint, m.precision, m.inputTokens, sizing);
    const tpot = m.amortizedPrefill
      ? (prefill(m.inputTokens) + m.outputTokens * step(m.batch) + others) / m.outputTokens
      : step(m.batch);
    out.push(prediction(m, "tpot", m.tpotMs, tpot));
  }
  if (m.ttftMs !== undefined) out.push(prediction(m, "ttft", m.ttftMs, prefill(m.inputTokens * m.batch)));
  if (m.tokensPerS !== undefined && m.tpotMs === undefined) {
    const requestMs = prefill(m.inputTokens * m.batch) + m.outputTokens * step(m.batch);
    out.push(prediction(m, "throughput", m.tokensPerS, (m.batch * m.outputTokens * 1000) / requestMs));
  }
  return out;
}

export interface ErrorSummary {
  readonly group: string;
  readonly metric: Metric;
  readonly count: number;
  readonly median: number;
  readonly p90: number;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Median and 90th-percentile relative error per group and metric, groups in first-seen order. */
export function summarizeErrors(
  predictions: readonly Prediction[],
  groupOf: (p: Prediction) => string,
): ErrorSummary[] {
  const groups = new Map<string, number[]>();
  for (const p of predictions) {
    const key = `${groupOf(p)}\u0000${p.metric}`;
    const list = groups.get(key) ?? [];
    list.push(p.error);
    groups.set(key, list);
  }
  return [...groups].map(([key, errors]) => {
    const [group, metric] = key.split("\u0000") as [string, Metric];
    const sorted = [...errors].sort((a, b) => a - b);
    return { group, metric, count: sorted.length, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
  });
}

/**
 * The sizing parameters calibration fits, with their bounds. Inferentia's efficiencies are bounded below: its
 * only rows are five TTFTs from one 2023 engine (optimum-neuron, static shapes), whose slowness the LLM-only
 * prefill overhead absorbs; efficiencies fitted freely to them would also condemn Inferentia for every encoder
 * and vision model.
 */
export const FITTED_PARAMETERS = [
  { path: ["performance", "memoryEfficiency", "gpu"], min: 0.05, max: 1 },
  { path: ["performance", "computeEfficiency", "gpu"], min: 0.01, max: 1 },
  { path: ["performance", "memoryEfficiency", "inferentia"], min: 0.3, max: 1 },
  { path: ["performance", "computeEfficiency", "inferentia"], min: 0.1, max: 1 },
  { path: ["performance", "decodeStepOverheadMs"], min: 0, max: 50 },
  { path: ["performance", "weightOnlyQuantEfficiency"], min: 0.05, max: 1 },
  { path: ["performance", "prefillOverheadMs", "gpu"], min: 0, max: 200 },
  { path: ["performance", "prefillOverheadMs", "inferentia"], min: 0, max: 1000 },
  { path: ["performance", "tensorParallelLatencyMs"], min: 0, max: 1 },
] as const;

function getAt(sizing: Sizing, path: readonly string[]): number {
  return path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], sizing) as number;
}

/** A copy of sizing with one parameter replaced; Trainium shares Inferentia2's NeuronCore-v2 figures. */
export function withParameter(sizing: Sizing, path: readonly string[], value: number): Sizing {
  const copy = structuredClone(sizing) as unknown as Record<string, Record<string, unknown>>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1]!] = value;
  if (path[2] === "inferentia") node["trainium"] = value;
  return copy as unknown as Sizing;
}

/** Mean absolute log error over the TPOT and TTFT predictions: scale-free, so fast and slow rows count alike, and robust to the few rows no single model explains (the targets are medians). */
export function calibrationLoss(measurements: readonly Measurement[], sizing: Sizing): number {
  let sum = 0;
  let n = 0;
  for (const m of measurements) {
    for (const p of predictMeasurement(m, sizing)) {
      if (p.metric === "throughput") continue;
      sum += Math.abs(Math.log(p.predicted / p.measured));
      n++;
    }
  }
  return n > 0 ? sum / n : 0;
}

/**
 * Fits the shared efficiencies and overheads by coordinate descent on the log error: a handful of physical
 * parameters for all rows, never a factor per row. Deterministic: fixed starts, steps and order.
 */
export function fitSizing(measurements: readonly Measurement[], start: Sizing, rounds = 60): Sizing {
  // Several starting points for the fixed overheads, since they trade off against the efficiencies.
  const starts = [
    start,
    ...[1, 8].flatMap((overhead) =>
      [0.01, 0.1].map((tp) =>
        withParameter(
          withParameter(start, ["performance", "decodeStepOverheadMs"], overhead),
          ["performance", "tensorParallelLatencyMs"],
          tp,
        ),
      ),
    ),
  ];
  let best = start;
  let bestLoss = Infinity;
  for (const s of starts) {
    const fitted = descend(measurements, s, rounds);
    const loss = calibrationLoss(measurements, fitted);
    if (loss < bestLoss) {
      best = fitted;
      bestLoss = loss;
    }
  }
  return best;
}

function descend(measurements: readonly Measurement[], start: Sizing, rounds: number): Sizing {
  let best = start;
  let bestLoss = calibrationLoss(measurements, best);
  const steps = [0.5, 0.8, 0.95, 0.99, 1.01, 1.05, 1.25, 2];
  for (let round = 0; round < rounds; round++) {
    let improved = false;
    for (const parameter of FITTED_PARAMETERS) {
      const current = getAt(best, parameter.path);
      for (const step of steps) {
        const value = Math.min(parameter.max, Math.max(parameter.min, current === 0 ? step - 0.5 : current * step));
        const candidate = withParameter(best, parameter.path, value);
        const loss = calibrationLoss(measurements, candidate);
        if (loss < bestLoss - 1e-12) {
          best = candidate;
          bestLoss = loss;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return best;
}

export function fittedValues(sizing: Sizing): Record<string, number> {
  return Object.fromEntries(FITTED_PARAMETERS.map((p) => [p.path.join("."), getAt(sizing, p.path)]));
}
