/** The library's entry points as JavaScript callers use them: bad input is a HostfitError naming it. */
import { describe, expect, test } from "vitest";
import { planFleet as planFleetApi, recommend, recommendAll, safeRecommend } from "../../src/library.js";
import { HostfitError } from "../../src/schema/errors.js";
import { knowledge } from "../property/helpers.js";

describe("the library with input from JavaScript callers", () => {
  const workload = {
    name: "a",
    model: { parameters: "7B" },
    payload: "1KB",
    latency: "1s",
    isolation: "shared",
    traffic: { pattern: "steady", peakRps: 1 },
  } as const;
  const thrown = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error;
    }
    return undefined;
  };

  test("bad options are an invalid-input HostfitError naming each, not a TypeError from the core", () => {
    const error = thrown(() =>
      recommend(workload, { profile: "nope", whatIf: "yes", catalog: {}, rules: 42 } as never),
    );
    expect(error).toBeInstanceOf(HostfitError);
    expect((error as HostfitError).issues.map((i) => [i.code, i.path])).toEqual([
      ["invalid-option", "options.profile"],
      ["invalid-option", "options.whatIf"],
      ["invalid-option", "options.catalog"],
      ["invalid-option", "options.rules"],
    ]);
    expect(thrown(() => safeRecommend(workload, null as never))).toBeInstanceOf(HostfitError);
    // What the loaders return passes.
    expect(
      recommend(workload, { catalog: knowledge.catalog, rules: knowledge.rules, profile: "cost-first", whatIf: false })
        .ok,
    ).toBe(true);
  });

  test("text that is not text, and a workload that is not an object, are named as such", () => {
    expect((thrown(() => recommendAll(null as never)) as HostfitError).issues[0]).toMatchObject({
      path: "text",
      hint: expect.any(String),
    });
    expect((thrown(() => planFleetApi(null as never)) as HostfitError).issues[0]).toMatchObject({ path: "workloads" });
    expect(safeRecommend(null as never)).toMatchObject({
      ok: false,
      issues: [{ code: "invalid-type", message: "a workload must be object, got null" }],
    });
  });
});

describe("the library's planFleet, found in review", () => {
  test("a workload name used twice in an array is the second one's duplicate-name issue, as in a file", () => {
    const w = {
      name: "same",
      model: { parameters: "10M" },
      payload: "1KB",
      latency: "1s",
      isolation: "shared",
      traffic: { pattern: "steady", peakRps: 1 },
    } as const;
    const plan = planFleetApi([w, { ...w, payload: "2KB" }], { whatIf: false });
    expect(plan.endpoints.flatMap((e) => e.workloads)).toEqual(["same"]);
    expect(plan.issues).toEqual([
      {
        code: "duplicate-name",
        path: "workloads[1].name",
        message: 'workload name "same" is already used by workloads[0]',
        hint: "give every workload a unique name",
      },
    ]);
  });
});
