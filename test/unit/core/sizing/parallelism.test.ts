import { describe, expect, test } from "vitest";
import { buildDeployment } from "../../../../src/deploy/requests.js";
import { copyDegrees } from "../../../../src/core/sizing/fit.js";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import type { WorkloadInput } from "../../../../src/schema/workload.js";
import { knowledge, parse } from "../../../property/helpers.js";

describe("the devices a copy may take on an accelerator instance (tensor-parallel degrees)", () => {
  test("an LLM may take the fewest devices that hold it, or any larger degree the instance offers", () => {
    // 8 devices of 21.6 GiB usable each, a copy of 18 GiB: one device holds it.
    expect(copyDegrees(8, 21.6, 18, undefined, true)).toEqual([1, 2, 4, 8]);
    // 30 GiB needs two.
    expect(copyDegrees(8, 21.6, 30, undefined, true)).toEqual([2, 4, 8]);
    // Twelve devices (ml.inf2.48xlarge): powers of two, then all twelve, which hold a model eight cannot.
    expect(copyDegrees(12, 28.8, 100, undefined, true)).toEqual([4, 8, 12]);
    expect(copyDegrees(12, 28.8, 300, undefined, true)).toEqual([12]);
    expect(copyDegrees(12, 28.8, 400, undefined, true)).toEqual([]);
  });

  test("other models take the fewest; a pinned degree is the only one, where it holds the copy", () => {
    expect(copyDegrees(8, 21.6, 30, undefined, false)).toEqual([2]);
    expect(copyDegrees(8, 21.6, 18, 4, true)).toEqual([4]);
    expect(copyDegrees(8, 21.6, 30, 1, true)).toEqual([]);
    expect(copyDegrees(4, 21.6, 18, 8, true)).toEqual([]);
  });
});

describe("sizing weighs the degrees as it weighs instance types", () => {
  const chat = (
    constraints: WorkloadInput["constraints"],
    latency: WorkloadInput["latency"] = { target: "30s", perToken: "20ms" },
  ): WorkloadInput => ({
    name: "chat",
    model: { parameters: "8B", precision: "fp16", kind: "llm", framework: "pytorch" },
    payload: { request: "4KB", response: "2KB" },
    tokens: { input: 1000, output: 300 },
    latency,
    isolation: "shared",
    traffic: { pattern: "steady", peakRps: 0.2 },
    // One instance, so the degree alone decides the placement (availability is tested on its own).
    availability: { minInstances: 1 },
    constraints,
  });
  const FAST = { target: "30s", perToken: "18ms" };
  const singleModel = (input: WorkloadInput) =>
    recommendWorkload(parse(input), knowledge, { whatIf: false }).ranking.find((o) => o.option === "single-model")!;

  test("an 8B LLM that needs a token every 18 ms gets four A10Gs a copy, where one or two give it 34 or 20 ms", () => {
    const placed = singleModel(chat({ instanceTypes: ["ml.g5.*"], options: ["single-model"] }, FAST));
    expect(placed.feasible).toBe(true);
    expect(placed.placement).toMatchObject({
      instanceType: "ml.g5.12xlarge",
      acceleratorsPerCopy: 4,
      copiesPerInstance: 1,
    });
    expect(placed.estimates!.perTokenMs).toBeLessThanOrEqual(18);
    // The container decides how it shards the model, so the summary and the deployment say what sizing assumed.
    const input = chat({ instanceTypes: ["ml.g5.*"], options: ["single-model"] }, FAST);
    const result = recommendWorkload(parse(input), knowledge, { whatIf: false });
    expect(result.summary).toMatch(
      /^Use Real-time endpoint \(single model\) on ml\.g5\.12xlarge, 4 accelerators a copy: /,
    );
    const deployment = buildDeployment(result, parse(input));
    expect(deployment.notes).toContain(
      "The sizing runs 1 copy of the model per instance with 4 accelerators each (tensor-parallel degree); configure the container's tensor-parallel degree and worker or replica count accordingly.",
    );
    // The fewest devices alone, as sizing tried before: nothing on g5 gives a token every 18 ms.
    for (const pinned of [1, 2]) {
      const fewer = singleModel(
        chat({ instanceTypes: ["ml.g5.*"], options: ["single-model"], acceleratorsPerCopy: pinned }, FAST),
      );
      expect(fewer.feasible).toBe(false);
      expect(fewer.violations.map((v) => v.message).join()).toMatch(/no instance gives a token every 18 ms/);
    }
  });

  test("at equal cost on one instance type a copy takes the fewest devices, leaving the rest to other copies", () => {
    // Without a per-token SLO one A10G a copy carries the load: one instance whatever the degree, four copies on it.
    const placed = singleModel(
      chat({ instanceTypes: ["ml.g5.12xlarge"], options: ["single-model"] }, { target: "30s" }),
    );
    expect(placed.placement).toMatchObject({
      instanceType: "ml.g5.12xlarge",
      instanceCount: 1,
      acceleratorsPerCopy: 1,
      copiesPerInstance: 4,
    });
  });
});
