import type { Issue } from "../schema/issue.js";
import type { Workload } from "../schema/workload.js";
import { groupThousands } from "../core/units.js";
import { parseSource } from "./source.js";
import { nameOf, validateWorkload, type InstanceTypes } from "./workloads.js";

// The parsing half of JSON Lines input: one line to a workload, or to the issues pinned to that line.

/** The longest line read (characters): a workload is a few hundred, and a longer line is refused unread. */
export const MAX_LINE_CHARS = 1_000_000;

// Positions come from the line number; the fields of a one-line JSON object have no YAML positions to find.
const NO_SOURCE = parseSource("");

/** A line's workload, or what stops it: the result written in its place (in output key order). */
export type ParsedLine =
  | { readonly ok: true; readonly workload: Workload }
  | { readonly workload: string | null; readonly ok: false; readonly issues: Issue[] };

/** Parses the text of line `line` as one workload object. */
export function parseLine(text: string, line: number, catalog: InstanceTypes, file?: string): ParsedLine {
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
  const parsed = validateWorkload(
    raw,
    { source: NO_SOURCE, base: [], where: `line ${line}`, subject: "a workload" },
    catalog,
  );
  if (parsed.ok) return parsed;
  const issues = parsed.issues.map((issue): Issue => ({ ...issue, path: issue.path || `line ${line}`, ...at }));
  return { workload: nameOf(raw), ok: false, issues };
}

/** The issue of a line longer than {@link MAX_LINE_CHARS}, which is refused unread. */
export function lineTooLong(line: number, length: number, file?: string): Issue {
  return {
    code: "line-too-long",
    path: `line ${line}`,
    line,
    ...(file ? { file } : {}),
    message: `line ${line} holds ${groupThousands(length)} characters, more than the ${groupThousands(MAX_LINE_CHARS)} a line may`,
    hint: "write one workload object per line; a workload takes a few hundred characters",
  };
}

// A first line no JSON Lines file has, and every YAML workload file does: a comment, a document start, or a key.
const YAML_START = /^\s*(#|---|\.\.\.|[A-Za-z_$][\w$-]*\s*:(\s|$))/;

/**
 * The one issue of a YAML file read as JSON Lines (`--format ndjson` on a workloads file): said once, instead of
 * once per line. For a path ending .yaml or .yml, or a first line that reads as YAML and not as JSON.
 */
export function yamlAsNdjson(file: string | undefined, firstLine?: string): Issue | undefined {
  const byName = file !== undefined && /\.ya?ml$/i.test(file);
  if (!byName && (firstLine === undefined || !YAML_START.test(firstLine))) return undefined;
  return {
    code: "invalid-json",
    path: "",
    ...(file ? { file } : {}),
    ...(byName ? {} : { line: 1 }),
    message: `${file ?? "the input"} is YAML, and --format ndjson reads JSON Lines (one workload object a line)`,
    hint: "drop --format ndjson: a YAML file takes json, table, markdown or html",
  };
}
