/**
 * A reader that stops reading (`hostfit recommend big.yaml | head`): the CLI must stop quietly, with exit 0 and
 * nothing on stderr, instead of dying on EPIPE with a stack trace. The reader here closes its end of the pipe on
 * the first bytes, while the CLI still has hundreds of workloads to write.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, describe, expect, test } from "vitest";
import { mixedFleet } from "../../bench/fleet.js";
import { spawnCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "hostfit-closed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fleet = mixedFleet(1_000, 42);
const yamlFile = join(dir, "fleet.yaml");
writeFileSync(yamlFile, stringify({ workloads: fleet }));
const ndjsonFile = join(dir, "fleet.ndjson");
writeFileSync(ndjsonFile, `${fleet.map((w) => JSON.stringify(w)).join("\n")}\n`);

const readFirstBytes = (args: readonly string[]) => spawnCli(args, "", { stopReading: true });

describe.concurrent("a reader that closes standard output early", () => {
  test("recommend (JSON): exit 0, nothing on stderr", async () => {
    const run = await readFirstBytes(["recommend", yamlFile, "--no-what-if"]);
    expect(run.stdout.startsWith("{\n")).toBe(true);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
  });

  test("recommend --format ndjson: exit 0, nothing on stderr", async () => {
    const run = await readFirstBytes(["recommend", ndjsonFile, "--format", "ndjson"]);
    expect(run.stdout.startsWith('{"workload":')).toBe(true);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
  });

  test("plan (a whole document written at the end): exit 0, nothing on stderr", async () => {
    const run = await readFirstBytes(["plan", yamlFile]);
    expect(run.stdout.startsWith("{\n")).toBe(true);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
  });
});
