import { closeSync, openSync, writeSync } from "node:fs";
import { HostfitError } from "../load/errors.js";

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
 */
export function writeAll(fd: number, text: string): void {
  const size = Buffer.byteLength(text);
  let done = attempt(() => writeSync(fd, text));
  if (done === size) return; // the usual case, without copying the text into a buffer first
  const bytes = Buffer.from(text);
  while (done < size) done += attempt(() => writeSync(fd, bytes, done));
}

function attempt(write: () => number): number {
  try {
    return write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EPIPE") throw new OutputClosed();
    if (code !== "EAGAIN") throw error;
    Atomics.wait(pause, 0, 0, 2);
    return 0;
  }
}

/** The error for an --out file that cannot be opened for writing. */
export function unwritable(out: string, error: unknown): HostfitError {
  const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "its folder does not exist" : (error as Error).message;
  return new HostfitError("unwritable", [{ code: "unwritable", path: "", file: out, message: `cannot write ${out}: ${reason}`, hint: "pass --out a path in an existing, writable folder" }]);
}

/**
 * Writes to the file --out names, or to `stdout` without one, through the `write` given to `body`. The file is
 * opened before `body` runs, so a path that cannot be written fails before any work is done.
 */
export function writeOutput<T>(out: string | undefined, stdout: (text: string) => void, body: (write: (text: string) => void) => T): T {
  if (!out) return body(stdout);
  let fd: number;
  try {
    fd = openSync(out, "w");
  } catch (error) {
    throw unwritable(out, error);
  }
  try {
    return body((text) => writeAll(fd, text));
  } finally {
    closeSync(fd);
  }
}
