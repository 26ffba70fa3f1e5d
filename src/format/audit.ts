/** `hostfit audit` as a terminal table, Markdown and an HTML page. Pure. */
import { formatUsd } from "../core/units.js";
import type { Audit, AuditEndpoint, AuditPlacement } from "../schema/audit.js";
import { auditChart } from "./audit-chart.js";
import { issuesTable, optionName, page } from "./html.js";
import { escapeXml as esc } from "./svg.js";
import { escapeCell, issueBullet } from "./text.js";

/** A placement in a cell: "multi-model, 4 x ml.c5.2xlarge", "serverless, 2048 MB". */
function placementCell(p: Pick<AuditPlacement, "option" | "instanceType" | "instanceCount">): string {
  if (p.option === "serverless") return `serverless, ${p.instanceType.replace(/^serverless-(\d+)mb$/, "$1 MB")}`;
  return `${p.option}, ${p.instanceCount} x ${p.instanceType}`;
}

/** hostfit's placement in a cell: a plan split over several endpoints names each. */
function recommendedCell(e: AuditEndpoint): string {
  return e.recommended.endpoints
    ? e.recommended.endpoints.map(placementCell).join(" + ")
    : placementCell(e.recommended);
}

function savingCell(usd: number): string {
  return usd < 0 ? `-${formatUsd(-usd)}` : formatUsd(usd);
}

function totalsLine(audit: Audit): string {
  const t = audit.totals;
  const changes = audit.endpoints.filter((e) => e.action === "change").length;
  return `${audit.endpoints.length} endpoint${audit.endpoints.length === 1 ? "" : "s"} audited, ${changes} to change: ${formatUsd(t.currentMonthlyCostUsd)} a month today, ${formatUsd(t.recommendedMonthlyCostUsd)} after the changes (${t.monthlySavingsUsd < 0 ? `${formatUsd(-t.monthlySavingsUsd)} a month more` : `${formatUsd(t.monthlySavingsUsd)} a month saved`}).`;
}

function leftOut(audit: Audit): string[] {
  return [
    ...audit.unauditedEndpoints.map((u) => `endpoint ${u.endpoint} not audited: ${u.reason}`),
    ...audit.unmatchedWorkloads.map((u) => `workload ${u.workload} matches no endpoint: ${u.reason}`),
  ];
}

/** A plain-text table for terminals: one row per endpoint, then the totals and what was left out. */
export function formatAuditTable(audit: Audit): string {
  const rows = [
    ["endpoint", "action", "today", "today/month", "hostfit", "hostfit/month", "saving/month"],
    ...audit.endpoints.map((e) => [
      e.endpoint,
      e.action,
      placementCell(e.current),
      formatUsd(e.current.monthlyCostUsd),
      recommendedCell(e),
      formatUsd(e.recommended.monthlyCostUsd),
      savingCell(e.monthlySavingsUsd),
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.min(40, Math.max(...rows.map((r) => r[c]!.length))));
  const line = (r: string[]) =>
    r
      .map((v, c) => v.slice(0, 40).padEnd(widths[c]!))
      .join("  ")
      .trimEnd();
  const out = [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line), ""];
  out.push(totalsLine(audit), "");
  for (const e of audit.endpoints) out.push(`${e.endpoint}: ${e.why}`);
  const left = leftOut(audit);
  if (left.length > 0) out.push("", ...left);
  return `${out.join("\n")}\n`;
}

/** Markdown: the totals, a before/after table, each endpoint's why, then what was left out and the input issues. */
export function formatAuditMarkdown(audit: Audit): string {
  const lines = [
    "# hostfit audit",
    "",
    totalsLine(audit),
    "",
    "| endpoint | workloads | action | today | today / month | hostfit | hostfit / month | saving / month |",
    "| --- | --- | --- | --- | ---: | --- | ---: | ---: |",
    ...audit.endpoints.map(
      (e) =>
        `| ${escapeCell(e.endpoint)} | ${escapeCell(e.workloads.join(", "))} | **${e.action}** | ${placementCell(e.current)} | ${formatUsd(e.current.monthlyCostUsd)} | ${recommendedCell(e)} | ${formatUsd(e.recommended.monthlyCostUsd)} | ${savingCell(e.monthlySavingsUsd)} |`,
    ),
    "",
    "## Why",
    "",
    ...audit.endpoints.map((e) => `- **${escapeCell(e.endpoint)}**: ${escapeCell(e.why)}`),
  ];
  const left = leftOut(audit);
  if (left.length > 0) lines.push("", "## Not audited", "", ...left.map((l) => `- ${escapeCell(l)}`));
  if (audit.issues.length > 0)
    lines.push(
      "",
      "## Files and workloads that could not be read",
      "",
      ...audit.issues.map((i) => issueBullet(i, true)),
    );
  return `${lines.join("\n")}\n`;
}

/** One self-contained HTML page: totals, the before/after chart and table, each endpoint's why and requests. */
export function formatAuditHtml(audit: Audit): string {
  const rows = audit.endpoints.map(
    (e) =>
      `<tr data-endpoint="${esc(e.endpoint)}"><td><code>${esc(e.endpoint)}</code></td><td>${esc(e.workloads.join(", "))}</td>` +
      `<td><span class="badge ${e.action === "keep" ? "ok" : "warn"}">${e.action}</span></td>` +
      `<td>${optionName(e.current.option)} ${esc(placementCell(e.current).replace(/^[^,]+, /, ""))}</td><td class="num">${esc(formatUsd(e.current.monthlyCostUsd))}</td>` +
      `<td>${optionName(e.recommended.option)} ${esc(e.recommended.endpoints ? recommendedCell(e) : placementCell(e.recommended).replace(/^[^,]+, /, ""))}</td><td class="num">${esc(formatUsd(e.recommended.monthlyCostUsd))}</td>` +
      `<td class="num">${esc(savingCell(e.monthlySavingsUsd))}</td></tr>`,
  );
  const why = audit.endpoints.map(
    (e) =>
      `<li><strong>${esc(e.endpoint)}</strong>: ${esc(e.why)}${e.requests ? ` <span class="muted">(${e.requests.length} requests for the change in the JSON output)</span>` : ""}</li>`,
  );
  const left = leftOut(audit).map((l) => `<li>${esc(l)}</li>`);
  const body = [
    `<section class="card audit" id="audit">`,
    `<h2>Before and after</h2>`,
    `<p class="summary">${esc(totalsLine(audit))}</p>`,
    audit.endpoints.length > 0 ? `<div class="charts"><figure>${auditChart(audit)}</figure></div>` : "",
    `<div class="table-wrap"><table class="audit-endpoints"><thead><tr><th>endpoint</th><th>workloads</th><th>action</th><th>today</th><th class="num">today / month</th><th>hostfit</th><th class="num">hostfit / month</th><th class="num">saving / month</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`,
    why.length > 0 ? `<h3>Why</h3><ul class="plain why">${why.join("")}</ul>` : "",
    left.length > 0 ? `<h3>Not audited</h3><ul class="plain unaudited">${left.join("")}</ul>` : "",
    audit.issues.length > 0 ? `<h3>Files and workloads that could not be read</h3>${issuesTable(audit.issues)}` : "",
    `</section>`,
  ].join("\n");
  const intro = `${audit.endpoints.length} endpoint${audit.endpoints.length === 1 ? "" : "s"} audited.`;
  return page("hostfit audit", audit.catalog, intro, "", body);
}
