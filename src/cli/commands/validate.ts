import type { Args } from "../args.js";
import { EXIT } from "../exit-codes.js";
import { printIssues, readWorkloadFile, type Io } from "../io.js";

/** `hostfit validate`: schema and reference checks only; exit 1 when some workload is invalid. */
export function validateCommand(args: Args, io: Io): number {
  const { parsed, issues } = readWorkloadFile(args, io);
  printIssues(issues, io);
  const valid = parsed.entries.filter((e) => e.ok).length;
  io.stderr(`${valid} of ${parsed.entries.length} workloads valid\n`);
  return issues.length === 0 ? EXIT.ok : EXIT.someFailed;
}
