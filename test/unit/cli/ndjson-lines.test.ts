/**
 * How `--format ndjson` splits its input into lines (long lines, a byte-order mark, lines across chunks), and how a
 * line that is not a workload object, or names an instance type the catalog lacks, is refused, pinned to its line.
 */
import { Readable, Writable } from "node:stream";
import { describe, expect, test } from "vitest";
import { MAX_LINE_CHARS } from "../../../src/load/ndjson.js";
import { rankLine, rankNdjson } from "../../../src/cli/commands/recommend-stream.js";
import { knowledge } from "../../property/helpers.js";

const WORKLOAD = JSON.stringify({
  name: "a",
  model: { parameters: "10M" },
  payload: "1KB",
  latency: "1s",
  isolation: "shared",
  traffic: { pattern: "steady", peakRps: 1 },
});

async function run(chunks: readonly string[]): Promise<{
  results: { workload: string | null; ok: boolean; issues?: { code: string; line: number }[] }[];
  summary: unknown;
}> {
  let text = "";
  const output = new Writable({ write: (chunk, _encoding, done) => ((text += String(chunk)), done()) });
  const summary = await rankNdjson(Readable.from(chunks), output, knowledge, { whatIf: false });
  return {
    results: text
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l)),
    summary,
  };
}

describe("ndjson input lines", () => {
  test("a line longer than the limit is refused without being kept, and the lines after it are ranked", async () => {
    // 3 MB of one line in 64 KB chunks, as a stream delivers it: it used to be re-split on every chunk (2.5 min for 50 MB).
    const long = "x".repeat(3 * MAX_LINE_CHARS);
    const chunks = [`${WORKLOAD}\n`, ...long.match(/[\s\S]{1,65536}/g)!, `\n${WORKLOAD}\n`];
    const { results, summary } = await run(chunks);
    expect(results.map((r) => [r.ok, r.issues?.[0]?.code, r.issues?.[0]?.line])).toEqual([
      [true, undefined, undefined],
      [false, "line-too-long", 2],
      [true, undefined, undefined],
    ]);
    expect(summary).toEqual({ workloads: 3, ok: 2, failed: 1, infeasible: 0 });
  });

  test("a byte-order mark before the first line, a line split across chunks, and CRLF endings read as plain lines", async () => {
    const half = Math.floor(WORKLOAD.length / 2);
    const { results } = await run([
      `\ufeff${WORKLOAD}\r\n${WORKLOAD.slice(0, half)}`,
      `${WORKLOAD.slice(half)}\r\n`,
      WORKLOAD,
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
  });
});

describe("issue 7 follow-ups in the core and the ndjson path", () => {
  test("an ndjson line naming an unknown instance type is rejected with did-you-mean, pinned to its line", () => {
    const line = JSON.stringify({
      name: "n",
      model: { parameters: "10M" },
      payload: "1KB",
      latency: "1s",
      isolation: "shared",
      traffic: { pattern: "steady", peakRps: 1 },
      constraints: { instanceTypes: ["ml.g5.2xlarg"] },
    });
    const result = rankLine(line, 7, knowledge, {});
    expect(result).toMatchObject({
      ok: false,
      workload: "n",
      issues: [
        {
          code: "unknown-instance-type",
          path: "line 7.constraints.instanceTypes[0]",
          line: 7,
          hint: 'did you mean "ml.g5.2xlarge"?',
        },
      ],
    });
  });

  test('an ndjson line that is JSON but not an object says so, with a hint (it read " is required", "add undefined: to the top level")', () => {
    for (const [line, got] of [
      ["[1,2]", "a list"],
      ["null", "null"],
      ['"x"', '"x"'],
    ] as const) {
      expect(rankLine(line, 3, knowledge, {})).toMatchObject({
        ok: false,
        issues: [
          {
            code: "invalid-type",
            message: `a workload must be object, got ${got}`,
            hint: expect.stringContaining("mapping"),
            line: 3,
          },
        ],
      });
    }
  });
});
