/**
 * Issue 6 from the command line: `hostfit deploy` and `hostfit catalog import|check` as a user runs them, on the
 * built dist/cli/main.js (test/global-setup.ts builds it). Imports write into a temporary copy of the catalog;
 * the bundled catalog is checked to be untouched.
 */
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { daysBetween } from "../../src/tools/catalog/check.js";
import type { DeploymentPlan } from "../../src/deploy/requests.js";
import { cliCommand } from "../../src/deploy/script.js";
import { refuseInstalledCatalog } from "../../src/cli/commands/catalog.js";
import { ROOT, spawnCli as hostfit, type Run } from "./run-cli.js";

const FIXTURE = "test/fixtures/deploy.yaml";
const OFFER = "test/fixtures/pricing/AmazonSageMaker-small.json";

function expectUsageError(run: Run, fragment: string): void {
  expect(run.status).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr).toContain(`✖ ${fragment}`);
  expect(run.stderr).toContain("Usage:");
}

function catalogDigest(): string {
  const hash = createHash("sha256");
  for (const f of ["catalog.yaml", "devices.yaml", "instances.yaml"])
    hash.update(readFileSync(join(ROOT, "catalog", f)));
  return hash.digest("hex");
}

const tmp = mkdtempSync(join(tmpdir(), "hostfit-issue6-"));
let bundledDigest = "";
beforeAll(() => {
  bundledDigest = catalogDigest();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("hostfit deploy", () => {
  test("JSON: the recommended option's requests, placeholders and notes; a summary on stderr", async () => {
    const run = await hostfit(["deploy", FIXTURE, "--workload", "video-tagging"]);
    expect(run.status).toBe(0);
    const plan = JSON.parse(run.stdout) as DeploymentPlan;
    expect(plan.workload).toBe("video-tagging");
    expect(plan.option).toBe("async");
    expect(plan.requests.map((r) => `${r.service}:${r.operation}`)).toEqual([
      "sagemaker:CreateModel",
      "sagemaker:CreateEndpointConfig",
      "sagemaker:CreateEndpoint",
      "application-autoscaling:RegisterScalableTarget",
      "application-autoscaling:PutScalingPolicy",
      "application-autoscaling:PutScalingPolicy",
    ]);
    expect(plan.placeholders.map((p) => p.name)).toEqual(["<IMAGE_URI>", "<MODEL_DATA_URL>", "<ROLE_ARN>"]);
    expect(run.stderr).toBe(
      '6 requests for "video-tagging" on async; placeholders to fill: <IMAGE_URI>, <MODEL_DATA_URL>, <ROLE_ARN>\n',
    );
  });

  test("--format cli: a shell script of aws ... --cli-input-json commands", async () => {
    const [cli, json] = await Promise.all([
      hostfit(["deploy", FIXTURE, "--workload", "assistant-llms", "--format", "cli"]),
      hostfit(["deploy", FIXTURE, "--workload", "assistant-llms"]),
    ]);
    expect(cli.status).toBe(0);
    const plan = JSON.parse(json.stdout) as DeploymentPlan;
    const lines = cli.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("#!/bin/sh");
    expect(lines.filter((l) => l.startsWith("aws ") && !l.startsWith("aws sagemaker wait "))).toEqual(
      plan.requests.map(cliCommand),
    );
    expect(lines).toContain("aws sagemaker wait endpoint-in-service --endpoint-name 'assistant-llms'");
    expect(lines.some((l) => l.startsWith("aws sagemaker create-inference-component --cli-input-json '"))).toBe(true);
  });

  test("--option picks another feasible option; - reads the file from stdin", async () => {
    const run = await hostfit(
      ["deploy", "-", "--workload", "fraud-scoring", "--option", "inference-components"],
      readFileSync(join(ROOT, "examples/scenarios.yaml"), "utf8"),
    );
    expect(run.status).toBe(0);
    const plan = JSON.parse(run.stdout) as DeploymentPlan;
    expect(plan.option).toBe("inference-components");
    expect(plan.requests.map((r) => r.operation)).toContain("CreateInferenceComponent");
  });

  test("an infeasible --option: exit 1, nothing on stdout, the reason on stderr", async () => {
    const run = await hostfit(["deploy", FIXTURE, "--workload", "video-tagging", "--option", "serverless"]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^✖ option "serverless" is infeasible for workload "video-tagging": /);
    expect(run.stderr).toContain("hint: deploy one of the feasible options: async");
  });

  test("a workload with no feasible option: exit 1", async () => {
    const run = await hostfit(["deploy", "examples/scenarios.yaml", "--workload", "too-big-to-host"]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain('✖ workload "too-big-to-host" has no feasible hosting option');
  });

  test("a workload not in the file: exit 2 with the closest name", async () => {
    const run = await hostfit(["deploy", FIXTURE, "--workload", "video-taging"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`✖ no workload named "video-taging" in ${FIXTURE}`);
    expect(run.stderr).toContain('hint: did you mean "video-tagging"?');
  });

  test.each([
    [["deploy", FIXTURE], "deploy needs --workload NAME"],
    [
      ["deploy", FIXTURE, "--workload", "video-tagging", "--format", "table"],
      'unknown format "table": expected one of: json, cli',
    ],
    [
      ["deploy", FIXTURE, "--workload", "video-tagging", "--option", "serverles"],
      'unknown option "serverles": did you mean "serverless"?',
    ],
    [["recommend", FIXTURE, "--format", "cli"], 'unknown format "cli"'],
  ])("usage error: %j", async (args, fragment) => {
    expectUsageError(await hostfit(args), fragment);
  });
});

describe("hostfit catalog import and check", () => {
  test("import: prices updated in the catalog copy, changes on stderr and as JSON; the bundled catalog untouched", async () => {
    const dir = join(tmp, "import");
    cpSync(join(ROOT, "catalog"), dir, { recursive: true });
    const run = await hostfit(["catalog", "import", "--pricing", OFFER, "--catalog", dir]);
    expect(run.status).toBe(0);
    expect(run.stderr.split("\n")).toEqual([
      "~ ml.c7g.large: 0.087 -> 0.0867 USD/h (was unconfirmed, 2026-07-20)",
      "! ml.inf2.xlarge: the offer file has several hosting prices (0.7582, 0.99 USD/h); kept the catalog's",
      "1 prices changed, 3 confirmed unchanged, 120 catalog types not in the offer file, 1 offer types not in the catalog (offer file of 2026-11-20, us-east-1)",
      "",
    ]);
    const report = JSON.parse(run.stdout) as {
      catalog: { asOf: { from: string; to: string } };
      changed: { instanceType: string; fromUsd: number; toUsd: number }[];
      confirmed: unknown[];
      notInCatalog: string[];
    };
    expect(report.catalog.asOf).toEqual({ from: "2026-09-27", to: "2026-11-20" });
    expect(report.changed).toMatchObject([{ instanceType: "ml.c7g.large", fromUsd: 0.087, toUsd: 0.0867 }]);
    expect(report.confirmed).toHaveLength(3);
    expect(report.notInCatalog).toEqual(["ml.g7e.2xlarge"]);

    const list = await hostfit(["catalog", "list", "--catalog", dir]);
    const listed = JSON.parse(list.stdout) as {
      catalog: { asOf: string };
      instances: { instanceType: string; hourlyUsd: number; priceAsOf: string; priceConfirmed: boolean }[];
    };
    expect(listed.catalog.asOf).toBe("2026-11-20");
    expect(listed.instances.find((i) => i.instanceType === "ml.c7g.large")).toMatchObject({
      hourlyUsd: 0.0867,
      priceAsOf: "2026-11-20",
      priceConfirmed: true,
    });

    // Imported rows are no longer reported as unconfirmed.
    const check = await hostfit(["catalog", "check", "--catalog", dir]);
    const unconfirmed = (
      JSON.parse(check.stdout) as { unconfirmedPrices: { instanceType: string }[] }
    ).unconfirmedPrices.map((u) => u.instanceType);
    expect(unconfirmed).not.toContain("ml.c7g.large");
    expect(unconfirmed).not.toContain("ml.t2.medium");
    expect(unconfirmed).toContain("ml.c7g.xlarge");
    expect(catalogDigest()).toBe(bundledDigest);
  });

  test("import of a file with no hosting price for the catalog: exit 1, catalog unchanged", async () => {
    const dir = join(tmp, "empty");
    cpSync(join(ROOT, "catalog"), dir, { recursive: true });
    const offer = join(tmp, "empty.json");
    const raw = JSON.parse(readFileSync(join(ROOT, OFFER), "utf8")) as {
      products: Record<string, { attributes: Record<string, string> }>;
    };
    for (const p of Object.values(raw.products)) p.attributes.regionCode = "eu-west-1";
    writeFileSync(offer, JSON.stringify(raw));
    const before = readFileSync(join(dir, "instances.yaml"), "utf8");
    const run = await hostfit(["catalog", "import", "--pricing", offer, "--catalog", dir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("0 prices changed, 0 confirmed unchanged");
    expect(readFileSync(join(dir, "instances.yaml"), "utf8")).toBe(before);
  });

  test.each([
    [["catalog", "import"], "catalog import needs --pricing FILE"],
    [["catalog", "check", "--max-age-days", "soon"], '--max-age-days must be a whole number of days, got "soon"'],
    [["catalog", "refresh"], 'unknown catalog command "refresh": expected list, check or import'],
  ])("usage error: %j", async (args, fragment) => {
    expectUsageError(await hostfit(args), fragment);
  });

  test("import into a path that is not a catalog folder: usage error", async () => {
    expectUsageError(
      await hostfit(["catalog", "import", "--pricing", OFFER, "--catalog", join(tmp, "missing")]),
      "catalog import writes a catalog folder",
    );
  });

  test("import of a malformed offer file into a catalog copy: exit 2, the offer file named", async () => {
    const dir = join(tmp, "bad");
    cpSync(join(ROOT, "catalog"), dir, { recursive: true });
    const run = await hostfit(["catalog", "import", "--pricing", "examples/scenarios.yaml", "--catalog", dir]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("✖ the offer file is not JSON");
    expect(run.stderr).toContain("examples/scenarios.yaml");
  });

  test("check --max-age-days: each price older than that on stderr and in the JSON, exit 1", async () => {
    // Ages are counted to today's date, so the threshold is chosen from it: just under the estimated prices' age.
    const today = new Date().toISOString().slice(0, 10);
    const days = daysBetween("2026-07-20", today) - 1;
    const run = await hostfit(["catalog", "check", "--max-age-days", String(days)]);
    expect(run.status).toBe(1);
    const checked = JSON.parse(run.stdout) as {
      maxAgeDays: number;
      stalePrices: { entry: string; priceAsOf: string; ageDays: number }[];
    };
    expect(checked.maxAgeDays).toBe(days);
    expect(checked.stalePrices.filter((s) => s.entry.startsWith("ml.")).map((s) => s.priceAsOf)).toEqual(
      Array(14).fill("2026-07-20"),
    );
    expect(checked.stalePrices.map((s) => s.entry).slice(-2)).toEqual(["serverless", "dataProcessing"]);
    for (const s of checked.stalePrices)
      expect(run.stderr).toContain(`! ${s.entry}: price dated ${s.priceAsOf} is ${s.ageDays} days old (over ${days})`);
  });
});

describe("catalog import into an installed package", () => {
  test("without --catalog, a catalog inside node_modules is refused with where to copy it", () => {
    const dir = join("/srv", "app", "node_modules", "hostfit", "catalog");
    expect(() => refuseInstalledCatalog(dir)).toThrow(
      `catalog import without --catalog would rewrite the installed package's own catalog (${dir}): copy it (cp -r "${dir}" ./catalog) and pass --catalog ./catalog`,
    );
    // A source checkout's bundled catalog is the maintainers' to update.
    expect(() => refuseInstalledCatalog(join("/work", "hostfit", "catalog"))).not.toThrow();
  });
});
