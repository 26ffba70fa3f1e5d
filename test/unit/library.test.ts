/** The library's entry points as JavaScript callers use them: bad input is a HostfitError naming it. */
import { describe, expect, test } from "vitest";
import {
  deploymentRequests,
  planFleet as planFleetApi,
  recommend,
  recommendAll,
  safeRecommend,
} from "../../src/library.js";
import { parseWorkloads } from "../../src/load/workloads.js";
import { rankLine } from "../../src/cli/commands/recommend-stream.js";
import { HostfitError } from "../../src/schema/errors.js";
import type * as Api from "../../src/index.js";
import { knowledge, SMALL_W } from "../property/helpers.js";

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

describe("issue 19: the library's other entry points with what JavaScript callers pass", () => {
  const W = SMALL_W;

  test("parseWorkloads(null) returns a file issue, as its contract says it never throws", () => {
    expect(parseWorkloads(null as never)).toEqual({
      fileIssues: [
        {
          code: "invalid-input",
          path: "text",
          message: "the text of a workload file must be a string, got null",
          hint: "read the file into a string first",
        },
      ],
      entries: [],
    });
  });

  test("deploymentRequests(null) is an invalid-input HostfitError, not a TypeError", () => {
    let caught: unknown;
    try {
      deploymentRequests(null as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HostfitError);
    expect((caught as HostfitError).issues[0]).toMatchObject({ code: "invalid-input", path: "result" });
  });

  test("safeRecommend on an object whose getter throws returns the issue instead of rethrowing", () => {
    const hostile = {
      ...W,
      get payload(): string {
        throw new Error("boom");
      },
    };
    expect(safeRecommend(hostile as never)).toEqual({
      ok: false,
      issues: [
        {
          code: "invalid-input",
          path: "",
          message: "reading a workload threw: boom",
          hint: "pass plain data: an object of fields, as a workload file holds",
        },
      ],
    });
  });
});

describe("issue 19: the same mistake gets the same message from every reader", () => {
  test('"payload": true is a wrong type in the library and on an ndjson line, as in YAML, not a missing field', () => {
    const { payload: _, ...W } = SMALL_W;
    const library = safeRecommend({ ...W, payload: true } as never);
    const line = rankLine(JSON.stringify({ ...W, payload: true }), 1, knowledge, {});
    const yaml = parseWorkloads(
      "workloads:\n  - { name: a, model: { parameters: 5M }, payload: true, latency: 300ms, isolation: shared, traffic: { pattern: steady, peakRps: 3 } }\n",
    );
    const messages = [
      library.ok ? [] : library.issues,
      line.ok ? [] : line.issues,
      yaml.entries.flatMap((e) => (e.ok ? [] : e.issues)),
    ].map((issues) => issues.map((i) => [i.code, i.message]));
    expect(messages[0]).toEqual([["invalid-type", "payload must be object, got true"]]);
    expect(messages[1]).toEqual(messages[0]);
    expect(messages[2]).toEqual([["invalid-type", "workloads[0].payload must be object, got true"]]);
  });

  test("a !!binary value is one wrong-type issue, not one unknown field per Buffer method", () => {
    const text =
      "workloads:\n  - name: a\n    model: !!binary aGVsbG8=\n    payload: 4KB\n    latency: 300ms\n    isolation: shared\n    traffic: { pattern: steady, peakRps: 3 }\n";
    const issues = parseWorkloads(text).entries.flatMap((e) => (e.ok ? [] : e.issues));
    expect(issues.map((i) => [i.code, i.path, i.message])).toEqual([
      ["invalid-type", "workloads[0].model", 'workloads[0].model must be object, got "aGVsbG8="'],
    ]);
  });
});

// The types the README names for callers come from the package's entry point (a missing one fails the type check).
type Named = [
  Api.WorkloadInput,
  Api.Workload,
  Api.RankedResult,
  Api.RankedOption,
  Api.Placement,
  Api.Estimates,
  Api.Output,
  Api.FleetPlan,
  Api.DeploymentPlan,
  Api.DeployRequest,
  Api.Knowledge,
  Api.Catalog,
  Api.Issue,
  Api.HostfitError,
];

describe("the entry point", () => {
  test("exports the types the README names, and the functions beside them", async () => {
    const api = await import("../../src/index.js");
    const named: Named | undefined = undefined;
    expect(named).toBeUndefined();
    for (const fn of [
      "recommend",
      "safeRecommend",
      "recommendAll",
      "planFleet",
      "parseWorkloads",
      "deploymentRequests",
    ])
      expect(typeof (api as Record<string, unknown>)[fn]).toBe("function");
  });
});
