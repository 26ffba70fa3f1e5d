import type { Args } from "../args.js";
import { EXIT } from "../exit-codes.js";
import { parseInputFile, printIssues, type Io } from "../io.js";

/** `hostfit validate`: schema and reference checks only; exit 1 when some workload is invalid. */
export async function validateCommand(args: Args, io: Io): Promise<number> {
  // A rules folder of the user's own is checked too; the bundled one is checked by the test suite.
  if (args.rules !== undefined) (await import("../../load/rules.js")).loadRules(args.rules);
  const { parsed, issues } = parseInputFile(args, io);
  printIssues(issues, io);
  const valid = parsed.entries.filter((e) => e.ok).length;
  io.stderr(`${valid} of ${parsed.entries.length} workloads valid\n`);
  return issues.length === 0 ? EXIT.ok : EXIT.someFailed;
}
