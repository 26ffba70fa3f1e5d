import { describe, expect, test } from "vitest";
import { sizingContext } from "../../../src/core/sizing/context.js";
import { modelFootprint } from "../../../src/core/sizing/memory.js";
import { measuredAgainstModel } from "../../../src/core/sizing/measured.js";
import { estimatePerformance } from "../../../src/core/sizing/performance.js";
import { importRecommenderJob } from "../../../src/load/recommender.js";
import { HostfitError } from "../../../src/schema/errors.js";
import { RECOMMENDER_JOB } from "../../fixtures/recommender/job.js";
import { knowledge, parse } from "../../property/helpers.js";

const JSON_TEXT = JSON.stringify(RECOMMENDER_JOB, null, 2);

describe("Inference Recommender job results as measured rows", () => {
  test("each instance recommendation gives the requests a second one instance sustained; serverless is left out", () => {
    expect(importRecommenderJob(JSON_TEXT, "job.json")).toEqual({
      jobName: "sentiment-ir-default",
      rows: [
        // 600 invocations a minute on one instance; 300 a minute over two.
        { instanceType: "ml.g5.xlarge", throughputRps: 10, atCapacity: true },
        { instanceType: "ml.c5.2xlarge", throughputRps: 2.5, atCapacity: true },
      ],
      skipped: 1,
    });
  });

  test("a file that is not a job result is an error with its place", () => {
    const bad = JSON.stringify({ ...RECOMMENDER_JOB, InferenceRecommendations: [{ Metrics: {} }] });
    expect(() => importRecommenderJob(bad, "job.json")).toThrow(HostfitError);
    try {
      importRecommenderJob(bad, "job.json");
    } catch (e) {
      expect((e as HostfitError).issues[0]).toMatchObject({
        path: "InferenceRecommendations[0].EndpointConfiguration",
      });
    }
  });

  test("the imported rows set the model's capacity on the instance type tested to what it sustained", () => {
    const rows = importRecommenderJob(JSON_TEXT, "job.json").rows;
    const workload = parse({
      name: "sentiment",
      model: { parameters: "350M", precision: "fp16", kind: "encoder", framework: "pytorch" },
      payload: "2KB",
      latency: "1s",
      isolation: "shared",
      traffic: { pattern: "steady", peakRps: 5 },
      measured: [rows[0]!],
    });
    const ctx = sizingContext(workload, knowledge);
    const { unit } = measuredAgainstModel(workload, modelFootprint(workload, knowledge.rules.sizing), knowledge)[0]!;
    const unbounded = { computeP95Ms: Infinity, ttftMs: Infinity, perTokenMs: Infinity };
    // One A10G a copy, one copy on ml.g5.xlarge: its throughput at the largest batch is the 10 requests a second.
    expect(
      estimatePerformance(unit, ctx.footprint, workload, unbounded, knowledge.rules.sizing).throughputRps,
    ).toBeCloseTo(10, 6);
  });
});
