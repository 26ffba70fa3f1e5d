import { describe, expect, test } from "vitest";
import { assessOption } from "../../../../src/core/assess/assess.js";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { sizingContext } from "../../../../src/core/sizing/context.js";
import { fitConfigs } from "../../../../src/core/sizing/fit.js";
import { singleRequestMs } from "../../../../src/core/sizing/performance.js";
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
    const bare = recommendWorkload(parse(vision("90s")), knowledge, { whatIf: false });
    expect(bare.assumptions).toEqual([expect.stringMatching(/taken as measured on each instance type's own/)]);
    const given = recommendWorkload(parse(vision(onG5)), knowledge, { whatIf: false });
    expect(given.assumptions).toEqual([expect.stringMatching(/scaled from ml\.g5\.xlarge, where it was measured/)]);
    const none = recommendWorkload(parse(vision(undefined)), knowledge, { whatIf: false });
    expect(none.assumptions).toEqual([expect.stringMatching(/^vision requests are timed as one forward pass/)]);
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
