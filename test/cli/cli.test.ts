/**
 * The CLI as a user runs it: a real `node` process on the built dist/cli/main.js (test/global-setup.ts builds
 * it), checked on stdout, stderr and exit status together. Tests run concurrently and identical invocations
 * are spawned once and shared.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { afterAll, describe, expect, test } from "vitest";
import { OutputSchema, type Output, type RankedResult } from "../../src/schema/output.js";
import { hostfit, ROOT, type Run } from "./run-cli.js";

const FEASIBLE = "test/fixtures/feasible.yaml";
const MIXED = "test/fixtures/mixed.yaml";
const OPTION_IDS = ["serverless", "single-model", "multi-model", "inference-components", "async", "batch-transform"];

function output(run: Run): Output {
  return OutputSchema.parse(JSON.parse(run.stdout));
}

function ranked(out: Output, workload: string): RankedResult {
  const result = out.results.find((r) => r.workload === workload);
  if (!result || !result.ok) throw new Error(`no ranked result for ${workload}`);
  return result;
}

function workloadNames(file: string): string[] {
  const doc = parseYaml(readFileSync(join(ROOT, file), "utf8")) as { workloads: { name: string }[] };
  return doc.workloads.map((w) => w.name);
}

const tmp = mkdtempSync(join(tmpdir(), "hostfit-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** What a usage error looks like: nothing on stdout, exit 2, the message and the usage on stderr. */
function expectUsageError(run: Run, fragment: string): void {
  expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: "" });
  expect(run.stderr).toContain(`✖ `);
  expect(run.stderr).toContain(fragment);
  expect(run.stderr).toContain("Usage:\n  hostfit recommend <file|->");
  expect(run.stderr).not.toContain("    at ");
}

describe.concurrent("hostfit recommend", () => {
  test("the public scenarios: JSON in the DESIGN shape, exit 1 because too-big-to-host has no feasible option", async () => {
    const run = await hostfit(["recommend", "examples/scenarios.yaml"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    const out = output(run);
    expect(out.version).toBe(1);
    expect(out.catalog).toEqual({ id: "sagemaker-us-east-1", asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(out.results.map((r) => r.workload)).toEqual(workloadNames("examples/scenarios.yaml"));
    expect(out.results).toHaveLength(8);
    expect(out.summary).toEqual({ workloads: 8, ok: 8, failed: 0, infeasible: 1 });
    for (const result of out.results) {
      if (!result.ok) throw new Error(`${result.workload} failed`);
      // Every option appears once; feasible ones first, ranked 1..n by score.
      expect([...result.ranking.map((r) => r.option)].sort()).toEqual([...OPTION_IDS].sort());
      const feasible = result.ranking.filter((r) => r.feasible);
      expect(result.ranking.slice(0, feasible.length)).toEqual(feasible);
      expect(feasible.map((r) => r.rank)).toEqual(feasible.map((_, i) => i + 1));
      const scores = feasible.map((r) => r.score!);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(result.recommendation).toBe(feasible[0]?.option ?? null);
      for (const r of result.ranking.filter((x) => !x.feasible)) expect(r.violations.length).toBeGreaterThan(0);
    }
    const tooBig = ranked(out, "too-big-to-host");
    expect(tooBig.recommendation).toBeNull();
    expect(tooBig.ranking.every((r) => !r.feasible && r.rank === null && r.score === null)).toBe(true);
  });

  test("a file with only feasible workloads: exit 0, JSON on stdout, nothing on stderr", async () => {
    const run = await hostfit(["recommend", FEASIBLE]);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    const out = output(run);
    expect(out.results.map((r) => [r.workload, r.ok])).toEqual([
      ["fraud-scoring", true],
      ["monthly-churn", true],
    ]);
    expect(out.summary).toEqual({ workloads: 2, ok: 2, failed: 0, infeasible: 0 });
    expect(ranked(out, "monthly-churn").recommendation).toBe("batch-transform");
    expect(run.stdout.endsWith("\n")).toBe(true);
  });

  test("--format markdown: the same exit code as JSON, every workload named", async () => {
    const [json, text] = await Promise.all([
      hostfit(["recommend", "examples/scenarios.yaml"]),
      hostfit(["recommend", "examples/scenarios.yaml", "--format", "markdown"]),
    ]);
    expect({ status: text.status, stderr: text.stderr }).toEqual({ status: json.status, stderr: "" });
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/^# hostfit recommendations\n/);
    expect(text.stdout).toContain("| workload | option |");
    for (const name of workloadNames("examples/scenarios.yaml")) expect(text.stdout).toContain(`| ${name} |`);
  });

  test("--format table on the demo workloads (npm start): exit 0 as every one is feasible, every workload named", async () => {
    const text = await hostfit(["recommend", "examples/workloads.yaml", "--format", "table"]);
    expect({ status: text.status, stderr: text.stderr }).toEqual({ status: 0, stderr: "" });
    expect(text.stdout).toMatch(/^workload\s+option\s+instance/);
    // One summary row per workload, naming the recommended option.
    const rows = text.stdout.split("\n");
    for (const name of workloadNames("examples/workloads.yaml")) {
      expect(rows.filter((row) => new RegExp(`^${name} +(${OPTION_IDS.join("|")}) `).test(row))).toHaveLength(1);
    }
  });

  test("`-` reads standard input and gives byte-identical output to the file", async () => {
    const [fromStdin, fromFile] = await Promise.all([
      hostfit(["recommend", "-"], readFileSync(join(ROOT, FEASIBLE), "utf8")),
      hostfit(["recommend", FEASIBLE]),
    ]);
    expect({ status: fromStdin.status, stderr: fromStdin.stderr }).toEqual({ status: 0, stderr: "" });
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    expect(output(fromStdin).results).toHaveLength(2);
  });

  test("a file with one invalid workload: exit 1, the valid ones still ranked, the issue on stderr with line:col", async () => {
    const run = await hostfit(["recommend", MIXED]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      [
        '✖ "12 parsecs" is not a size',
        `  → at workloads[1].payload.request (${MIXED}:13:16)`,
        "  hint: use e.g. 12MB or 2GiB",
        "",
      ].join("\n"),
    );
    const out = output(run);
    expect(out.results.map((r) => [r.workload, r.ok])).toEqual([
      ["fraud-scoring", true],
      ["broken-one", false],
      ["monthly-churn", true],
    ]);
    expect(out.results[1]).toEqual({
      workload: "broken-one",
      ok: false,
      issues: [
        {
          code: "invalid-size",
          path: "workloads[1].payload.request",
          line: 13,
          column: 16,
          message: '"12 parsecs" is not a size',
          hint: "use e.g. 12MB or 2GiB",
          file: MIXED,
        },
      ],
    });
    expect(ranked(out, "fraud-scoring").recommendation).not.toBeNull();
    expect(ranked(out, "monthly-churn").recommendation).not.toBeNull();
    expect(out.summary).toEqual({ workloads: 3, ok: 2, failed: 1, infeasible: 0 });
  });

  test("--out FILE writes the output there and nothing to stdout", async () => {
    const target = join(tmp, "out.json");
    const [run, direct] = await Promise.all([
      hostfit(["recommend", FEASIBLE, "--out", target]),
      hostfit(["recommend", FEASIBLE]),
    ]);
    expect(run).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(readFileSync(target, "utf8")).toBe(direct.stdout);
  });

  test("--out into a missing directory: exit 2 with a plain diagnostic, not an internal error", async () => {
    const target = join(tmp, "no-such-dir", "out.json");
    const run = await hostfit(["recommend", FEASIBLE, "--out", target]);
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: "" });
    expect(run.stderr).toContain(target);
    expect(run.stderr).not.toContain("internal error");
    expect(run.stderr).not.toContain("    at ");
  });

  test("--profile cost-first reweights every score toward cost", async () => {
    const [cost, balanced] = await Promise.all([
      hostfit(["recommend", FEASIBLE, "--profile", "cost-first"]),
      hostfit(["recommend", FEASIBLE]),
    ]);
    expect({ status: cost.status, stderr: cost.stderr }).toEqual({ status: 0, stderr: "" });
    const costOut = output(cost);
    const balancedOut = output(balanced);
    // rules/profiles.yaml: cost-first weighs cost 3, the other four 1; score = sum(w*f) / sum(w).
    for (const result of costOut.results) {
      if (!result.ok) throw new Error("unexpected failure");
      for (const r of result.ranking.filter((x) => x.feasible)) {
        const f = r.fitness!;
        expect(r.score).toBeCloseTo((f.modelSize + f.latency + f.isolation + 3 * f.cost + f.scalability) / 7, 3);
      }
    }
    const scores = (out: Output) => out.results.flatMap((r) => (r.ok ? r.ranking.map((x) => x.score) : []));
    expect(scores(costOut)).not.toEqual(scores(balancedOut));
  });

  test("a missing file: exit 2, 'no such file', no stack trace", async () => {
    const run = await hostfit(["recommend", "test/fixtures/does-not-exist.yaml"]);
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: "" });
    expect(run.stderr).toContain("cannot read test/fixtures/does-not-exist.yaml: no such file");
    expect(run.stderr).toContain("hint: ");
    expect(run.stderr).not.toContain("    at ");
  });

  test("--rules pointing nowhere: exit 2, no stack trace", async () => {
    const run = await hostfit(["recommend", FEASIBLE, "--rules", "/nonexistent"]);
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: "" });
    expect(run.stderr).toMatch(/^✖ cannot read \/nonexistent\/\S+: no such file/);
    expect(run.stderr).toContain("hint: --rules and --catalog take a folder holding every file of the bundled one");
    expect(run.stderr).not.toContain("    at ");
  });

  test("--rules naming a file, and a rules folder with an empty file: exit 2, each with a hint about rules, not workloads", async () => {
    const notFolder = await hostfit(["recommend", FEASIBLE, "--rules", "README.md"]);
    expect(notFolder.status).toBe(2);
    expect(notFolder.stderr).toContain(
      "cannot read README.md/options.yaml: a part of the path is a file, not a folder",
    );
    const dir = mkdtempSync(join(tmpdir(), "hostfit-rules-"));
    try {
      cpSync(join(ROOT, "rules"), dir, { recursive: true });
      writeFileSync(join(dir, "profiles.yaml"), "");
      const empty = await hostfit(["recommend", FEASIBLE, "--rules", dir]);
      expect(empty.status).toBe(2);
      expect(empty.stderr).toContain(
        "hint: profiles.yaml must hold its data: copy it from the bundled rules folder and edit that",
      );
      expect(empty.stderr).not.toContain("workloads:");
      // Another folder: runs are memoized by their arguments.
      const other = join(dir, "scalar");
      cpSync(join(ROOT, "rules"), other, { recursive: true });
      writeFileSync(join(other, "profiles.yaml"), "5\n");
      const scalar = await hostfit(["recommend", FEASIBLE, "--rules", other]);
      expect(scalar.stderr).toContain("✖ the file must be object, got 5");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.concurrent("hostfit validate", () => {
  test("a good file: exit 0, nothing on stdout", async () => {
    const run = await hostfit(["validate", FEASIBLE]);
    expect(run).toEqual({ status: 0, stdout: "", stderr: "2 of 2 workloads valid\n" });
  });

  test("durations in words and a $schema key for editors: exit 0 (issue 24: both were refused)", async () => {
    const file = join(tmp, "words.yaml");
    writeFileSync(
      file,
      [
        "$schema: urn:hostfit:schema:workload-file:1",
        "workloads:",
        "  - name: words",
        "    model: { parameters: 20M }",
        "    payload: 2KB",
        "    latency: { target: 10 seconds, coldStart: 5 mins }",
        "    isolation: shared",
        "    traffic: { pattern: offline, records: 1000, deadline: 2 hours }",
        "",
      ].join("\n"),
    );
    expect(await hostfit(["validate", file])).toEqual({ status: 0, stdout: "", stderr: "1 of 1 workloads valid\n" });
  });

  test("a rules folder or catalog of the user's own is checked too: exit 2, the problem on stderr", async () => {
    const rules = mkdtempSync(join(tmpdir(), "hostfit-validate-rules-"));
    const catalog = mkdtempSync(join(tmpdir(), "hostfit-validate-catalog-"));
    try {
      cpSync(join(ROOT, "rules"), rules, { recursive: true });
      writeFileSync(join(rules, "profiles.yaml"), "profiles: 3\n");
      cpSync(join(ROOT, "catalog"), catalog, { recursive: true });
      writeFileSync(join(catalog, "instances.yaml"), "instances: [{ instanceType: ml.x }]\n");
      for (const flag of [
        ["--rules", rules],
        ["--catalog", catalog],
      ]) {
        const run = await hostfit(["validate", FEASIBLE, ...flag]);
        expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: "" });
        expect(run.stderr).toMatch(flag[0] === "--rules" ? /profiles\.yaml/ : /instances\.yaml/);
      }
    } finally {
      rmSync(rules, { recursive: true, force: true });
      rmSync(catalog, { recursive: true, force: true });
    }
  });

  test("a bad file: exit 1, nothing on stdout, each issue on stderr", async () => {
    const run = await hostfit(["validate", MIXED]);
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 1, stdout: "" });
    expect(run.stderr).toBe(
      [
        '✖ "12 parsecs" is not a size',
        `  → at workloads[1].payload.request (${MIXED}:13:16)`,
        "  hint: use e.g. 12MB or 2GiB",
        "2 of 3 workloads valid",
        "",
      ].join("\n"),
    );
  });
});

describe.concurrent("hostfit schema", () => {
  test("schema workload: a JSON Schema of the workload file", async () => {
    const run = await hostfit(["schema", "workload"]);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    const schema = JSON.parse(run.stdout);
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.$id).toBe("urn:hostfit:schema:workload-file:1");
    expect(schema.properties.$schema).toMatchObject({ type: "string" });
    expect(schema.required).toEqual(["workloads"]);
    const item = schema.properties.workloads.items;
    expect(item.required).toEqual(["name", "model", "payload", "latency", "isolation", "traffic"]);
    expect(Object.keys(item.properties)).toEqual(
      expect.arrayContaining([
        "name",
        "model",
        "payload",
        "tokens",
        "processingTime",
        "latency",
        "isolation",
        "traffic",
        "priorities",
        "constraints",
      ]),
    );
    // The shorthand forms (`payload: 2MB`, `latency: none`) are offered beside the objects, so editors do not flag
    // the bundled examples (regression: the schema gave the objects only).
    expect(item.properties.payload.anyOf).toEqual([
      item.properties.payload.anyOf[1].properties.request,
      expect.objectContaining({ type: "object" }),
    ]);
    expect(item.properties.latency.anyOf).toEqual([
      item.properties.latency.anyOf[1].properties.target,
      expect.objectContaining({ type: "object" }),
    ]);
    expect(JSON.stringify(item.properties.latency.anyOf[0])).toContain('"const":"none"');
  });

  test("schema output: a JSON Schema of the recommend output", async () => {
    const run = await hostfit(["schema", "output"]);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    const schema = JSON.parse(run.stdout);
    expect(schema.required).toEqual(["version", "catalog", "results", "summary"]);
    expect(schema.properties.version).toMatchObject({ const: 1 });
  });

  test("schema nope: exit 2", async () => {
    expectUsageError(await hostfit(["schema", "nope"]), 'unknown schema "nope": expected workload or output');
  });
});

describe.concurrent("usage errors", () => {
  test("an unknown flag: exit 2, the flag, the closest flag and the usage on stderr", async () => {
    // Node's own message had an unbalanced quote and no suggestion (issue 24).
    expectUsageError(
      await hostfit(["recommend", FEASIBLE, "--fromat", "json"]),
      '✖ unknown flag --fromat: did you mean "--format"?',
    );
  });

  test("the bin runs through a symlink of another name, from a path with # and a space (it did nothing)", () => {
    const dir = mkdtempSync(join(tmpdir(), "hostfit #bin "));
    const link = join(dir, "hf");
    symlinkSync(join(ROOT, "dist/cli/main.js"), link);
    const run = spawnSync(process.execPath, [link, "-V"], { encoding: "utf8" });
    rmSync(dir, { recursive: true, force: true });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 0,
      stdout: `${(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version}\n`,
      stderr: "",
    });
  });

  test("--version and -V: the package's version on stdout, exit 0", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"])
      expect(await hostfit([flag])).toEqual({ status: 0, stdout: `${version}\n`, stderr: "" });
  });

  test("a flag another command reads: exit 2 naming the flags this one takes (regression: it used to be ignored)", async () => {
    expectUsageError(
      await hostfit(["validate", FEASIBLE, "--out", "x.json"]),
      "--out does not apply to validate (it takes --catalog, --rules)",
    );
    expectUsageError(
      await hostfit(["recommend", FEASIBLE, "--workload", "a"]),
      "--workload does not apply to recommend",
    );
    expectUsageError(await hostfit(["plan", FEASIBLE, "--what-if"]), "--what-if does not apply to plan");
  });

  test("an extra argument: exit 2 naming it (regression: it used to be ignored)", async () => {
    expectUsageError(await hostfit(["recommend", FEASIBLE, MIXED]), `unexpected argument "${MIXED}" after recommend`);
  });

  test("an unknown command: exit 2 with did-you-mean", async () => {
    expectUsageError(await hostfit(["recomend", FEASIBLE]), 'unknown command "recomend": did you mean "recommend"?');
  });

  test("--format yaml: exit 2 listing the formats", async () => {
    expectUsageError(
      await hostfit(["recommend", FEASIBLE, "--format", "yaml"]),
      'unknown format "yaml": expected one of: json, table, markdown, html',
    );
  });

  test("--profile fast: exit 2 listing the profiles", async () => {
    expectUsageError(
      await hostfit(["recommend", FEASIBLE, "--profile", "fast"]),
      'unknown profile "fast": expected one of: balanced, latency-first, cost-first, isolation-first, scalability-first',
    );
  });

  test("--help: exit 0, usage on stdout", async () => {
    const run = await hostfit(["--help"]);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(run.stdout).toMatch(/^Usage:\n {2}hostfit recommend <file\|->/);
    for (const command of ["recommend", "validate", "schema", "catalog"])
      expect(run.stdout).toContain(`hostfit ${command}`);
  });
});

describe.concurrent("hostfit catalog", () => {
  test("catalog list: every instance as JSON", async () => {
    const run = await hostfit(["catalog", "list"]);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    const listed = JSON.parse(run.stdout) as {
      catalog: { id: string };
      instances: { instanceType: string; hourlyUsd: number; priceConfirmed: boolean }[];
    };
    expect(listed.catalog.id).toBe("sagemaker-us-east-1");
    expect(listed.instances).toHaveLength(124);
    const types = listed.instances.map((i) => i.instanceType);
    expect(new Set(types).size).toBe(124);
    for (const i of listed.instances) {
      expect(i.instanceType).toMatch(/^ml\.[a-z0-9-]+\.[a-z0-9-]+$/);
      expect(i.hourlyUsd).toBeGreaterThan(0);
    }
  });

  test("catalog check: exit 1, each unconfirmed price on stderr and in the JSON", async () => {
    const [run, list] = await Promise.all([hostfit(["catalog", "check"]), hostfit(["catalog", "list"])]);
    expect(run.status).toBe(1);
    const checked = JSON.parse(run.stdout) as { unconfirmedPrices: { instanceType: string; hourlyUsd: number }[] };
    const listed = JSON.parse(list.stdout) as { instances: { instanceType: string; priceConfirmed: boolean }[] };
    const expected = listed.instances.filter((i) => !i.priceConfirmed).map((i) => i.instanceType);
    expect(expected.length).toBeGreaterThan(0);
    expect(checked.unconfirmedPrices.map((u) => u.instanceType)).toEqual(expected);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(expected.length);
    lines.forEach((line, i) =>
      expect(line).toMatch(
        new RegExp(
          `^! ${expected[i]!.replace(/\./g, "\\.")}: price [\\d.]+ USD/h unconfirmed \\(\\d{4}-\\d{2}-\\d{2}\\)$`,
        ),
      ),
    );
  });
});
