import type { Instance } from "../schema/catalog.js";
import type { Issue } from "../schema/issue.js";
import { globMatches } from "../core/glob.js";
import { UNSAFE_NAME, WorkloadFileSchema, WorkloadSchema, type Workload } from "../schema/workload.js";
import { toIssues } from "./issues.js";
import { formatPath, parseSource, type SourceDocument } from "./source.js";
import { closest } from "./suggest.js";

/** One entry of a workload file: validated, or the issues that stop it. */
export type ParsedEntry =
  | { readonly ok: true; readonly index: number; readonly workload: Workload }
  | { readonly ok: false; readonly index: number; readonly name: string | null; readonly issues: readonly Issue[] };

export interface ParsedFile {
  /** Problems with the file as a whole; when present, `entries` may be empty. */
  readonly fileIssues: readonly Issue[];
  readonly entries: readonly ParsedEntry[];
}

// Shown escaped, so a rejected name cannot spoof the report that rejects it.
const UNSAFE = new RegExp(UNSAFE_NAME.source, "g");

/** The `name` of a raw workload, cut to 200 characters with unsafe characters escaped, or null. */
export function nameOf(raw: unknown): string | null {
  if (raw !== null && typeof raw === "object" && typeof (raw as { name?: unknown }).name === "string") {
    return (raw as { name: string }).name
      .slice(0, 200)
      .replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  }
  return null;
}

/** What checking workloads needs of a catalog: the names of its instance types. */
export interface InstanceTypes {
  readonly instances: readonly Pick<Instance, "instanceType">[];
}

/**
 * constraints.instanceTypes entries that name no instance type of the catalog (a typo would leave nothing
 * allowed), and a processingTime measured on an instance type the catalog lacks. `base` is the workload's path in its file (e.g. ["workloads", 3]), `where` its printed form.
 */
export function unknownInstanceTypes(
  workload: Workload,
  catalog: InstanceTypes,
  source: SourceDocument,
  base: readonly (string | number)[],
  file?: string,
  where = `workloads[${base[1]}]`,
): Issue[] {
  const known = catalog.instances.map((i) => i.instanceType);
  // Instance types a measured time names: processingTime.on and each measured row's.
  const named: [string | undefined, (string | number)[]][] = [
    [workload.processingTime?.on, ["processingTime", "on"]],
    ...(workload.measured ?? []).map((row, i): [string, (string | number)[]] => [
      row.instanceType,
      ["measured", i, "instanceType"],
    ]),
  ];
  const measuredOn = named.flatMap(([type, at]): Issue[] =>
    type === undefined || known.includes(type)
      ? []
      : [
          {
            code: "unknown-instance-type",
            path: `${where}${at.map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("")}`,
            ...(source.locate([...base, ...at]) ?? {}),
            message: `"${type}" is no instance type in the catalog`,
            hint: hintFor(closest(type, known)),
            ...(file ? { file } : {}),
          },
        ],
  );
  return [
    ...measuredOn,
    ...(workload.constraints.instanceTypes ?? []).flatMap((glob, i): Issue[] => {
      if (known.some((type) => globMatches(glob, type))) return [];
      const path = [...base, "constraints", "instanceTypes", i];
      const near = glob.includes("*") || glob.includes("?") ? undefined : closest(glob, known);
      return [
        {
          code: "unknown-instance-type",
          path: `${where}.constraints.instanceTypes[${i}]`,
          ...(source.locate(path) ?? {}),
          message: `"${glob}" matches no instance type in the catalog`,
          hint: near
            ? `did you mean "${near}"?`
            : "run `hostfit catalog list` for the instance types; globs such as ml.g5.* are allowed",
          ...(file ? { file } : {}),
        },
      ];
    }),
  ];
}

function hintFor(near: string | undefined): string {
  return near ? `did you mean "${near}"?` : "run `hostfit catalog list` for the instance types";
}

/** Where a raw workload sits, for the issues found in it. */
export interface WorkloadPlace {
  readonly source: SourceDocument;
  /** Its path in the source (["workloads", 3] in a file, [] for a workload on its own). */
  readonly base: readonly (string | number)[];
  readonly file?: string;
  /** How its place is printed (default `workloads[i]`) and how the whole is named (default "the file"). */
  readonly where?: string;
  readonly subject?: string;
}

/**
 * Validates one raw workload: the schema and, with a catalog, that its constraints.instanceTypes name instance types
 * of the catalog. The one check every way of reading workloads (a file, an ndjson line, the library) runs.
 */
export function validateWorkload(
  raw: unknown,
  place: WorkloadPlace,
  catalog?: InstanceTypes,
): { readonly ok: true; readonly workload: Workload } | { readonly ok: false; readonly issues: Issue[] } {
  const { source, base, file, where, subject } = place;
  let parsed: ReturnType<typeof WorkloadSchema.safeParse>;
  try {
    parsed = WorkloadSchema.safeParse(raw);
  } catch (error) {
    // Only a JavaScript caller's object can throw while it is read (a getter, a proxy).
    const issue: Issue = {
      code: "invalid-input",
      path: formatPath(base),
      message: `reading ${subject ?? "the workload"} threw: ${(error as Error)?.message ?? String(error)}`,
      hint: "pass plain data: an object of fields, as a workload file holds",
      ...(file ? { file } : {}),
    };
    return { ok: false, issues: [issue] };
  }
  if (!parsed.success)
    return { ok: false, issues: toIssues(parsed.error, WorkloadSchema, raw, source, base, file, subject) };
  const unknown = catalog ? unknownInstanceTypes(parsed.data, catalog, source, base, file, where) : [];
  return unknown.length > 0 ? { ok: false, issues: unknown } : { ok: true, workload: parsed.data };
}

/**
 * Parses a workload file (YAML or JSON) and validates each workload on its own, so one bad workload
 * never hides the others. With a catalog, also checks that every constraints.instanceTypes entry names one of
 * its instance types. Never throws.
 */
export function parseWorkloads(text: string, file?: string, catalog?: InstanceTypes): ParsedFile {
  if (typeof text !== "string") {
    const issue: Issue = {
      code: "invalid-input",
      path: "text",
      message: `the text of a workload file must be a string, got ${text === null ? "null" : typeof text}`,
      hint: "read the file into a string first",
      ...(file ? { file } : {}),
    };
    return { fileIssues: [issue], entries: [] };
  }
  const source = parseSource(text, file);
  // Syntax problems inside one workload (a duplicate key, an unresolved alias) fail that workload alone.
  const partial = source.issues.length > 0 ? source.partial?.("workloads") : undefined;
  if (source.issues.length > 0 && !partial) return { fileIssues: source.issues, entries: [] };
  const value = partial ? partial.value : source.value;
  const top = WorkloadFileSchema.safeParse(value);
  let fileIssues: Issue[] = [];
  let list: readonly unknown[];
  if (top.success) list = top.data.workloads;
  else {
    const issues = toIssues(top.error, WorkloadFileSchema, value, source, [], file);
    // A file whose whole shape is wrong gets one issue at its start, not one per key.
    const wholeFile = (message: string, hint: string): ParsedFile => ({
      fileIssues: [{ code: "invalid-file", path: "", line: 1, column: 1, message, hint, ...(file ? { file } : {}) }],
      entries: [],
    });
    if (value === null || typeof value !== "object" || Array.isArray(value))
      return wholeFile(
        "a workload file is a mapping with a `workloads:` list",
        "start the file with `workloads:` followed by `- name: ...` items",
      );
    // One workload written at the top level: one issue that says how to list it, not one per field.
    const keys = Object.keys(value);
    if (!keys.includes("workloads") && keys.some((k) => k !== "$schema" && k in WorkloadSchema.shape))
      return wholeFile(
        "this file holds one workload at its top level; a workload file lists them under `workloads:`",
        "put `workloads:` on the first line and the workload under it as a list item (`  - name: ...`)",
      );
    // Keys beside `workloads:` are reported, and a good list is still read.
    const workloads = (value as { workloads?: unknown }).workloads;
    if (
      !Array.isArray(workloads) ||
      workloads.length === 0 ||
      issues.some((i) => i.path === "workloads" || i.path.startsWith("workloads["))
    )
      return { fileIssues: issues, entries: [] };
    fileIssues = issues;
    list = workloads;
  }
  const seen = new Map<string, number>();
  const entries = list.map((raw, index): ParsedEntry => {
    const base = ["workloads", index] as const;
    const name = nameOf(raw);
    const syntax = partial?.itemIssues.get(index);
    if (syntax)
      return {
        ok: false,
        index,
        name,
        issues: syntax.map((issue) => ({ ...issue, path: issue.path || `workloads[${index}]` })),
      };
    const parsed = validateWorkload(raw, { source, base, ...(file ? { file } : {}) }, catalog);
    const issues: Issue[] = parsed.ok ? [] : parsed.issues;
    if (name !== null) {
      const first = seen.get(name);
      if (first !== undefined) {
        const pos = source.locate([...base, "name"]);
        issues.push({
          code: "duplicate-name",
          path: `workloads[${index}].name`,
          ...(pos ?? {}),
          message: `workload name "${name}" is already used by workloads[${first}]`,
          hint: "give every workload a unique name",
          ...(file ? { file } : {}),
        });
      } else seen.set(name, index);
    }
    if (parsed.ok && issues.length === 0) return { ok: true, index, workload: parsed.workload };
    return { ok: false, index, name, issues };
  });
  return { fileIssues, entries };
}
