import type { Output, Result } from "../schema/output.js";

/** Serializes output as stable, indented JSON with a trailing newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

// Where the results array opens in formatJson's text of an output. A string value cannot hold a raw line break,
// so this is found only where the array is.
const RESULTS_OPEN = '\n  "results": [';
// Where a result starts (its line break included) and what follows it in JSON.stringify({ results: [result] }, null, 2).
const RESULT_AT = '{\n  "results": ['.length;
const RESULT_AFTER = "\n  ]\n}".length;

/**
 * Writes what `formatJson` gives for `start` with its results and summary filled in, byte for byte, while the
 * results are still being produced, so a large batch is held neither as results nor as one string: `write`
 * receives the opening, then each result's text as soon as `produce` hands it over, then the summary that
 * `produce` returns. Many small writes are cheaper here than one large string, whose flattening costs more
 * than writing it.
 */
export function writeOutputJson(
  start: Output,
  produce: (add: (result: Result) => void) => Output["summary"],
  write: (text: string) => void,
): Output["summary"] {
  const opening = formatJson(start);
  write(opening.slice(0, opening.indexOf(RESULTS_OPEN) + RESULTS_OPEN.length));
  let first = true;
  const summary = produce((result) => {
    // Stringified inside an object like the output, a result comes out indented as it is there, without a
    // second pass over its text to indent it.
    const alone = JSON.stringify({ results: [result] }, null, 2);
    write(`${first ? "" : ","}${alone.slice(RESULT_AT, alone.length - RESULT_AFTER)}`);
    first = false;
  });
  const closing = formatJson({ ...start, summary });
  // What follows the array's "[": its "]" at once when it is empty, on a line of its own otherwise.
  write(`${first ? "" : "\n  "}${closing.slice(closing.indexOf(RESULTS_OPEN) + RESULTS_OPEN.length)}`);
  return summary;
}
