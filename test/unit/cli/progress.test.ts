import { describe, expect, test } from "vitest";
import { progressRenderer, type ProgressStream } from "../../../src/cli/progress.js";

const CLEAR = "\r\u001b[K";

/** A fake stderr that records what is written, and a clock the test moves by hand. */
function fakes(isTTY: boolean) {
  const writes: string[] = [];
  const stream: ProgressStream = { isTTY, write: (text: string) => writes.push(text) };
  const clock = { t: 1_000 };
  return { writes, stream, clock, now: () => clock.t };
}

describe("progressRenderer", () => {
  test("not a terminal: no callback at all, so nothing can be written", () => {
    const { stream, now } = fakes(false);
    expect(progressRenderer(stream, { now })).toBeUndefined();
    expect(progressRenderer({ write: () => true }, { now })).toBeUndefined();
  });

  test("a terminal and a long batch: draws at once, at most every 100 ms, and clears the line at the end", () => {
    const { writes, stream, clock, now } = fakes(true);
    const progress = progressRenderer(stream, { now })!;
    progress(1, 1000); // t=1000: first draw
    clock.t += 50;
    progress(2, 1000); // 50 ms later: throttled
    clock.t += 49;
    progress(3, 1000); // 99 ms after the draw: still throttled
    clock.t += 1;
    progress(4, 1000); // 100 ms: drawn
    clock.t += 500;
    progress(999, 1000); // drawn
    progress(1000, 1000); // done: cleared, at once
    expect(writes).toEqual([`${CLEAR} ranked 1/1000`, `${CLEAR} ranked 4/1000`, `${CLEAR} ranked 999/1000`, CLEAR]);
  });

  test("a batch of at most 200 workloads shows nothing, not even a clear", () => {
    const { writes, stream, clock, now } = fakes(true);
    const progress = progressRenderer(stream, { now })!;
    for (let done = 1; done <= 200; done++) {
      clock.t += 1_000;
      progress(done, 200);
    }
    expect(writes).toEqual([]);
  });

  test("a batch that ends before anything was drawn leaves nothing to clear", () => {
    const { writes, stream, now } = fakes(true);
    const progress = progressRenderer(stream, { now, intervalMs: 100 })!;
    progress(201, 201);
    expect(writes).toEqual([]);
  });

  test("the interval and threshold can be chosen; a second batch starts drawing afresh", () => {
    const { writes, stream, clock, now } = fakes(true);
    const progress = progressRenderer(stream, { now, intervalMs: 10, minTotal: 2 })!;
    progress(1, 3);
    clock.t += 10;
    progress(2, 3);
    progress(3, 3);
    progress(1, 3); // same clock: a new batch still draws its first line
    progress(3, 3);
    expect(writes).toEqual([`${CLEAR} ranked 1/3`, `${CLEAR} ranked 2/3`, CLEAR, `${CLEAR} ranked 1/3`, CLEAR]);
  });
});
