import { describe, expect, test } from "vitest";
import { main } from "../../../src/cli/main.js";
import { parseCommandLine, UsageError, WHAT_IF_MAX_DEFAULT } from "../../../src/cli/args.js";
import { groupThousands } from "../../../src/core/units.js";

describe("--what-if, --no-what-if and --format ndjson on the command line", () => {
  test("the what-if flags set it either way, and neither leaves the default to the run", () => {
    expect(parseCommandLine(["recommend", "f.yaml", "--what-if"]).whatIf).toBe(true);
    expect(parseCommandLine(["recommend", "f.yaml", "--no-what-if"]).whatIf).toBe(false);
    expect(parseCommandLine(["recommend", "f.yaml"]).whatIf).toBeUndefined();
    expect(() => parseCommandLine(["recommend", "f.yaml", "--what-if", "--no-what-if"])).toThrow(UsageError);
  });

  test("ndjson is a recommend format only, and charts need the whole output", () => {
    expect(parseCommandLine(["recommend", "f.ndjson", "--format", "ndjson"]).format).toBe("ndjson");
    expect(() => parseCommandLine(["plan", "f.ndjson", "--format", "ndjson"])).toThrow(/recommend only/);
    expect(() => parseCommandLine(["recommend", "f.ndjson", "--format", "ndjson", "--charts", "dir"])).toThrow(
      /--charts/,
    );
  });

  test("a batch over the default limit skips the what-if analysis and says so; a small one runs it", async () => {
    const workload = (i: number) =>
      `  - { name: w${i}, model: { parameters: 5M, kind: tabular }, payload: 2KB, latency: 1s, isolation: shared, traffic: { pattern: steady, requestsPerDay: ${1000 + i} } }`;
    const text = `workloads:\n${Array.from({ length: WHAT_IF_MAX_DEFAULT + 1 }, (_, i) => workload(i)).join("\n")}\n`;
    const run = async (extra: string[]) => {
      let stdout = "";
      let stderr = "";
      const status = await main(["recommend", "-", ...extra], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        readStdin: () => text,
      });
      return { status, stderr, first: JSON.parse(stdout).results[0] };
    };
    const bulk = await run([]);
    expect(bulk.status).toBe(0);
    expect(bulk.stderr).toContain(`what-if analysis skipped for ${WHAT_IF_MAX_DEFAULT + 1} workloads`);
    expect(bulk.first.costCurve).toBeUndefined();
    const small = await (async () => {
      let stdout = "";
      await main(["recommend", "-"], {
        stdout: (t) => (stdout += t),
        stderr: () => {},
        readStdin: () => `workloads:\n${workload(0)}\n`,
      });
      return JSON.parse(stdout).results[0];
    })();
    expect(small.costCurve).toBeDefined();
  }, 120_000);

  test("groupThousands writes whole numbers as toLocaleString('en-US') does", () => {
    for (const n of [0, 7, -7, 999, 1000, -1000, 12345, 1234567, -9876543210, Number.MAX_SAFE_INTEGER, 1e21, -0]) {
      expect(groupThousands(n)).toBe(n.toLocaleString("en-US"));
    }
  });
});
