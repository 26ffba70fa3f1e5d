import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { formatFleetHtml, formatHtml } from "../../../src/format/html.js";
import { OutputSchema, type Output, type RankedResult } from "../../../src/schema/output.js";
import { FleetPlanSchema } from "../../../src/schema/plan.js";
import { xmlProblems } from "./xml.js";

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/report/${name}`, import.meta.url), "utf8"));
const output = OutputSchema.parse(fixture("output.json"));
const plan = FleetPlanSchema.parse(fixture("plan.json"));
const NASTY = `<b>tenants</b> & "Acme's" models`;
const NASTY_ESCAPED = "&lt;b&gt;tenants&lt;/b&gt; &amp; &quot;Acme&#39;s&quot; models";

/** Each workload's section of the page, keyed by workload name (as escaped in data-workload). */
function sections(html: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [section, name] of html.matchAll(
    /<section class="card workload[^"]*" id="w-\d+" data-workload="([^"]*)">[\s\S]*?<\/section>/g,
  ))
    found.set(name!, section);
  return found;
}

function ranked(name: string): RankedResult {
  const r = output.results.find((x) => x.workload === name);
  if (!r?.ok) throw new Error(name);
  return r;
}

function svgs(html: string): string[] {
  return [...html.matchAll(/<svg [\s\S]*?<\/svg>/g)].map((m) => m[0]);
}

describe("formatHtml", () => {
  const html = formatHtml(output);

  test("one self-contained page: doctype, inline style, no scripts, no external resources", () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.endsWith("</html>\n")).toBe(true);
    expect(html).toContain("<style>");
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|@import|url\(|\ssrc=/i);
    // Every URL on the page is a source link from the output, an in-page anchor, or the SVG namespace.
    const sources = new Set(
      output.results.flatMap((r) =>
        r.ok ? r.ranking.flatMap((o) => o.violations.flatMap((v) => (v.source ? [v.source] : []))) : [],
      ),
    );
    for (const [, href] of html.matchAll(/href="([^"]*)"/g))
      expect(href!.startsWith("#") || sources.has(href!)).toBe(true);
    const urls = [...html.matchAll(/https?:\/\/[^\s"<]+/g)].map((m) => m[0]);
    for (const url of urls) expect(url === "http://www.w3.org/2000/svg" || sources.has(url)).toBe(true);
    expect(sources.size).toBeGreaterThan(0);
  });

  test("a section per result, in order, and an overview row linking to each", () => {
    const names = [...html.matchAll(/<section class="card workload[^"]*" id="(w-\d+)" data-workload="([^"]*)">/g)].map(
      (m) => [m[1], m[2]],
    );
    expect(names).toEqual([
      ["w-1", "fraud-scoring"],
      ["w-2", NASTY_ESCAPED],
      ["w-3", "invoice-ocr"],
      ["w-4", "too-big-to-host"],
      ["w-5", "broken-one"],
    ]);
    for (const [id] of names) expect(html).toContain(`<a href="#${id}">`);
    expect(html).toContain("4 of 5 workloads ranked");
    expect(html).toContain("1 with no feasible option, 1 invalid.");
  });

  test("spider charts for the ranked workloads with a feasible option; cost curves where the output has one", () => {
    const all = svgs(html);
    const spiders = all.filter((s) => s.includes("hf-spider"));
    const curves = all.filter((s) => s.includes("hf-cost-curve"));
    const feasible = output.results.filter((r) => r.ok && r.ranking.some((o) => o.feasible));
    expect(spiders).toHaveLength(feasible.length);
    expect(spiders).toHaveLength(3);
    // fraud-scoring has no curve (as with --no-what-if) and too-big-to-host's curve has no series.
    expect(curves).toHaveLength(2);
    for (const svg of all) expect(xmlProblems(svg)).toEqual([]);
    const s = sections(html);
    expect(s.get("fraud-scoring")).toContain("hf-spider");
    expect(s.get("fraud-scoring")).not.toContain("hf-cost-curve");
    expect(s.get("too-big-to-host")).not.toContain("<svg");
  });

  test("the cost curve marks the workload's own volume on its own sample", () => {
    const inv = ranked("invoice-ocr");
    const section = sections(html).get("invoice-ocr")!;
    expect(section).toContain(`data-requests-per-day="${inv.costCurve!.requestsPerDay[6]}"`);
  });

  test("the ranking table: rank, option, placement, monthly cost, p95 and score for each option", () => {
    const section = sections(html).get("invoice-ocr")!;
    const table = /<table class="ranking">[\s\S]*?<\/table>/.exec(section)![0];
    expect([...table.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1])).toEqual([
      "rank",
      "option",
      "instance placement",
      "monthly cost",
      "p95 latency",
      "score",
    ]);
    const rows = [
      ...table.matchAll(
        /<tr( class="infeasible")?><td class="num">([^<]*)<\/td><td>.*?<\/span>([a-z-]+)<\/td><td>([^<]*)<\/td><td class="num">([^<]*)<\/td><td class="num">([^<]*)<\/td><td class="num">([^<]*)<\/td><\/tr>/g,
      ),
    ];
    const inv = ranked("invoice-ocr");
    expect(rows.map((r) => r[3])).toEqual(inv.ranking.map((o) => o.option));
    expect(rows[0]!.slice(2)).toEqual([
      "1",
      "serverless",
      "serverless, 3072 MB, concurrency 1",
      "$0.81*", // the serverless price is an estimate: starred, with the footnote below
      "2.2 s",
      "0.95",
    ]);
    expect(html).toContain(`<p class="footnote">* estimated price, not confirmed against AWS&#39;s price list`);
    const infeasible = rows.filter((r) => r[1]);
    expect(infeasible.length).toBe(inv.ranking.filter((o) => !o.feasible).length);
    for (const r of infeasible) expect(r.slice(4)).toEqual(["—", "—", "—", "infeasible"]);
  });

  test("trade-offs and violations, each violation with its hint and, when it has one, its source link", () => {
    const section = sections(html).get("invoice-ocr")!;
    const inv = ranked("invoice-ocr");
    for (const o of inv.ranking.filter((x) => x.feasible && x.tradeoffs.length > 0))
      expect(section).toContain(`<li><strong>${o.option}</strong>: `);
    const violations = inv.ranking.flatMap((o) => o.violations);
    expect(violations.length).toBeGreaterThan(0);
    for (const v of violations) {
      expect(section).toContain(v.message.replace(/&/g, "&amp;"));
      if (v.source) expect(section).toContain(`<a href="${v.source}" rel="noopener noreferrer">source</a>`);
    }
    expect(section.match(/rel="noopener noreferrer">source<\/a>/g)?.length ?? 0).toBe(
      violations.filter((v) => v.source).length,
    );
    expect(sections(html).get("too-big-to-host")).toContain("<h3>Why no option is feasible</h3>");
  });

  test("only http(s) sources become links; anything else is shown as text", () => {
    const hostile = structuredClone(output);
    const r = hostile.results.find((x): x is RankedResult => x.ok && x.workload === "invoice-ocr")!;
    const infeasible = r.ranking.find((o) => !o.feasible)!;
    infeasible.violations = [
      { rule: "x", limit: 1, actual: 2, unit: "GiB", message: "m", source: "javascript:alert(1)" },
    ];
    const page = formatHtml(hostile);
    expect(page).not.toContain('href="javascript:');
    expect(page).toContain("(source: javascript:alert(1))");
  });

  test("sensitivity list and break-even sentence when the output has them; nothing made up when it does not", () => {
    const s = sections(html);
    const inv = ranked("invoice-ocr");
    expect(inv.sensitivity.length).toBeGreaterThan(0);
    const list = /<ul class="plain sensitivity">([\s\S]*?)<\/ul>/.exec(s.get("invoice-ocr")!)![1]!;
    expect([...list.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1])).toEqual(inv.sensitivity.map((x) => x.message));
    expect(s.get("invoice-ocr")).toContain(`<p class="break-even">${inv.breakEven!.message}.</p>`);
    // fraud-scoring carries no what-if analysis: no sensitivity heading, no break-even.
    expect(s.get("fraud-scoring")).not.toContain("What would change the answer");
    expect(s.get("fraud-scoring")).not.toContain("Break-even");
  });

  test("an invalid workload shows each issue's path, line:column, message and hint", () => {
    const section = sections(html).get("broken-one")!;
    expect(section).toContain('<span class="badge bad">invalid</span>');
    expect(section).toContain(
      '<tr><td><code>workloads[4].payload.request</code></td><td class="num">test/fixtures/report/workloads.yaml:39:16</td><td>&quot;12 parsecs&quot; is not a size</td><td>use e.g. 12MB or 2GiB</td></tr>',
    );
  });

  test("a file-level failure (no workload name) gets a section too", () => {
    const out: Output = {
      ...output,
      results: [
        {
          workload: null,
          ok: false,
          issues: [{ code: "invalid-yaml", path: "", message: "bad YAML", line: 3, column: 1 }],
        },
      ],
      summary: { workloads: 0, ok: 0, failed: 1, infeasible: 0 },
    };
    const page = formatHtml(out);
    expect(page).toContain('data-workload="(file)"');
    expect(page).toContain('<td><code>(top)</code></td><td class="num">3:1</td><td>bad YAML</td>');
  });

  test("names, summaries and messages are escaped everywhere: no markup from the input survives", () => {
    expect(html).not.toContain("<b>tenants");
    expect(html).toContain(`<h2>${NASTY_ESCAPED} <span class="badge ok">multi-model</span></h2>`);
    expect(html).toContain(`<a href="#w-2">${NASTY_ESCAPED}</a>`);
    expect(html.split(NASTY_ESCAPED).length).toBeGreaterThan(4);
    const nasty = sections(html).get(NASTY_ESCAPED)!;
    expect(nasty).toContain("hf-spider");
  });

  test("no fleet section without a plan", () => {
    expect(html).not.toContain('id="fleet"');
  });

  test("deterministic: the same output gives byte-identical HTML", () => {
    expect(formatHtml(structuredClone(output))).toBe(html);
    expect(formatHtml(output, plan)).toBe(formatHtml(structuredClone(output), structuredClone(plan)));
  });

  test("an output with no results is still a valid page", () => {
    const page = formatHtml({ ...output, results: [], summary: { workloads: 0, ok: 0, failed: 0, infeasible: 0 } });
    expect(page).toContain("0 of 0 workloads ranked.");
    expect(page).not.toContain("<section");
  });
});

describe("the fleet section", () => {
  const html = formatHtml(output, plan);
  const fleet = /<section class="card fleet" id="fleet">[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";

  test("follows the workloads and is linked from the navigation", () => {
    expect(fleet).not.toBe("");
    expect(html.indexOf('id="fleet"')).toBeGreaterThan(html.indexOf('id="w-5"'));
    expect(html).toContain('<li><a href="#fleet">Fleet plan</a></li>');
  });

  test("a row per endpoint: id, option, instance type x count, workloads, monthly cost, why", () => {
    const rows = [
      ...fleet.matchAll(
        /<tr><td><code>([^<]*)<\/code><\/td><td>.*?<\/span>([a-z-]+)<\/td><td>([^<]*)<\/td><td>(.*?)<\/td><td class="num">([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g,
      ),
    ];
    expect(rows.map((r) => r.slice(1, 4).concat(r[5]!))).toEqual([
      ["mme-pytorch-1", "multi-model", "ml.r6i.xlarge × 12", "$2,730"],
      ["ic-llm-1", "inference-components", "ml.g6e.xlarge × 8", "$7,622"],
      ["sme-fraud-scoring", "single-model", "ml.c7g.large × 1", "$116"],
    ]);
    expect(rows[0]![4]).toBe(`${NASTY_ESCAPED}, invoice-ocr <span class="muted">(801 models)</span>`);
    expect(rows[2]![6]).toBe("30 ms p95 and container isolation &lt;required&gt;: kept on its own endpoint");
  });

  test("totals with savings against dedicated and the lower bound; unplaced workloads; unreadable ones", () => {
    // The fixture's totals (10469, 75162, 10497) read as output rounds every figure: 4 significant digits.
    expect(fleet).toContain("<dt>plan, monthly</dt><dd>$10,470</dd>");
    expect(fleet).toContain("<dt>each model on its own real-time endpoint</dt><dd>$75,160</dd>");
    expect(fleet).toContain("<dt>each workload alone on its best option</dt><dd>$10,500</dd>");
    expect(fleet).toContain("<dt>savings against dedicated</dt><dd>86.1%</dd>");
    expect(fleet).toContain("<dt>lower bound on any plan</dt><dd>$9,980</dd>");
    expect(fleet).toContain(
      "3 SageMaker endpoints for 5 workloads at $10,470 a month, 86.1% less than one dedicated real-time endpoint per model.",
    );
    expect(fleet).toContain(
      "<li><strong>too-big-to-host</strong>: needs 6149.7 GiB per copy; the largest instance offers 1022 GiB</li>",
    );
    expect(fleet).toContain('<td class="num">workloads.yaml:39:16</td>');
  });

  test("formatFleetHtml: the fleet section alone as a page", () => {
    const page = formatFleetHtml(plan);
    expect(page).toContain("<title>hostfit fleet plan</title>");
    expect(page).toContain("3 endpoints, 1 unplaced workload.");
    expect(page).toContain(fleet);
    expect(page).not.toContain("<svg");
  });
});
