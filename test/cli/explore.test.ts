/**
 * `hostfit explore` and `recommend --format html --interactive` (issue 26) as a user runs them: the built CLI in a
 * real `node` process, stdout, stderr and exit status checked together, and what the page carries.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { main } from "../../src/cli/main.js";
import type { ExplorerData } from "../../src/explore/page.js";
import { loadRulesSource } from "../../src/load/rules.js";
import { hostfit, ROOT } from "./run-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "hostfit-explore-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The JSON a page carries. */
function pageData(html: string): ExplorerData {
  const json = /<script type="application\/json" id="hostfit-data">(.*?)<\/script>/s.exec(html)![1]!;
  return JSON.parse(json) as ExplorerData;
}

describe.concurrent("hostfit explore", () => {
  test("into a pipe: one page with the bundled script, every workload, the rules' data and trees; exit 0", async () => {
    const run = await hostfit(["explore", "examples/workloads.yaml"]);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(run.stdout.startsWith("<!doctype html>\n")).toBe(true);
    expect(run.stdout.endsWith("</html>\n")).toBe(true);
    expect(run.stdout).toContain(`<script>${readFileSync(join(ROOT, "dist/explore/app.bundle.js"), "utf8")}</script>`);
    // Nothing the page would fetch: no src or href but its own anchors.
    expect(run.stdout.replace(/<script[^>]*>.*?<\/script>/gs, "")).not.toMatch(/\ssrc=|href="(?!#)/);
    const data = pageData(run.stdout);
    expect(data.workloads.map((w) => w.name)).toEqual([
      "fraud-scoring",
      "tenant-sentiment",
      "invoice-ocr",
      "survey-imagery",
      "monthly-churn",
      "legal-summarizer",
      "llm-platform",
    ]);
    expect(data.invalid).toEqual([]);
    const rules = loadRulesSource();
    expect(data.rules).toEqual({ data: rules.data, trees: rules.trees });
    expect(Object.keys(data.rules.trees).length).toBeGreaterThan(20);
  });

  test("recommend --format html --interactive writes the same page", async () => {
    const [explore, interactive] = await Promise.all([
      hostfit(["explore", "examples/workloads.yaml"]),
      hostfit(["recommend", "examples/workloads.yaml", "--format", "html", "--interactive"]),
    ]);
    expect(interactive).toEqual(explore);
  });

  test("--out: the page in the file, nothing on stdout; exit 1 for a workload with no feasible option", async () => {
    const out = join(tmp, "scenarios.html");
    const run = await hostfit(["explore", "examples/scenarios.yaml", "--out", out]);
    expect(run).toEqual({ status: 1, stdout: "", stderr: "" });
    const data = pageData(readFileSync(out, "utf8"));
    expect(data.workloads.map((w) => w.name)).toContain("too-big-to-host");
  });

  test("--profile and --commitment stand in for each workload's priorities and pricing", async () => {
    const run = await hostfit([
      "explore",
      "examples/workloads.yaml",
      "--profile",
      "cost-first",
      "--commitment",
      "1y-no-upfront",
    ]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const { workloads } = pageData(run.stdout);
    expect(new Set(workloads.map((w) => w.priorities))).toEqual(new Set(["cost-first"]));
    expect(new Set(workloads.map((w) => w.pricing?.commitment))).toEqual(new Set(["1y-no-upfront"]));
  });

  test("--region with no prices imported for it: exit 2 and the import command, no page", async () => {
    const run = await hostfit(["explore", "examples/workloads.yaml", "--region", "eu-west-1"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("no prices were imported for eu-west-1");
    expect(run.stderr).toContain("hostfit catalog import --pricing <that file> --region eu-west-1");
  });

  test("an entry that cannot be read: its issue on stderr, listed on the page, exit 1; the others explored", async () => {
    const run = await hostfit(["explore", "test/fixtures/report/workloads.yaml"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('✖ "12 parsecs" is not a size');
    const data = pageData(run.stdout);
    expect(data.invalid.length).toBe(1);
    expect(data.invalid[0]!.issues[0]!.message).toBe('"12 parsecs" is not a size');
    expect(run.stdout).toContain("<h2>Not explored</h2>");
    expect(data.workloads.length).toBeGreaterThan(0);
  });

  test("--interactive without --format html, or a flag explore does not take: exit 2 with the usage", async () => {
    const [json, charts, both] = await Promise.all([
      hostfit(["recommend", "examples/workloads.yaml", "--interactive"]),
      hostfit(["explore", "examples/workloads.yaml", "--charts", tmp]),
      hostfit(["recommend", "examples/workloads.yaml", "--format", "html", "--interactive", "--charts", tmp]),
    ]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/^✖ --charts writes the static report's charts; the interactive page draws its own\n/);
    expect(json.status).toBe(2);
    expect(json.stdout).toBe("");
    expect(json.stderr).toMatch(
      /^✖ --interactive makes the HTML page interactive: pass it with --format html\n\nUsage:/,
    );
    expect(charts.status).toBe(2);
    expect(charts.stderr).toMatch(/^✖ --charts does not apply to explore/);
  });

  test("on a terminal without --out: no page, a hint instead (exit 2)", async () => {
    let stdout = "";
    let stderr = "";
    const status = await main(["explore", "examples/workloads.yaml"], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      readStdin: () => "",
      stdoutIsTerminal: true,
    });
    expect({ status, stdout }).toEqual({ status: 2, stdout: "" });
    expect(stderr).toMatch(
      /^✖ the explorer is an HTML page: pass --out FILE \(e\.g\. --out explore\.html\) or redirect stdout\n/,
    );
  });

  test("help and usage list explore and --interactive", async () => {
    const [usage, help] = await Promise.all([hostfit(["help"]), hostfit(["help", "recommend"])]);
    expect(usage.stdout).toContain(
      "hostfit explore <file|-> [--profile ID] [--catalog PATH] [--rules PATH] [--quotas FILE] [--region REGION] [--commitment ID] [--out FILE]",
    );
    expect(help.stdout).toMatch(/--interactive +with --format html: the explorer page of hostfit explore/);
  });
});
