import { closeSync, createReadStream, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import type { ProgressCallback } from "../core/assess/batch.js";
import { formatIssue } from "../format/issues.js";
import { catalogInstanceTypes } from "../load/catalog.js";
import { BUNDLED_CATALOG_DIR, BUNDLED_RULES_DIR } from "../load/files.js";
import { parseWorkloads, type InstanceTypes, type ParsedFile } from "../load/workloads.js";
import { HostfitError } from "../schema/errors.js";
import type { Issue } from "../schema/issue.js";
import { UsageError, type Args } from "./args.js";
import { writeOutput } from "./output.js";

// What every command reads and writes through: the process's streams, its input file, and the knowledge it loads.

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input's whole text; throws past `limit` bytes (see readBounded). */
  readonly readStdin: (limit: number) => string;
  /** Told after each workload is ranked; absent when nobody is watching (stderr is not a terminal). */
  readonly progress?: ProgressCallback;
  /** Standard output is a terminal: a person reads it, so recommend and plan default to a table. */
  readonly stdoutIsTerminal?: boolean;
}

/** The streams a streamed run reads and writes: standard input and output for the command. */
export interface Streams {
  readonly stdin: Readable;
  readonly stdout: Writable;
}

function unreadable(path: string, problem: string, hint: string): HostfitError {
  return new HostfitError("unreadable", [
    { code: "unreadable", path: "", file: path, message: `cannot read ${path}: ${problem}`, hint },
  ]);
}

/**
 * The most a whole-file input may hold (MB): its parsed form takes 10-20 times its size in memory, so a larger file
 * (or /dev/zero) would exhaust it. HOSTFIT_MAX_INPUT_MB raises it; `--format ndjson` streams any size.
 */
export const DEFAULT_MAX_INPUT_MB = 256;

function maxInputBytes(): number {
  const mb = Number(process.env.HOSTFIT_MAX_INPUT_MB ?? DEFAULT_MAX_INPUT_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_INPUT_MB) * 1e6;
}

/**
 * Reads a descriptor to its end, or throws `TooLarge` once it holds more than `limit` bytes: a device such as
 * /dev/zero never ends.
 */
export function readBounded(fd: number, limit: number): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(1 << 20);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      // A descriptor another process made non-blocking has nothing yet: wait a moment for it.
      if ((error as NodeJS.ErrnoException).code === "EAGAIN") {
        Atomics.wait(pause, 0, 0, 2);
        continue;
      }
      if ((error as NodeJS.ErrnoException).code === "EOF") break;
      throw error;
    }
    if (n === 0) break;
    total += n;
    if (total > limit) throw new TooLarge();
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks, total).toString("utf8");
}

class TooLarge extends Error {}

const pause = new Int32Array(new SharedArrayBuffer(4));

function tooLarge(file: string): HostfitError {
  const mb = maxInputBytes() / 1e6;
  return new HostfitError("unreadable", [
    {
      code: "input-too-large",
      path: "",
      file,
      message: `${file} holds more than ${mb.toLocaleString("en-US")} MB, the most a workload file may`,
      hint: "split it, stream it as JSON Lines with --format ndjson, or raise HOSTFIT_MAX_INPUT_MB",
    },
  ]);
}

/** The whole text of the input file (`-` for standard input), up to the input limit. */
export function readInput(path: string | undefined, io: Io): { text: string; file: string } {
  if (path === undefined) throw new UsageError("missing <file|-> argument");
  if (path === "-") {
    try {
      return { text: io.readStdin(maxInputBytes()), file: "<stdin>" };
    } catch (error) {
      if (error instanceof TooLarge) throw tooLarge("<stdin>");
      throw error;
    }
  }
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    return { text: readBounded(fd, maxInputBytes()), file: path };
  } catch (error) {
    if (error instanceof TooLarge) throw tooLarge(path);
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (error as Error).message;
    throw unreadable(path, problem, "pass a YAML or JSON workload file, or - for standard input");
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The input file as a stream, for runs that read it as it arrives; checked up front, so a bad path fails first. */
export function openInput(path: string | undefined, streams: Streams): { input: Readable; file: string } {
  if (path === undefined) throw new UsageError("missing <file|-> argument");
  if (path === "-") return { input: streams.stdin, file: "<stdin>" };
  let problem: string | undefined;
  try {
    if (statSync(path).isDirectory()) problem = "it is a directory";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problem = code === "ENOENT" ? "no such file" : (error as Error).message;
  }
  if (problem) throw unreadable(path, problem, "pass a JSON Lines workload file, or - for standard input");
  return { input: createReadStream(path), file: path };
}

/** Writes a command's whole result to --out or standard output. */
export function emit(text: string, args: Args, io: Io): void {
  writeOutput(args.out, io.stdout, (write) => write(text));
}

/** Prints issues to standard error, one a line. */
export function printIssues(issues: readonly Issue[], io: Io): void {
  for (const issue of issues) io.stderr(`${formatIssue(issue)}\n`);
}

/** A workload file as a command reads it: the parsed file and its issues. */
export interface InputFile {
  readonly file: string;
  readonly parsed: ParsedFile;
  /** The file's issues and every invalid workload's, in file order. */
  readonly issues: readonly Issue[];
}

/** Issues as a reader meets them in the file: by line and column; those without a place keep their order first. */
export function inLineOrder(issues: readonly Issue[]): Issue[] {
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort(
      (a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || (a.issue.column ?? 0) - (b.issue.column ?? 0) || a.i - b.i,
    )
    .map(({ issue }) => issue);
}

/**
 * Reads and parses the command's input file against a catalog: all that checking workloads needs. The rules load
 * elsewhere (cli/knowledge.ts), so that validate, which needs none, starts without them.
 */
export function parseInputFile(
  args: Args,
  io: Io,
  catalog: InstanceTypes = catalogInstanceTypes(args.catalog),
): InputFile {
  const input = readInput(args.positionals[0], io);
  const parsed = parseWorkloads(input.text, input.file, catalog);
  const issues = [...parsed.fileIssues, ...parsed.entries.flatMap((e) => (e.ok ? [] : e.issues))];
  return { file: input.file, parsed, issues: inLineOrder(issues) };
}

// A file's identity on disk, so that two paths to one file (a link, `./x` and `x`) are seen as one.
function identity(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? `${stat.dev}:${stat.ino}` : undefined;
  } catch {
    return undefined;
  }
}

// Every file a command reads: its input file, the pricing, quotas, config and metrics files, and the files of its
// rules, catalog and account folders.
function inputFiles(args: Args): string[] {
  const files = [args.positionals[0], args.pricing, args.quotas, args.config, args.metrics].filter(
    (p): p is string => p !== undefined && p !== "-",
  );
  const folders = [args.rules ?? BUNDLED_RULES_DIR, args.catalog ?? BUNDLED_CATALOG_DIR, args.account ?? []].flat();
  for (const dir of folders) {
    try {
      if (statSync(dir).isFile()) files.push(dir);
      else files.push(...readdirSync(dir).map((name) => join(dir, name)));
    } catch {
      // the loader reports a folder it cannot read
    }
  }
  return files;
}

/**
 * Refuses an --out that is one of the files the command reads: writing it would destroy the input (an ndjson run
 * reading and writing one file would read back nothing).
 * @throws UsageError naming the file.
 */
export function refuseInputAsOutput(args: Args): void {
  if (args.out === undefined) return;
  const out = identity(args.out);
  if (out === undefined) return;
  const input = inputFiles(args).find((file) => identity(file) === out);
  if (input !== undefined)
    throw new UsageError(`--out ${args.out} is ${input}, which this command reads; write the output to another file`);
}
