import type { Issue } from "../schema/issue.js";
import { UNSAFE_NAME, WorkloadFileSchema, WorkloadSchema, type Workload } from "../schema/workload.js";
import { toIssues } from "./issues.js";
import { parseSource } from "./source.js";

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

function nameOf(raw: unknown): string | null {
  if (raw !== null && typeof raw === "object" && typeof (raw as { name?: unknown }).name === "string") {
    return (raw as { name: string }).name.slice(0, 200).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  }
  return null;
}

/**
 * Parses a workload file (YAML or JSON) and validates each workload on its own, so one bad workload
 * never hides the others. Never throws.
 */
export function parseWorkloads(text: string, file?: string): ParsedFile {
  const source = parseSource(text, file);
  if (source.issues.length > 0) return { fileIssues: source.issues, entries: [] };
  const top = WorkloadFileSchema.safeParse(source.value);
  if (!top.success) {
    const issues = toIssues(top.error, WorkloadFileSchema, source.value, source, [], file);
    const shaped = source.value === null || typeof source.value !== "object" || Array.isArray(source.value);
    return {
      fileIssues: shaped
        ? [{ code: "invalid-file", path: "", line: 1, column: 1, message: "a workload file is a mapping with a `workloads:` list", hint: "start the file with `workloads:` followed by `- name: ...` items", ...(file ? { file } : {}) }]
        : issues,
      entries: [],
    };
  }
  const seen = new Map<string, number>();
  const entries = top.data.workloads.map((raw, index): ParsedEntry => {
    const base = ["workloads", index] as const;
    const parsed = WorkloadSchema.safeParse(raw);
    const name = nameOf(raw);
    const issues = parsed.success ? [] : toIssues(parsed.error, WorkloadSchema, raw, source, base, file);
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
    if (parsed.success && issues.length === 0) return { ok: true, index, workload: parsed.data };
    return { ok: false, index, name, issues };
  });
  return { fileIssues: [], entries };
}
