import { planFleet } from "../../core/plan/plan.js";
import { formatFleetHtml } from "../../format/html.js";
import { formatJson } from "../../format/json.js";
import { formatPlanMarkdown, formatPlanTable } from "../../format/plan-text.js";
import type { FleetPlan } from "../../schema/plan.js";
import type { Args } from "../args.js";
import { EXIT } from "../exit-codes.js";
import { printIssues, type Io } from "../io.js";
import { readWorkloadFile } from "../knowledge.js";
import { writeOutput } from "../output.js";

const FORMATS: Record<string, (plan: FleetPlan) => string> = {
  html: formatFleetHtml,
  markdown: formatPlanMarkdown,
  table: formatPlanTable,
};

/** `hostfit plan`: every valid workload onto shared endpoints; exit 1 when some were invalid or unplaced. */
export function planCommand(args: Args, io: Io): number {
  const { knowledge, parsed, issues } = readWorkloadFile(args, io);
  printIssues(issues, io);
  const workloads = parsed.entries.flatMap((e) => (e.ok ? [e.workload] : []));
  // Opened before the work, so that an --out that cannot be written fails first.
  return writeOutput(args.out, io.stdout, (write) => {
    const plan = planFleet(workloads, knowledge, args.commitment ? { commitment: args.commitment } : {}, issues);
    write((FORMATS[args.format] ?? formatJson)(plan));
    return issues.length > 0 || plan.unplaced.length > 0 ? EXIT.someFailed : EXIT.ok;
  });
}
