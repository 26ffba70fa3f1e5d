/** How schema failures become issues: hostile values are named for what they are, and every type and range problem has a hint. */
import { describe, expect, test } from "vitest";
import { recommendAll } from "../../../src/library.js";
import { OutputSchema } from "../../../src/schema/output.js";
import { issuesOf, withField } from "../workload-file.js";

describe("issue 7: hostile input", () => {
  test("fast-check: an enum field given a mapping with a `toString` key no longer throws (String() of a null-prototype-like object)", () => {
    // Found by `npm run fuzz` (seed 26630483): latency.target: { toString: "" } threw "Cannot convert object to primitive value".
    for (const text of [
      withField("latency", "    latency:", "      target:", '        toString: ""'),
      withField("isolation", "    isolation: { toString: 1, valueOf: 2 }"),
    ]) {
      expect(() => recommendAll(text, { whatIf: false })).not.toThrow();
      const out = recommendAll(text, { whatIf: false });
      expect(OutputSchema.safeParse(out).success).toBe(true);
      expect(out.summary).toMatchObject({ workloads: 1, ok: 0, failed: 1 });
    }
  });

  test("`payload: -.inf` (a scalar for the payload mapping) is a non-finite number, not a missing request", () => {
    expect(issuesOf(withField("payload", "    payload: -.inf"))).toEqual([
      expect.objectContaining({ code: "invalid-number", path: "workloads[0].payload.request", line: 4 }),
    ]);
  });

  test("1e400 as a YAML number reads as Infinity: invalid-number, with a hint about double range", () => {
    const [issue] = issuesOf(withField("model", "    model: { parameters: 1e400 }"));
    expect(issue).toMatchObject({ code: "invalid-number", path: "workloads[0].model.parameters" });
    expect(issue!.hint).toContain("1.8e308");
  });
});

describe("issue 7 follow-ups in the core and the ndjson path", () => {
  test("every type and range problem comes with a hint", () => {
    const issues = issuesOf(
      withField(
        "traffic",
        "    traffic: { pattern: steady, peakRps: -1, activeHoursPerDay: 30 }",
        "    priorities: [1]",
      ),
    );
    expect(issues.map((i) => [i.path, i.hint])).toEqual([
      ["workloads[0].traffic.peakRps", "use a value above 0"],
      ["workloads[0].traffic.activeHoursPerDay", "use 24 or less"],
      ["workloads[0].priorities", expect.any(String)],
    ]);
  });
});
