import type { AcceleratorKind } from "../../schema/ids.js";
import type { Sizing } from "../../schema/rules.js";
import type { Workload } from "../../schema/workload.js";
import type { Footprint } from "./memory.js";

/** A copy's hardware as the work model sees it: peak compute and bandwidth (per ms), before any efficiency. */
export interface PeakRates {
  readonly kind: AcceleratorKind;
  readonly flopsPerMs: number;
  /** Bandwidth at the family's decode efficiency (memory efficiency is not specific to a kind of model). */
  readonly bytesPerMs: number;
}

/** Whether requests of this kind are timed from their `work` (images, audio) rather than one fixed forward pass. */
export function timedByWork(kind: Workload["model"]["kind"]): kind is "diffusion" | "speech" {
  return kind === "diffusion" || kind === "speech";
}

export interface DiffusionWork {
  readonly steps: number;
  readonly width: number;
  readonly height: number;
  readonly guidance: boolean;
}

/** A speech request's work, with how the engine batches its windows and how many beams it decodes. */
export interface SpeechWork {
  readonly audioSeconds: number;
  readonly windowsPerBatch: number;
  readonly beams: number;
}

/** A diffusion request's work: the workload's own, else the defaults in rules/sizing.yaml. */
export function diffusionWork(workload: Workload, sizing: Sizing): DiffusionWork {
  const d = sizing.work.diffusion.defaults;
  const w = workload.work ?? {};
  return {
    steps: w.steps ?? d.steps,
    width: w.width ?? d.width,
    height: w.height ?? d.height,
    guidance: w.guidance ?? d.guidance,
  };
}

/** A speech request's work: the workload's audio (else the default), on the engine rules/sizing.yaml assumes. */
export function speechWork(workload: Workload, sizing: Sizing): SpeechWork {
  const m = sizing.work.speech;
  return {
    audioSeconds: workload.work?.audioSeconds ?? m.defaults.audioSeconds,
    windowsPerBatch: m.windowsPerBatch,
    beams: m.beams,
  };
}

/** Where a diffusion request's time goes (ms): each denoising step, the VAE decode, and what the pipeline adds once. */
export interface DiffusionPhases {
  readonly stepMs: number;
  readonly decodeMs: number;
  readonly overheadMs: number;
}

/**
 * `batch` diffusion requests generated together, by phase. Each denoising step runs the denoiser on every image
 * (twice with classifier-free guidance), its FLOPs growing with the latent's pixels, or, where that takes longer,
 * moves activations that grow the same way beside one read of the weights (a roofline), plus what an eager
 * pipeline spends launching the step's kernels. The VAE then decodes each image on a roofline of its own.
 */
export function diffusionPhases(
  rates: PeakRates,
  footprint: Footprint,
  work: DiffusionWork,
  batch: number,
  sizing: Sizing,
): DiffusionPhases {
  const m = sizing.work.diffusion;
  const { width, height, guidance } = work;
  const flopsPerMs = rates.flopsPerMs * m.computeEfficiency[rates.kind];
  const latentPixels = (width / m.latentDownsample) * (height / m.latentDownsample);
  const passes = batch * (guidance ? 2 : 1);
  const stepMs =
    Math.max(
      (passes * m.denoiserFlopsPerParameterPerLatentPixel * footprint.parameters * latentPixels) / flopsPerMs,
      (passes * m.activationBytesPerLatentPixel * latentPixels + footprint.weightsBytes) / rates.bytesPerMs,
    ) +
    (m.stepOverheadMsPerBillionParameters * footprint.parameters) / 1e9;
  const pixels = batch * width * height;
  const decodeMs = Math.max(
    (m.vaeDecodeFlopsPerPixel * pixels) / flopsPerMs,
    (m.vaeDecodeBytesPerPixel * pixels) / rates.bytesPerMs,
  );
  return { stepMs, decodeMs, overheadMs: m.overheadMs };
}

/** `batch` diffusion requests generated together (ms): every step, the decode, and the pipeline's own time. */
export function diffusionMs(
  rates: PeakRates,
  footprint: Footprint,
  work: DiffusionWork,
  batch: number,
  sizing: Sizing,
): number {
  const { stepMs, decodeMs, overheadMs } = diffusionPhases(rates, footprint, work, batch, sizing);
  return work.steps * stepMs + decodeMs + overheadMs;
}

/**
 * `batch` speech requests transcribed together (ms), Whisper-style: the encoder runs on every 30 s window of
 * audio (a fixed number of positions each); the decoder writes the window's tokens one step at a time, windows
 * batched as the engine batches them and each beam a sequence of the batch, every step one read of its weights.
 */
export function speechMs(
  rates: PeakRates,
  footprint: Footprint,
  work: SpeechWork,
  batch: number,
  sizing: Sizing,
): number {
  const m = sizing.work.speech;
  const { audioSeconds, windowsPerBatch, beams } = work;
  const windows = batch * Math.ceil(audioSeconds / m.windowSeconds);
  const flopsPerMs = rates.flopsPerMs * m.computeEfficiency[rates.kind];
  const encoderMs = (windows * 2 * m.encoderShare * footprint.parameters * m.encoderPositions) / flopsPerMs;
  const decoderParameters = (1 - m.encoderShare) * footprint.parameters;
  const sequences = Math.min(windows, windowsPerBatch) * beams;
  const stepMs =
    Math.max(
      ((1 - m.encoderShare) * footprint.weightsBytes) / rates.bytesPerMs,
      (2 * decoderParameters * sequences) / flopsPerMs,
    ) + m.decodeStepOverheadMs;
  const tokensPerWindow = (m.tokensPerAudioSecond * audioSeconds * batch) / windows;
  const rounds = Math.ceil(windows / windowsPerBatch);
  return encoderMs + rounds * tokensPerWindow * stepMs + m.overheadMs;
}

/**
 * What a request's time is taken to follow, for the result's assumptions: its work for diffusion and speech, one
 * fixed forward pass for other kinds outside LLMs (which are timed by their tokens).
 */
export function workAssumption(workload: Workload, sizing: Sizing): string | undefined {
  const kind = workload.model.kind;
  const given = workload.work === undefined ? " (the defaults: the workload gives no work)" : "";
  if (kind === "diffusion") {
    const w = diffusionWork(workload, sizing);
    const m = sizing.work.diffusion;
    return `diffusion time follows ${w.steps} steps at ${w.width}x${w.height}${w.guidance ? " with classifier-free guidance" : ""}${given} on a UNet denoiser (SD 1.x, 2.x, SDXL: ${m.denoiserFlopsPerParameterPerLatentPixel} FLOPs per parameter per latent pixel); transformer denoisers such as FLUX.1 compute about twice that`;
  }
  if (kind === "speech") {
    const w = speechWork(workload, sizing);
    return `speech time follows ${w.audioSeconds} s of audio${given}, Whisper-style: ${sizing.work.speech.windowSeconds} s windows decoded ${w.windowsPerBatch === 1 ? "one after another" : `${w.windowsPerBatch} at a time`} with ${w.beams} beam${w.beams === 1 ? "" : "s"}, as faster-whisper runs by default (batched pipelines run 3-5x faster)`;
  }
  if (kind === "llm") return undefined;
  const units = sizing.performance.workUnitsPerRequest[kind];
  return `${kind} requests are timed as one forward pass of ${units} token-equivalents, not from their own inputs; give processingTime for a measured time`;
}
