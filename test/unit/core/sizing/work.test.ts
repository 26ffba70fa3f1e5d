import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { assessOption } from "../../../../src/core/assess/assess.js";
import { modelFootprint } from "../../../../src/core/sizing/memory.js";
import { diffusionMs, speechMs, type PeakRates } from "../../../../src/core/sizing/work.js";
import type { Sizing } from "../../../../src/schema/rules.js";
import type { WorkloadInput } from "../../../../src/schema/workload.js";
import { knowledge, parse } from "../../../property/helpers.js";
import { issuesOf, withField } from "../../workload-file.js";

const bundled = knowledge.rules.sizing;
// Round numbers, independent of what calibration fits into rules/sizing.yaml.
const sizing: Sizing = {
  ...bundled,
  work: {
    diffusion: {
      ...bundled.work.diffusion,
      latentDownsample: 8,
      denoiserFlopsPerParameterPerLatentPixel: 0.1,
      vaeDecodeFlopsPerPixel: 1e6,
      vaeDecodeBytesPerPixel: 1e4,
      activationBytesPerLatentPixel: 1e6,
      stepOverheadMsPerBillionParameters: 2,
      computeEfficiency: { ...bundled.work.diffusion.computeEfficiency, gpu: 0.5 },
      overheadMs: 100,
    },
    speech: {
      ...bundled.work.speech,
      windowSeconds: 30,
      encoderPositions: 1500,
      encoderShare: 0.5,
      tokensPerAudioSecond: 4,
      decodeStepOverheadMs: 10,
      computeEfficiency: { ...bundled.work.speech.computeEfficiency, gpu: 0.1 },
      overheadMs: 0,
    },
  },
};
// 100 TFLOPS and 1000 GB/s (as ms rates).
const rates: PeakRates = { kind: "gpu", flopsPerMs: 100e9, bytesPerMs: 1e9 };

describe("diffusion: time follows steps and image size", () => {
  // A 1B-parameter denoiser in fp16 (2 GB of weights).
  const footprint = { parameters: 1e9, weightsBytes: 2e9 } as never;

  test("one 512x512 image, 10 steps with guidance, worked by hand", () => {
    // Latent 64 x 64 = 4096 pixels; 2 passes a step: 2 x 0.1 x 1e9 x 4096 = 819.2 GFLOPs at 50 TFLOPS = 16.384 ms,
    // against memory 2 x 1e6 x 4096 + 2e9 = 10.192 GB at 1000 GB/s = 10.192 ms: compute-bound; plus 2 ms of
    // launches for the 1B-parameter denoiser. VAE 1e6 x 262144 = 262.1 GFLOPs = 5.243 ms, against 1e4 x 262144 =
    // 2.62 GB = 2.62 ms of memory: compute-bound.
    const work = { steps: 10, width: 512, height: 512, guidance: true };
    expect(diffusionMs(rates, footprint, work, 1, sizing)).toBeCloseTo(10 * (16.384 + 2) + 5.24288 + 100, 6);
    // Without guidance one pass: 8.192 ms of compute against 4.096 + 2 = 6.096 GB (ms) of memory: compute-bound.
    expect(diffusionMs(rates, footprint, { ...work, guidance: false }, 1, sizing)).toBeCloseTo(
      10 * (8.192 + 2) + 5.24288 + 100,
      6,
    );
    // A 20 GB model moves 8.192 + 20 GB a step (28.192 ms), more than its compute: memory-bound.
    const big = { parameters: 1e9, weightsBytes: 20e9 } as never;
    expect(diffusionMs(rates, big, work, 1, sizing)).toBeCloseTo(10 * (20 + 8.192 + 2) + 5.24288 + 100, 6);
    // A decoder moving 1e5 bytes a pixel (26.2 GB, 26.2 ms) is memory-bound.
    const heavyDecode = {
      ...sizing,
      work: { ...sizing.work, diffusion: { ...sizing.work.diffusion, vaeDecodeBytesPerPixel: 1e5 } },
    };
    expect(diffusionMs(rates, footprint, work, 1, heavyDecode)).toBeCloseTo(10 * (16.384 + 2) + 26.2144 + 100, 6);
  });

  test("twice the steps take about twice as long; four times the pixels about four times the denoising", () => {
    const base = { steps: 30, width: 1024, height: 1024, guidance: true };
    const at = (w: typeof base) => diffusionMs(rates, footprint, w, 1, sizing) - 100;
    expect(at({ ...base, steps: 60 }) / at(base)).toBeGreaterThan(1.9);
    expect(at({ ...base, steps: 60 }) / at(base)).toBeLessThan(2);
    expect(at({ ...base, width: 2048, height: 2048 }) / at(base)).toBeGreaterThan(3.5);
    // Without guidance one pass a step: less than half the denoising compute, the weights still read.
    expect(at({ ...base, guidance: false })).toBeLessThan(at(base));
  });

  test("SDXL 1024x1024 at 30 steps: several seconds on one A10G, under three on an H100, twice with 60 steps", () => {
    const sdxl = (steps: number, type: string): WorkloadInput => ({
      name: "sdxl",
      model: { parameters: "2.57B", precision: "fp16", kind: "diffusion", framework: "pytorch" },
      work: { steps, width: 1024, height: 1024 },
      payload: { request: "1KB", response: "2MB" },
      latency: "2m",
      isolation: "shared",
      traffic: { pattern: "steady", requestsPerDay: 1000 },
      constraints: { options: ["single-model"], instanceTypes: [type] },
    });
    const p50 = (steps: number, type: string) =>
      assessOption(parse(sdxl(steps, type)), knowledge, "single-model").candidate!.performance.computeMs / 1000;
    // Published, eager diffusers: 9.4 s on an A10 (same 600 GB/s as the A10G; TensorRT model card, baseline) and
    // 8-10 s quoted for the A10G; 2.5 s on an H100 (same card), 2-3 s quoted.
    expect(p50(30, "ml.g5.xlarge")).toBeGreaterThanOrEqual(8);
    expect(p50(30, "ml.g5.xlarge")).toBeLessThanOrEqual(10);
    expect(p50(30, "ml.p5.4xlarge")).toBeGreaterThanOrEqual(2);
    expect(p50(30, "ml.p5.4xlarge")).toBeLessThanOrEqual(3);
    expect(p50(60, "ml.p5.4xlarge") / p50(30, "ml.p5.4xlarge")).toBeCloseTo(2, 1);
    expect(p50(60, "ml.g5.xlarge") / p50(30, "ml.g5.xlarge")).toBeCloseTo(2, 1);
  });
});

describe("speech: time follows the audio, window by window", () => {
  const footprint = { parameters: 1e9, weightsBytes: 2e9 } as never;

  test("two minutes of audio, sequential windows, 5 beams, worked by hand", () => {
    // 4 windows; encoder 4 x 2 x 0.5e9 x 1500 = 6 TFLOPs at 10 TFLOPS = 600 ms. Decoder: 120 tokens a window
    // (4 a second), each step the larger of 1 GB at 1000 GB/s = 1 ms and 2 x 0.5e9 x 5 = 5 GFLOPs = 0.5 ms,
    // plus 10 ms: 4 x 120 x 11 = 5280 ms.
    const work = { audioSeconds: 120, windowsPerBatch: 1, beams: 5 };
    expect(speechMs(rates, footprint, work, 1, sizing)).toBeCloseTo(600 + 5280, 6);
  });

  test("batched windows share each decoder step", () => {
    const one = speechMs(rates, footprint, { audioSeconds: 1800, windowsPerBatch: 1, beams: 1 }, 1, sizing);
    const batched = speechMs(rates, footprint, { audioSeconds: 1800, windowsPerBatch: 16, beams: 1 }, 1, sizing);
    expect(batched).toBeLessThan(one / 5);
  });

  test("Whisper large on 30 minutes of audio on one A10G: within the published 1-4 minutes", () => {
    const input: WorkloadInput = {
      name: "whisper",
      model: { parameters: "1.55B", precision: "fp16", kind: "speech", framework: "pytorch" },
      work: { audioSeconds: 1800 },
      payload: { request: "30MB", response: "50KB" },
      latency: "10m",
      isolation: "shared",
      traffic: { pattern: "steady", requestsPerDay: 100 },
      constraints: { options: ["async"], instanceTypes: ["ml.g5.xlarge"] },
    };
    const seconds = assessOption(parse(input), knowledge, "async").candidate!.performance.computeMs / 1000;
    expect(seconds).toBeGreaterThan(60);
    expect(seconds).toBeLessThan(240);
    // And longer audio takes longer in proportion.
    const hour = { ...input, work: { audioSeconds: 3600 } };
    const ratio = assessOption(parse(hour), knowledge, "async").candidate!.performance.computeMs / 1000 / seconds;
    expect(ratio).toBeCloseTo(2, 1);
  });
});

describe("what a result says about a request's work", () => {
  const base = (kind: "vision" | "diffusion" | "speech", work?: object): WorkloadInput => ({
    name: "w",
    model: { parameters: "1B", kind, framework: "pytorch" },
    ...(work ? { work } : {}),
    payload: "100KB",
    latency: "10m",
    isolation: "shared",
    traffic: { pattern: "steady", requestsPerDay: 100 },
  });
  // What the work model says (the quota note of a GPU winner is tested in quotas.test.ts).
  const assumptions = (input: WorkloadInput) =>
    (recommendWorkload(parse(input), knowledge, { whatIf: false }).assumptions ?? []).filter(
      (line) => !line.includes("is taken as launchable"),
    );

  test("diffusion and speech name their work and the defaults; a fixed forward pass says it is one", () => {
    expect(assumptions(base("diffusion"))).toEqual([
      expect.stringMatching(
        /^diffusion time follows 50 steps at 1024x1024 with classifier-free guidance \(the defaults/,
      ),
    ]);
    expect(assumptions(base("speech", { audioSeconds: 600 }))).toEqual([
      expect.stringMatching(/^speech time follows 600 s of audio, Whisper-style/),
    ]);
    expect(assumptions(base("vision"))).toEqual([
      expect.stringMatching(/^vision requests are timed as one forward pass of 256 token-equivalents/),
    ]);
  });

  test("a work field the model's kind does not read is refused at its place", () => {
    const text = withField("model", "    model: { parameters: 1B, kind: vision }", "    work: { steps: 30 }");
    expect(issuesOf(text)).toEqual([
      expect.objectContaining({
        path: "workloads[0].work.steps",
        message: "work.steps does not apply to a vision model",
      }),
    ]);
  });

  test("the footprint of a speech model is its weights", () => {
    expect(modelFootprint(parse(base("speech")), knowledge.rules.sizing).weightsBytes).toBe(2e9);
  });
});
