/** Assessing every option of one workload: sizing, then the hard limits. */
import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import type { Knowledge } from "../../../../src/core/types.js";
import { knowledge, parse, SMALL_W } from "../../../property/helpers.js";

const W = parse(SMALL_W);

// Every number of a value that is not finite, with its path.
function nonFinite(value: unknown, path = "$"): string[] {
  if (typeof value === "number") return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
}

describe("issue 19: rules edited far out of range never put infinity in a ranking", () => {
  test("a traffic peak of 1e308 times the mean: the instance options are refused as overflowing", () => {
    const rules: Knowledge["rules"] = {
      ...knowledge.rules,
      traffic: { ...knowledge.rules.traffic, steady: { ...knowledge.rules.traffic.steady, peakToMean: 1e308 } },
    };
    // A daily volume, whose peak is the mean times peakToMean: 1e308 of it.
    const daily = parse({ ...W, traffic: { pattern: "steady", requestsPerDay: 1e6 } });
    const result = recommendWorkload(daily, { ...knowledge, rules }, { whatIf: true });
    expect(nonFinite(result)).toEqual([]);
    const overflowing = result.ranking.filter((o) => o.violations.some((v) => v.rule.endsWith("-figures-overflow")));
    expect(overflowing.length).toBeGreaterThan(0);
    expect(overflowing[0]!.violations.at(-1)).toEqual({
      rule: `${overflowing[0]!.option}-figures-overflow`,
      limit: null,
      actual: null,
      unit: "",
      message: "sizing this option gives figures past any number (an instance count or cost of infinity)",
      hint: "check the values of the rules and catalog in use: one is far outside its usual range",
    });
  });

  test("a runtime overhead of 1e308 GiB: the memory limits compared are unknown (null), not infinite", () => {
    const rules: Knowledge["rules"] = {
      ...knowledge.rules,
      sizing: { ...knowledge.rules.sizing, memory: { ...knowledge.rules.sizing.memory, runtimeOverheadGiB: 1e308 } },
    };
    const result = recommendWorkload(W, { ...knowledge, rules });
    expect(result.recommendation).toBeNull();
    expect(nonFinite(result)).toEqual([]);
  });
});
