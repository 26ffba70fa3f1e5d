import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { batchOutput, rankEach, rankFile } from "../../../src/core/assess/batch.js";
import { formatJson, writeOutputJson } from "../../../src/format/json.js";
import { parseWorkloads } from "../../../src/load/workloads.js";
import type { Output, Result } from "../../../src/schema/output.js";
import { knowledge } from "../../property/helpers.js";

const EMPTY = { workloads: 0, ok: 0, failed: 0, infeasible: 0 };

/** What writeOutputJson writes, joined, with the chunks it wrote them in. */
function streamed(
  start: Output,
  results: readonly Result[],
  summary: Output["summary"],
): { text: string; chunks: string[]; returned: Output["summary"] } {
  const chunks: string[] = [];
  const returned = writeOutputJson(
    start,
    (add) => {
      for (const result of results) add(result);
      return summary;
    },
    (text) => chunks.push(text),
  );
  return { text: chunks.join(""), chunks, returned };
}

describe("writeOutputJson: formatJson's text, written while the results are produced", () => {
  test("any results and any catalog strings (line breaks, quotes, the results line itself): byte-identical", () => {
    const summary = fc.record({ workloads: fc.nat(), ok: fc.nat(), failed: fc.nat(), infeasible: fc.nat() });
    const text = fc.oneof(fc.string(), fc.constantFrom('\n  "results": [', '"results": []', "\n", "]"));
    fc.assert(
      fc.property(text, text, fc.array(fc.jsonValue()), summary, (id, asOf, values, counts) => {
        const results = values as unknown as Result[];
        const start: Output = { version: 1, catalog: { id, asOf }, results: [], summary: EMPTY };
        const { text: written, returned } = streamed(start, results, counts);
        expect(written).toBe(formatJson({ ...start, results, summary: counts }));
        expect(returned).toEqual(counts);
      }),
      { numRuns: Number(process.env.RUNS ?? 300) },
    );
  });

  test("a ranked file: the same bytes as formatting the whole output, and the same summary", () => {
    const batch = parseWorkloads(
      readFileSync(new URL("../../fixtures/mixed.yaml", import.meta.url), "utf8"),
      "mixed.yaml",
      knowledge.catalog,
    );
    const whole = rankFile(batch, knowledge, { whatIf: false });
    const chunks: string[] = [];
    const summary = writeOutputJson(
      batchOutput(knowledge, [], EMPTY),
      (add) => rankEach(batch, knowledge, { whatIf: false }, add),
      (t) => chunks.push(t),
    );
    expect(chunks.join("")).toBe(formatJson(whole));
    expect(summary).toEqual(whole.summary);
  });

  test("each result is written before the next is produced, so none is held", () => {
    const results = Array.from({ length: 5 }, (_, i) => ({
      workload: `w${i}`,
      ok: false,
      issues: [],
    })) as unknown as Result[];
    const start: Output = { version: 1, catalog: { id: "c", asOf: "2026-12-01" }, results: [], summary: EMPTY };
    const written: string[] = [];
    writeOutputJson(
      start,
      (add) => {
        results.forEach((result, i) => {
          expect(written.join("")).not.toContain(`"w${i}"`);
          add(result);
          expect(written.join("")).toContain(`"w${i}"`);
        });
        return EMPTY;
      },
      (text) => written.push(text),
    );
    expect(written.join("")).toBe(formatJson({ ...start, results }));
  });
});
