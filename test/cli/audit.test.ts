/**
 * `hostfit audit` as a user runs it (issue 25): the built CLI on the fixture account, stdout, stderr and exit code
 * together, in every format, and with bad input beside good.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { AuditSchema } from "../../src/schema/audit.js";
import { xmlProblems } from "../unit/format/xml.js";
import { hostfit } from "./run-cli.js";

const WORKLOADS = "test/fixtures/account/workloads.yaml";
const ACCOUNT = "test/fixtures/account/sagemaker";
const METRICS = "test/fixtures/account/metrics.json";
const tmp = mkdtempSync(join(tmpdir(), "hostfit-audit-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.concurrent("hostfit audit", () => {
  test("the fixture account: change and saving for three endpoints, keep for the fourth; exit 0, stderr empty", async () => {
    const run = await hostfit(["audit", WORKLOADS, "--account", ACCOUNT]);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    const audit = AuditSchema.parse(JSON.parse(run.stdout));
    expect(
      audit.endpoints.map((e) => ({
        endpoint: e.endpoint,
        action: e.action,
        current: `${e.current.option} ${e.current.instanceCount} x ${e.current.instanceType}`,
        recommended: `${e.recommended.option} ${e.recommended.instanceCount} x ${e.recommended.instanceType}`,
        saving: e.monthlySavingsUsd,
      })),
    ).toEqual([
      {
        endpoint: "fraud-prod",
        action: "keep",
        current: "single-model 2 x ml.c7i.2xlarge",
        recommended: "single-model 2 x ml.c7i.2xlarge",
        saving: 0,
      },
      {
        endpoint: "invoice-classifier",
        action: "change",
        current: "single-model 2 x ml.c5.xlarge",
        recommended: "serverless 1 x serverless-2048mb",
        saving: 295.9,
      },
      {
        endpoint: "support-chat",
        action: "change",
        current: "single-model 2 x ml.g5.12xlarge",
        recommended: "single-model 2 x ml.g5.xlarge",
        saving: 8296,
      },
      {
        endpoint: "tenant-scoring",
        action: "change",
        current: "multi-model 8 x ml.r6i.2xlarge",
        recommended: "multi-model 4 x ml.r6i.xlarge",
        saving: 2651,
      },
    ]);
    expect(audit.totals).toEqual({
      currentMonthlyCostUsd: 14810,
      recommendedMonthlyCostUsd: 3571,
      monthlySavingsUsd: 11240,
    });
  });

  test("table, Markdown and HTML say the same; the HTML is one self-contained page with a before/after chart", async () => {
    const run = (format: string) => hostfit(["audit", WORKLOADS, "--account", ACCOUNT, "--format", format]);
    const [table, markdown, html] = await Promise.all([run("table"), run("markdown"), run("html")]);
    for (const run of [table, markdown, html])
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    const totals =
      "4 endpoints audited, 3 to change: $14,810 a month today, $3,571 after the changes ($11,240 a month saved).";
    expect(table.stdout).toContain(totals);
    expect(table.stdout).toMatch(/^fraud-prod +keep +single-model, 2 x ml\.c7i\.2xlarge/m);
    expect(markdown.stdout).toContain(
      "| invoice-classifier | invoice-classifier | **change** | single-model, 2 x ml.c5.xlarge | $298 | serverless, 2048 MB | $2.02 | $296 |",
    );
    expect(html.stdout.startsWith("<!doctype html>\n")).toBe(true);
    expect(html.stdout.endsWith("</html>\n")).toBe(true);
    expect(html.stdout).not.toMatch(/<script|<link|<img|<iframe|<object|@import|url\(|\ssrc=/i);
    expect(html.stdout).toContain(totals.replace("&", "&amp;"));
    const svgs = [...html.stdout.matchAll(/<svg [\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs).toHaveLength(1);
    expect(xmlProblems(svgs[0]!)).toEqual([]);
    expect(svgs[0]!.match(/class="hf-bar"/g)).toHaveLength(8);
    expect([...html.stdout.matchAll(/<tr data-endpoint="([^"]+)">/g)].map((m) => m[1])).toEqual([
      "fraud-prod",
      "invoice-classifier",
      "support-chat",
      "tenant-scoring",
    ]);
  });

  test("--metrics: the traffic a workload file leaves out comes from CloudWatch, and why says so", async () => {
    const run = await hostfit(["audit", WORKLOADS, "--account", ACCOUNT, "--metrics", METRICS]);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    const audit = AuditSchema.parse(JSON.parse(run.stdout));
    const invoice = audit.endpoints.find((e) => e.endpoint === "invoice-classifier")!;
    // 95 invocations in the busiest 5 minutes; 6,840 over the one day the export covers.
    expect(invoice.traffic[0]).toMatchObject({
      peakRps: 0.3167,
      peakRpsFrom: "metrics",
      requestsPerDay: 3000,
      requestsPerDayFrom: "file",
      measured: { peakRps: 0.3167, requestsPerDay: 6840, modelLatencyMs: 180.1 },
    });
    expect(invoice.why).toContain("Traffic of invoice-classifier from CloudWatch: 0.32 requests a second at peak.");
    expect(invoice.why).toContain(
      "CloudWatch measured 6,840 requests a day where the workload file gives 3,000 for invoice-classifier; the file's figure is used.",
    );
  });

  test("bad files beside good ones: each named with its place, the other endpoints still audited, exit 1", async () => {
    const dir = join(tmp, "mixed");
    cpSync(ACCOUNT, dir, { recursive: true });
    // A comma missing at the end of line 2, and a Service Quotas listing where describe-* outputs belong.
    writeFileSync(join(dir, "broken.json"), '{\n  "EndpointName": "x"\n  "EndpointArn": "arn"\n}\n');
    writeFileSync(join(dir, "quotas.json"), readFileSync("test/fixtures/account/service-quotas.json"));
    const run = await hostfit(["audit", WORKLOADS, "--account", dir]);
    expect(run.status).toBe(1);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith("✖"))).toHaveLength(2);
    expect(run.stderr).toContain(`${join(dir, "broken.json")}:3:3`);
    expect(run.stderr).toContain(`${join(dir, "quotas.json")} is none of the describe-* outputs hostfit audit reads`);
    const audit = AuditSchema.parse(JSON.parse(run.stdout));
    expect(audit.endpoints).toHaveLength(4);
    expect(audit.issues.map((i) => i.code)).toEqual(["invalid-yaml", "unknown-shape"]);
  });

  test("a workload of no endpoint and an endpoint of no workload: reported on stderr and in the output, exit 1", async () => {
    const file = join(tmp, "two.yaml");
    writeFileSync(file, readFileSync(WORKLOADS, "utf8").replace("name: tenant-scoring", "name: tenant-scorer"));
    const run = await hostfit(["audit", file, "--account", ACCOUNT, "--format", "json"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      [
        'endpoint tenant-scoring was not audited: no workload describes it: add one named "tenant-scoring", or give a workload endpoint: tenant-scoring',
        'workload tenant-scorer matches no endpoint: no endpoint, inference component or model of the account is named "tenant-scorer"; name its endpoint with endpoint: NAME',
      ]
        .map((l) => `✖ ${l}\n`)
        .join(""),
    );
    expect(AuditSchema.parse(JSON.parse(run.stdout)).endpoints).toHaveLength(3);
  });

  test("usage: --account is needed; an --out over an account file is refused; --out writes the page whole", async () => {
    const [missing, over] = await Promise.all([
      hostfit(["audit", WORKLOADS]),
      hostfit(["audit", WORKLOADS, "--account", ACCOUNT, "--out", join(ACCOUNT, "fraud-prod.model.json")]),
    ]);
    expect({ status: missing.status, stdout: missing.stdout }).toEqual({ status: 2, stdout: "" });
    expect(missing.stderr).toContain("✖ audit needs --account PATH");
    expect({ status: over.status, stdout: over.stdout }).toEqual({ status: 2, stdout: "" });
    expect(over.stderr).toContain("which this command reads");
    const target = join(tmp, "audit.md");
    const [written, direct] = await Promise.all([
      hostfit(["audit", WORKLOADS, "--account", ACCOUNT, "--format", "markdown", "--out", target]),
      hostfit(["audit", WORKLOADS, "--account", ACCOUNT, "--format", "markdown"]),
    ]);
    expect(written).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(readFileSync(target, "utf8")).toBe(direct.stdout);
  });
});
