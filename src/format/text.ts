import type { Output, RankedOption, RankedResult } from "../schema/output.js";
import type { Issue } from "../schema/issue.js";
import {
  anyEstimatedPrice,
  costLabel,
  ESTIMATED_PRICE_NOTE,
  p95Label,
  rateMark,
  resultLabel,
  tokenLatency,
} from "./labels.js";

interface Row {
  readonly workload: string;
  readonly option: string;
  readonly instance: string;
  readonly monthly: string;
  readonly p95: string;
  readonly score: string;
}

function placement(o: RankedOption): string {
  const p = o.placement;
  if (!p) return "-";
  if (p.memorySizeMB !== undefined)
    return `${p.memorySizeMB} MB serverless${p.provisionedConcurrency ? `, ${p.provisionedConcurrency} warm` : ""}`;
  return `${p.instanceCount} x ${p.instanceType}`;
}

function rowsOf(output: Output): Row[] {
  return output.results.map((r) => {
    if (!r.ok)
      return { workload: resultLabel(r), option: "invalid", instance: "-", monthly: "-", p95: "-", score: "-" };
    const top = r.ranking[0];
    if (!r.recommendation || !top?.estimates)
      return { workload: r.workload, option: "none feasible", instance: "-", monthly: "-", p95: "-", score: "-" };
    return {
      workload: r.workload,
      option: r.recommendation,
      instance: placement(top),
      monthly: costLabel(top.estimates.monthlyCostUsd, top.estimates.priceConfirmed, rateMark(top.estimates.pricing)),
      p95: p95Label(top.option, top.estimates) ?? "-",
      score: (top.score ?? 0).toFixed(2),
    };
  });
}

const HEADERS: Row = {
  workload: "workload",
  option: "option",
  instance: "instance",
  monthly: "monthly cost",
  p95: "p95 latency",
  score: "score",
};
const COLUMNS = Object.keys(HEADERS) as (keyof Row)[];

/**
 * Text in Markdown, a table cell or a line of a list: every character Markdown or HTML would act on is escaped
 * with a backslash (so a name or key cannot become a link, markup or raw HTML), and line breaks are folded.
 */
export function escapeCell(s: string): string {
  return s.replace(/[\\`*_[\]<>&|~]/g, "\\$&").replace(/[\r\n]+/g, " ");
}

/** A Markdown code span holding `s` whatever backticks it contains (its fence is longer than any run of them). */
/** An issue as a Markdown list item: where (the file too, with `withFile`) and what. */
export function issueBullet(i: Issue, withFile = false): string {
  const file = withFile && i.file ? `${codeSpan(i.file)} ` : "";
  return `- ${file}${codeSpan(i.path || "(top)")}${i.line ? ` (line ${i.line}, column ${i.column})` : ""}: ${escapeCell(i.message)}`;
}

export function codeSpan(s: string): string {
  const text = s.replace(/[\r\n]+/g, " ");
  const fence = "`".repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

function assumptionLines(r: RankedResult): string[] {
  return (r.assumptions ?? []).map((line) => `Assumes: ${line}.`);
}

function rankingLines(r: RankedResult, bullet: string): string[] {
  return r.ranking.map((o) => {
    if (!o.feasible) return `${bullet}${o.option}: infeasible - ${o.violations.map((v) => v.message).join("; ")}`;
    const why = o.tradeoffs.length > 0 ? ` - ${o.tradeoffs.join("; ")}` : "";
    const tokens = tokenLatency(o.estimates);
    const cost = costLabel(
      o.estimates?.monthlyCostUsd ?? 0,
      o.estimates?.priceConfirmed ?? true,
      rateMark(o.estimates?.pricing),
    );
    return `${bullet}${o.rank}. ${o.option} (score ${(o.score ?? 0).toFixed(2)}, ${placement(o)}, ${cost}/month${tokens ? `, ${tokens}` : ""})${why}`;
  });
}

/** Markdown: one table row per workload, then each ranking with its reasons. */
export function formatMarkdown(output: Output): string {
  const rows = rowsOf(output);
  const lines = [
    `# hostfit recommendations`,
    "",
    `Catalog ${output.catalog.id} (prices as of ${output.catalog.asOf}); ${output.summary.ok} of ${output.summary.workloads} workloads ranked.`,
    "",
    `| ${COLUMNS.map((c) => HEADERS[c]).join(" | ")} |`,
    `| ${COLUMNS.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${COLUMNS.map((c) => escapeCell(row[c])).join(" | ")} |`),
  ];
  for (const r of output.results) {
    lines.push("");
    if (!r.ok) {
      lines.push(
        `## ${escapeCell(resultLabel(r))}: invalid`,
        "",
        ...r.issues.map(
          (i) =>
            `- ${codeSpan(i.path || "(top)")}${i.line ? ` (line ${i.line}, column ${i.column})` : ""}: ${escapeCell(i.message)}${i.hint ? ` - ${escapeCell(i.hint)}` : ""}`,
        ),
      );
      continue;
    }
    lines.push(
      `## ${escapeCell(r.workload)}`,
      "",
      escapeCell(r.summary),
      "",
      ...assumptionLines(r).map((line) => `${escapeCell(line)}\n`),
      ...rankingLines(r, "- ").map(escapeCell),
    );
  }
  if (anyEstimatedPrice(output)) lines.push("", escapeCell(ESTIMATED_PRICE_NOTE));
  return `${lines.join("\n")}\n`;
}

/** A plain-text table for terminals, then each ranking with its reasons. */
export function formatTable(output: Output): string {
  const rows = [HEADERS, ...rowsOf(output)];
  const widths = COLUMNS.map((c) => Math.min(48, Math.max(...rows.map((r) => r[c].length))));
  const line = (row: Row) =>
    COLUMNS.map((c, i) => row[c].slice(0, 48).padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const out = [line(HEADERS), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)];
  for (const r of output.results) {
    if (!r.ok) continue;
    out.push(
      "",
      `${r.workload}: ${r.summary}`,
      ...assumptionLines(r).map((line) => `  ${line}`),
      ...rankingLines(r, "  "),
    );
  }
  if (anyEstimatedPrice(output)) out.push("", ESTIMATED_PRICE_NOTE);
  return `${out.join("\n")}\n`;
}
