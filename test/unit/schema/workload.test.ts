/** The workload schema's bounds: values far enough out of range to overflow the core are refused with a position and a hint. */
import { describe, expect, test } from "vitest";
import { recommendAll } from "../../../src/library.js";
import { OutputSchema } from "../../../src/schema/output.js";
import { WORKLOAD, issuesOf, withField } from "../workload-file.js";

describe("issue 7: hostile input", () => {
  test("fast-check: peakRps 1e308 is refused as out of range instead of ranking to infinite (null) request counts", () => {
    // Found by `npm run fuzz` (seed 26665494): with what-if on, the cost curve's requestsPerDay overflowed to Infinity,
    // which JSON prints as null; with it off, instanceCount did. The same held for the other volumes near 1e308.
    for (const traffic of [
      "{ pattern: steady, peakRps: 1e+308 }",
      "{ pattern: steady, requestsPerDay: 1e308 }",
      "{ pattern: offline, records: 1e308 }",
      "{ pattern: offline, records: 1000, runsPerMonth: 1e308 }",
    ]) {
      const text = withField("traffic", `    traffic: ${traffic}`);
      const out = recommendAll(text);
      expect(OutputSchema.safeParse(JSON.parse(JSON.stringify(out))).success).toBe(true);
      expect(issuesOf(text)).toEqual([expect.objectContaining({ code: "out-of-range", line: 7 })]);
    }
    // The largest accepted volumes still give finite, schema-valid output.
    const text = withField("traffic", "    traffic: { pattern: steady, peakRps: 1e9, requestsPerDay: 1e15 }");
    const out = recommendAll(text);
    expect(out.summary.ok).toBe(1);
    expect(OutputSchema.safeParse(JSON.parse(JSON.stringify(out))).success).toBe(true);
  });

  test("fast-check: an offline deadline of 5e-324 (ms) is refused instead of needing infinitely many instances", () => {
    // Found by `npm run fuzz` (seed 26763829): records 100 over a denormal deadline gave instanceCount Infinity (null in JSON).
    for (const deadline of ["5e-324", "999ms"]) {
      const text = withField("traffic", `    traffic: { pattern: offline, records: 100, deadline: ${deadline} }`);
      expect(OutputSchema.safeParse(JSON.parse(JSON.stringify(recommendAll(text, { whatIf: false })))).success).toBe(
        true,
      );
      expect(issuesOf(text)).toEqual([
        expect.objectContaining({
          code: "out-of-range",
          path: "workloads[0].traffic.deadline",
          hint: "e.g. 6h or 24h",
        }),
      ]);
    }
    expect(issuesOf(withField("traffic", "    traffic: { pattern: offline, records: 100, deadline: 1s }"))).toEqual([]);
  });

  test("fast-check: activeHoursPerDay 5e-324 is refused instead of needing infinitely many instances", () => {
    // Found by `npm run fuzz` (seed 27320135): one request a day squeezed into a denormal active window.
    const text = withField("traffic", "    traffic: { pattern: steady, requestsPerDay: 1, activeHoursPerDay: 5e-324 }");
    expect(OutputSchema.safeParse(JSON.parse(JSON.stringify(recommendAll(text, { whatIf: false })))).success).toBe(
      true,
    );
    expect(issuesOf(text)).toEqual([
      expect.objectContaining({ code: "out-of-range", path: "workloads[0].traffic.activeHoursPerDay" }),
    ]);
    const shortest = withField(
      "traffic",
      "    traffic: { pattern: steady, requestsPerDay: 1e15, activeHoursPerDay: 0.01 }",
    );
    expect(OutputSchema.safeParse(JSON.parse(JSON.stringify(recommendAll(shortest)))).success).toBe(true);
  });

  test("a priority weight of 1e308 is refused instead of overflowing every score to 0", () => {
    // Found by a CLI probe: the weighted sum overflowed to Infinity, Infinity / Infinity is NaN, and each score was clamped to 0.
    expect(issuesOf(withField("priorities", "    priorities: { latency: 1e308, cost: 1 }"))).toEqual([
      expect.objectContaining({ code: "out-of-range", path: "workloads[0].priorities.latency", line: 8, column: 28 }),
    ]);
    const out = recommendAll(
      withField(
        "priorities",
        "    priorities: { latency: 1e6, cost: 1e6, modelSize: 1e6, isolation: 1e6, scalability: 1e6 }",
      ),
      { whatIf: true },
    );
    expect(out.results[0]!.ok && out.results[0]!.ranking[0]!.score).toBeGreaterThan(0);
  });

  test("a sub-byte payload is refused instead of splitting a dataset into infinitely many records", () => {
    // Found by a sweep of extreme values beside the fuzz: datasetSize 1e18 over a 5e-324-byte request gave records = Infinity.
    const text = `workloads:\n${WORKLOAD.join("\n").replace("payload: 1KB", "payload: 5e-324").replace("{ pattern: steady, peakRps: 1 }", "{ pattern: offline, datasetSize: 1e18, deadline: 1s }")}\n`;
    expect(OutputSchema.safeParse(JSON.parse(JSON.stringify(recommendAll(text)))).success).toBe(true);
    expect(issuesOf(text)).toEqual([
      expect.objectContaining({
        code: "invalid-size",
        path: "workloads[0].payload.request",
        message: "a size is at least 1 byte",
      }),
    ]);
    expect(issuesOf(withField("payload", "    payload: 1B"))).toEqual([]);
  });

  test("an instance type glob with many `*` is refused instead of backtracking for seconds", () => {
    // `**********a` made the core's glob regex take 2 s; twenty stars never finished.
    expect(issuesOf(withField("constraints", '    constraints: { instanceTypes: ["********************a"] }'))).toEqual(
      [expect.objectContaining({ code: "invalid-glob", path: "workloads[0].constraints.instanceTypes[0]" })],
    );
  });
});

describe("issue 19: quantities are bounded to their documented ranges", () => {
  test.each([
    [
      "model",
      ["    model: { parameters: 1e308 }"],
      "workloads[0].model.parameters",
      "parameters must be between 1 and",
    ],
    [
      "model",
      ["    model: { parameters: 7B, count: 1B }"],
      "workloads[0].model.count",
      "model.count must be between 1 and 100,000",
    ],
    ["payload", ["    payload: 2TB"], "workloads[0].payload.request", "a payload must be between 1 and"],
    ["latency", ["    latency: 1e308"], "workloads[0].latency.target", "a duration is at most a year"],
    [
      "traffic",
      ["    traffic: { pattern: offline, records: 5e-324 }"],
      "workloads[0].traffic.records",
      "workloads[0].traffic.records: must be >=1",
    ],
  ])("%s: %j is out of range at %s", (field, lines, path, message) => {
    const issues = issuesOf(withField(field, ...lines));
    expect(issues.map((i) => i.path)).toEqual([path]);
    expect(issues[0]!.code).toMatch(/out-of-range|invalid-count/);
    expect(issues[0]!.message).toContain(message);
  });
});

test("issue 19: 20,000 instance types in one workload are refused by count, not checked one by one", () => {
  const types = Array.from({ length: 20_000 }, (_, i) => `ml.x${i}.large`).join(", ");
  const issues = issuesOf(withField("constraints", `    constraints: { instanceTypes: [${types}] }`));
  expect(issues.map((i) => [i.code, i.path])).toEqual([["out-of-range", "workloads[0].constraints.instanceTypes"]]);
  expect(issues[0]!.message).toContain("at most 1000 instance types or globs");
});
