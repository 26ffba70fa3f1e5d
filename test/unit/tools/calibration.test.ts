import { describe, expect, test } from "vitest";
import {
  estimateRanges,
  hardwareFamily,
  predictMeasurement,
  summarizeErrors,
} from "../../../src/tools/calibration/predict.js";
import { loadMeasurements } from "../../../src/tools/calibration/measurements.js";
import { loadMediaMeasurements, predictMedia } from "../../../src/tools/calibration/media.js";
import { knowledge } from "../../property/helpers.js";

// Accuracy, not speed: the bundled sizing rules must stay within the error targets on the published
// measurements (`npm run calibrate` prints the same figures per hardware and held out).
const { measurements, skipped } = loadMeasurements(knowledge.catalog);
const predictions = measurements.flatMap((m) => predictMeasurement(m, knowledge.rules.sizing));
const overall = Object.fromEntries(summarizeErrors(predictions, () => "all").map((s) => [s.metric, s]));

describe("calibration against published LLM latency measurements", () => {
  test("every row is either used or skipped with a reason", () => {
    expect(measurements.length + skipped.length).toBe(98 + 24); // llm-latency.csv + neuron-latency.csv
    expect(measurements.length).toBe(106);
    for (const s of skipped) expect(s.reason.length).toBeGreaterThan(5);
  });

  test("median TPOT error is at most 20%", () => {
    expect(overall.tpot!.count).toBeGreaterThanOrEqual(40);
    expect(overall.tpot!.median).toBeLessThanOrEqual(0.2);
  });

  test("median TTFT error is at most 35%", () => {
    expect(overall.ttft!.count).toBeGreaterThanOrEqual(30);
    expect(overall.ttft!.median).toBeLessThanOrEqual(0.35);
  });

  test("the Neuron rows: amortized and inter-token TPOTs, compiled batches, serving containers", () => {
    const byId = (id: string) => measurements.find((m) => m.id === id)!;
    // PyTorch blog, transformers-neuronx on 24 NeuronCores: the runtime's own figures, prefill amortized.
    expect(byId("neuron-latency.csv:3")).toMatchObject({ devices: 12, amortizedPrefill: true, servingStack: false });
    // TGI on 8 NeuronCores, guidellm inter-token latency, one request in flight on a model compiled for 32.
    expect(byId("neuron-latency.csv:18")).toMatchObject({
      devices: 4,
      batch: 1,
      decodeBatch: 32,
      replicas: 3,
      closedLoop: true,
      amortizedPrefill: false,
      servingStack: true,
    });
    expect(skipped.filter((s) => s.reason.startsWith("superseded engine"))).toHaveLength(5);
  });

  test("TurboMind's first token comes from a decode step after the prefill: one step more than a prefill", () => {
    const row = measurements.find((m) => m.id === "llm-latency.csv:65")!; // LMDeploy, Llama-2-7B, A100, batch 1, 128 in
    expect(row).toMatchObject({ engine: "LMDeploy v0.1.0a1", firstTokenAfterDecodeStep: true, batch: 1 });
    const ttft = (m: typeof row) => predictMeasurement(m, knowledge.rules.sizing).find((p) => p.metric === "ttft")!;
    const tpot = predictMeasurement({ ...row, amortizedPrefill: false }, knowledge.rules.sizing).find(
      (p) => p.metric === "tpot",
    )!;
    // The same row read as a prefill-only engine: the difference is exactly one batch-1 decode step.
    expect(ttft(row).predicted - ttft({ ...row, firstTokenAfterDecodeStep: false }).predicted).toBeCloseTo(
      tpot.predicted,
      9,
    );
    expect(measurements.find((m) => m.id === "llm-latency.csv:28")!.firstTokenAfterDecodeStep).toBe(false); // TensorRT-LLM
  });

  // The acceptance: per hardware family with at least 5 rows, in sample (the held-out figures are what
  // `npm run calibrate` prints; they refit the model once per source).
  test.each(["NVIDIA GPU", "Inferentia", "Trainium"])("%s: TPOT within 25%, TTFT within 35% (medians)", (family) => {
    const mine = summarizeErrors(
      predictions.filter((p) => hardwareFamily(p.measurement) === family),
      () => family,
    );
    const tpot = mine.find((s) => s.metric === "tpot")!;
    const ttft = mine.find((s) => s.metric === "ttft")!;
    expect(tpot.count).toBeGreaterThanOrEqual(5);
    expect(ttft.count).toBeGreaterThanOrEqual(5);
    expect(tpot.median).toBeLessThanOrEqual(0.25);
    expect(ttft.median).toBeLessThanOrEqual(0.35);
  });

  test("estimate ranges: quantiles of measured / predicted, wide where rows are few", () => {
    const device = knowledge.catalog.devices.find((d) => d.id === "nvidia-a10g")!;
    const fake = [0.5, 0.8, 0.9, 1, 1.1, 1.2, 1.5].map((ratio) => ({
      metric: "tpot" as const,
      measured: ratio,
      predicted: 1,
      measurement: { device },
    }));
    const ranges = estimateRanges(fake as never);
    // 10th percentile at position 0.6 between 0.5 and 0.8: 0.68; 90th at 5.4 between 1.2 and 1.5: 1.32.
    expect(ranges.gpu.perTokenMs).toEqual([0.68, 1.32]);
    expect(ranges.gpu.rows).toEqual({ perTokenMs: 7, ttftMs: 0 });
    expect(ranges.gpu.ttftMs).toEqual([0.5, 2]);
  });

  test("summaries: median and p90 of relative errors", () => {
    const fake = [0.1, 0.2, 0.3, 0.4, 1].map((error) => ({ error, metric: "tpot" as const }));
    const [summary] = summarizeErrors(fake as never, () => "g");
    expect(summary).toMatchObject({ group: "g", metric: "tpot", count: 5, median: 0.3 });
    expect(summary!.p90).toBeCloseTo(0.4 + 0.6 * 0.6, 9); // linear interpolation at position 0.9 * (5 - 1)
  });
});

describe("hardwareFamily", () => {
  test.each([
    ["nvidia-a10g", "NVIDIA GPU"],
    ["aws-inferentia2", "Inferentia"],
    ["aws-trainium1", "Trainium"],
    ["intel-xeon-ice-lake", "CPU"],
  ])("a measurement on %s is of the %s family", (id, family) => {
    const device = knowledge.catalog.devices.find((d) => d.id === id)!;
    expect(hardwareFamily({ device })).toBe(family);
  });
});

describe("calibration of the work model against published image and transcription times", () => {
  const media = loadMediaMeasurements(knowledge.catalog);
  const errors = (kind: "diffusion" | "speech") =>
    media.measurements
      .filter((m) => m.kind === kind && m.notFitted === undefined)
      .map((m) => Math.abs(predictMedia(m, knowledge.rules.sizing) / m.seconds - 1))
      .sort((a, b) => a - b);
  const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;

  test("every row is used or skipped with a reason, on at least three GPU types", () => {
    expect(media.measurements.length + media.skipped.length).toBe(49 + 33);
    for (const s of media.skipped) expect(s.reason.length).toBeGreaterThan(5);
    const gpus = new Set(media.measurements.filter((m) => m.kind === "diffusion").map((m) => m.device.id));
    expect(gpus.size).toBeGreaterThanOrEqual(3);
  });

  test("rows of other stacks are read, not fitted, and run as those stacks do against the eager estimate", () => {
    const ratio = (reason: RegExp) => {
      const rows = media.measurements.filter((m) => reason.test(m.notFitted ?? ""));
      expect(rows.length).toBeGreaterThan(0);
      const ratios = rows.map((m) => m.seconds / predictMedia(m, knowledge.rules.sizing)).sort((a, b) => a - b);
      return ratios[Math.floor(ratios.length / 2)]!;
    };
    // Compiled engines run faster than the eager pipeline hostfit times; an unfused LoRA adapter slower.
    expect(ratio(/TensorRT/)).toBeLessThan(1);
    expect(ratio(/torch.compile/)).toBeLessThan(1);
    expect(ratio(/LoRA/)).toBeGreaterThan(1);
  });

  test("diffusion within 15% and speech within 40% (medians, in sample, on the stacks hostfit times)", () => {
    expect(errors("diffusion").length).toBeGreaterThanOrEqual(12);
    expect(median(errors("diffusion"))).toBeLessThanOrEqual(0.15);
    expect(errors("speech").length).toBeGreaterThanOrEqual(8);
    expect(median(errors("speech"))).toBeLessThanOrEqual(0.4);
  });
});
