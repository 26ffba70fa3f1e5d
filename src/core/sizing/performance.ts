import type { ComputeDevice } from "../../schema/catalog.js";
import type { AcceleratorKind, Precision } from "../../schema/ids.js";
import type { Sizing } from "../../schema/rules.js";
import type { Workload } from "../../schema/workload.js";
import { tokensOf, type Footprint } from "./memory.js";

/** The hardware one copy of the model runs on: devices of one kind, or a share of a CPU. */
export interface ComputeUnit {
  readonly kind: AcceleratorKind;
  readonly device: ComputeDevice;
  /** Devices for an accelerator; vCPUs for a CPU (per-vCPU figures scale with it). */
  readonly devices: number;
  /** Memory left for KV cache and batching after the model is loaded (bytes). */
  readonly freeBytes: number;
}

/** Latency and throughput of one copy at the largest batch that meets the workload's SLOs. */
export interface Performance {
  /** Compute time of one request alone (ms): the p50 without queueing or overheads. */
  readonly computeMs: number;
  readonly ttftMs?: number;
  readonly perTokenMs?: number;
  /** Requests per second one copy sustains while meeting the SLOs; 0 when even one request misses them. */
  readonly throughputRps: number;
  readonly batch: number;
}

// Precision a device computes in when it lacks a native path for the weights' precision.
const FALLBACK: Record<Precision, readonly Precision[]> = {
  fp32: ["fp32", "fp16"],
  bf16: ["bf16", "fp16", "fp32"],
  fp16: ["fp16", "bf16", "fp32"],
  fp8: ["fp8", "fp16", "bf16", "fp32"],
  int8: ["int8", "fp16", "bf16", "fp32"],
  // Weight-only int4 (GPTQ, AWQ, GGUF) dequantizes to fp16 and multiplies there.
  int4: ["fp16", "bf16", "fp32"],
};

/** Peak dense TFLOPS per device for the precision, falling back to the nearest supported one. */
export function peakTflops(device: ComputeDevice, precision: Precision): number {
  for (const p of FALLBACK[precision]) {
    const value = device.tflops[p];
    if (value !== null) return value;
  }
  return Math.min(...Object.values(device.tflops).filter((v): v is number => v !== null));
}

interface Roofline {
  readonly bytesPerMs: number;
  readonly flopsPerMs: number;
  readonly overheadMs: number;
}

function roofline(unit: ComputeUnit, precision: Precision, sizing: Sizing): Roofline {
  const p = sizing.performance;
  const share = unit.devices * unit.device.sustainedFraction;
  const kernel = precision === "int4" ? p.weightOnlyQuantEfficiency : 1;
  return {
    bytesPerMs: share * unit.device.memoryBandwidthGBps * 1e6 * p.memoryEfficiency[unit.kind] * kernel,
    flopsPerMs: share * peakTflops(unit.device, precision) * 1e9 * p.computeEfficiency[unit.kind],
    overheadMs: p.forwardOverheadMs[unit.kind],
  };
}

/** Limits a request must meet: the p95 budget for compute, and the LLM token SLOs (ms; Infinity for none). */
export interface ComputeBudget {
  readonly computeP95Ms: number;
  readonly ttftMs: number;
  readonly perTokenMs: number;
}

/** Time of one decode step for `batch` sequences (ms): memory-bound weight and KV reads, or compute. */
export function decodeStepMs(
  unit: ComputeUnit,
  footprint: Footprint,
  precision: Precision,
  batch: number,
  sizing: Sizing,
): number {
  return decodeStep(roofline(unit, precision, sizing), unit, footprint, batch, sizing);
}

// The formulas proper take the roofline computed once per estimate, since batch searches call them often.
function decodeStep(r: Roofline, unit: ComputeUnit, footprint: Footprint, batch: number, sizing: Sizing): number {
  const context = footprint.contextTokens;
  const bytes = footprint.weightsBytes + batch * (context / 2) * footprint.kvBytesPerToken;
  const memoryMs = bytes / r.bytesPerMs;
  const computeMs = (2 * footprint.parameters * batch) / r.flopsPerMs;
  return (
    Math.max(memoryMs, computeMs) +
    sizing.performance.decodeStepOverheadMs +
    tensorParallelMs(unit, footprint, batch, sizing)
  );
}

// Two all-reduces of the hidden state per layer per step when a copy spans several devices; a ring all-reduce
// takes n - 1 latency-bound hops and moves 2 (n - 1) / n of the data over each link.
function tensorParallelMs(unit: ComputeUnit, footprint: Footprint, tokens: number, sizing: Sizing): number {
  if (unit.kind === "cpu" || unit.devices <= 1) return 0;
  const n = unit.devices;
  const link = unit.device.interconnectGBps ?? 16;
  const bytes = 2 * footprint.architecture.hiddenSize * tokens * 2 * ((n - 1) / n);
  return (
    2 * footprint.architecture.layers * (sizing.performance.tensorParallelLatencyMs * (n - 1) + bytes / (link * 1e6))
  );
}

/** Time of one forward pass over `batch` requests of a model outside LLMs (ms): compute, or one read of the weights. */
export function forwardPassMs(
  unit: ComputeUnit,
  footprint: Footprint,
  workload: Workload,
  batch: number,
  sizing: Sizing,
): number {
  return forwardMs(roofline(unit, workload.model.precision, sizing), footprint, workload, batch, sizing);
}

/** Compute time of one prompt's prefill without fixed overheads (ms): what it takes from sequences decoding beside it. */
export function prefillWorkMs(
  unit: ComputeUnit,
  footprint: Footprint,
  precision: Precision,
  inputTokens: number,
  sizing: Sizing,
): number {
  return (2 * footprint.parameters * inputTokens) / roofline(unit, precision, sizing).flopsPerMs;
}

function prefill(r: Roofline, unit: ComputeUnit, footprint: Footprint, inputTokens: number, sizing: Sizing): number {
  const computeMs = (2 * footprint.parameters * inputTokens) / r.flopsPerMs;
  const memoryMs = footprint.weightsBytes / r.bytesPerMs;
  return (
    Math.max(computeMs, memoryMs) +
    sizing.performance.prefillOverheadMs[unit.kind] +
    tensorParallelMs(unit, footprint, inputTokens, sizing)
  );
}

/** Time to first token for one prompt (ms): compute-bound prefill, never faster than one weight read. */
export function prefillMs(
  unit: ComputeUnit,
  footprint: Footprint,
  precision: Precision,
  inputTokens: number,
  sizing: Sizing,
): number {
  return prefill(roofline(unit, precision, sizing), unit, footprint, inputTokens, sizing);
}

// The work-units class of a non-LLM request (an LLM's forward pass outside token generation counts as other).
function forwardKind(workload: Workload): Exclude<Workload["model"]["kind"], "llm"> {
  return workload.model.kind === "llm" ? "other" : workload.model.kind;
}

function forwardMs(r: Roofline, footprint: Footprint, workload: Workload, batch: number, sizing: Sizing): number {
  const flops = 2 * footprint.parameters * sizing.performance.workUnitsPerRequest[forwardKind(workload)] * batch;
  return Math.max(flops / r.flopsPerMs, footprint.weightsBytes / r.bytesPerMs) + r.overheadMs;
}

/**
 * The largest batch a copy runs with `freeBytes` of memory left after the model: the engine's limit, or as many
 * sequences as the KV cache holds. It is all that the memory left decides about a copy's performance.
 */
export function largestBatch(freeBytes: number, footprint: Footprint, sizing: Sizing): number {
  const perSequence = footprint.kvBytesPerToken * footprint.contextTokens;
  const byMemory = perSequence > 0 ? Math.floor(freeBytes / perSequence) + 1 : sizing.performance.maxBatch;
  return Math.max(1, Math.min(sizing.performance.maxBatch, byMemory));
}

/** An LLM request's timings on a roofline: its first token alone, a decode step, and the whole request at a batch. */
interface LlmTimes {
  readonly ttft: number;
  readonly step: (batch: number) => number;
  /** Under continuous batching a request also waits while the other sequences in the batch are prefilled. */
  readonly requestMs: (batch: number, stepMs: number) => number;
}

function llmTimes(r: Roofline, unit: ComputeUnit, footprint: Footprint, workload: Workload, sizing: Sizing): LlmTimes {
  const tokens = tokensOf(workload);
  const ttft = prefill(r, unit, footprint, tokens.input, sizing);
  const prefillWork = (2 * footprint.parameters * tokens.input) / r.flopsPerMs;
  return {
    ttft,
    step: (batch) => decodeStep(r, unit, footprint, batch, sizing),
    requestMs: (batch, stepMs) => ttft + tokens.output * stepMs + (batch - 1) * prefillWork,
  };
}

/**
 * Estimates one copy's latency and throughput. Batch (or concurrency, for LLMs) grows while the p95 stays
 * within the budget and memory holds the KV cache; throughput never falls below the single-request rate.
 */
export function estimatePerformance(
  unit: ComputeUnit,
  footprint: Footprint,
  workload: Workload,
  budget: ComputeBudget,
  sizing: Sizing,
): Performance {
  const p95 = sizing.performance.p95OverP50;
  const maxBatch = largestBatch(unit.freeBytes, footprint, sizing);
  if (workload.processingTime !== undefined) {
    const ms = workload.processingTime;
    return { computeMs: ms, throughputRps: ms * p95 <= budget.computeP95Ms ? 1000 / ms : 0, batch: 1 };
  }
  const r = roofline(unit, workload.model.precision, sizing);
  if (footprint.isLlm) {
    const { ttft, step, requestMs } = llmTimes(r, unit, footprint, workload, sizing);
    const meets = (batch: number, stepMs: number) =>
      requestMs(batch, stepMs) * p95 <= budget.computeP95Ms && ttft <= budget.ttftMs && stepMs <= budget.perTokenMs;
    const single = step(1);
    const computeMs = requestMs(1, single);
    if (!meets(1, single)) return { computeMs, ttftMs: ttft, perTokenMs: single, throughputRps: 0, batch: 1 };
    const batch = largestMeeting(maxBatch, (b) => meets(b, step(b)));
    return {
      computeMs,
      ttftMs: ttft,
      perTokenMs: single,
      throughputRps: (1000 * batch) / requestMs(batch, step(batch)),
      batch,
    };
  }
  const single = forwardMs(r, footprint, workload, 1, sizing);
  const meets = (batch: number) => forwardMs(r, footprint, workload, batch, sizing) * p95 <= budget.computeP95Ms;
  if (!meets(1)) return { computeMs: single, throughputRps: 0, batch: 1 };
  // A forward pass grows linearly with batch once its compute outweighs one read of the weights, and one request
  // meets the budget, so the largest batch that does is found directly, then settled against forwardMs itself so
  // that rounding cannot move it: the same batch as a search, in two or three passes instead of seven.
  const perRequestMs =
    (2 * footprint.parameters * sizing.performance.workUnitsPerRequest[forwardKind(workload)]) / r.flopsPerMs;
  let batch = Math.min(maxBatch, Math.floor((budget.computeP95Ms / p95 - r.overheadMs) / perRequestMs));
  if (!(batch >= 1)) batch = 1;
  while (batch < maxBatch && meets(batch + 1)) batch++;
  while (batch > 1 && !meets(batch)) batch--;
  return { computeMs: single, throughputRps: (1000 * batch) / forwardMs(r, footprint, workload, batch, sizing), batch };
}

/**
 * The compute time of one request alone (ms), exactly as {@link estimatePerformance} reports it as `computeMs`,
 * without the batch search: what sizing needs for hardware it no longer has to cost.
 */
export function singleRequestMs(unit: ComputeUnit, footprint: Footprint, workload: Workload, sizing: Sizing): number {
  if (workload.processingTime !== undefined) return workload.processingTime;
  const r = roofline(unit, workload.model.precision, sizing);
  if (footprint.isLlm) {
    const { step, requestMs } = llmTimes(r, unit, footprint, workload, sizing);
    return requestMs(1, step(1));
  }
  return forwardMs(r, footprint, workload, 1, sizing);
}

// Latency grows with batch, so the batches that meet the SLOs form a prefix: binary search its end, given 1 meets them.
function largestMeeting(maxBatch: number, meets: (batch: number) => boolean): number {
  let lo = 1;
  let hi = maxBatch;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (meets(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** What a request takes when the copy serving it is under load: compute time (ms), and an LLM's time per token. */
export interface LoadedLatency {
  readonly computeMs: number;
  readonly perTokenMs?: number;
}

/**
 * A request's compute time when one copy serves `rps` requests a second (Infinity: flat out): copies batch (or,
 * for LLMs, decode concurrently) as much as keeping up takes, so the batch is the smallest whose throughput
 * reaches `rps`, never above the largest that meets the SLOs (`perf.batch`, which sizing keeps within capacity).
 * One request alone is `perf.computeMs`; a processing time given outright does not change with load.
 */
export function latencyAtLoad(
  unit: ComputeUnit,
  footprint: Footprint,
  workload: Workload,
  perf: Performance,
  rps: number,
  sizing: Sizing,
): LoadedLatency {
  if (workload.processingTime !== undefined) return { computeMs: perf.computeMs };
  const r = roofline(unit, workload.model.precision, sizing);
  let at: (batch: number) => LoadedLatency;
  if (footprint.isLlm) {
    const { step, requestMs } = llmTimes(r, unit, footprint, workload, sizing);
    at = (batch) => {
      const perTokenMs = step(batch);
      return { computeMs: requestMs(batch, perTokenMs), perTokenMs };
    };
  } else {
    at = (batch) => ({ computeMs: forwardMs(r, footprint, workload, batch, sizing) });
  }
  // Throughput grows with the batch: the batches that keep up form a suffix, whose start is searched.
  const keepsUp = (batch: number) => (1000 * batch) / at(batch).computeMs >= rps;
  let lo = 1;
  let hi = perf.batch;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (keepsUp(mid)) hi = mid;
    else lo = mid + 1;
  }
  return at(lo);
}
