import { join } from "node:path";
import type { Catalog, ComputeDevice } from "../../schema/catalog.js";
import type { Precision } from "../../schema/ids.js";
import type { Sizing } from "../../schema/rules.js";
import type { Footprint } from "../../core/sizing/memory.js";
import { peakRates } from "../../core/sizing/performance.js";
import { diffusionPhases, speechMs } from "../../core/sizing/work.js";
import { BUNDLED_CATALOG_DIR, readText } from "../../load/files.js";
import { byPrefix, loadMapping, parseCsv } from "./measurements.js";
import { bestDescent, getAt, withParameter } from "./predict.js";

/** One published image-generation or transcription time, mapped onto hostfit's model of the hardware. */
export interface MediaMeasurement {
  readonly id: string;
  readonly kind: "diffusion" | "speech";
  readonly model: string;
  readonly engine: string;
  readonly device: ComputeDevice;
  readonly precision: Precision;
  readonly parameters: number;
  /** Images generated together (diffusion), or requests transcribed together (speech; always 1). */
  readonly batch: number;
  /** The work asked for; `denoisingOnly` where the source timed the denoising loop without the decode. */
  readonly diffusion?: { steps: number; width: number; height: number; guidance: boolean; denoisingOnly: boolean };
  readonly speech?: { audioSeconds: number; windowsPerBatch: number; beams: number };
  /** Measured seconds per image (diffusion) or per transcription (speech). */
  readonly seconds: number;
  readonly source: string;
  /** Why calibration reads the row but does not fit it (a stack other than the one hostfit times), if it does not. */
  readonly notFitted?: string;
}

// Precision as the source states it; "not stated" is taken as fp16, what these engines run on a GPU by default.
function precisionOf(text: string): Precision {
  if (text.startsWith("fp32")) return "fp32";
  if (text.startsWith("bf16") && !text.includes("quant")) return "bf16";
  if (text.startsWith("int8")) return "int8";
  return "fp16";
}

/** Reads diffusion-latency.csv and speech-latency.csv, keeping the rows hostfit's work model applies to. */
export function loadMediaMeasurements(
  catalog: Catalog,
  dir = join(BUNDLED_CATALOG_DIR, "calibration"),
): { measurements: MediaMeasurement[]; skipped: { file: string; row: number; reason: string }[] } {
  const mapping = loadMapping(dir);
  const devices = new Map([...catalog.devices, ...mapping.extraDevices].map((d) => [d.id, d]));
  const measurements: MediaMeasurement[] = [];
  const skipped: { file: string; row: number; reason: string }[] = [];
  for (const file of ["diffusion-latency.csv", "speech-latency.csv"]) {
    const [header, ...rows] = parseCsv(readText(join(dir, file)));
    rows.forEach((r, i) => {
      const get = (name: string) => r[header!.indexOf(name)] ?? "";
      const skip = (reason: string) => skipped.push({ file, row: i + 2, reason });
      const model = byPrefix(mapping.mediaModels, get("model"));
      const deviceId = byPrefix(mapping.mediaHardware, get("hardware"));
      const device = deviceId === undefined ? undefined : devices.get(deviceId);
      if (!model) return skip("a model the work model does not describe (transformer denoiser, distilled decoder)");
      if (!device) return skip("hardware SageMaker does not offer and the catalog lacks");
      const engine = get("engine");
      const superseded = mapping.superseded.find((s) => engine.startsWith(s.engine));
      if (superseded) return skip(`superseded engine: ${superseded.reason}`);
      if (/steps not stated/.test(get("source_locator"))) return skip("step count not stated");
      // PyTorch runs fp32 convolutions and matmuls on TF32 tensor cores by default, a rate the catalog does not list.
      if (model.kind === "diffusion" && get("precision").startsWith("fp32")) return skip("fp32 (TF32 tensor cores)");
      const notFitted = mapping.mediaNotFitted.find((n) => `${get("model")} ${engine}`.includes(n.match))?.reason;
      const base = {
        id: `${file}:${i + 2}`,
        model: get("model"),
        engine,
        device,
        precision: precisionOf(get("precision")),
        parameters: model.parameters,
        source: get("source_url"),
        ...(notFitted && { notFitted }),
      };
      if (model.kind === "diffusion") {
        const [steps, width, height] = ["steps", "width", "height"].map((c) => Number(get(c)));
        const seconds = Number(get("seconds_per_image"));
        if (!(steps! > 0 && width! > 0 && height! > 0 && seconds > 0)) return skip("steps, size or time not given");
        measurements.push({
          ...base,
          kind: "diffusion",
          batch: Number(get("batch")) || 1,
          diffusion: {
            steps: steps!,
            width: width!,
            height: height!,
            guidance: model.guidance ?? true,
            denoisingOnly: /decode are EXCLUDED/.test(get("source_locator")),
          },
          seconds,
        });
      } else {
        const audioSeconds = Number(get("audio_seconds"));
        const seconds = Number(get("seconds_total"));
        if (!(audioSeconds > 0 && seconds > 0)) return skip("audio length or time not given");
        if (get("batch") === "") return skip("windows batched, batch size not given");
        const beams = Number(/beam(?:_size)?[ =](\d+)/.exec(engine)?.[1] ?? 1);
        measurements.push({
          ...base,
          kind: "speech",
          batch: 1,
          speech: { audioSeconds, windowsPerBatch: Number(get("batch")) || 1, beams },
          seconds,
        });
      }
    });
  }
  return { measurements, skipped };
}

/** What hostfit's work model predicts for a measurement (seconds per image or per transcription). */
export function predictMedia(m: MediaMeasurement, sizing: Sizing): number {
  const rates = peakRates(
    { kind: m.device.kind, device: m.device, devices: 1, freeBytes: Infinity },
    m.precision,
    sizing,
  );
  const footprint = {
    parameters: m.parameters,
    weightsBytes: m.parameters * sizing.memory.bytesPerParameter[m.precision],
  } as Footprint;
  let ms: number;
  if (m.kind === "speech") ms = speechMs(rates, footprint, m.speech!, m.batch, sizing);
  else {
    const phases = diffusionPhases(rates, footprint, m.diffusion!, m.batch, sizing);
    const denoising = m.diffusion!.steps * phases.stepMs;
    ms = (m.diffusion!.denoisingOnly ? denoising : denoising + phases.decodeMs + phases.overheadMs) / m.batch;
  }
  return ms / 1000;
}

/** The work model's parameters calibration fits, by kind. */
export const MEDIA_PARAMETERS = {
  diffusion: [
    { path: ["work", "diffusion", "computeEfficiency", "gpu"], min: 0.05, max: 1 },
    { path: ["work", "diffusion", "activationBytesPerLatentPixel"], min: 0, max: 1e8 },
    { path: ["work", "diffusion", "stepOverheadMsPerBillionParameters"], min: 0, max: 500 },
    { path: ["work", "diffusion", "vaeDecodeBytesPerPixel"], min: 0, max: 1e7 },
    { path: ["work", "diffusion", "overheadMs"], min: 0, max: 5000 },
  ],
  speech: [
    { path: ["work", "speech", "computeEfficiency", "gpu"], min: 0.01, max: 1 },
    { path: ["work", "speech", "decodeStepOverheadMs"], min: 0, max: 200 },
    { path: ["work", "speech", "overheadMs"], min: 0, max: 5000 },
  ],
} as const;

/** Mean absolute log error of the predictions: scale-free, so seconds and minutes count alike. */
export function mediaLoss(measurements: readonly MediaMeasurement[], sizing: Sizing): number {
  if (measurements.length === 0) return 0;
  return (
    measurements.reduce((sum, m) => sum + Math.abs(Math.log(predictMedia(m, sizing) / m.seconds)), 0) /
    measurements.length
  );
}

/** Fits one kind's parameters on the rows of the stack hostfit times, by coordinate descent on the log error. */
export function fitMedia(
  measurements: readonly MediaMeasurement[],
  kind: "diffusion" | "speech",
  start: Sizing,
): Sizing {
  const mine = measurements.filter((m) => m.kind === kind && m.notFitted === undefined);
  const parameters = MEDIA_PARAMETERS[kind];
  // The rooflines' max() leaves local minima: descend also from each parameter halved and doubled, keep the best.
  const starts = [
    start,
    ...parameters.flatMap((p) =>
      [0.5, 2].map((f) => withParameter(start, p.path, Math.min(p.max, Math.max(p.min, getAt(start, p.path) * f)))),
    ),
  ];
  return bestDescent(starts, parameters, (s) => mediaLoss(mine, s), 80);
}

/** The fitted values of one kind's parameters, for the report. */
export function mediaValues(sizing: Sizing, kind: "diffusion" | "speech"): Record<string, number> {
  return Object.fromEntries(MEDIA_PARAMETERS[kind].map((p) => [p.path.join("."), getAt(sizing, p.path)]));
}
