import { closeSync, openSync, writeSync } from "node:fs";
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

/**
 * Writes to the file --out names, or to `stdout` without one, through the `write` given to `body`. The file is
 * opened before `body` runs, so a path that cannot be written fails before any work is done.
 */
export function writeOutput<T>(
  out: string | undefined,
  stdout: (text: string) => void,
  body: (write: (text: string) => void) => T,
): T {
  if (!out) return body(stdout);
  let fd: number;
  try {
    fd = openSync(out, "w");
  } catch (error) {
    throw unwritable(out, error);
  }
  try {
    return body((text) => writeAll(fd, text, out));
  } finally {
    closeSync(fd);
  }
}
