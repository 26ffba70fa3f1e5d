/**
 * Output that cannot take what is written. A reader that stops reading (`hostfit recommend big.yaml | head`):
 * the CLI must stop quietly, with exit 0 and nothing on stderr, instead of dying on EPIPE with a stack trace; the
 * reader here closes its end of the pipe on the first bytes, while the CLI still has hundreds of workloads to
 * write. A full device (/dev/full, as --out or as standard output): exit 2 with a plain diagnostic, not an
 * internal error.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
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

describe.concurrent("a full device (/dev/full)", () => {
  const FULL_OUT = {
    status: 2,
    stdout: "",
    stderr:
      "✖ cannot write /dev/full: no space is left on its device\n  → at /dev/full\n  hint: pass --out a path in an existing, writable folder with room to spare\n",
  };
  const FULL_STDOUT = {
    status: 2,
    stdout: "",
    stderr:
      "✖ cannot write standard output: no space is left on its device\n  hint: check where standard output goes, or pass --out FILE\n",
  };

  test.each([
    ["recommend (JSON)", ["recommend", yamlFile, "--no-what-if"]],
    ["recommend --format ndjson", ["recommend", ndjsonFile, "--format", "ndjson"]],
    ["plan", ["plan", yamlFile]],
  ])("%s --out /dev/full: exit 2, the file and the reason on stderr", async (_, args) => {
    expect(await spawnCli([...args, "--out", "/dev/full"])).toEqual(FULL_OUT);
  });

  test.each([
    ["recommend (JSON)", ["recommend", yamlFile, "--no-what-if"]],
    ["recommend --format ndjson", ["recommend", ndjsonFile, "--format", "ndjson"]],
  ])("%s > /dev/full: exit 2, standard output and the reason on stderr", async (_, args) => {
    const fd = openSync("/dev/full", "w");
    try {
      expect(await spawnCli(args, "", { stdoutFd: fd })).toEqual(FULL_STDOUT);
    } finally {
      closeSync(fd);
    }
  });
});
