#!/usr/bin/env node
import { createReadStream, createWriteStream, readFileSync, statSync } from "node:fs";
import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import { z } from "zod";
import { loadCatalog } from "../load/catalog.js";
import { HostfitError } from "../schema/errors.js";
import { loadRules } from "../load/rules.js";
import { parseWorkloads } from "../load/workloads.js";
import { batchOutput, rankEach, rankFile } from "../core/assess/batch.js";
import { formatIssue } from "../format/issues.js";
import { formatJson, writeOutputJson } from "../format/json.js";
import { formatMarkdown, formatTable } from "../format/text.js";
import { formatFleetHtml, formatHtml } from "../format/html.js";
import { OutputSchema, type Output } from "../schema/output.js";
import { SCALAR_SHORTHANDS, WorkloadSchema, WorkloadFileSchema } from "../schema/workload.js";
import { parseCommandLine, USAGE, UsageError, WHAT_IF_MAX_DEFAULT, type Args } from "./args.js";
import { rankNdjson } from "./commands/ndjson.js";
import { EXIT } from "./exit-codes.js";
import { catalogCommand } from "./commands/catalog.js";
import { planCommand } from "./commands/plan.js";
import { deployCommand } from "./commands/deploy.js";
import { writeCharts } from "./charts.js";
import { progressRenderer } from "./progress.js";
import { OutputClosed, unwritable, writeAll, writeOutput } from "./output.js";
import type { ProgressCallback } from "../core/assess/batch.js";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => string;
  /** Told after each workload is ranked; absent when nobody is watching (stderr is not a terminal). */
  readonly progress?: ProgressCallback;
}

function readInput(path: string | undefined, io: Io): { text: string; file: string } {
  if (path === undefined) throw new UsageError("missing <file|-> argument");
  if (path === "-") return { text: io.readStdin(), file: "<stdin>" };
  try {
    return { text: readFileSync(path, "utf8"), file: path };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HostfitError("unreadable", [
      {
        code: "unreadable",
        path: "",
        file: path,
        message: `cannot read ${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (error as Error).message}`,
        hint: "pass a YAML or JSON workload file, or - for standard input",
      },
    ]);
  }
}

function emit(text: string, args: Args, io: Io): void {
  writeOutput(args.out, io.stdout, (write) => write(text));
}

function workloadJsonSchema(): unknown {
  const file = WorkloadFileSchema.extend({ workloads: z.array(WorkloadSchema).min(1) });
  return z.toJSONSchema(file, {
    io: "input",
    unrepresentable: "any",
    // A shorthand field takes its main field's scalar as well as the object (`payload: 2MB`, `latency: none`).
    override: ({ zodSchema, jsonSchema }) => {
      const key = SCALAR_SHORTHANDS.get(zodSchema);
      const scalar = key === undefined ? undefined : jsonSchema.properties?.[key];
      if (scalar === undefined || typeof scalar === "boolean") return;
      const object = { ...jsonSchema };
      for (const k of Object.keys(jsonSchema)) delete jsonSchema[k];
      jsonSchema.anyOf = [scalar, object];
    },
  });
}

function run(args: Args, io: Io): number {
  switch (args.command) {
    case "schema": {
      const which = args.positionals[0] ?? "workload";
      if (which !== "workload" && which !== "output")
        throw new UsageError(`unknown schema "${which}": expected workload or output`);
      emit(
        formatJson(
          which === "workload" ? workloadJsonSchema() : z.toJSONSchema(OutputSchema, { unrepresentable: "any" }),
        ),
        args,
        io,
      );
      return EXIT.ok;
    }
    case "catalog":
      return catalogCommand(args, io, emit);
    case "deploy":
      return deployCommand(args, io, emit, (path) => readInput(path, io));
    case "plan": {
      const knowledge = { catalog: loadCatalog(args.catalog), rules: loadRules(args.rules) };
      const input = readInput(args.positionals[0], io);
      const parsed = parseWorkloads(input.text, input.file, knowledge.catalog);
      for (const issue of [...parsed.fileIssues, ...parsed.entries.flatMap((e) => (e.ok ? [] : e.issues))])
        io.stderr(`${formatIssue(issue)}\n`);
      const { text, code } = planCommand(parsed, knowledge, args, (plan) =>
        args.format === "html" ? formatFleetHtml(plan) : undefined,
      );
      emit(text, args, io);
      return code;
    }
    case "validate":
    case "recommend": {
      const knowledge = { catalog: loadCatalog(args.catalog), rules: loadRules(args.rules) };
      const input = readInput(args.positionals[0], io);
      const parsed = parseWorkloads(input.text, input.file, knowledge.catalog);
      const issues = [...parsed.fileIssues, ...parsed.entries.flatMap((e) => (e.ok ? [] : e.issues))];
      for (const issue of issues) io.stderr(`${formatIssue(issue)}\n`);
      if (args.command === "validate") {
        const valid = parsed.entries.filter((e) => e.ok).length;
        io.stderr(`${valid} of ${parsed.entries.length} workloads valid\n`);
        return issues.length === 0 ? EXIT.ok : EXIT.someFailed;
      }
      // Big batches skip the what-if analysis (about a hundred re-rankings each) unless --what-if asks for it.
      const whatIf = args.whatIf ?? parsed.entries.length <= WHAT_IF_MAX_DEFAULT;
      if (args.whatIf === undefined && !whatIf)
        io.stderr(
          `what-if analysis skipped for ${parsed.entries.length} workloads (more than ${WHAT_IF_MAX_DEFAULT}); pass --what-if to run it\n`,
        );
      const options = { whatIf, ...(args.profile ? { profile: args.profile } : {}) };
      let summary: Output["summary"];
      if (args.format === "json" && !args.charts) {
        // JSON is written as the workloads are ranked, so a batch of any size is never held whole.
        const start = batchOutput(knowledge, [], { workloads: 0, ok: 0, failed: 0, infeasible: 0 });
        summary = writeOutput(args.out, io.stdout, (write) =>
          writeOutputJson(start, (add) => rankEach(parsed, knowledge, options, add, io.progress), write),
        );
      } else {
        const output = rankFile(parsed, knowledge, options, io.progress);
        if (args.charts) writeCharts(output, args.charts);
        emit(
          args.format === "html"
            ? formatHtml(output)
            : args.format === "markdown"
              ? formatMarkdown(output)
              : args.format === "table"
                ? formatTable(output)
                : formatJson(output),
          args,
          io,
        );
        summary = output.summary;
      }
      return summary.failed > 0 || summary.infeasible > 0 ? EXIT.someFailed : EXIT.ok;
    }
  }
}

// Reports an error the way every command does: usage errors with the usage, issues one per line, anything else
// as an internal error with its stack only under --verbose.
function failure(error: unknown, args: Args | undefined, argv: readonly string[], io: Io): number {
  if (error instanceof UsageError) {
    io.stderr(`✖ ${error.message}\n\n${USAGE}\n`);
    return EXIT.cannotRun;
  }
  if (error instanceof HostfitError) {
    for (const issue of error.issues) io.stderr(`${formatIssue(issue)}\n`);
    return EXIT.cannotRun;
  }
  // The reader took what it wanted (`| head`); there is nobody left to tell anything.
  if (error instanceof OutputClosed) return EXIT.ok;
  io.stderr(`✖ internal error: ${(error as Error).message}\n`);
  if (args?.verbose || argv.includes("--verbose")) io.stderr(`${(error as Error).stack ?? ""}\n`);
  else io.stderr("  run again with --verbose for details\n");
  return EXIT.cannotRun;
}

/** Runs the CLI on argv and returns the exit code; all output goes through `io`. */
export function main(argv: readonly string[], io: Io): number {
  let args: Args | undefined;
  try {
    args = parseCommandLine(argv);
    if (args.help) {
      io.stdout(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (args.format === "ndjson")
      throw new UsageError("--format ndjson streams; run it through cli(), as the hostfit command does");
    return run(args, io);
  } catch (error) {
    return failure(error, args, argv, io);
  }
}

/** The streams a streamed run reads and writes: standard input and output for the command. */
export interface Streams {
  readonly stdin: Readable;
  readonly stdout: Writable;
}

function openInput(path: string | undefined, streams: Streams): { input: Readable; file: string } {
  if (path === undefined) throw new UsageError("missing <file|-> argument");
  if (path === "-") return { input: streams.stdin, file: "<stdin>" };
  let problem: string | undefined;
  try {
    if (statSync(path).isDirectory()) problem = "it is a directory";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problem = code === "ENOENT" ? "no such file" : (error as Error).message;
  }
  if (problem)
    throw new HostfitError("unreadable", [
      {
        code: "unreadable",
        path: "",
        file: path,
        message: `cannot read ${path}: ${problem}`,
        hint: "pass a JSON Lines workload file, or - for standard input",
      },
    ]);
  return { input: createReadStream(path), file: path };
}

/**
 * `hostfit recommend --format ndjson`: JSON Lines in, one result per line out, in constant memory; the counts
 * go to stderr. Exit 1 when some line was invalid or infeasible.
 */
async function recommendStreamed(args: Args, io: Io, streams: Streams): Promise<number> {
  const knowledge = { catalog: loadCatalog(args.catalog), rules: loadRules(args.rules) };
  const { input, file } = openInput(args.positionals[0], streams);
  const output = args.out ? createWriteStream(args.out) : streams.stdout;
  const opened = args.out ? once(output, "open") : Promise.resolve();
  try {
    await opened;
  } catch (error) {
    throw unwritable(args.out, error);
  }
  const summary = await rankNdjson(
    input,
    output,
    knowledge,
    { whatIf: args.whatIf ?? false, ...(args.profile ? { profile: args.profile } : {}) },
    { file, ...(args.out ? { out: args.out } : {}) },
  );
  if (args.out) {
    output.end();
    await once(output, "finish");
  }
  io.stderr(
    `${summary.workloads} workloads: ${summary.ok - summary.infeasible} ranked, ${summary.infeasible} infeasible, ${summary.failed} invalid\n`,
  );
  if (process.env.HOSTFIT_REPORT_MAXRSS) io.stderr(`maxRSS ${process.resourceUsage().maxRSS} KB\n`);
  return summary.failed > 0 || summary.infeasible > 0 ? EXIT.someFailed : EXIT.ok;
}

/** Runs the CLI like {@link main}, and also the streamed `--format ndjson`, which reads and writes `streams`. */
export async function cli(argv: readonly string[], io: Io, streams: Streams): Promise<number> {
  let args: Args | undefined;
  try {
    args = parseCommandLine(argv);
    if (args.help || args.format !== "ndjson") return main(argv, io);
    return await recommendStreamed(args, io, streams);
  } catch (error) {
    return failure(error, args, argv, io);
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly || process.argv[1]?.endsWith("/hostfit")) {
  const io: Io = {
    stdout: (t) => writeAll(1, t),
    stderr: (t) => process.stderr.write(t),
    progress: progressRenderer(process.stderr),
    readStdin: () => readFileSync(0, "utf8"),
  };
  // Read only when a streamed run asks: making process.stdout turns descriptor 1 non-blocking, for writeAll too.
  const streams: Streams = {
    get stdin() {
      return process.stdin;
    },
    get stdout() {
      return process.stdout;
    },
  };
  process.exitCode = await cli(process.argv.slice(2), io, streams);
}
