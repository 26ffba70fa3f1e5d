/**
 * Issue 25, items 3 and 4 from the command line: `catalog import --savings-plans` and `--pricing --region` into a
 * copy of the catalog, and runs priced at a commitment or in another Region. stdout, stderr and the exit code are
 * checked together; the bundled catalog is never written.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT, spawnCli as hostfit } from "./run-cli.js";

const PRICING = "test/fixtures/pricing";
const SP_US = `${PRICING}/AWSMachineLearningSavingsPlans-us-east-1-small.json`;
const SP_EU = `${PRICING}/AWSMachineLearningSavingsPlans-eu-west-1-small.json`;
const OFFER_EU = `${PRICING}/AmazonSageMaker-eu-west-1-small.json`;

const tmp = mkdtempSync(join(tmpdir(), "hostfit-pricing-"));
const dir = join(tmp, "catalog");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => {
  cpSync(join(ROOT, "catalog"), dir, { recursive: true });
});

describe("catalog import --savings-plans and --pricing --region", () => {
  test("Savings Plans of the catalog's Region: prices/us-east-1.yaml written, counts on stderr, rates as JSON", async () => {
    const run = await hostfit(["catalog", "import", "--savings-plans", SP_US, "--catalog", dir]);
    expect(run.stderr).toBe(
      `4 instance types with Savings Plans rates in us-east-1 written to ${join(dir, "prices", "us-east-1.yaml")}, 120 catalog types without any, 1 file types not in the catalog (file of 2026-12-01)\n`,
    );
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as {
      region: string;
      ratesByCommitment: Record<string, number>;
      rates: Record<string, Record<string, number>>;
      notInCatalog: string[];
    };
    expect(report.region).toBe("us-east-1");
    expect(report.ratesByCommitment).toEqual({
      "1y-no-upfront": 4,
      "1y-partial-upfront": 4,
      "1y-all-upfront": 4,
      "3y-no-upfront": 4,
      "3y-partial-upfront": 3,
      "3y-all-upfront": 4,
    });
    expect(report.rates["ml.g5.xlarge"]?.["1y-no-upfront"]).toBe(1.01376);
    expect(report.notInCatalog).toEqual(["ml.g7e.2xlarge"]);
    const text = readFileSync(join(dir, "prices", "us-east-1.yaml"), "utf8");
    expect(text).toContain(
      "source: https://pricing.us-east-1.amazonaws.com/savingsPlan/v1.0/aws/AWSMachineLearningSavingsPlans/20261201180411/us-east-1/index.json",
    );
    expect(text).toContain("asOf: 2026-12-01");
  });

  test("another Region: on-demand from its offer file, then its Savings Plans (the Region read from the file)", async () => {
    const od = await hostfit(["catalog", "import", "--pricing", OFFER_EU, "--region", "eu-west-1", "--catalog", dir]);
    expect(od.status).toBe(0);
    expect(od.stderr).toContain("4 on-demand prices of eu-west-1 written to");
    expect((JSON.parse(od.stdout) as { onDemand: Record<string, number> }).onDemand).toEqual({
      "ml.c5.xlarge": 0.23,
      "ml.g5.2xlarge": 1.69,
      "ml.g5.xlarge": 1.57,
      "ml.m5.large": 0.129,
    });
    const sp = await hostfit(["catalog", "import", "--savings-plans", SP_EU, "--catalog", dir]);
    expect(sp.status).toBe(0);
    expect(sp.stderr).toContain("4 instance types with Savings Plans rates in eu-west-1 written to");
    const text = readFileSync(join(dir, "prices", "eu-west-1.yaml"), "utf8");
    expect(text).toMatch(/^onDemand:/m);
    expect(text).toMatch(/^savingsPlans:/m);
  });

  test("a file of another Region than --region: exit 2, nothing written", async () => {
    const run = await hostfit([
      "catalog",
      "import",
      "--savings-plans",
      SP_EU,
      "--region",
      "us-west-2",
      "--catalog",
      dir,
    ]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("✖ the Savings Plans file is for eu-west-1, not us-west-2");
    expect(run.stderr).toContain(`→ at regionCode (${SP_EU})`);
    expect(existsSync(join(dir, "prices", "us-west-2.yaml"))).toBe(false);
  });

  test("both files at once: usage error", async () => {
    const run = await hostfit(["catalog", "import", "--pricing", OFFER_EU, "--savings-plans", SP_EU, "--catalog", dir]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("✖ catalog import reads one file at a time: --pricing or --savings-plans");
  });
});

const CHAT = join(tmp, "chat.yaml");
const CHAT_TEXT = `workloads:
  - name: chat
    model: { parameters: 7B, kind: llm }
    payload: 4KB
    tokens: { input: 512, output: 256 }
    latency: 20s
    isolation: container
    traffic: { pattern: steady, peakRps: 2 }
    constraints: { options: [single-model], instanceTypes: [ml.g5.xlarge] }
`;

describe("runs priced in a Region and at a commitment (after the imports above)", () => {
  beforeAll(() => writeFileSync(CHAT, CHAT_TEXT));

  const winner = (stdout: string) =>
    (
      JSON.parse(stdout) as {
        catalog: { region?: string };
        results: { ranking: { estimates: { monthlyCostUsd: number; pricing?: Record<string, unknown> } }[] }[];
      }
    ).results[0]!.ranking[0]!.estimates;

  test("--commitment: the committed cost, its rate and the on-demand cost beside it", async () => {
    const od = await hostfit(["recommend", CHAT, "--catalog", dir, "--format", "json", "--no-what-if"]);
    const sp = await hostfit([
      "recommend",
      CHAT,
      "--catalog",
      dir,
      "--format",
      "json",
      "--no-what-if",
      "--commitment",
      "1y-no-upfront",
    ]);
    expect([od.status, od.stderr, sp.status, sp.stderr]).toEqual([0, "", 0, ""]);
    expect(winner(od.stdout).pricing).toBeUndefined();
    expect(winner(sp.stdout).pricing).toMatchObject({
      commitment: "1y-no-upfront",
      rate: "savings-plan",
      hourlyUsd: 1.01376,
      onDemandHourlyUsd: 1.408,
      onDemandMonthlyCostUsd: winner(od.stdout).monthlyCostUsd,
    });
    expect(winner(sp.stdout).monthlyCostUsd).toBeLessThan(winner(od.stdout).monthlyCostUsd);
  });

  test("--region eu-west-1 and a config file's pricing: the Region named in the output", async () => {
    const config = join(tmp, "hostfit.config.yaml");
    writeFileSync(config, "region: eu-west-1\npricing: { commitment: 3y-all-upfront }\n");
    const run = await hostfit(["recommend", CHAT, "--catalog", dir, "--format", "json", "--config", config]);
    expect([run.status, run.stderr]).toEqual([0, ""]);
    expect((JSON.parse(run.stdout) as { catalog: { region: string } }).catalog.region).toBe("eu-west-1");
    expect(winner(run.stdout).pricing).toMatchObject({ hourlyUsd: 0.71435, onDemandHourlyUsd: 1.57 });
  });

  test("--region with no prices imported: exit 2, the import command as the hint, nothing on stdout", async () => {
    const run = await hostfit(["recommend", CHAT, "--catalog", dir, "--region", "ap-south-1"]);
    expect(run).toEqual({
      status: 2,
      stdout: "",
      stderr: [
        "✖ no prices were imported for ap-south-1: the catalog has us-east-1, eu-west-1",
        "  → at region",
        "  hint: download https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonSageMaker/current/ap-south-1/index.json and run hostfit catalog import --pricing <that file> --region ap-south-1",
        "",
      ].join("\n"),
    });
  });

  test.each([
    [["--region", "Ireland"], '✖ --region takes an AWS Region code such as eu-west-1, got "Ireland"'],
    [["--commitment", "1y"], '✖ unknown commitment "1y"'],
  ])("a bad %j: usage error, exit 2", async (flags, message) => {
    const run = await hostfit(["plan", CHAT, ...flags]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
  });

  test("plan --commitment: committed and on-demand totals side by side", async () => {
    const run = await hostfit(["plan", CHAT, "--catalog", dir, "--format", "json", "--commitment", "1y-no-upfront"]);
    expect([run.status, run.stderr]).toEqual([0, ""]);
    const plan = JSON.parse(run.stdout) as {
      totals: { monthlyCostUsd: number; onDemandMonthlyCostUsd: number; commitment: string };
      endpoints: { rate: string }[];
    };
    expect(plan.totals.commitment).toBe("1y-no-upfront");
    expect(plan.totals.monthlyCostUsd).toBeLessThan(plan.totals.onDemandMonthlyCostUsd);
    expect(plan.endpoints.map((e) => e.rate)).toEqual(["savings-plan"]);
  });
});
