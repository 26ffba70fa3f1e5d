import {
  closeSync,
  constants,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { isDirectory } from "../load/files.js";
import { HostfitError } from "../schema/errors.js";

/** Thrown when the reader of standard output went away (`hostfit ... | head`): stop working and exit quietly. */
export class OutputClosed extends Error {
  constructor() {
    super("standard output was closed");
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to `fd` before returning. Standard output is written this way rather than through
 * process.stdout, whose pipe writes fail only later, in an event the synchronous ranking loop never sees: here a
 * reader that has gone (EPIPE) stops the batch at its next write. A descriptor some other process made
 * non-blocking may take part of the text, or none (EAGAIN, waited on briefly); the rest is written again.
 * `out` names the --out file written, if it is one, for the error a failed write gives.
 */
export function writeAll(fd: number, text: string, out?: string): void {
  const size = Buffer.byteLength(text);
  let done = attempt(() => writeSync(fd, text), out);
  if (done === size) return; // the usual case, without copying the text into a buffer first
  const bytes = Buffer.from(text);
  while (done < size) done += attempt(() => writeSync(fd, bytes, done), out);
}

function attempt(write: () => number, out: string | undefined): number {
  try {
    return write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EAGAIN") throw writeFailure(error, out);
    Atomics.wait(pause, 0, 0, 2);
    return 0;
  }
}

/**
 * What a failed write means for the run: OutputClosed when standard output's reader went away (EPIPE), else an
 * `unwritable` issue naming the --out file or standard output (a full disk is the user's to fix, not a bug).
 */
export function writeFailure(error: unknown, out?: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EPIPE") return new OutputClosed();
  if (code === undefined) return error as Error;
  return unwritable(out, error);
}

/** The error for output that cannot be opened or written: the --out file, or standard output without one. */
export function unwritable(out: string | undefined, error: unknown): HostfitError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === "ENOENT"
      ? "its folder does not exist"
      : code === "ENOSPC"
        ? "no space is left on its device"
        : (error as Error).message;
  if (out === undefined) {
    return new HostfitError("unwritable", [
      {
        code: "unwritable",
        path: "",
        message: `cannot write standard output: ${reason}`,
        hint: "check where standard output goes, or pass --out FILE",
      },
    ]);
  }
  return new HostfitError("unwritable", [
    {
      code: "unwritable",
      path: "",
      file: out,
      message: `cannot write ${out}: ${reason}`,
      hint: "pass --out a path in an existing, writable folder with room to spare",
    },
  ]);
}

/** The temporary file a file is written to before it replaces the file: beside it, so the rename stays on one disk. */
export function pendingPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.hostfit-tmp`);
}

/**
 * A file written whole or not at all: the text goes to a temporary file beside it (`pendingPath`), which `commit`
 * renames over it. Until then the file keeps its old content, whatever happens to the run, a kill included; an
 * abandoned or killed run leaves at most the temporary file, which the next write to the same path replaces. A
 * path that is not a regular file (a device such as /dev/stdout, a pipe) holds no report to keep and cannot be
 * replaced: it is written directly.
 */
export class PendingFile {
  /** The open descriptor the text goes to, for a caller that writes through a stream. */
  readonly fd: number;
  /** Where the text goes until `commit`: the temporary file, or the path itself when it is written directly. */
  readonly temp: string;

  /** The file replaced on commit: `path`, or with `followLink` the file a symbolic link at `path` points to. */
  private readonly target: string;

  /** @throws HostfitError (`unwritable`) when the file cannot be opened: before any work is done. */
  constructor(
    readonly path: string,
    { followLink = true }: { readonly followLink?: boolean } = {},
  ) {
    const kind = kindOf(path);
    this.target = followLink && kind === "file" ? realFile(path) : path;
    this.temp = kind === "special" ? path : pendingPath(this.target);
    try {
      if (kind === "folder") throw Object.assign(new Error("it is a folder"), { code: "EISDIR" });
      // A symbolic link where the temporary file goes is not followed: nothing outside the folder is written.
      this.fd = kind === "special" ? openSync(path, "w") : openSync(this.temp, WRITE_NEW_NOFOLLOW, 0o644);
    } catch (error) {
      throw unwritable(path, error);
    }
  }

  write(text: string): void {
    writeAll(this.fd, text, this.path);
  }

  /** Closes the temporary file and puts it in the file's place. */
  commit(): void {
    closeSync(this.fd);
    if (this.temp === this.path) return;
    try {
      renameSync(this.temp, this.target);
    } catch (error) {
      this.remove();
      throw unwritable(this.path, error);
    }
  }

  /** Closes and removes the temporary file, leaving the file as it was. */
  abandon(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed by a failed commit
    }
    if (this.temp !== this.path) this.remove();
  }

  private remove(): void {
    try {
      unlinkSync(this.temp);
    } catch {
      // gone already
    }
  }
}

const WRITE_NEW_NOFOLLOW = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0);

// The file a path names after symbolic links, or the path itself where nothing is there yet.
function realFile(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

// What is at a path: nothing or a regular file (written through a temporary file), a folder, or anything else.
function kindOf(path: string): "file" | "folder" | "special" {
  try {
    const stat = statSync(path);
    return stat.isFile() ? "file" : stat.isDirectory() ? "folder" : "special";
  } catch {
    return "file";
  }
}

/**
 * Writes several files all or none: every text to its temporary file first, and only once all are written are
 * they renamed into place.
 * @throws HostfitError (`unwritable`) naming the first file that could not be written; none is changed then.
 */
export function writeFilesAtomically(files: readonly { readonly path: string; readonly text: string }[]): void {
  const pending: PendingFile[] = [];
  try {
    for (const { path, text } of files) {
      const file = new PendingFile(path);
      pending.push(file);
      file.write(text);
    }
  } catch (error) {
    for (const file of pending) file.abandon();
    throw error;
  }
  for (const file of pending) file.commit();
}

/**
 * Creates a folder and any missing parents, one at a time. Node's `mkdirSync(..., { recursive: true })` never
 * returns for some paths (under /proc, it retries forever), so the parents are walked here.
 * @throws the first error of a folder that cannot be created.
 */
export function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !isDirectory(d); d = dirname(d)) {
    if (dirname(d) === d) break;
    missing.unshift(d);
  }
  for (const d of missing) mkdirSync(d);
}

/**
 * Writes to the file --out names, or to `stdout` without one, through the `write` given to `body`, which does the
 * command's work. The file is opened before `body` runs, so a path that cannot be written fails before any work
 * is done, and it replaces the old file only once `body` has returned: a failed or interrupted run leaves it as it
 * was.
 */
export function writeOutput<T>(
  out: string | undefined,
  stdout: (text: string) => void,
  body: (write: (text: string) => void) => T,
): T {
  if (!out) return body(stdout);
  const file = new PendingFile(out);
  let result: T;
  try {
    result = body((text) => file.write(text));
  } catch (error) {
    file.abandon();
    throw error;
  }
  file.commit();
  return result;
}
