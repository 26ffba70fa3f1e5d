import { buildDeployment } from "../../deploy/requests.js";
import { recommendWorkload } from "../../core/assess/recommend.js";
import { formatDeployCli } from "../../deploy/script.js";
import { formatJson } from "../../format/json.js";
import { HostfitError } from "../../schema/errors.js";
import { suggest } from "../../load/suggest.js";
import { UsageError, type Args } from "../args.js";
import { EXIT } from "../exit-codes.js";
import { emit, printIssues, type Io } from "../io.js";
import { readWorkloadFile } from "../knowledge.js";

/**
 * `hostfit deploy <file|-> --workload NAME [--option ID] [--format json|cli]`: ranks the named workload and prints
 * the AWS API requests that create its recommended (or chosen) placement. Exit 1 when that workload is invalid or
 * the option infeasible; 2 when the workload is not in the file.
 */
export function deployCommand(args: Args, io: Io): number {
  if (args.workload === undefined)
    throw new UsageError("deploy needs --workload NAME, the workload in the file to deploy");
  const { knowledge, file, parsed } = readWorkloadFile(args, io);
  const entry = parsed.entries.find((e) => (e.ok ? e.workload.name : e.name) === args.workload);
  if (!entry) {
    printIssues(parsed.fileIssues, io);
    if (parsed.fileIssues.length > 0) return EXIT.someFailed;
    const names = parsed.entries.map((e) => (e.ok ? e.workload.name : e.name)).filter((n): n is string => n !== null);
    throw new HostfitError("invalid-input", [
      {
        code: "unknown-workload",
        path: "",
        file: file,
        message: `no workload named "${args.workload}" in ${file}`,
        hint: names.length > 0 ? suggest(args.workload, names) : "the file has no valid workload names",
      },
    ]);
  }
  if (!entry.ok) {
    printIssues(entry.issues, io);
    return EXIT.someFailed;
  }
  const result = recommendWorkload(entry.workload, knowledge, {
    whatIf: false,
    ...(args.profile ? { profile: args.profile } : {}),
    ...(args.commitment ? { commitment: args.commitment } : {}),
  });
  let plan;
  try {
    plan = buildDeployment(result, entry.workload, {
      catalog: knowledge.catalog,
      targetUtilization: knowledge.rules.sizing.performance.targetUtilization,
      rules: knowledge.rules.deploy,
      ...(args.option ? { option: args.option } : {}),
    });
  } catch (error) {
    if (!(error instanceof HostfitError) || error.code !== "not-deployable") throw error;
    printIssues(
      error.issues.map((issue) => ({ ...issue, file })),
      io,
    );
    return EXIT.someFailed;
  }
  emit(args.format === "cli" ? formatDeployCli(plan) : formatJson(plan), args, io);
  const fill = plan.placeholders.map((p) => p.name);
  io.stderr(
    `${plan.requests.length} requests for "${plan.workload}" on ${plan.option}${fill.length > 0 ? `; placeholders to fill: ${fill.join(", ")}` : ""}\n`,
  );
  return EXIT.ok;
}
