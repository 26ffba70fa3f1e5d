import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { activeParameters, modelFootprint, weightsRead } from "../../../../src/core/sizing/memory.js";
import { decodeStepMs, prefillMs, prefillWorkMs, type ComputeUnit } from "../../../../src/core/sizing/performance.js";
import type { WorkloadInput } from "../../../../src/schema/workload.js";
import { knowledge, parse } from "../../../property/helpers.js";
import { issuesOf, withField } from "../../workload-file.js";

const sizing = knowledge.rules.sizing;
// Mixtral 8x7B (config.json of mistralai/Mixtral-8x7B-v0.1): 46.7B parameters, 12.9B active, 32 layers of 4096.
const MIXTRAL_SHAPE = { layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 8 };
const mixtral = (architecture: object, parameters = "46.7B"): WorkloadInput => ({
  name: "mixtral",
  model: { parameters, precision: "fp16", kind: "llm", framework: "pytorch", architecture },
  payload: "8KB",
  tokens: { input: 1000, output: 300 },
  latency: { target: "60s" },
  isolation: "shared",
  traffic: { pattern: "steady", peakRps: 0.5 },
});
const l40s = knowledge.catalog.devices.find((d) => d.id === "nvidia-l40s")!;
const unit: ComputeUnit = { kind: "gpu", device: l40s, devices: 4, freeBytes: Infinity };

describe("mixtures of experts", () => {
  test("memory holds every expert: Mixtral 8x7B fp16 is 93.4 GB of weights", () => {
    const f = modelFootprint(parse(mixtral({ experts: 8, activeParameters: "12.9B", ...MIXTRAL_SHAPE })), sizing);
    expect(f.weightsBytes).toBe(93.4e9);
    expect(f.parameters).toBe(12.9e9);
    expect(f.activeShare).toBeCloseTo(12.9 / 46.7, 12);
    // The KV cache of its own 32 layers and 8 KV heads, not of a 46.7B dense shape.
    expect(f.kvBytesPerToken).toBe(2 * 32 * 8 * 128 * 2);
  });

  test("a token reads its active share of the weights; a batch touches 1 - (1 - share)^batch of them", () => {
    const f = modelFootprint(parse(mixtral({ experts: 8, activeParameters: "12.9B", ...MIXTRAL_SHAPE })), sizing);
    expect(weightsRead(f, 1)).toBeCloseTo(25.8e9, 0);
    const share = 12.9 / 46.7;
    expect(weightsRead(f, 4)).toBeCloseTo(93.4e9 * (1 - (1 - share) ** 4), 0);
    expect(weightsRead(f, 1000)).toBeCloseTo(93.4e9, 0);
  });

  test("it decodes at the speed of a dense model of its active size, and prefills on its active parameters", () => {
    const moe = modelFootprint(parse(mixtral({ experts: 8, activeParameters: "12.9B", ...MIXTRAL_SHAPE })), sizing);
    const dense = modelFootprint(parse(mixtral(MIXTRAL_SHAPE, "12.9B")), sizing);
    expect(decodeStepMs(unit, moe, "fp16", 1, sizing)).toBeCloseTo(decodeStepMs(unit, dense, "fp16", 1, sizing), 9);
    expect(prefillWorkMs(unit, moe, "fp16", 1000, sizing)).toBeCloseTo(
      prefillWorkMs(unit, dense, "fp16", 1000, sizing),
      9,
    );
    // A 1000-token prompt's tokens touch every expert, so its prefill reads all the weights at least once.
    expect(prefillMs(unit, moe, "fp16", 1000, sizing)).toBeGreaterThan(prefillMs(unit, dense, "fp16", 1000, sizing));
    // More sequences touch more experts: a batch of 32 reads nearly all 93.4 GB where the dense model reads 25.8.
    expect(decodeStepMs(unit, moe, "fp16", 32, sizing)).toBeGreaterThan(decodeStepMs(unit, dense, "fp16", 32, sizing));
  });

  test("experts per token give the active share where activeParameters is not given", () => {
    expect(activeParameters(parse(mixtral({ experts: 8, expertsPerToken: 2 })).model)).toBeCloseTo(11.675e9, 0);
    // Without a shape, the attention and KV cache are derived from the active size: cbrt(128 x 12.9e9 / 12) = 5163 wide, 40 layers.
    const f = modelFootprint(parse(mixtral({ experts: 8, activeParameters: "12.9B" })), sizing);
    expect([f.architecture.layers, f.architecture.hiddenSize]).toEqual([40, 5163]);
  });

  test("Mixtral 8x7B is placed where 94 GB of weights fit, not on ml.p4d.24xlarge", () => {
    const r = recommendWorkload(
      parse(mixtral({ experts: 8, activeParameters: "12.9B", ...MIXTRAL_SHAPE })),
      knowledge,
      { whatIf: false },
    );
    const top = r.ranking[0]!;
    expect(top.placement!.instanceType).not.toBe("ml.p4d.24xlarge");
    expect(top.estimates!.memoryGiB).toBeGreaterThan(93.4e9 / 2 ** 30);
  });

  test.each([
    ["    architecture: { experts: 8, expertsPerToken: 9 }", "expertsPerToken needs experts, and at most that many"],
    ["    architecture: { activeParameters: 2B }", "activeParameters describes a mixture of experts: give experts too"],
    ["    architecture: { layers: 32 }", "layers, hiddenSize and heads describe the shape together"],
    ["    architecture: { experts: 8, activeParameters: 9B }", "activeParameters cannot exceed parameters"],
  ])("%s is refused", (line, message) => {
    const text = withField("model", "    model: { parameters: 7B, kind: llm }").replace(
      "    model: { parameters: 7B, kind: llm }",
      `    model:\n      parameters: 7B\n      kind: llm\n  ${line}`,
    );
    expect(
      issuesOf(text)
        .map((i) => i.message)
        .join(),
    ).toContain(message);
  });
});
