import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import { recommendWorkload, type RecommendOptions } from "../../core/assess/recommend.js";
import type { Knowledge } from "../../core/types.js";
import { groupThousands } from "../../core/units.js";
import { toIssues } from "../../load/issues.js";
import { parseSource, withoutBom } from "../../load/source.js";
import type { Issue } from "../../schema/issue.js";
import type { Result } from "../../schema/output.js";
import { WorkloadSchema } from "../../schema/workload.js";
import { nameOf, unknownInstanceTypes } from "../../load/workloads.js";
import { writeFailure } from "../output.js";

/** What a streamed run saw: lines read as workloads, and how many were ranked, invalid or infeasible. */
export interface NdjsonSummary {
  readonly workloads: number;
  readonly ok: number;
  readonly failed: number;
  readonly infeasible: number;
}

/** The longest line read (characters): a workload is a few hundred, and a longer line is refused unread. */
export const MAX_LINE_CHARS = 1_000_000;

// Positions come from the line number; the fields of a one-line JSON object have no YAML positions to find.
const NO_SOURCE = parseSource("");

/** Ranks one JSON Lines entry (the text of line `line`): the result, or `ok: false` with issues pinned to the line. */
export function rankLine(
  text: string,
  line: number,
  knowledge: Knowledge,
  options: RecommendOptions,
  file?: string,
): Result {
  const at = { line, ...(file ? { file } : {}) };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const issue: Issue = {
      code: "invalid-json",
      path: `line ${line}`,
      ...at,
      message: `line ${line} is not JSON: ${(error as Error).message}`,
      hint: "write one workload as a JSON object per line",
    };
    return { workload: null, ok: false, issues: [issue] };
  }
  const parsed = WorkloadSchema.safeParse(raw);
  if (parsed.success) {
    const unknown = unknownInstanceTypes(parsed.data, knowledge.catalog, NO_SOURCE, [], file, `line ${line}`).map(
      (issue) => ({ ...issue, line }),
    );
    return unknown.length > 0
      ? { workload: nameOf(raw), ok: false, issues: unknown }
      : recommendWorkload(parsed.data, knowledge, options);
  }
  const issues = toIssues(parsed.error, WorkloadSchema, raw, NO_SOURCE, [], undefined, "a workload").map(
    (issue): Issue => ({ ...issue, path: issue.path || `line ${line}`, ...at }),
  );
  return { workload: nameOf(raw), ok: false, issues };
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
    const issue: Issue = {
      code: "line-too-long",
      path: `line ${line}`,
      line,
      ...(file ? { file } : {}),
      message: `line ${line} holds ${groupThousands(length)} characters, more than the ${groupThousands(MAX_LINE_CHARS)} a line may`,
      hint: "write one workload object per line; a workload takes a few hundred characters",
    };
    return `${JSON.stringify({ workload: null, ok: false, issues: [issue] })}\n`;
  };
  const rank = (text: string): string => {
    if (text.length > MAX_LINE_CHARS) return tooLong(text.length);
    line++;
    const trimmed = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (trimmed.trim() === "") return "";
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
