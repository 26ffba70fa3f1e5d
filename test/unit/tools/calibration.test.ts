import { describe, expect, test } from "vitest";
import { hardwareFamily, predictMeasurement, summarizeErrors } from "../../../src/tools/calibration/predict.js";
import { loadMeasurements } from "../../../src/tools/calibration/measurements.js";
import { knowledge } from "../../property/helpers.js";

// Accuracy, not speed: the bundled sizing rules must stay within the error targets on the published
// measurements (`npm run calibrate` prints the same figures per hardware and held out).
const { measurements, skipped } = loadMeasurements(knowledge.catalog);
const predictions = measurements.flatMap((m) => predictMeasurement(m, knowledge.rules.sizing));
const overall = Object.fromEntries(summarizeErrors(predictions, () => "all").map((s) => [s.metric, s]));

describe("calibration against published LLM latency measurements", () => {
  test("every row is either used or skipped with a reason", () => {
    expect(measurements.length + skipped.length).toBe(98);
    expect(measurements.length).toBeGreaterThanOrEqual(80);
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
