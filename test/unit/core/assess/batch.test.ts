import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { rankFile } from "../../../../src/core/assess/batch.js";
import { parseWorkloads } from "../../../../src/load/workloads.js";
import { main } from "../../../../src/cli/main.js";
import { knowledge } from "../../../property/helpers.js";
import { resultLabel } from "../../../../src/format/labels.js";
import { formatTable } from "../../../../src/format/text.js";

const MIXED = "test/fixtures/mixed.yaml";
const text = readFileSync(new URL(`../../../../${MIXED}`, import.meta.url), "utf8");

describe("rankFile progress (issue 5)", () => {
  test("onProgress hears of every entry, valid or not, in order, and the output is unchanged by it", () => {
    const calls: [number, number][] = [];
    const batch = parseWorkloads(text, MIXED);
    const heard = rankFile(batch, knowledge, { whatIf: false }, (done, total) => calls.push([done, total]));
    expect(calls).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(heard).toEqual(rankFile(batch, knowledge, { whatIf: false }));
  });

  test("a file that fails as a whole has no entries and reports no progress", () => {
    const calls: number[] = [];
    const out = rankFile(parseWorkloads("workloads: 3", "x.yaml"), knowledge, {}, (done) => calls.push(done));
    expect(calls).toEqual([]);
    expect(out.summary.workloads).toBe(0);
  });

  test("the CLI hands its progress callback to the ranking", async () => {
    const calls: [number, number][] = [];
    const out: string[] = [];
    const status = await main(["recommend", MIXED, "--no-what-if"], {
      stdout: (t) => out.push(t),
      stderr: () => {},
      readStdin: () => "",
      progress: (done, total) => calls.push([done, total]),
    });
    expect(status).toBe(1);
    expect(calls.map(([d]) => d)).toEqual([1, 2, 3]);
    expect(calls.every(([, t]) => t === 3)).toBe(true);
    expect(JSON.parse(out.join("")).summary.workloads).toBe(3);
  });
});

describe("issue 19: the summary counts workloads, and the report names unnamed entries", () => {
  const entry = (name: string | null) =>
    `  - { ${name === null ? "" : `name: ${name}, `}model: { parameters: 5M }, payload: 4KB, latency: 300ms, isolation: shared, traffic: { pattern: steady, peakRps: 3 } }`;
  // 7 entries, 3 valid; 4 invalid (a bad isolation twice, and two without a name); an extra top-level key.
  const text = [
    "stray: 1",
    "workloads:",
    entry("a"),
    entry("b"),
    entry("c"),
    entry("d").replace("shared", "nope"),
    entry("e").replace("shared", "nope"),
    entry(null),
    entry(null),
  ].join("\n");
  const output = rankFile(parseWorkloads(text, "f.yaml", knowledge.catalog), knowledge, { whatIf: false });

  test("7 entries, 3 valid and a stray top-level key: 4 failed out of 7, the file's row beside them", () => {
    expect(output.summary).toEqual({ workloads: 7, ok: 3, failed: 4, infeasible: 0 });
    expect(output.results).toHaveLength(8);
    expect(output.results[0]).toMatchObject({ workload: null, ok: false });
  });

  test("unnamed entries are labelled by their place in the file, not as the file", () => {
    expect(output.results.map(resultLabel)).toEqual([
      "(file)",
      "a",
      "b",
      "c",
      "d",
      "e",
      "workloads[5]",
      "workloads[6]",
    ]);
    expect(formatTable(output)).toContain("workloads[5]");
  });
});
