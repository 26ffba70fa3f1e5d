import type { FleetEndpoint, FleetPlan } from "../schema/plan.js";
import { escapeCell, issueBullet } from "./text.js";
import { formatUsd } from "../core/units.js";
import { costLabel, ESTIMATED_PRICE_NOTE } from "./labels.js";

// What a plan that costs more than a baseline buys with it: serverless endpoints of the Region's quota left free.
function slotsLine(t: FleetPlan["totals"]): string[] {
  const kept = (t.individualServerlessEndpoints ?? 0) - (t.serverlessEndpoints ?? 0);
  if (kept <= 0 || t.monthlyCostUsd <= t.individualMonthlyCostUsd) return [];
  return [
    `It costs ${formatUsd(t.monthlyCostUsd - t.individualMonthlyCostUsd)} a month more than each workload alone, to leave ${kept} more of the Region's serverless endpoints free (each worth ${formatUsd(t.serverlessEndpointUsd ?? 0)} a month: rules/sizing.yaml plan).`,
  ];
}

function totalsLines(plan: FleetPlan): string[] {
  const t = plan.totals;
  return [
    `Plan ${formatUsd(t.monthlyCostUsd)}/month on ${sagemakerEndpoints(plan)} SageMaker endpoint${sagemakerEndpoints(plan) === 1 ? "" : "s"}; dedicated real-time endpoints would cost ${formatUsd(t.dedicatedMonthlyCostUsd)} (${t.savingsPct.toFixed(1)}% saved), each workload alone on its best option ${formatUsd(t.individualMonthlyCostUsd)}.`,
    ...slotsLine(t),
    ...(t.commitment !== undefined && t.onDemandMonthlyCostUsd !== undefined
      ? [
          `Priced at ${t.commitment} Savings Plans rates${t.ratesAsOf ? ` (${t.ratesAsOf})` : ""}: ${formatUsd(t.monthlyCostUsd)}/month; the plan made on-demand costs ${formatUsd(t.onDemandMonthlyCostUsd)}/month.`,
        ]
      : []),
    `No plan can cost less than ${formatUsd(t.lowerBoundMonthlyCostUsd)}/month (lower bound)${t.monthlyCostUsd > 0 ? `; this plan is within ${(((t.monthlyCostUsd - t.lowerBoundMonthlyCostUsd) / t.monthlyCostUsd) * 100).toFixed(1)}% of it` : ""}.`,
  ];
}

// An entry's cost, starred where it rests on an estimated price (plans written before that was reported: none).
export const endpointCost = (e: FleetEndpoint, plan?: FleetPlan) =>
  costLabel(
    e.monthlyCostUsd,
    e.priceConfirmed ?? true,
    e.rate === undefined ? undefined : e.rate === "savings-plan" ? plan?.totals.commitment : "on-demand",
  );

/** Whether an entry's cost is starred, so the footnote is needed. */
export const anyEstimatedEndpoint = (plan: FleetPlan) => plan.endpoints.some((e) => e.priceConfirmed === false);

// Plans written before the count was reported: one endpoint an entry.
const endpointsOf = (e: FleetEndpoint) => e.sagemakerEndpoints ?? 1;

/** The SageMaker endpoints a plan creates, as AWS counts them. */
export function sagemakerEndpoints(plan: FleetPlan): number {
  return plan.endpoints.reduce((n, e) => n + endpointsOf(e), 0);
}

/**
 * An entry's placement as AWS will see it: "30 serverless endpoints, 2048 MB" where one entry is an endpoint
 * per model, otherwise its instances.
 */
function placementOf(e: FleetEndpoint): string {
  if (e.option === "serverless")
    return `${endpointsOf(e)} serverless endpoint${endpointsOf(e) === 1 ? "" : "s"}, ${e.instanceType.replace(/^serverless-(\d+)mb$/, "$1 MB")}`;
  if (endpointsOf(e) > 1) return `${endpointsOf(e)} endpoints, ${e.instanceCount} x ${e.instanceType} in all`;
  return `${e.instanceCount} x ${e.instanceType}`;
}

/** Markdown: totals, one table row per endpoint, then unplaced workloads and input issues. */
export function formatPlanMarkdown(plan: FleetPlan): string {
  const lines = [
    "# hostfit fleet plan",
    "",
    ...totalsLines(plan),
    "",
    "| endpoint | option | instances | workloads | models | monthly cost | why |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const e of plan.endpoints) {
    lines.push(
      `| ${escapeCell(e.id)} | ${e.option} | ${placementOf(e)} | ${escapeCell(e.workloads.join(", "))} | ${e.models} | ${escapeCell(endpointCost(e, plan))} | ${escapeCell(e.why)} |`,
    );
  }
  if (anyEstimatedEndpoint(plan)) lines.push("", escapeCell(ESTIMATED_PRICE_NOTE));
  if (plan.unplaced.length > 0)
    lines.push(
      "",
      "## Unplaced",
      "",
      ...plan.unplaced.map((u) => `- ${escapeCell(u.workload)}: ${escapeCell(u.reason)}`),
    );
  if (plan.issues.length > 0) lines.push("", "## Invalid workloads", "", ...plan.issues.map((i) => issueBullet(i)));
  return `${lines.join("\n")}\n`;
}

/** A plain-text table for terminals: one row per endpoint, then totals and unplaced workloads. */
export function formatPlanTable(plan: FleetPlan): string {
  const rows = [
    ["endpoint", "option", "instances", "models", "monthly cost", "workloads"],
    ...plan.endpoints.map((e) => [
      e.id,
      e.option,
      placementOf(e),
      String(e.models),
      endpointCost(e, plan),
      e.workloads.join(", "),
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.min(48, Math.max(...rows.map((r) => r[c]!.length))));
  const line = (r: string[]) =>
    r
      .map((v, c) => (c === r.length - 1 ? v : v.slice(0, 48).padEnd(widths[c]!)))
      .join("  ")
      .trimEnd();
  const out = [
    line(rows[0]!),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.slice(1).map(line),
    "",
    ...totalsLines(plan),
  ];
  for (const u of plan.unplaced) out.push(`unplaced ${u.workload}: ${u.reason}`);
  if (anyEstimatedEndpoint(plan)) out.push("", ESTIMATED_PRICE_NOTE);
  return `${out.join("\n")}\n`;
}
