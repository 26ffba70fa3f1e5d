import type { Knowledge } from "../../core/types.js";
import { planFleet } from "../../core/plan/plan.js";
import { formatJson } from "../../format/json.js";
import { formatPlanMarkdown, formatPlanTable } from "../../format/plan-text.js";
import type { FleetPlan } from "../../schema/plan.js";
import type { ParsedFile } from "../../load/workloads.js";
import type { Args } from "../args.js";
import { EXIT } from "../exit-codes.js";

/** `hostfit plan`: every valid workload onto shared endpoints; exit 1 when some were invalid or unplaced. */
export function planCommand(
  parsed: ParsedFile,
  knowledge: Knowledge,
  args: Args,
  render: (plan: FleetPlan) => string | undefined,
): { text: string; code: number } {
  const issues = [...parsed.fileIssues, ...parsed.entries.flatMap((e) => (e.ok ? [] : e.issues))];
  const workloads = parsed.entries.flatMap((e) => (e.ok ? [e.workload] : []));
  const plan = planFleet(workloads, knowledge, {}, issues);
  const text =
    render(plan) ??
    (args.format === "markdown"
      ? formatPlanMarkdown(plan)
      : args.format === "table"
        ? formatPlanTable(plan)
        : formatJson(plan));
  return { text, code: issues.length > 0 || plan.unplaced.length > 0 ? EXIT.someFailed : EXIT.ok };
}
