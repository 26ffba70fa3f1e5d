import type { ProgressCallback } from "../core/assess/batch.js";

/** Where progress goes: a writable stream that may be a terminal (process.stderr fits). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Options for {@link progressRenderer}. */
export interface ProgressOptions {
  /** The clock, in milliseconds (default Date.now); tests pass a fake one. */
  readonly now?: () => number;
  /** The least time between two redraws, in ms (default 100). */
  readonly intervalMs?: number;
  /** Batches of at most this many workloads show nothing (default 200). */
  readonly minTotal?: number;
}

// Carriage return, then erase to the end of the line: the line is redrawn in place and left empty at the end.
const CLEAR = "\r\u001b[K";

/**
 * A progress callback that redraws "ranked N/TOTAL" in place on a terminal at most every `intervalMs` and
 * clears the line when the batch is done, or undefined when the stream is not a terminal (nothing is shown).
 */
export function progressRenderer(stream: ProgressStream, options: ProgressOptions = {}): ProgressCallback | undefined {
  if (!stream.isTTY) return undefined;
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 100;
  const minTotal = options.minTotal ?? 200;
  let last: number | undefined;
  let drawn = false;
  return (done, total) => {
    if (total <= minTotal) return;
    if (done >= total) {
      if (drawn) stream.write(CLEAR);
      drawn = false;
      last = undefined;
      return;
    }
    const t = now();
    if (last !== undefined && t - last < intervalMs) return;
    last = t;
    drawn = true;
    stream.write(`${CLEAR} ranked ${done}/${total}`);
  };
}
