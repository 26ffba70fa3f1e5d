import { buildDeployment } from "../../deploy/requests.js";
import { recommendWorkload } from "../../core/assess/recommend.js";
import { formatDeployCli } from "../../deploy/script.js";
import { formatIssue } from "../../format/issues.js";
import { formatJson } from "../../format/json.js";
import { loadCatalog } from "../../load/catalog.js";
import { HostfitError } from "../../schema/errors.js";
import { loadRules } from "../../load/rules.js";
import { suggest } from "../../load/suggest.js";
import { parseWorkloads } from "../../load/workloads.js";
import type { Args } from "../args.js";
import { UsageError } from "../args.js";
import { EXIT } from "../exit-codes.js";
import type { Io } from "../main.js";

/**
 * `hostfit deploy <file|-> --workload NAME [--option ID] [--format json|cli]`: ranks the named workload and prints
 * the AWS API requests that create its recommended (or chosen) placement. Exit 1 when that workload is invalid or
 * the option infeasible; 2 when the workload is not in the file.
 */
export function deployCommand(
  args: Args,
  io: Io,
  emit: (text: string, args: Args, io: Io) => void,
  read: (path: string | undefined) => { text: string; file: string },
): number {
  if (args.workload === undefined)
    throw new UsageError("deploy needs --workload NAME, the workload in the file to deploy");
  const knowledge = { catalog: loadCatalog(args.catalog), rules: loadRules(args.rules) };
  const input = read(args.positionals[0]);
  const parsed = parseWorkloads(input.text, input.file, knowledge.catalog);
  const entry = parsed.entries.find((e) => (e.ok ? e.workload.name : e.name) === args.workload);
  if (!entry) {
    for (const issue of parsed.fileIssues) io.stderr(`${formatIssue(issue)}\n`);
    if (parsed.fileIssues.length > 0) return EXIT.someFailed;
    const names = parsed.entries.map((e) => (e.ok ? e.workload.name : e.name)).filter((n): n is string => n !== null);
    throw new HostfitError("invalid-input", [
      {
        code: "unknown-workload",
        path: "",
        file: input.file,
        message: `no workload named "${args.workload}" in ${input.file}`,
        hint: names.length > 0 ? suggest(args.workload, names) : "the file has no valid workload names",
      },
    ]);
  }
  if (!entry.ok) {
    for (const issue of entry.issues) io.stderr(`${formatIssue(issue)}\n`);
    return EXIT.someFailed;
  }
  const result = recommendWorkload(entry.workload, knowledge, {
    whatIf: false,
    ...(args.profile ? { profile: args.profile } : {}),
  });
  let plan;
  try {
    plan = buildDeployment(result, entry.workload, {
      catalog: knowledge.catalog,
      targetUtilization: knowledge.rules.sizing.performance.targetUtilization,
      ...(args.option ? { option: args.option } : {}),
    });
  } catch (error) {
    if (!(error instanceof HostfitError) || error.code !== "not-deployable") throw error;
    for (const issue of error.issues) io.stderr(`${formatIssue({ ...issue, file: input.file })}\n`);
    return EXIT.someFailed;
  }
  emit(args.format === "cli" ? formatDeployCli(plan) : formatJson(plan), args, io);
  const fill = plan.placeholders.map((p) => p.name);
  io.stderr(
    `${plan.requests.length} requests for "${plan.workload}" on ${plan.option}${fill.length > 0 ? `; placeholders to fill: ${fill.join(", ")}` : ""}\n`,
  );
  return EXIT.ok;
}
