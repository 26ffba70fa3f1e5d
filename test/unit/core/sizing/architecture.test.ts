import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { sizingContext } from "../../../../src/core/sizing/context.js";
import { buildDeployment } from "../../../../src/deploy/requests.js";
import type { WorkloadInput } from "../../../../src/schema/workload.js";
import { knowledge, parse } from "../../../property/helpers.js";

const scoring = (cpuArchitecture?: "x86_64" | "arm64" | "any"): WorkloadInput => ({
  name: "fraud",
  model: { parameters: "5M", precision: "fp32", kind: "tabular", framework: "xgboost" },
  payload: "2KB",
  latency: "50ms",
  isolation: "shared",
  traffic: { pattern: "steady", peakRps: 20 },
  constraints: { options: ["single-model"], ...(cpuArchitecture ? { cpuArchitecture } : {}) },
});
const archOf = (type: string) => knowledge.catalog.instances.find((i) => i.instanceType === type)!.arch;

describe("the container image's CPU architecture", () => {
  test("x86_64 rules Graviton out, arm64 allows it only, any allows both", () => {
    const allowed = (arch?: "x86_64" | "arm64" | "any") =>
      new Set(sizingContext(parse(scoring(arch)), knowledge).allowed.map((i) => i.arch));
    expect(allowed("x86_64")).toEqual(new Set(["amd64"]));
    expect(allowed("arm64")).toEqual(new Set(["arm64"]));
    expect(allowed()).toEqual(new Set(["amd64", "arm64"]));
  });

  test("a Graviton placement says the image must be arm64, in the result and in the deploy notes", () => {
    const workload = parse(scoring("arm64"));
    const result = recommendWorkload(workload, knowledge, { whatIf: false });
    const type = result.ranking[0]!.placement!.instanceType;
    expect(archOf(type)).toBe("arm64");
    expect(result.assumptions).toContainEqual(
      expect.stringMatching(/is a Graviton \(arm64\) instance: the container image must be built for arm64/),
    );
    const notes = buildDeployment(result, workload, { catalog: knowledge.catalog }).notes;
    expect(notes.some((n) => n.includes("Graviton (arm64)"))).toBe(true);
    // On x86_64 nothing is said.
    const x86 = recommendWorkload(parse(scoring("x86_64")), knowledge, { whatIf: false });
    expect((x86.assumptions ?? []).some((a) => a.includes("Graviton"))).toBe(false);
  });
});
