#!/usr/bin/env node
import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { loadCatalog } from "../load/catalog.js";
import { HostfitError } from "../load/errors.js";
import { loadRules } from "../load/rules.js";
import { parseWorkloads } from "../load/workloads.js";
import { rankFile } from "../core/batch.js";
import { formatIssue } from "../format/issues.js";
import { formatJson } from "../format/json.js";
import { formatMarkdown, formatTable } from "../format/text.js";
import { formatFleetHtml, formatHtml } from "../format/html.js";
import { OutputSchema } from "../schema/output.js";
import { WorkloadSchema, WorkloadFileSchema } from "../schema/workload.js";
import { parseCommandLine, USAGE, UsageError, type Args } from "./args.js";
import { EXIT } from "./exit-codes.js";
import { catalogCommand } from "./catalog.js";
import { planCommand } from "./plan.js";
import { deployCommand } from "./deploy.js";
import { writeCharts } from "./charts.js";
import { progressRenderer } from "./progress.js";
import type { ProgressCallback } from "../core/batch.js";

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
    throw new HostfitError("unreadable", [{ code: "unreadable", path: "", file: path, message: `cannot read ${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (error as Error).message}`, hint: "pass a YAML or JSON workload file, or - for standard input" }]);
  }
}

function emit(text: string, args: Args, io: Io): void {
  if (!args.out) {
    io.stdout(text);
    return;
  }
  try {
    writeFileSync(args.out, text);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "its folder does not exist" : (error as Error).message;
    throw new HostfitError("unwritable", [{ code: "unwritable", path: "", file: args.out, message: `cannot write ${args.out}: ${reason}`, hint: "pass --out a path in an existing, writable folder" }]);
  }
}

function workloadJsonSchema(): unknown {
  const file = WorkloadFileSchema.extend({ workloads: z.array(WorkloadSchema).min(1) });
  return z.toJSONSchema(file, { io: "input", unrepresentable: "any" });
}

function run(args: Args, io: Io): number {
  switch (args.command) {
    case "schema": {
      const which = args.positionals[0] ?? "workload";
      if (which !== "workload" && which !== "output") throw new UsageError(`unknown schema "${which}": expected workload or output`);
      emit(formatJson(which === "workload" ? workloadJsonSchema() : z.toJSONSchema(OutputSchema, { unrepresentable: "any" })), args, io);
      return EXIT.ok;
    }
    case "catalog":
      return catalogCommand(args, io, emit);
    case "deploy":
      return deployCommand(args, io, emit, (path) => readInput(path, io));
    case "plan": {
      const knowledge = { catalog: loadCatalog(args.catalog), rules: loadRules(args.rules) };
      const input = readInput(args.positionals[0], io);
      const parsed = parseWorkloads(input.text, input.file);
      for (const issue of [...parsed.fileIssues, ...parsed.entries.flatMap((e) => (e.ok ? [] : e.issues))]) io.stderr(`${formatIssue(issue)}\n`);
      const { text, code } = planCommand(parsed, knowledge, args, (plan) => (args.format === "html" ? formatFleetHtml(plan) : undefined));
      emit(text, args, io);
      return code;
    }
    case "validate":
    case "recommend": {
      const knowledge = { catalog: loadCatalog(args.catalog), rules: loadRules(args.rules) };
      const input = readInput(args.positionals[0], io);
      const parsed = parseWorkloads(input.text, input.file);
      const issues = [...parsed.fileIssues, ...parsed.entries.flatMap((e) => (e.ok ? [] : e.issues))];
      for (const issue of issues) io.stderr(`${formatIssue(issue)}\n`);
      if (args.command === "validate") {
        const valid = parsed.entries.filter((e) => e.ok).length;
        io.stderr(`${valid} of ${parsed.entries.length} workloads valid\n`);
        return issues.length === 0 ? EXIT.ok : EXIT.someFailed;
      }
      const output = rankFile(parsed, knowledge, { whatIf: args.whatIf, ...(args.profile ? { profile: args.profile } : {}) }, io.progress);
      if (args.charts) writeCharts(output, args.charts);
      const text = args.format === "html" ? formatHtml(output) : args.format === "markdown" ? formatMarkdown(output) : args.format === "table" ? formatTable(output) : formatJson(output);
      emit(text, args, io);
      return output.summary.failed > 0 || output.summary.infeasible > 0 ? EXIT.someFailed : EXIT.ok;
    }
  }
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
    return run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`✖ ${error.message}\n\n${USAGE}\n`);
      return EXIT.cannotRun;
    }
    if (error instanceof HostfitError) {
      for (const issue of error.issues) io.stderr(`${formatIssue(issue)}\n`);
      return EXIT.cannotRun;
    }
    io.stderr(`✖ internal error: ${(error as Error).message}\n`);
    if (args?.verbose || argv.includes("--verbose")) io.stderr(`${(error as Error).stack ?? ""}\n`);
    else io.stderr("  run again with --verbose for details\n");
    return EXIT.cannotRun;
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly || process.argv[1]?.endsWith("/hostfit")) {
  process.exitCode = main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    progress: progressRenderer(process.stderr),
    readStdin: () => readFileSync(0, "utf8"),
  });
}
