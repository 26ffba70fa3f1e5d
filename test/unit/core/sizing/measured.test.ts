import { describe, expect, test } from "vitest";
import { assessOption } from "../../../../src/core/assess/assess.js";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { sizingContext } from "../../../../src/core/sizing/context.js";
import { fitConfigs } from "../../../../src/core/sizing/fit.js";
import { decodeStepMs, singleRequestMs } from "../../../../src/core/sizing/performance.js";
import { measuredAgainstModel } from "../../../../src/core/sizing/measured.js";
import { modelFootprint } from "../../../../src/core/sizing/memory.js";
import type { WorkloadInput } from "../../../../src/schema/workload.js";
import { knowledge, parse } from "../../../property/helpers.js";
import { issuesOf, withField } from "../../workload-file.js";

// A 1B vision model measured at 90 s a request on one A10G (ml.g5.xlarge).
const vision = (processingTime: WorkloadInput["processingTime"], instanceTypes?: string[]): WorkloadInput => ({
  name: "v",
  model: { parameters: "1B", precision: "fp16", kind: "vision", framework: "pytorch" },
  payload: "100KB",
  processingTime,
  latency: { target: "30m" },
  isolation: "shared",
  traffic: { pattern: "steady", requestsPerDay: 200 },
  constraints: { options: ["async"], ...(instanceTypes ? { instanceTypes } : {}) },
});
const instance = (type: string) => knowledge.catalog.instances.find((i) => i.instanceType === type)!;

// The model's own physics on an instance type's first configuration, as if no time were given.
function modelled(type: string): number {
  const ctx = sizingContext(parse(vision(undefined)), knowledge);
  return singleRequestMs(fitConfigs(instance(type), ctx)[0]!.unit, ctx.footprint, ctx.workload, knowledge.rules.sizing);
}

function measuredOn(type: string, processingTime: WorkloadInput["processingTime"]): number {
  return assessOption(parse(vision(processingTime, [type])), knowledge, "async").candidate!.performance.computeMs;
}

describe("a measured time belongs to its hardware", () => {
  const onG5 = { value: "90s", on: "ml.g5.xlarge" };

  test("on the instance type it was measured on, it is the measured time", () => {
    expect(measuredOn("ml.g5.xlarge", onG5)).toBeCloseTo(90_000, 6);
  });

  test("on another, it scales by the ratio of the model's physics on the two", () => {
    for (const type of ["ml.g4dn.xlarge", "ml.g6e.xlarge", "ml.g6.xlarge", "ml.inf2.xlarge"]) {
      const ratio = modelled(type) / modelled("ml.g5.xlarge");
      expect(ratio, type).not.toBeCloseTo(1, 2);
      expect(measuredOn(type, onG5), type).toBeCloseTo(90_000 * ratio, 3);
    }
  });

  test("a bare time holds on each instance type's own hardware, a burstable one at its sustained share", () => {
    expect(measuredOn("ml.g4dn.xlarge", "90s")).toBe(90_000);
    const t2 = knowledge.catalog.devices.find((d) => d.id === instance("ml.t2.large").cpu)!;
    expect(t2.sustainedFraction).toBeLessThan(1);
    expect(measuredOn("ml.t2.large", "90s")).toBeCloseTo(90_000 / t2.sustainedFraction, 6);
  });

  test("the result says which hardware the time was taken to be on", () => {
    // What the measured time says (the quota note of a GPU winner is tested in quotas.test.ts).
    const said = (r: { assumptions?: string[] }) => r.assumptions?.filter((l) => !l.includes("is taken as launchable"));
    const bare = recommendWorkload(parse(vision("90s")), knowledge, { whatIf: false });
    expect(said(bare)).toEqual([expect.stringMatching(/taken as measured on each instance type's own/)]);
    const given = recommendWorkload(parse(vision(onG5)), knowledge, { whatIf: false });
    expect(said(given)).toEqual([expect.stringMatching(/scaled from ml\.g5\.xlarge, where it was measured/)]);
    const none = recommendWorkload(parse(vision(undefined)), knowledge, { whatIf: false });
    expect(said(none)).toEqual([expect.stringMatching(/^vision requests are timed as one forward pass/)]);
  });

  test("an instance type the catalog lacks is an error at its place, with the nearest type", () => {
    const issues = issuesOf(withField("processingTime", "    processingTime: { value: 20s, on: ml.g5.xlarg }"));
    expect(issues).toEqual([
      expect.objectContaining({
        code: "unknown-instance-type",
        path: "workloads[0].processingTime.on",
        line: 8,
        hint: 'did you mean "ml.g5.xlarge"?',
      }),
    ]);
  });
});

describe("the workload's own measured rows", () => {
  test("a row's factors: measured over the model on its hardware, worked by hand for a time per token", () => {
    const input: WorkloadInput = {
      name: "chat",
      model: { parameters: "8B", precision: "fp16", kind: "llm", framework: "pytorch" },
      payload: "4KB",
      tokens: { input: 1000, output: 300 },
      latency: "30s",
      isolation: "shared",
      traffic: { pattern: "steady", peakRps: 0.5 },
      measured: [{ instanceType: "ml.g5.2xlarge", perToken: "31ms" }],
    };
    const w = parse(input);
    const plain = modelFootprint(w, knowledge.rules.sizing);
    const [found] = measuredAgainstModel(w, plain, knowledge);
    const modelStep = decodeStepMs(found!.unit, plain, "fp16", 1, knowledge.rules.sizing);
    expect(found!.factors.decode).toBeCloseTo(31 / modelStep, 12);
    // A row without a first token or a whole-request time leaves the prefill to the model.
    expect(found!.factors.prefill).toBe(1);
    const r = recommendWorkload(w, knowledge, { whatIf: false });
    expect(r.assumptions![0]).toMatch(/^measured on ml\.g5\.2xlarge at concurrency 1: 31 ms a token \(model /);
  });

  test.each([
    ["    measured: [{ instanceType: ml.g5.2xlarg, p95: 2s }]", "is no instance type in the catalog"],
    ["    measured: [{ instanceType: ml.g5.2xlarge }]", "a measured row needs at least one figure"],
  ])("%s is refused", (line, message) => {
    expect(
      issuesOf(withField("measured", line))
        .map((i) => i.message)
        .join(),
    ).toContain(message);
  });

  test("a processingTime and measured rows together are refused", () => {
    const text = withField(
      "measured",
      "    measured: [{ instanceType: ml.g5.2xlarge, p50: 1s }]",
      "    processingTime: 2s",
    );
    expect(issuesOf(text).map((i) => i.message)).toEqual(["give processingTime or measured rows, not both"]);
  });
});
