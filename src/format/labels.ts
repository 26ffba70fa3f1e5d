import type { Estimates, Output, Result } from "../schema/output.js";
import { formatQuantity, formatUsd } from "../core/units.js";

/**
 * How a result is named in a report: its workload's name; for an entry without one, its place in the file
 * (`workloads[3]`, from its issues' paths); for the file's own issues, "(file)".
 */
export function resultLabel(result: Result): string {
  if (result.workload !== null) return result.workload;
  const entry = result.ok ? undefined : /^workloads\[\d+\]/.exec(result.issues[0]?.path ?? "")?.[0];
  return entry ?? "(file)";
}

/** A figure with its range, the unit written once where all three share it: "31 ms (25-38)". */
export function withRange(value: number, [low, high]: readonly [number, number], unit: string): string {
  const [v, l, h] = [value, low, high].map((x) => formatQuantity(x, unit));
  const suffix = / \S+$/.exec(v!)?.[0];
  const bare = (s: string) => (suffix && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s);
  return suffix && l!.endsWith(suffix) && h!.endsWith(suffix) ? `${v} (${bare(l!)}-${bare(h!)})` : `${v} (${l}-${h})`;
}

/** An LLM option's token latencies with their ranges, for a ranking line; undefined outside LLMs. */
export function tokenLatency(estimates: Estimates | undefined): string | undefined {
  if (!estimates?.range || estimates.ttftMs === undefined || estimates.perTokenMs === undefined) return undefined;
  return `first token ${withRange(estimates.ttftMs, estimates.range.ttftMs, "ms")}, ${withRange(estimates.perTokenMs, estimates.range.perTokenMs, "ms")} a token`;
}

/** A monthly cost as reports show it: starred where the price is an estimate, not read from AWS's price list. */
export function costLabel(monthlyCostUsd: number, priceConfirmed: boolean, rate?: string): string {
  return `${formatUsd(monthlyCostUsd)}${priceConfirmed ? "" : "*"}${rate ? ` [${rate}]` : ""}`;
}

/**
 * The short mark of a committed run's cost: the commitment where it is at the Savings Plans rate, else on-demand
 * (no rate imported for it); none for an on-demand run.
 */
export function rateMark(
  pricing: { readonly commitment: string; readonly rate: string } | undefined,
): string | undefined {
  if (!pricing) return undefined;
  return pricing.rate === "savings-plan" ? pricing.commitment : "on-demand";
}

/** The footnote a starred cost points to. */
export const ESTIMATED_PRICE_NOTE =
  "* estimated price, not confirmed against AWS's price list for the catalog's Region (`hostfit catalog check` lists them)";

/** Whether a cost a report shows rests on an estimated price, so the footnote its star points to is needed. */
export function anyEstimatedPrice(output: Output): boolean {
  return output.results.some((r) => r.ok && r.ranking.some((o) => o.estimates && !o.estimates.priceConfirmed));
}

/** A ranked option's p95 for a report cell: a batch job has none a caller waits for, so it shows none. */
export function p95Label(option: string, estimates: Estimates): string | undefined {
  return option === "batch-transform" ? undefined : formatQuantity(estimates.latencyMs.p95, "ms");
}
