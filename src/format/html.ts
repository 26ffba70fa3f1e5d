import { formatUsd } from "../core/units.js";
import type { Issue } from "../schema/issue.js";
import type { Estimates, FailedResult, Output, RankedOption, RankedResult } from "../schema/output.js";
import type { FleetPlan } from "../schema/plan.js";
import { costCurveChart } from "./cost-curve-chart.js";
import { spiderChart } from "./spider-chart.js";
import { escapeXml as esc, INK, OPTION_STYLE } from "./svg.js";
import {
  anyEstimatedPrice,
  costLabel,
  ESTIMATED_PRICE_NOTE,
  p95Label,
  rateMark,
  resultLabel,
  tokenLatency,
} from "./labels.js";
import { anyEstimatedEndpoint, endpointCost, sagemakerEndpoints } from "./plan-text.js";

// Matches rules/sizing.yaml billing.daysPerMonth; only used to place the cost-curve marker, which then
// snaps to the curve's own sample of the workload's volume.
const DAYS_PER_MONTH = 30.4167;

/** The report's style sheet, which the explorer page (format/explorer.ts) shares. */
export const REPORT_CSS = `
:root { color-scheme: light; --text: ${INK.text}; --muted: ${INK.muted}; --line: ${INK.grid}; --bg: #f6f8fa; --card: #ffffff; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 28px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 0 0 6px; overflow-wrap: anywhere; }
h3 { font-size: 16px; margin: 18px 0 6px; }
a { color: #0969da; }
.meta, .muted { color: var(--muted); }
nav ul { display: flex; flex-wrap: wrap; gap: 6px 14px; padding: 0; list-style: none; }
section.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 20px 22px; margin: 20px 0; }
.badge { display: inline-block; font-size: 13px; font-weight: 600; padding: 1px 9px; border-radius: 999px; border: 1px solid currentColor; vertical-align: middle; margin-left: 6px; }
.badge.ok { color: var(--ok); } .badge.bad { color: var(--bad); } .badge.warn { color: var(--warn); }
.summary { font-size: 16px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; margin: 12px 0; }
.charts figure { margin: 0; flex: 1 1 420px; max-width: 560px; }
.charts figcaption { color: var(--muted); font-size: 13px; }
svg.hf-chart { display: block; width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; }
.table-wrap { overflow-x: auto; margin: 6px 0 10px; }
table { border-collapse: collapse; width: 100%; min-width: 640px; font-size: 14px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: break-word; }
th { background: var(--bg); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.infeasible td { color: var(--muted); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
ul.plain { padding-left: 20px; margin: 4px 0; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; background: var(--bg); padding: 0 4px; border-radius: 4px; }
dl.totals { display: grid; grid-template-columns: max-content auto; gap: 4px 16px; margin: 8px 0 12px; }
dl.totals dt { color: var(--muted); } dl.totals dd { margin: 0; font-variant-numeric: tabular-nums; }
footer, .footnote { color: var(--muted); font-size: 13px; padding-bottom: 28px; }
.footnote { max-width: 1180px; margin: 0 auto; padding: 0 20px 8px; }
@media print { body { background: #fff; } section.card { break-inside: avoid; border: none; padding: 0; } nav { display: none; } }
`;

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function percent(x: number): string {
  return `${Number(x.toFixed(1))}%`;
}

function placement(o: RankedOption): string {
  const p = o.placement;
  if (!p) return "—";
  if (p.memorySizeMB !== undefined) {
    const warm = p.provisionedConcurrency ? `, ${p.provisionedConcurrency} provisioned` : "";
    return `serverless, ${p.memorySizeMB} MB${p.maxConcurrency !== undefined ? `, concurrency ${p.maxConcurrency}` : ""}${warm}`;
  }
  const count = Number.isInteger(p.instanceCount)
    ? String(p.instanceCount)
    : `${Number(p.instanceCount.toFixed(2))} (average)`;
  const details = [
    p.acceleratorsPerCopy > 0
      ? `${p.acceleratorsPerCopy} accelerator${p.acceleratorsPerCopy === 1 ? "" : "s"} per copy`
      : "",
    p.copiesPerInstance > 1 ? `${p.copiesPerInstance} copies per instance` : "",
    p.scalesToZero ? "scales to zero" : "",
  ].filter(Boolean);
  return `${p.instanceType} × ${count}${details.length > 0 ? ` (${details.join(", ")})` : ""}`;
}

/** An option id with its chart colour's swatch. */
export function optionName(option: RankedOption["option"]): string {
  return `<span class="swatch" style="background:${OPTION_STYLE[option].color}"></span>${esc(option)}`;
}

/** A link only for http(s) URLs from the output; anything else is shown as text, never as an href. */
function sourceLink(url: string | undefined): string {
  if (!url) return "";
  if (!/^https?:\/\/[^\s"'<>]+$/i.test(url)) return ` <span class="muted">(source: ${esc(url)})</span>`;
  return ` <a href="${esc(url)}" rel="noopener noreferrer">source</a>`;
}

function location(issue: Issue): string {
  const at = issue.line !== undefined ? `${issue.line}:${issue.column ?? 1}` : "";
  return [issue.file, at].filter(Boolean).join(":") || "—";
}

/** Issues as a table of path, place, problem and hint; empty without issues. */
export function issuesTable(issues: readonly Issue[]): string {
  if (issues.length === 0) return "";
  const rows = issues.map(
    (i) =>
      `<tr><td><code>${esc(i.path || "(top)")}</code></td><td class="num">${esc(location(i))}</td><td>${esc(i.message)}</td><td>${esc(i.hint ?? "")}</td></tr>`,
  );
  return `<div class="table-wrap"><table class="issues"><thead><tr><th>path</th><th class="num">line:column</th><th>problem</th><th>hint</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

/** The workload's own volume on the cost curve: its sample nearest the estimate, or the estimate itself. */
function ownVolume(result: RankedResult): number | undefined {
  const perMonth = result.ranking.find((o) => o.estimates)?.estimates?.requestsPerMonth;
  if (perMonth === undefined || perMonth <= 0) return undefined;
  const estimate = perMonth / DAYS_PER_MONTH;
  const samples = result.costCurve?.requestsPerDay.filter((x) => x > 0) ?? [];
  const nearest = samples.reduce<number | undefined>(
    (best, x) =>
      best === undefined || Math.abs(Math.log(x / estimate)) < Math.abs(Math.log(best / estimate)) ? x : best,
    undefined,
  );
  return nearest !== undefined && Math.abs(Math.log(nearest / estimate)) < 0.05 ? nearest : estimate;
}

function hasCostCurve(result: RankedResult): boolean {
  return result.costCurve !== undefined && result.costCurve.series.length > 0;
}

// An LLM's token latencies under its p95, with their ranges.
function tokenCell(estimates: Estimates): string {
  const tokens = tokenLatency(estimates);
  return tokens ? `<br><small>${esc(tokens)}</small>` : "";
}

function rankingTable(result: RankedResult): string {
  const rows = result.ranking.map((o) => {
    if (!o.feasible || !o.estimates) {
      return `<tr class="infeasible"><td class="num">—</td><td>${optionName(o.option)}</td><td>—</td><td class="num">—</td><td class="num">—</td><td class="num">infeasible</td></tr>`;
    }
    return (
      `<tr><td class="num">${o.rank ?? "—"}</td><td>${optionName(o.option)}</td><td>${esc(placement(o))}</td>` +
      `<td class="num">${esc(costLabel(o.estimates.monthlyCostUsd, o.estimates.priceConfirmed, rateMark(o.estimates.pricing)))}</td><td class="num">${esc(p95Label(o.option, o.estimates) ?? "—")}${tokenCell(o.estimates)}</td>` +
      `<td class="num">${(o.score ?? 0).toFixed(2)}</td></tr>`
    );
  });
  return (
    `<div class="table-wrap"><table class="ranking"><thead><tr><th class="num">rank</th><th>option</th><th>instance placement</th><th class="num">monthly cost</th>` +
    `<th class="num">p95 latency</th><th class="num">score</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`
  );
}

function tradeoffs(result: RankedResult): string {
  const items = result.ranking
    .filter((o) => o.feasible && o.tradeoffs.length > 0)
    .map((o) => `<li><strong>${esc(o.option)}</strong>: ${esc(o.tradeoffs.join("; "))}</li>`);
  return items.length === 0 ? "" : `<h3>Trade-offs</h3><ul class="plain tradeoffs">${items.join("")}</ul>`;
}

function violations(result: RankedResult): string {
  const infeasible = result.ranking.filter((o) => !o.feasible);
  if (infeasible.length === 0) return "";
  const items = infeasible.map((o) => {
    const reasons = o.violations.map(
      (v) =>
        `<li>${esc(v.message)}${v.hint ? ` <span class="muted">— ${esc(v.hint)}</span>` : ""}${sourceLink(v.source)}</li>`,
    );
    return `<li><strong>${esc(o.option)}</strong><ul class="plain">${reasons.join("")}</ul></li>`;
  });
  const heading =
    infeasible.length === result.ranking.length ? "Why no option is feasible" : "Why the other options are infeasible";
  return `<h3>${heading}</h3><ul class="plain violations">${items.join("")}</ul>`;
}

function sensitivity(result: RankedResult): string {
  if (result.sensitivity.length > 0) {
    return `<h3>What would change the answer</h3><ul class="plain sensitivity">${result.sensitivity.map((s) => `<li>${esc(s.message)}</li>`).join("")}</ul>`;
  }
  // Without a what-if analysis in the output (no curve, no break-even), an empty list says nothing.
  if (result.costCurve !== undefined || result.breakEven !== undefined) {
    return `<h3>What would change the answer</h3><p class="sensitivity muted">No change to traffic, latency target, payload, model size or priorities in the range searched changes the recommendation.</p>`;
  }
  return "";
}

/**
 * A ranked workload's findings below its summary: assumptions, spider chart and cost curve, ranking, trade-offs,
 * why the others are infeasible, what would change the answer and the break-even. The explorer page redraws it.
 */
export function resultBody(result: RankedResult): string {
  const feasible = result.ranking.filter((o) => o.feasible).length;
  const charts: string[] = [];
  if (feasible > 0) {
    charts.push(
      `<figure class="spider">${spiderChart(result)}<figcaption>Fitness scores of the top ${Math.min(3, feasible)} feasible option${feasible === 1 ? "" : "s"} (1 = best, on the outer ring).</figcaption></figure>`,
    );
  }
  if (hasCostCurve(result)) {
    const at = ownVolume(result);
    charts.push(
      `<figure class="cost-curve">${costCurveChart(result.costCurve!, at !== undefined ? { requestsPerDay: at } : {})}<figcaption>Monthly cost of each option as the request volume varies, everything else held fixed; gaps where an option is infeasible.</figcaption></figure>`,
    );
  }
  const breakEven = result.breakEven ? `<p class="break-even">${esc(sentence(result.breakEven.message))}</p>` : "";
  return [
    ...(result.assumptions ?? []).map((line) => `<p class="assumption">Assumes: ${esc(line)}.</p>`),
    charts.length > 0 ? `<div class="charts">${charts.join("")}</div>` : "",
    `<h3>Ranking</h3>`,
    rankingTable(result),
    tradeoffs(result),
    violations(result),
    sensitivity(result),
    breakEven ? `<h3>Break-even</h3>${breakEven}` : "",
  ].join("\n");
}

/** A ranked workload's badge: its recommendation, or that nothing is feasible. */
export function recommendationBadge(result: RankedResult): string {
  return result.recommendation
    ? `<span class="badge ok">${esc(result.recommendation)}</span>`
    : `<span class="badge warn">no feasible option</span>`;
}

function rankedSection(result: RankedResult, id: string): string {
  return [
    `<section class="card workload" id="${id}" data-workload="${esc(result.workload)}">`,
    `<h2>${esc(result.workload)} ${recommendationBadge(result)}</h2>`,
    `<p class="summary">${esc(result.summary)}</p>`,
    resultBody(result),
    `</section>`,
  ].join("\n");
}

function failedSection(result: FailedResult, id: string): string {
  const name = resultLabel(result);
  return [
    `<section class="card workload invalid" id="${id}" data-workload="${esc(name)}">`,
    `<h2>${esc(name)} <span class="badge bad">invalid</span></h2>`,
    `<p class="summary">This workload was not ranked: fix ${result.issues.length === 1 ? "this problem" : `these ${result.issues.length} problems`} and run again.</p>`,
    issuesTable(result.issues),
    `</section>`,
  ].join("\n");
}

function overview(output: Output, ids: readonly string[]): string {
  const rows = output.results.map((r, i) => {
    const link = `<a href="#${ids[i]}">${esc(resultLabel(r))}</a>`;
    if (!r.ok)
      return `<tr><td>${link}</td><td><span class="badge bad">invalid</span></td><td>—</td><td class="num">—</td><td class="num">—</td><td class="num">—</td></tr>`;
    const top = r.ranking[0];
    if (!r.recommendation || !top?.estimates)
      return `<tr><td>${link}</td><td><span class="badge warn">no feasible option</span></td><td>—</td><td class="num">—</td><td class="num">—</td><td class="num">—</td></tr>`;
    return (
      `<tr><td>${link}</td><td>${optionName(top.option)}</td><td>${esc(placement(top))}</td><td class="num">${esc(costLabel(top.estimates.monthlyCostUsd, top.estimates.priceConfirmed, rateMark(top.estimates.pricing)))}</td>` +
      `<td class="num">${esc(p95Label(top.option, top.estimates) ?? "—")}</td><td class="num">${(top.score ?? 0).toFixed(2)}</td></tr>`
    );
  });
  return (
    `<div class="table-wrap"><table class="overview"><thead><tr><th>workload</th><th>recommendation</th><th>instance placement</th><th class="num">monthly cost</th>` +
    `<th class="num">p95 latency</th><th class="num">score</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`
  );
}

function fleetSection(plan: FleetPlan): string {
  const t = plan.totals;
  const endpoints = plan.endpoints.map(
    (e) =>
      `<tr><td><code>${esc(e.id)}</code></td><td>${optionName(e.option)}</td><td>${esc(`${e.instanceType} × ${e.instanceCount}`)}</td>` +
      `<td>${esc(e.workloads.join(", "))}${e.models !== e.workloads.length ? ` <span class="muted">(${e.models} models)</span>` : ""}</td>` +
      `<td class="num">${esc(endpointCost(e, plan))}</td><td>${esc(e.why)}</td></tr>`,
  );
  const unplaced = plan.unplaced.map((u) => `<li><strong>${esc(u.workload)}</strong>: ${esc(u.reason)}</li>`);
  return [
    `<section class="card fleet" id="fleet">`,
    `<h2>Fleet plan</h2>`,
    `<p class="summary">${sagemakerEndpoints(plan)} SageMaker endpoint${sagemakerEndpoints(plan) === 1 ? "" : "s"} for ${plan.endpoints.reduce((n, e) => n + e.workloads.length, 0)} workloads at ${esc(formatUsd(t.monthlyCostUsd))} a month, ${percent(t.savingsPct)} less than one dedicated real-time endpoint per model.</p>`,
    `<dl class="totals">`,
    `<dt>plan, monthly${t.commitment ? ` (${esc(t.commitment)})` : ""}</dt><dd>${esc(formatUsd(t.monthlyCostUsd))}</dd>`,
    t.onDemandMonthlyCostUsd !== undefined
      ? `<dt>plan, monthly, on-demand</dt><dd>${esc(formatUsd(t.onDemandMonthlyCostUsd))}</dd>`
      : "",
    `<dt>each model on its own real-time endpoint</dt><dd>${esc(formatUsd(t.dedicatedMonthlyCostUsd))}</dd>`,
    `<dt>each workload alone on its best option</dt><dd>${esc(formatUsd(t.individualMonthlyCostUsd))}</dd>`,
    `<dt>savings against dedicated</dt><dd>${percent(t.savingsPct)}</dd>`,
    `<dt>lower bound on any plan</dt><dd>${esc(formatUsd(t.lowerBoundMonthlyCostUsd))}</dd>`,
    `</dl>`,
    `<h3>Endpoints</h3>`,
    `<div class="table-wrap"><table class="endpoints"><thead><tr><th>endpoint</th><th>option</th><th>instance type × count</th><th>workloads</th><th class="num">monthly cost</th><th>why</th></tr></thead><tbody>${endpoints.join("")}</tbody></table></div>`,
    unplaced.length > 0 ? `<h3>Unplaced workloads</h3><ul class="plain unplaced">${unplaced.join("")}</ul>` : "",
    plan.issues.length > 0 ? `<h3>Workloads that could not be read</h3>${issuesTable(plan.issues)}` : "",
    `</section>`,
  ].join("\n");
}

/** The footer of every hostfit page. */
export const REPORT_FOOTER = `<footer>Generated by hostfit. Costs are estimates from the catalog's prices, on-demand unless a Savings Plans commitment is named; check them against your own AWS pricing.</footer>`;

/** A whole HTML document: its title and inline style sheet in the head, then the lines of its body. */
export function htmlDocument(title: string, css: string, body: readonly string[]): string {
  return [
    "<!doctype html>",
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${esc(title)}</title>`,
    `<style>${css}</style>`,
    `</head>`,
    `<body>`,
    ...body,
    `</body>`,
    `</html>`,
    "",
  ].join("\n");
}

/** One self-contained page: title, catalog line, intro, navigation, body and the footnote on estimated prices. */
export function page(
  title: string,
  catalog: { id: string; asOf: string },
  intro: string,
  nav: string,
  body: string,
  estimated = false,
): string {
  return htmlDocument(title, REPORT_CSS, [
    `<header><h1>${esc(title)}</h1><p class="meta">Catalog <code>${esc(catalog.id)}</code>, prices as of ${esc(catalog.asOf)}. ${intro}</p>${nav}</header>`,
    `<main>`,
    body,
    `</main>`,
    estimated ? `<p class="footnote">${esc(ESTIMATED_PRICE_NOTE)}</p>` : "",
    REPORT_FOOTER,
  ]);
}

/**
 * One self-contained HTML page (inline CSS and SVG, no external resources) for a recommend run, with an
 * optional fleet plan: per workload its summary, charts, ranking, trade-offs, violations and sensitivity.
 */
export function formatHtml(output: Output, plan?: FleetPlan): string {
  const ids = output.results.map((_, i) => `w-${i + 1}`);
  const s = output.summary;
  const intro =
    `${s.ok} of ${s.workloads} workload${s.workloads === 1 ? "" : "s"} ranked` +
    (s.infeasible > 0 ? `, ${s.infeasible} with no feasible option` : "") +
    (s.failed > 0 ? `, ${s.failed} invalid` : "") +
    ".";
  const links = output.results.map((r, i) => `<li><a href="#${ids[i]}">${esc(resultLabel(r))}</a></li>`);
  if (plan) links.push(`<li><a href="#fleet">Fleet plan</a></li>`);
  const nav = links.length > 1 ? `<nav aria-label="Workloads"><ul>${links.join("")}</ul></nav>` : "";
  const sections = output.results.map((r, i) => (r.ok ? rankedSection(r, ids[i]!) : failedSection(r, ids[i]!)));
  const body = [
    output.results.length > 0 ? `<section class="card"><h2>Overview</h2>${overview(output, ids)}</section>` : "",
    ...sections,
    plan ? fleetSection(plan) : "",
  ].join("\n");
  const estimated = anyEstimatedPrice(output) || (plan !== undefined && anyEstimatedEndpoint(plan));
  return page("hostfit recommendations", output.catalog, intro, nav, body, estimated);
}

/** One self-contained HTML page for a fleet plan alone (for `hostfit plan --format html`). */
export function formatFleetHtml(plan: FleetPlan): string {
  const intro = `${plan.endpoints.length} endpoint${plan.endpoints.length === 1 ? "" : "s"}, ${plan.unplaced.length} unplaced workload${plan.unplaced.length === 1 ? "" : "s"}.`;
  return page("hostfit fleet plan", plan.catalog, intro, "", fleetSection(plan), anyEstimatedEndpoint(plan));
}
