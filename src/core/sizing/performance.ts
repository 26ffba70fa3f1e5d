import type { ComputeDevice } from "../../schema/catalog.js";
import type { AcceleratorKind, Interconnect, Precision } from "../../schema/ids.js";
import type { FORWARD_KINDS, Sizing } from "../../schema/rules.js";
import type { Workload } from "../../schema/workload.js";
import { correctionsOn, tokensOf, weightsRead, type Footprint } from "./memory.js";
import { diffusionMs, diffusionWork, speechMs, speechWork, timedByWork, type PeakRates } from "./work.js";

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
  /** The hardware's peak rates, for models timed by their work, which have efficiencies of their own. */
  readonly peak: PeakRates;
  readonly unit: ComputeUnit;
}

/** A copy's peak rates, for models timed by their work (see work.ts). */
export function peakRates(unit: ComputeUnit, precision: Precision, sizing: Sizing): PeakRates {
  return roofline(unit, precision, sizing).peak;
}

function roofline(unit: ComputeUnit, precision: Precision, sizing: Sizing): Roofline {
  const p = sizing.performance;
  const share = unit.devices * unit.device.sustainedFraction;
  const kernel = precision === "int4" ? p.weightOnlyQuantEfficiency : 1;
  const bytesPerMs = share * unit.device.memoryBandwidthGBps * 1e6 * p.memoryEfficiency[unit.kind] * kernel;
  const peakFlopsPerMs = share * peakTflops(unit.device, precision) * 1e9;
  return {
    bytesPerMs,
    flopsPerMs: peakFlopsPerMs * p.computeEfficiency[unit.kind],
    overheadMs: p.forwardOverheadMs[unit.kind],
    peak: { kind: unit.kind, flopsPerMs: peakFlopsPerMs, bytesPerMs },
    unit,
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
  const bytes = weightsRead(footprint, batch) + batch * (context / 2) * footprint.kvBytesPerToken;
  const memoryMs = bytes / r.bytesPerMs;
  const computeMs = (2 * footprint.parameters * batch) / r.flopsPerMs;
  return (
    (Math.max(memoryMs, computeMs) +
      sizing.performance.decodeStepOverheadMs[unit.kind] +
      tensorParallelMs(unit, footprint, batch, sizing)) *
    correctionsOn(footprint, unit).decode
  );
}

// Two all-reduces of the hidden state per layer per step when a copy spans several devices.
function tensorParallelMs(unit: ComputeUnit, footprint: Footprint, tokens: number, sizing: Sizing): number {
  if (unit.kind === "cpu" || unit.devices <= 1) return 0;
  const bytes = 2 * footprint.architecture.hiddenSize * tokens; // 16-bit activations
  return 2 * footprint.architecture.layers * allReduceMs(unit.device, unit.devices, bytes, sizing);
}

// An accelerator whose link bandwidth the catalog does not give is taken to sit on a PCIe Gen3 x16 slot.
const PCIE_GEN3_GBPS = 16;

/** The link a device's tensor parallelism runs over; an accelerator the catalog does not say is on PCIe. */
export function interconnectOf(device: ComputeDevice): Interconnect {
  return device.interconnect ?? "pcie";
}

/**
 * One all-reduce of `bytes` over `devices` devices (ms). Small messages, as in decode, are latency-bound: a ring
 * takes n - 1 rounds of the link's latency, a tree or recursive doubling ceil(log2 n) (which the link's runtime
 * uses is in rules/sizing.yaml); large ones, as in prefill, move 2 (n - 1) / n of the data over each link.
 */
export function allReduceMs(device: ComputeDevice, devices: number, bytes: number, sizing: Sizing): number {
  if (devices <= 1) return 0;
  const link = interconnectOf(device);
  const rounds = sizing.performance.collectiveAlgorithm[link] === "ring" ? devices - 1 : Math.ceil(Math.log2(devices));
  const bandwidthGBps = device.interconnectGBps ?? PCIE_GEN3_GBPS;
  return (
    (rounds * sizing.performance.collectiveLatencyUs[link]) / 1000 +
    ((2 * (devices - 1)) / devices) * (bytes / (bandwidthGBps * 1e6))
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
  return (
    ((2 * footprint.parameters * inputTokens) / roofline(unit, precision, sizing).flopsPerMs) *
    correctionsOn(footprint, unit).prefill
  );
}

function prefill(r: Roofline, unit: ComputeUnit, footprint: Footprint, inputTokens: number, sizing: Sizing): number {
  const computeMs = (2 * footprint.parameters * inputTokens) / r.flopsPerMs;
  const memoryMs = weightsRead(footprint, inputTokens) / r.bytesPerMs;
  return (
    (Math.max(computeMs, memoryMs) +
      sizing.performance.prefillOverheadMs[unit.kind] +
      tensorParallelMs(unit, footprint, inputTokens, sizing)) *
    correctionsOn(footprint, unit).prefill
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

// The work-units class of a request of one fixed forward pass (an LLM's outside token generation counts as other).
function forwardKind(workload: Workload): (typeof FORWARD_KINDS)[number] {
  const kind = workload.model.kind;
  return kind === "llm" || timedByWork(kind) ? "other" : kind;
}

function forwardMs(r: Roofline, footprint: Footprint, workload: Workload, batch: number, sizing: Sizing): number {
  return uncorrectedForwardMs(r, footprint, workload, batch, sizing) * correctionsOn(footprint, r.unit).forward;
}

function uncorrectedForwardMs(
  r: Roofline,
  footprint: Footprint,
  workload: Workload,
  batch: number,
  sizing: Sizing,
): number {
  const kind = workload.model.kind;
  if (kind === "diffusion") return diffusionMs(r.peak, footprint, diffusionWork(workload, sizing), batch, sizing);
  if (kind === "speech") return speechMs(r.peak, footprint, speechWork(workload, sizing), batch, sizing);
  const flops = 2 * footprint.parameters * sizing.performance.workUnitsPerRequest[forwardKind(workload)] * batch;
  return Math.max(flops / r.flopsPerMs, weightsRead(footprint, batch) / r.bytesPerMs) + r.overheadMs;
}

/**
 * The largest batch an LLM copy runs with `freeBytes` of memory left after the model: as many sequences as the
 * engines of its hardware schedule by default, or as its KV cache holds. It is all that the memory left decides
 * about a copy's performance.
 */
export function largestBatch(freeBytes: number, footprint: Footprint, kind: AcceleratorKind, sizing: Sizing): number {
  const limit = sizing.performance.llmMaxSequences[kind];
  const perSequence = footprint.kvBytesPerToken * footprint.contextTokens;
  const byMemory = perSequence > 0 ? Math.floor(freeBytes / perSequence) + 1 : limit;
  return Math.max(1, Math.min(limit, byMemory));
}

/** An LLM request's timings on a roofline: its first token alone, a decode step, and the whole request at a batch. */
interface LlmTimes {
  readonly ttft: number;
  readonly step: (batch: number) => number;
  /** Under continuous batching a request also waits while the other sequences in the batch are prefilled. */
  readonly requestMs: (batch: number, stepMs: number) => number;
  /**
   * The first token when the copy serves `rps` requests a second at `batch`: the prompt's own prefill, the wait
   * for the prefills queued ahead of it (M/D/1), and half a decode step, since schedulers run prefills between
   * steps. One request alone waits for nothing.
   */
  readonly ttftAt: (batch: number, stepMs: number, rps: number) => number;
}

/**
 * The mean wait of a prompt for the prefills queued ahead of it when prompts arrive at `rps` a second and each
 * takes `prefillWorkMs` (M/D/1). A copy's request rate never lets prefills fill all of its time (requestMs
 * charges each request the prefills beside it), so the share busy stays below 1.
 */
export function prefillQueueMs(prefillWorkMs: number, rps: number): number {
  const busy = Math.min((rps * prefillWorkMs) / 1000, MAX_PREFILL_SHARE);
  return (busy * prefillWorkMs) / (2 * (1 - busy));
}

// Guards the queueing formula against rates it is never given (see prefillQueueMs).
const MAX_PREFILL_SHARE = 0.99;

function llmTimes(r: Roofline, unit: ComputeUnit, footprint: Footprint, workload: Workload, sizing: Sizing): LlmTimes {
  const tokens = tokensOf(workload);
  const ttft = prefill(r, unit, footprint, tokens.input, sizing);
  const prefillWork =
    ((2 * footprint.parameters * tokens.input) / r.flopsPerMs) * correctionsOn(footprint, unit).prefill;
  const requestMs = (batch: number, stepMs: number) => ttft + tokens.output * stepMs + (batch - 1) * prefillWork;
  return {
    ttft,
    step: (batch) => decodeStep(r, unit, footprint, batch, sizing),
    requestMs,
    ttftAt: (batch, stepMs, rps) =>
      batch <= 1
        ? ttft
        : ttft + prefillQueueMs(prefillWork, Math.min(rps, (1000 * batch) / requestMs(batch, stepMs))) + stepMs / 2,
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
  const maxBatch = footprint.isLlm
    ? largestBatch(unit.freeBytes, footprint, unit.kind, sizing)
    : sizing.performance.maxBatch;
  if (footprint.measured) {
    const ms = measuredMs(unit, footprint, workload, sizing);
    return { computeMs: ms, throughputRps: ms * p95 <= budget.computeP95Ms ? 1000 / ms : 0, batch: 1 };
  }
  const r = roofline(unit, workload.model.precision, sizing);
  if (footprint.isLlm) {
    const { ttft, step, requestMs, ttftAt } = llmTimes(r, unit, footprint, workload, sizing);
    const meets = (batch: number, stepMs: number) =>
      requestMs(batch, stepMs) * p95 <= budget.computeP95Ms &&
      ttftAt(batch, stepMs, Infinity) <= budget.ttftMs &&
      stepMs <= budget.perTokenMs;
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
  const perRequestMs = timedByWork(workload.model.kind)
    ? forwardMs(r, footprint, workload, 2, sizing) - single
    : (2 * footprint.parameters * sizing.performance.workUnitsPerRequest[forwardKind(workload)]) / r.flopsPerMs;
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
  return footprint.measured
    ? measuredMs(unit, footprint, workload, sizing)
    : modelledMs(unit, footprint, workload, sizing);
}

/**
 * A measured time on `unit` (ms): from the hardware it was measured on, scaled by the ratio of the model's
 * physics on the two (compute- or memory-bound as the model is, burstable CPUs at their sustained share); without
 * that hardware, the time itself on the unit at full speed, which a burstable CPU sustains only a share of.
 */
function measuredMs(unit: ComputeUnit, footprint: Footprint, workload: Workload, sizing: Sizing): number {
  const { ms, on } = footprint.measured!;
  return on
    ? ms * (modelledMs(unit, footprint, workload, sizing) / modelledMs(on, footprint, workload, sizing))
    : ms / unit.device.sustainedFraction;
}

// One request alone on the roofline: what a measured time is scaled by.
function modelledMs(unit: ComputeUnit, footprint: Footprint, workload: Workload, sizing: Sizing): number {
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

/** What a request takes when the copy serving it is under load: compute time (ms), and an LLM's token times. */
export interface LoadedLatency {
  readonly computeMs: number;
  /** LLMs: the first token at this load, prefills queued ahead of it included. */
  readonly ttftMs?: number;
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
  if (footprint.measured) return { computeMs: perf.computeMs };
  const r = roofline(unit, workload.model.precision, sizing);
  let at: (batch: number) => LoadedLatency;
  if (footprint.isLlm) {
    const { step, requestMs, ttftAt } = llmTimes(r, unit, footprint, workload, sizing);
    at = (batch) => {
      const perTokenMs = step(batch);
      return { computeMs: requestMs(batch, perTokenMs), ttftMs: ttftAt(batch, perTokenMs, rps), perTokenMs };
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
