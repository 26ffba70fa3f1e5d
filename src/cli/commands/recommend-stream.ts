import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import { recommendWorkload, type RecommendOptions } from "../../core/assess/recommend.js";
import type { Knowledge } from "../../core/types.js";
import { lineTooLong, MAX_LINE_CHARS, parseLine, yamlAsNdjson } from "../../load/ndjson.js";
import { HostfitError } from "../../schema/errors.js";
import { withoutBom } from "../../load/source.js";
import type { Result } from "../../schema/output.js";
import { writeFailure } from "../output.js";

/** What a streamed run saw: lines read as workloads, and how many were ranked, invalid or infeasible. */
export interface NdjsonSummary {
  readonly workloads: number;
  readonly ok: number;
  readonly failed: number;
  readonly infeasible: number;
}

/** Ranks one JSON Lines entry (the text of line `line`): the result, or `ok: false` with issues pinned to the line. */
export function rankLine(
  text: string,
  line: number,
  knowledge: Knowledge,
  options: RecommendOptions,
  file?: string,
): Result {
  const parsed = parseLine(text, line, knowledge.catalog, file);
  return parsed.ok ? recommendWorkload(parsed.workload, knowledge, options) : parsed;
}

/**
 * Reads workloads as JSON Lines (one object per line, blank lines skipped) and writes one result per line as it
 * goes, waiting for the output to drain, so memory stays flat however long the input is. Never holds more than
 * one chunk of input and its results. `names` are the input file, for issues, and the --out file, for a failed write.
 */
export async function rankNdjson(
  input: Readable,
  output: Writable,
  knowledge: Knowledge,
  options: RecommendOptions,
  names: { readonly file?: string; readonly out?: string } = {},
): Promise<NdjsonSummary> {
  const { file, out } = names;
  // The unfinished line's parts (joined once it ends, so a long line costs no more than its length) and their size.
  let parts: string[] = [];
  let partChars = 0;
  let line = 0;
  let workloads = 0;
  let ok = 0;
  let infeasible = 0;
  const tooLong = (length: number): string => {
    line++;
    workloads++;
    return `${JSON.stringify({ workload: null, ok: false, issues: [lineTooLong(line, length, file)] })}\n`;
  };
  const rank = (text: string): string => {
    if (text.length > MAX_LINE_CHARS) return tooLong(text.length);
    line++;
    const trimmed = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (trimmed.trim() === "") return "";
    // A YAML file's first line: one issue for the whole file, before anything is written.
    if (workloads === 0) {
      const yaml = yamlAsNdjson(undefined, trimmed);
      if (yaml) throw new HostfitError("invalid-input", [{ ...yaml, line, ...(file ? { file } : {}) }]);
    }
    workloads++;
    const result = rankLine(trimmed, line, knowledge, options, file);
    if (result.ok) {
      ok++;
      if (result.recommendation === null) infeasible++;
    }
    return `${JSON.stringify(result)}\n`;
  };
  // A write error destroys the output at once and emits its event later; EPIPE means the reader went away
  // (`| head`), which ends the run quietly instead of reading on. The error is read from output.errored, so the
  // event needs a listener only to keep it from crashing the process.
  const stop = (error: Error): never => {
    throw writeFailure(error, out);
  };
  output.on("error", () => {});
  const write = async (text: string) => {
    if (output.errored) stop(output.errored);
    if (text !== "" && !output.write(text)) await once(output, "drain").catch(stop);
  };
  // A line past the limit is not kept, only its length, so memory stays flat whatever the input holds.
  const finish = (tail: string): string => {
    const length = partChars + tail.length;
    const text = length > MAX_LINE_CHARS ? null : parts.join("") + tail;
    parts = [];
    partChars = 0;
    return text === null ? tooLong(length) : rank(text);
  };
  input.setEncoding("utf8");
  let first = true;
  for await (const received of input as AsyncIterable<string>) {
    const chunk = first ? withoutBom(received) : received;
    first = false;
    const end = chunk.indexOf("\n");
    if (end < 0) {
      if (partChars + chunk.length <= MAX_LINE_CHARS) parts.push(chunk);
      partChars += chunk.length;
      continue;
    }
    let results = finish(chunk.slice(0, end));
    const lines = chunk.slice(end + 1).split("\n");
    const tail = lines.pop()!;
    for (const text of lines) results += rank(text);
    parts = tail === "" ? [] : [tail];
    partChars = tail.length;
    await write(results);
  }
  if (partChars > 0) await write(finish(""));
  // Wait until every line has left, so a failure of the last writes is reported rather than lost.
  if (output.errored) stop(output.errored);
  await new Promise<void>((resolve, reject) => output.write("", (error) => (error ? reject(error) : resolve()))).catch(
    (error: Error) => stop(output.errored ?? error),
  );
  return { workloads, ok, failed: workloads - ok, infeasible };
}
