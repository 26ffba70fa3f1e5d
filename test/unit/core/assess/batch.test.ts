import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { rankFile } from "../../../../src/core/assess/batch.js";
import { parseWorkloads } from "../../../../src/load/workloads.js";
import { main } from "../../../../src/cli/main.js";
import { knowledge } from "../../../property/helpers.js";

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

  test("the CLI hands its progress callback to the ranking", () => {
    const calls: [number, number][] = [];
    const out: string[] = [];
    const status = main(["recommend", MIXED, "--no-what-if"], {
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
