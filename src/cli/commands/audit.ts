import { auditAccount } from "../../audit/audit.js";
import { measuredTraffic } from "../../audit/traffic.js";
import { formatAuditHtml, formatAuditMarkdown, formatAuditTable } from "../../format/audit.js";
import { formatJson } from "../../format/json.js";
import { loadAccount } from "../../load/account.js";
import { loadMetrics } from "../../load/metrics.js";
import type { Audit } from "../../schema/audit.js";
import { UsageError, type Args } from "../args.js";
import { EXIT } from "../exit-codes.js";
import { inLineOrder, printIssues, type Io } from "../io.js";
import { readWorkloadFile } from "../knowledge.js";
import { writeOutput } from "../output.js";

const FORMATS: Record<string, (audit: Audit) => string> = {
  html: formatAuditHtml,
  markdown: formatAuditMarkdown,
  table: formatAuditTable,
};

/**
 * `hostfit audit <file|-> --account PATH [--metrics FILE]`: each running endpoint against hostfit's recommendation for
 * the workloads it hosts. Exit 1 when a file or workload could not be read, an endpoint could not be audited, or a
 * workload matches no endpoint (all in the output); 2 when the run could not happen.
 */
export function auditCommand(args: Args, io: Io): number {
  if (args.account === undefined)
    throw new UsageError(
      "audit needs --account PATH, a folder of the JSON that aws sagemaker describe-endpoint (and the others) print",
    );
  const { knowledge, parsed, issues: workloadIssues } = readWorkloadFile(args, io);
  const account = loadAccount(args.account);
  const metrics = args.metrics !== undefined ? loadMetrics(args.metrics) : undefined;
  const issues = [...account.issues, ...inLineOrder(workloadIssues), ...(metrics?.issues ?? [])];
  printIssues(issues, io);
  const workloads = parsed.entries.flatMap((e) => (e.ok ? [e.workload] : []));
  // Opened before the work, so that an --out that cannot be written fails first.
  return writeOutput(args.out, io.stdout, (write) => {
    const audit = auditAccount(
      workloads,
      account.account,
      knowledge,
      {
        ...(args.profile ? { profile: args.profile } : {}),
        ...(metrics ? { measured: measuredTraffic(metrics.series) } : {}),
      },
      issues,
    );
    for (const u of audit.unauditedEndpoints) io.stderr(`✖ endpoint ${u.endpoint} was not audited: ${u.reason}\n`);
    for (const u of audit.unmatchedWorkloads) io.stderr(`✖ workload ${u.workload} matches no endpoint: ${u.reason}\n`);
    write((FORMATS[args.format] ?? formatJson)(audit));
    const complete =
      issues.length === 0 && audit.unauditedEndpoints.length === 0 && audit.unmatchedWorkloads.length === 0;
    return complete ? EXIT.ok : EXIT.someFailed;
  });
}
