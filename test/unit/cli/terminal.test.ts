/** A person at a terminal gets a table; a pipe gets JSON; --format always wins (issue 24). */
import { describe, expect, test } from "vitest";
import { main } from "../../../src/cli/main.js";

const WORKLOAD =
  "workloads:\n  - { name: w, model: { parameters: 5M, kind: tabular }, payload: 2KB, latency: 1s, isolation: shared, traffic: { pattern: steady, requestsPerDay: 1000 } }\n";

async function run(
  argv: string[],
  stdoutIsTerminal: boolean,
): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const status = await main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => WORKLOAD,
    stdoutIsTerminal,
  });
  return { status, stdout, stderr };
}

describe("the default format follows the reader", () => {
  test.each([["recommend"], ["plan"]])("%s on a terminal: a table", async (command) => {
    const r = await run([command, "-"], true);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      command === "recommend" ? /^workload\s+option\s+instance/ : /^endpoint\s+option\s+instances/,
    );
    expect(() => JSON.parse(r.stdout)).toThrow();
  });

  test("a batch job's row shows no p95: nobody waits on one of its records (it read 3.28 ms)", async () => {
    let stdout = "";
    await main(["recommend", "-", "--format", "table", "--no-what-if"], {
      stdout: (t) => (stdout += t),
      stderr: () => {},
      readStdin: () =>
        "workloads:\n  - { name: nightly, model: { parameters: 20M, kind: tabular, framework: xgboost }, payload: 2KB, latency: none, isolation: shared, traffic: { pattern: offline, records: 1M, deadline: 6h }, constraints: { options: [batch-transform] } }\n",
    });
    expect(stdout.split("\n")[2]).toMatch(/^nightly\s+batch-transform\s+.*\$[\d.,]+\*?\s+-\s+[\d.]+$/);
  });

  test("recommend into a pipe: JSON, the contract", async () => {
    const r = await run(["recommend", "-"], false);
    expect(JSON.parse(r.stdout)).toMatchObject({ version: 1 });
  });

  test("an explicit --format wins on a terminal", async () => {
    const r = await run(["recommend", "-", "--format", "json"], true);
    expect(JSON.parse(r.stdout)).toMatchObject({ version: 1 });
  });
});
