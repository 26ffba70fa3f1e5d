/**
 * `hostfit recommend --format ndjson` streams: JSON Lines in, one result per line out, in constant memory. The
 * built CLI runs in a child process with a 64 MB heap, which could not hold the 100,000-line input or its output
 * whole, and reports its peak RSS on stderr (HOSTFIT_REPORT_MAXRSS); a run ten times longer must not need more.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { recommend } from "../../src/index.js";
import { ROOT } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "hostfit-ndjson-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Small tabular models with varied traffic: cheap to rank, so the test measures memory rather than patience.
function workload(i: number) {
  return {
    name: `t${i}`,
    model: { parameters: 1e6 + ((i * 997) % 5e7), kind: "tabular", framework: "xgboost", precision: "fp32" },
    payload: "4KB",
    latency: "500ms",
    isolation: "shared",
    traffic: { pattern: ["steady", "diurnal", "intermittent"][i % 3], requestsPerDay: 100 + ((i * 7919) % 100_000) },
  };
}

const BROKEN_JSON = 7; // 1-based line numbers in the file
const BROKEN_FIELD = 12;
const BLANK = 20;

function writeInput(lines: number): string {
  const file = join(dir, `w${lines}.ndjson`);
  const out: string[] = [];
  for (let line = 1; line <= lines; line++) {
    if (line === BROKEN_JSON) out.push("{not json");
    else if (line === BROKEN_FIELD) out.push(JSON.stringify({ ...workload(line), latency: "soon" }));
    else if (line === BLANK) out.push("   ");
    else out.push(JSON.stringify(workload(line)));
  }
  writeFileSync(file, `${out.join("\n")}\n`);
  return file;
}

interface Streamed {
  readonly status: number | null;
  readonly lines: number;
  /** Output lines kept by their 1-based position. */
  readonly kept: ReadonlyMap<number, string>;
  readonly stderr: string;
  readonly maxRssKb: number;
}

// Counts the output lines as they arrive and keeps only the ones asked for, so the test itself stays small.
function stream(file: string, keep: readonly number[]): Promise<Streamed> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--max-old-space-size=64", "dist/cli/main.js", "recommend", file, "--format", "ndjson"],
      {
        cwd: ROOT,
        env: { ...process.env, HOSTFIT_REPORT_MAXRSS: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let lines = 0;
    let carry = "";
    let stderr = "";
    const kept = new Map<number, string>();
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      const parts = (carry + chunk).split("\n");
      carry = parts.pop() ?? "";
      for (const part of parts) {
        lines++;
        if (keep.includes(lines)) kept.set(lines, part);
      }
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => {
      const rss = /maxRSS (\d+) KB/.exec(stderr);
      resolve({ status, lines: lines + (carry === "" ? 0 : 1), kept, stderr, maxRssKb: rss ? Number(rss[1]) : NaN });
    });
  });
}

describe("recommend --format ndjson streams in constant memory", () => {
  let small: Streamed;
  let large: Streamed;
  // Output positions: the blank line yields no output, so input line n > BLANK is output line n - 1.
  const keep = [1, BROKEN_JSON, BROKEN_FIELD, 50_000, 99_999];

  beforeAll(async () => {
    small = await stream(writeInput(10_000), keep);
    large = await stream(writeInput(100_000), keep);
  }, 600_000);

  test("one output line per non-blank input line, and the counts on stderr", () => {
    expect(large.lines).toBe(99_999);
    expect(small.lines).toBe(9_999);
    expect(large.stderr).toContain("99999 workloads: 99997 ranked, 0 infeasible, 2 invalid");
    // Invalid lines are reported in the output and make the exit code 1.
    expect(large.status).toBe(1);
  });

  test("each result is what the library gives for the same workload, without what-if", () => {
    for (const [position, inputLine] of [
      [1, 1],
      [50_000, 50_001],
      [99_999, 100_000],
    ] as const) {
      const expected = recommend(workload(inputLine) as Parameters<typeof recommend>[0], { whatIf: false });
      expect(large.kept.get(position)).toBe(JSON.stringify(expected));
    }
  });

  test("invalid lines get ok: false with the line number", () => {
    const json = JSON.parse(large.kept.get(BROKEN_JSON)!);
    expect(json).toMatchObject({
      workload: null,
      ok: false,
      issues: [{ code: "invalid-json", path: `line ${BROKEN_JSON}`, line: BROKEN_JSON }],
    });
    const field = JSON.parse(large.kept.get(BROKEN_FIELD)!);
    expect(field.workload).toBe(`t${BROKEN_FIELD}`);
    expect(field.ok).toBe(false);
    expect(field.issues[0]).toMatchObject({ path: "latency.target", line: BROKEN_FIELD });
  });

  test("peak memory does not grow with the input: 100,000 lines need about what 10,000 do", () => {
    expect(Number.isFinite(small.maxRssKb)).toBe(true);
    expect(Number.isFinite(large.maxRssKb)).toBe(true);
    // The input alone is over 20 MB and the output over 150 MB; a flat run differs by GC noise only.
    expect(large.maxRssKb - small.maxRssKb).toBeLessThan(24 * 1024);
  });
});
