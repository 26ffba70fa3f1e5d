import { readFileSync } from "node:fs";
import { explorerPage, quotasData } from "../../explore/page.js";
import { loadQuotas } from "../../load/quotas.js";
import { loadRulesSource } from "../../load/rules.js";
import { recommendWorkload } from "../../core/assess/recommend.js";
import { HostfitError } from "../../schema/errors.js";
import type { Workload } from "../../schema/workload.js";
import { UsageError, type Args } from "../args.js";
import { EXIT } from "../exit-codes.js";
import { parseInputFile, printIssues, type Io } from "../io.js";
import { loadRunCatalog } from "../knowledge.js";
import { writeOutput } from "../output.js";

// The page's script, bundled at build time by scripts/build-explorer.mjs. src/cli/commands and dist/cli/commands
// sit at the same depth, so a run from a checkout (tsx) finds the built bundle too.
const BUNDLE = new URL("../../../dist/explore/app.bundle.js", import.meta.url);

function readBundle(): string {
  try {
    return readFileSync(BUNDLE, "utf8");
  } catch {
    throw new HostfitError("unreadable", [
      {
        code: "unreadable",
        path: "",
        file: BUNDLE.pathname,
        message: "the explorer page's script is not built",
        hint: "run npm run build in the hostfit checkout (an installed package ships it)",
      },
    ]);
  }
}

/**
 * `hostfit explore` (and `recommend --format html --interactive`): one self-contained HTML page in which each valid
 * workload of the file can be changed and ranked again, offline. Entries that cannot be read are listed on the page
 * and on stderr, and make the exit code 1. A terminal gets no page: --out or a redirect does.
 */
export function exploreCommand(args: Args, io: Io): number {
  if (args.out === undefined && io.stdoutIsTerminal === true)
    throw new UsageError("the explorer is an HTML page: pass --out FILE (e.g. --out explore.html) or redirect stdout");
  const catalog = loadRunCatalog(args);
  const rules = loadRulesSource(args.rules);
  const quotas = args.quotas === undefined ? undefined : loadQuotas(args.quotas);
  const script = readBundle();
  const { parsed, issues } = parseInputFile(args, io, catalog);
  printIssues(issues, io);
  // --profile and --commitment stand in for each workload's own, as they override them in recommend.
  const workloads: Workload[] = parsed.entries.flatMap((e) => {
    if (!e.ok) return [];
    let workload = e.workload;
    if (args.profile) workload = { ...workload, priorities: args.profile };
    if (args.commitment) workload = { ...workload, pricing: { commitment: args.commitment } };
    return [workload];
  });
  const invalid = [
    ...(parsed.fileIssues.length > 0 ? [{ label: "(file)", issues: parsed.fileIssues }] : []),
    ...parsed.entries.flatMap((e) => (e.ok ? [] : [{ label: e.name ?? `workloads[${e.index}]`, issues: e.issues }])),
  ];
  const page = explorerPage(
    {
      catalog,
      rules: { data: rules.data, trees: rules.trees },
      ...(quotas ? { quotas: quotasData(quotas) } : {}),
      workloads,
      invalid,
    },
    script,
  );
  // Exit 1 as recommend would: an entry unread, or a workload with no feasible option as the file gives it.
  const knowledge = { catalog, rules: rules.rules, ...(quotas ? { quotas } : {}) };
  const infeasible = workloads.some((w) => recommendWorkload(w, knowledge, { whatIf: false }).recommendation === null);
  return writeOutput(args.out, io.stdout, (write) => {
    write(page);
    return invalid.length > 0 || infeasible ? EXIT.someFailed : EXIT.ok;
  });
}
