/**
 * `--format html` and `--charts DIR` (issue 5) as a user runs them: the built CLI in a real `node` process,
 * checked on stdout, stderr, exit status and the files written.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { spiderChart } from "../../src/format/spider-chart.js";
import { OutputSchema } from "../../src/schema/output.js";
import { hostfit, ROOT } from "./run-cli.js";

const REPORT = "test/fixtures/report/workloads.yaml";
const FEASIBLE = "test/fixtures/feasible.yaml";

const tmp = mkdtempSync(join(tmpdir(), "hostfit-report-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.concurrent("hostfit recommend --format html / --charts", () => {
  test("--format html prints one page to stdout with the JSON run's exit code; the invalid workload on stderr as usual", async () => {
    // The JSON run skips the what-if analysis (it changes neither the exit code nor stderr) to spare the CPU.
    const [html, json] = await Promise.all([
      hostfit(["recommend", REPORT, "--format", "html"]),
      hostfit(["recommend", REPORT, "--no-what-if"]),
    ]);
    expect(html.status).toBe(1);
    expect(html.status).toBe(json.status);
    expect(html.stderr).toBe(json.stderr);
    expect(html.stderr).toContain('✖ "12 parsecs" is not a size');
    expect(html.stdout.startsWith("<!doctype html>\n")).toBe(true);
    expect(html.stdout.endsWith("</html>\n")).toBe(true);
    const out = OutputSchema.parse(JSON.parse(json.stdout));
    for (const r of out.results)
      expect(html.stdout).toContain(
        `data-workload="${(r.workload ?? "(file)").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")}"`,
      );
    expect(html.stdout).not.toContain("<b>tenants");
    // The what-if analysis is on by default, so the report carries its cost curves.
    expect(html.stdout).toContain('class="hf-chart hf-cost-curve"');
  });

  test("--out FILE writes the same page and nothing to stdout", async () => {
    const target = join(tmp, "report.html");
    const [run, direct] = await Promise.all([
      hostfit(["recommend", FEASIBLE, "--no-what-if", "--format", "html", "--out", target]),
      hostfit(["recommend", FEASIBLE, "--no-what-if", "--format", "html"]),
    ]);
    expect(run).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(readFileSync(target, "utf8")).toBe(direct.stdout);
  });

  test("--charts DIR creates the folder and writes one spider chart per ranked workload, beside the usual output", async () => {
    const dir = join(tmp, "deep", "charts");
    const [run, json] = await Promise.all([
      hostfit(["recommend", REPORT, "--no-what-if", "--charts", dir]),
      hostfit(["recommend", REPORT, "--no-what-if"]),
    ]);
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: json.status,
      stdout: json.stdout,
      stderr: json.stderr,
    });
    expect(readdirSync(dir).sort()).toEqual([
      "b-tenants-b-Acme-s-models.svg",
      "fraud-scoring.svg",
      "invoice-ocr.svg",
      "too-big-to-host.svg",
    ]);
    const out = OutputSchema.parse(JSON.parse(json.stdout));
    const invoice = out.results.find((r) => r.workload === "invoice-ocr");
    if (!invoice?.ok) throw new Error("invoice-ocr was not ranked");
    expect(readFileSync(join(dir, "invoice-ocr.svg"), "utf8")).toBe(spiderChart(invoice));
  });

  test("--charts where a file is in the way: exit 2, a plain diagnostic, no output", async () => {
    const blocker = join(tmp, "blocker");
    writeFileSync(blocker, "");
    const run = await hostfit(["recommend", FEASIBLE, "--no-what-if", "--charts", join(blocker, "charts")]);
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: "" });
    expect(run.stderr).toContain(
      `✖ cannot write charts to ${join(blocker, "charts")}: a file is in the way of that folder`,
    );
    expect(run.stderr).not.toContain("    at ");
    expect(existsSync(join(blocker, "charts"))).toBe(false);
  });

  test("--help lists html and --charts", async () => {
    const run = await hostfit(["--help"]);
    expect(run.stdout).toContain("[--format json|table|markdown|html]");
    expect(run.stdout).toContain("[--charts DIR]");
  });
});
