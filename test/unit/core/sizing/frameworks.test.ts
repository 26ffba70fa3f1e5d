import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import type { WorkloadInput } from "../../../../src/schema/workload.js";
import { knowledge, parse } from "../../../property/helpers.js";

const kindOf = new Map(
  knowledge.catalog.instances.map((i) => [
    i.instanceType,
    i.accelerator ? knowledge.catalog.devices.find((d) => d.id === i.accelerator!.device)!.kind : "cpu",
  ]),
);

function model(framework: WorkloadInput["model"]["framework"], over: Partial<WorkloadInput> = {}): WorkloadInput {
  return {
    name: framework ?? "m",
    model: { parameters: "400M", precision: "fp16", kind: "encoder", framework },
    payload: "10KB",
    latency: { target: "60ms", coldStart: "1m" },
    isolation: "shared",
    traffic: { pattern: "steady", peakRps: 40 },
    ...over,
  };
}

// The hardware of every option that places the workload (serverless runs on CPUs).
function placedOn(input: WorkloadInput): Set<string> {
  const r = recommendWorkload(parse(input), knowledge, { whatIf: false });
  return new Set(
    r.ranking.flatMap((o) =>
      o.feasible && o.placement
        ? [o.placement.instanceType.startsWith("serverless-") ? "cpu" : kindOf.get(o.placement.instanceType)!]
        : [],
    ),
  );
}

describe("the hardware a framework runs on (rules/sizing.yaml frameworks)", () => {
  test("a PyTorch model that needs an accelerator for its latency target gets one, and may get Inferentia", () => {
    expect(placedOn(model("pytorch"))).toContain("gpu");
    expect(placedOn(model("pytorch", { constraints: { accelerators: ["inferentia"] } }))).toEqual(
      new Set(["inferentia"]),
    );
  });

  test("scikit-learn runs on CPUs only: the same model is never placed on an accelerator", () => {
    const placed = placedOn(model("sklearn", { latency: { target: "2s", coldStart: "1m" } }));
    expect(placed).toEqual(new Set(["cpu"]));
  });

  test("XGBoost, TensorFlow and ONNX run on CPUs and GPUs, never on Neuron devices", () => {
    for (const framework of ["xgboost", "tensorflow", "onnx"] as const) {
      const placed = placedOn(model(framework));
      expect(placed, framework).toContain("gpu");
      expect(
        [...placed].filter((k) => k === "inferentia" || k === "trainium"),
        framework,
      ).toEqual([]);
    }
  });

  test("constraints that allow only hardware the framework cannot use rule every instance option out, saying why", () => {
    const r = recommendWorkload(parse(model("xgboost", { constraints: { accelerators: ["inferentia"] } })), knowledge, {
      whatIf: false,
    });
    expect(r.recommendation).toBeNull();
    const realtime = r.ranking.find((o) => o.option === "single-model")!;
    expect(realtime.violations).toEqual([
      {
        rule: "single-model-eligible-instance",
        limit: null,
        actual: null,
        unit: "",
        message:
          "no instance type that Real-time endpoint (single model) accepts is allowed by the workload's constraints and runs xgboost (on cpu, gpu only)",
        hint: "widen constraints.instanceTypes or constraints.accelerators to include cpu or gpu instances",
        source: "https://xgboost.readthedocs.io/en/stable/gpu/index.html",
      },
    ]);
  });
});
