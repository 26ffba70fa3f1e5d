import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { batchOutput, rankEach, rankFile } from "../../core/assess/batch.js";
import { formatHtml } from "../../format/html.js";
import { formatJson, writeOutputJson } from "../../format/json.js";
import { formatMarkdown, formatTable } from "../../format/text.js";
import type { Output } from "../../schema/output.js";
import { WHAT_IF_MAX_DEFAULT, type Args } from "../args.js";
import { openChartFolder, writeCharts } from "../charts.js";
import { EXIT } from "../exit-codes.js";
import { openInput, printIssues, type Io, type Streams } from "../io.js";
import { loadKnowledge, readWorkloadFile } from "../knowledge.js";
import { PendingFile, writeOutput } from "../output.js";
import { rankNdjson } from "./recommend-stream.js";
import { yamlAsNdjson } from "../../load/ndjson.js";
import { HostfitError } from "../../schema/errors.js";

const FORMATS: Record<string, (output: Output) => string> = {
  html: formatHtml,
  markdown: formatMarkdown,
  table: formatTable,
};

// Exit 1 when a workload failed or is infeasible, or the file itself has issues (a stray top-level key).
function exitCode(summary: Output["summary"], fileIssues = 0): number {
  return summary.failed > 0 || summary.infeasible > 0 || fileIssues > 0 ? EXIT.someFailed : EXIT.ok;
}

/** `hostfit recommend`: every workload of the file ranked; exit 1 when some were invalid or infeasible. */
export function recommendCommand(args: Args, io: Io): number {
  const { knowledge, parsed, issues } = readWorkloadFile(args, io);
  printIssues(issues, io);
  // Big batches skip the what-if analysis (about a hundred re-rankings each) unless --what-if asks for it.
  const whatIf = args.whatIf ?? parsed.entries.length <= WHAT_IF_MAX_DEFAULT;
  if (args.whatIf === undefined && !whatIf)
    io.stderr(
      `what-if analysis skipped for ${parsed.entries.length} workloads (more than ${WHAT_IF_MAX_DEFAULT}); pass --what-if to run it\n`,
    );
  const options = {
    whatIf,
    ...(args.profile ? { profile: args.profile } : {}),
    ...(args.commitment ? { commitment: args.commitment } : {}),
  };
  if (args.format === "json" && !args.charts) {
    // JSON is written as the workloads are ranked, so a batch of any size is never held whole.
    const start = batchOutput(knowledge, [], { workloads: 0, ok: 0, failed: 0, infeasible: 0 });
    const summary = writeOutput(args.out, io.stdout, (write) =>
      writeOutputJson(start, (add) => rankEach(parsed, knowledge, options, add, io.progress), write),
    );
    return exitCode(summary, parsed.fileIssues.length);
  }
  // The output, then the charts folder, are opened before the work, so that a path that cannot be written fails
  // first.
  return writeOutput(args.out, io.stdout, (write) => {
    const charts = args.charts === undefined ? undefined : openChartFolder(args.charts);
    const output = rankFile(parsed, knowledge, options, io.progress);
    if (charts) writeCharts(output, charts);
    write((FORMATS[args.format] ?? formatJson)(output));
    return exitCode(output.summary, parsed.fileIssues.length);
  });
}

/**
 * `hostfit recommend --format ndjson`: JSON Lines in, one result per line out, in constant memory; the counts
 * go to stderr. Exit 1 when some line was invalid or infeasible.
 */
export async function recommendStreamed(args: Args, io: Io, streams: Streams): Promise<number> {
  const yaml = yamlAsNdjson(args.positionals[0]);
  if (yaml) throw new HostfitError("invalid-input", [yaml]);
  const knowledge = loadKnowledge(args);
  const { input, file } = openInput(args.positionals[0], streams);
  // --out is written through a temporary file that replaces it only once every line is out (see PendingFile).
  const pending = args.out === undefined ? undefined : new PendingFile(args.out);
  const output = pending ? createWriteStream("", { fd: pending.fd, autoClose: false }) : streams.stdout;
  let summary;
  try {
    summary = await rankNdjson(
      input,
      output,
      knowledge,
      {
        whatIf: args.whatIf ?? false,
        ...(args.profile ? { profile: args.profile } : {}),
        ...(args.commitment ? { commitment: args.commitment } : {}),
      },
      { file, ...(args.out ? { out: args.out } : {}) },
    );
    if (pending) {
      output.end();
      await once(output, "finish");
      pending.commit();
    }
  } catch (error) {
    pending?.abandon();
    throw error;
  }
  io.stderr(
    `${summary.workloads} workloads: ${summary.ok - summary.infeasible} ranked, ${summary.infeasible} infeasible, ${summary.failed} invalid\n`,
  );
  if (process.env.HOSTFIT_REPORT_MAXRSS) io.stderr(`maxRSS ${process.resourceUsage().maxRSS} KB\n`);
  return exitCode(summary);
}
