import type { ComputeDevice } from "../../schema/catalog.js";
import type { AcceleratorKind, Precision } from "../../schema/ids.js";
import type { EstimateRange, Sizing } from "../../schema/rules.js";
import type { Footprint } from "../../core/sizing/memory.js";
import {
  decodeStepMs,
  interconnectOf,
  prefillMs,
  prefillQueueMs,
  prefillWorkMs,
  type ComputeUnit,
} from "../../core/sizing/performance.js";

/** One published LLM latency measurement, mapped onto hostfit's model of the hardware and the network. */
export interface Measurement {
  /** File and row, e.g. neuron-latency.csv:7. */
  readonly id: string;
  readonly model: string;
  readonly hardware: string;
  readonly engine: string;
  readonly device: ComputeDevice;
  readonly devices: number;
  readonly precision: Precision;
  readonly parameters: number;
  readonly architecture: { layers: number; hiddenSize: number; heads: number; kvHeads: number };
  /** Requests in flight. */
  readonly batch: number;
  /** Whether clients keep `batch` requests in flight (a concurrency), rather than sending one static batch. */
  readonly closedLoop: boolean;
  /** The server starts a batch only when the last one ends, prefilling all of its prompts before any decodes. */
  readonly staticScheduler: boolean;
  /** Copies of the model behind one endpoint sharing the requests in flight. */
  readonly replicas: number;
  /** Sequences each decode step runs: the batch, or on Neuron the batch the model was compiled for (static shapes). */
  readonly decodeBatch: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly tpotMs?: number;
  readonly ttftMs?: number;
  /** Output tokens per second over the whole batch, when that is what the source reports. */
  readonly tokensPerS?: number;
  /** Measured on Neuron through a Hugging Face serving container, whose own costs the runtime's benchmarks lack. */
  readonly servingStack: boolean;
  /** The engine streams its first token from a decode step run after the prefill, not from the prefill itself. */
  readonly firstTokenAfterDecodeStep: boolean;
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
    activeShare: 1,
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
  const stack = m.servingStack ? sizing.performance.neuronServingStackMs : { decodeStep: 0, prefill: 0 };
  const step = (batch: number) => decodeStepMs(unit, footprint, m.precision, batch, sizing) + stack.decodeStep;
  const prefill = (tokens: number) => prefillMs(unit, footprint, m.precision, tokens, sizing) + stack.prefill;
  const out: Prediction[] = [];
  if (m.tpotMs !== undefined) {
    // A request's time also covers the prefills of the other sequences batched beside it.
    const others = (m.batch - 1) * prefillWorkMs(unit, footprint, m.precision, m.inputTokens, sizing);
    const tpot = m.amortizedPrefill
      ? (prefill(m.inputTokens) + m.outputTokens * step(m.decodeBatch) + others) / m.outputTokens
      : step(m.decodeBatch);
    out.push(prediction(m, "tpot", m.tpotMs, tpot));
  }
  if (m.ttftMs !== undefined) {
    // A static batch's prompts are prefilled together (by a benchmark or a static scheduler); clients that keep `batch` requests in flight on `replicas`
    // copies arrive one by one, and a prompt waits only for the prefills queued ahead of it (as hostfit sizes).
    const perCopy = m.batch / m.replicas;
    let ttft = prefill(m.inputTokens * m.batch);
    if (m.closedLoop && m.staticScheduler) ttft = prefill(m.inputTokens * perCopy);
    else if (m.closedLoop) {
      ttft = prefill(m.inputTokens);
      if (perCopy > 1) {
        const work = prefillWorkMs(unit, footprint, m.precision, m.inputTokens, sizing);
        const stepMs = step(m.decodeBatch);
        const requestMs = ttft + m.outputTokens * stepMs + (perCopy - 1) * work;
        ttft += prefillQueueMs(work, (1000 * perCopy) / requestMs) + stepMs / 2;
      }
    }
    if (m.firstTokenAfterDecodeStep) ttft += step(m.decodeBatch);
    out.push(prediction(m, "ttft", m.ttftMs, ttft));
  }
  if (m.tokensPerS !== undefined && m.tpotMs === undefined) {
    const requestMs = prefill(m.inputTokens * m.batch) + m.outputTokens * step(m.decodeBatch);
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
 * The sizing parameters calibration fits, with their bounds and the rows that fix each: per hardware family an
 * efficiency for reading memory (decode) and for computing (prefill) and the fixed cost of a decode step; the
 * GPU's fixed cost of a prefill; per link the latency of an all-reduce round; what Hugging Face's Neuron serving
 * containers add; and the int4 kernels' share of bandwidth. Inferentia2 and Trainium1 share one memory efficiency
 * (the same NeuronCore-v2 and HBM) but fit their compute efficiencies and step costs apart. The Neuron runtime's
 * own prefill cost is not fitted: every Neuron first-token row was measured through a serving container, so the
 * data cannot tell the two apart.
 */
export const FITTED_PARAMETERS: readonly FittedParameter[] = [
  // Inferentia2 and Trainium1 read the same HBM through the same NeuronCore-v2: one memory efficiency serves both.
  { path: ["performance", "memoryEfficiency", "gpu"], min: 0.05, max: 1, fixedBy: (m) => isGpu(m) && !!m.tpotMs },
  {
    path: ["performance", "memoryEfficiency", "inferentia"],
    min: 0.05,
    max: 1,
    fixedBy: (m) => isNeuron(m) && !!m.tpotMs,
  },
  ...(["gpu", "inferentia", "trainium"] as const).flatMap((kind) => {
    const family = (m: Measurement) => m.device.kind === kind;
    return [
      { path: ["performance", "computeEfficiency", kind], min: 0.01, max: 1, fixedBy: (m) => family(m) && !!m.ttftMs },
      { path: ["performance", "decodeStepOverheadMs", kind], min: 0, max: 50, fixedBy: (m) => family(m) && !!m.tpotMs },
    ] satisfies FittedParameter[];
  }),
  { path: ["performance", "prefillOverheadMs", "gpu"], min: 0, max: 1000, fixedBy: (m) => isGpu(m) && !!m.ttftMs },
  // NVLink and PCIe share one latency: NCCL's small all-reduces are bound by its launch and synchronisation, not
  // the wire, and each link's rows come from too few sources to fit apart (see `withParameter`).
  {
    path: ["performance", "collectiveLatencyUs", "nvlink"],
    min: 0,
    max: 1000,
    fixedBy: (m) => isGpu(m) && m.devices > 1,
  },
  {
    path: ["performance", "collectiveLatencyUs", "neuronlink"],
    min: 0,
    max: 1000,
    fixedBy: (m) => m.devices > 1 && isNeuron(m),
  },
  ...(["decodeStep", "prefill"] as const).map((cost): FittedParameter => ({
    path: ["performance", "neuronServingStackMs", cost],
    min: 0,
    max: 1000,
    fixedBy: (m) => m.servingStack && !!(cost === "prefill" ? m.ttftMs : m.tpotMs),
  })),
  {
    path: ["performance", "weightOnlyQuantEfficiency"],
    min: 0.05,
    max: 1,
    fixedBy: (m) => m.precision === "int4" && !!m.tpotMs,
  },
];

export interface FittedParameter {
  readonly path: readonly string[];
  readonly min: number;
  readonly max: number;
  /** Whether a measurement bears on the parameter: what the calibration report counts as the rows fixing it. */
  readonly fixedBy: (m: Measurement) => boolean;
}

const isGpu = (m: Measurement) => m.device.kind === "gpu";
const isNeuron = (m: Measurement) => m.device.kind === "inferentia" || m.device.kind === "trainium";

export function getAt(sizing: Sizing, path: readonly string[]): number {
  return path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], sizing) as number;
}

/** A copy of sizing with one parameter replaced; PCIe shares NVLink's latency, Trainium Inferentia2's memory efficiency. */
export function withParameter(sizing: Sizing, path: readonly string[], value: number): Sizing {
  const copy = structuredClone(sizing) as unknown as Record<string, Record<string, unknown>>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1]!] = value;
  const key = path[path.length - 1];
  if (key === "nvlink") node["pcie"] = value;
  if (key === "inferentia" && path[1] === "memoryEfficiency") node["trainium"] = value;
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
export function fitSizing(measurements: readonly Measurement[], start: Sizing, multiStart = true, rounds = 60): Sizing {
  if (!multiStart) return descend(measurements, start, rounds);
  // Several starting points for the fixed costs, since they trade off against the efficiencies.
  const starts = [1, 8].flatMap((stepMs) =>
    [10, 100].map((latencyUs) =>
      [
        ["decodeStepOverheadMs", "gpu", stepMs],
        ["collectiveLatencyUs", "nvlink", latencyUs],
      ].reduce(
        (s, [key, kind, value]) => withParameter(s, ["performance", key as string, kind as string], value as number),
        start,
      ),
    ),
  );
  return bestDescent(starts, FITTED_PARAMETERS, (s) => calibrationLoss(measurements, s), rounds);
}

function descend(measurements: readonly Measurement[], start: Sizing, rounds: number): Sizing {
  return coordinateDescent(start, FITTED_PARAMETERS, (s) => calibrationLoss(measurements, s), rounds);
}

/** Coordinate descent from each start in turn; the fit of least loss (the first of equals). */
export function bestDescent(
  starts: readonly Sizing[],
  parameters: readonly Pick<FittedParameter, "path" | "min" | "max">[],
  loss: (sizing: Sizing) => number,
  rounds: number,
): Sizing {
  let best = starts[0]!;
  let bestLoss = Infinity;
  for (const s of starts) {
    const fitted = coordinateDescent(s, parameters, loss, rounds);
    const fittedLoss = loss(fitted);
    if (fittedLoss < bestLoss) [best, bestLoss] = [fitted, fittedLoss];
  }
  return best;
}

/**
 * Coordinate descent on `loss`: each parameter in turn tries a few multiplicative steps within its bounds and keeps
 * any that lowers the loss, until a round improves nothing. Deterministic: fixed steps and order.
 */
export function coordinateDescent(
  start: Sizing,
  parameters: readonly Pick<FittedParameter, "path" | "min" | "max">[],
  loss: (sizing: Sizing) => number,
  rounds: number,
): Sizing {
  let best = start;
  let bestLoss = loss(best);
  const steps = [0.5, 0.8, 0.95, 0.99, 1.01, 1.05, 1.25, 2];
  for (let round = 0; round < rounds; round++) {
    let improved = false;
    for (const parameter of parameters) {
      const current = getAt(best, parameter.path);
      for (const step of steps) {
        const value = Math.min(parameter.max, Math.max(parameter.min, current === 0 ? step - 0.5 : current * step));
        const candidate = withParameter(best, parameter.path, value);
        const candidateLoss = loss(candidate);
        if (candidateLoss < bestLoss - 1e-12) {
          best = candidate;
          bestLoss = candidateLoss;
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

/** A range for a family with fewer calibration rows than this is the wide default, not its few residuals. */
export const MIN_RANGE_ROWS = 5;
const FEW_ROWS_FACTORS: readonly [number, number] = [0.5, 2];

/**
 * The range of an estimate on each hardware family, as factors: the 10th and 90th percentiles of measured /
 * predicted over held-out predictions (fitted without the row's source), widened to include 1 and rounded
 * outwards. A family with fewer than {@link MIN_RANGE_ROWS} rows for a metric gets a wide default instead.
 */
export function estimateRanges(heldOut: readonly Prediction[]): Record<AcceleratorKind, EstimateRange> {
  const factors = (kind: AcceleratorKind, metric: Metric) => {
    const ratios = heldOut
      .filter((p) => p.metric === metric && p.measurement.device.kind === kind)
      .map((p) => p.measured / p.predicted)
      .sort((a, b) => a - b);
    const range: [number, number] =
      ratios.length < MIN_RANGE_ROWS
        ? [...FEW_ROWS_FACTORS]
        : [
            Math.floor(Math.min(1, quantile(ratios, 0.1)) * 100) / 100,
            Math.ceil(Math.max(1, quantile(ratios, 0.9)) * 100) / 100,
          ];
    return { range, rows: ratios.length };
  };
  const of = (kind: AcceleratorKind): EstimateRange => {
    const perToken = factors(kind, "tpot");
    const ttft = factors(kind, "ttft");
    return {
      perTokenMs: perToken.range,
      ttftMs: ttft.range,
      rows: { perTokenMs: perToken.rows, ttftMs: ttft.rows },
    };
  };
  return { cpu: of("cpu"), gpu: of("gpu"), inferentia: of("inferentia"), trainium: of("trainium") };
}
