import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from "yaml";
import type { Issue } from "../schema/issue.js";

export type PathSegment = string | number;

/** A parsed YAML or JSON text that can say where any path in it starts. */
export interface SourceDocument {
  readonly value: unknown;
  readonly issues: readonly Issue[];
  /** Line and column (1-based) of the value at `path`, or of its key with `atKey`; the nearest ancestor if absent. */
  locate(path: readonly PathSegment[], atKey?: boolean): { line: number; column: number } | undefined;
}

/** Formats a path as `workloads[3].payload.request`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

// Aliases that expand past this many nodes are refused (billion laughs); yaml's default is 100.
const MAX_ALIAS_COUNT = 100;

/** Parses YAML (JSON is YAML too) keeping node positions; never throws. */
export function parseSource(text: string, file?: string): SourceDocument {
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false }) as Document.Parsed[];
  } catch (error) {
    return { value: undefined, issues: [{ code: "invalid-yaml", path: "", message: (error as Error).message, ...(file ? { file } : {}) }], locate: () => undefined };
  }
  if (!Array.isArray(docs)) docs = [docs];
  const issues: Issue[] = [];
  const withFile = (issue: Issue): Issue => (file ? { ...issue, file } : issue);
  if (docs.length > 1) {
    const second = docs[1]!;
    issues.push(withFile({
      code: "multiple-documents",
      path: "",
      ...at(second.range[0]),
      message: `the file holds ${docs.length} YAML documents; hostfit reads one`,
      hint: "put every workload under one `workloads:` list and remove the `---` separators",
    }));
  }
  const doc = docs[0];
  if (!doc) {
    return { value: undefined, issues: [withFile({ code: "empty-file", path: "", message: "the file is empty", hint: "start with `workloads:` and a list of workloads" })], locate: () => undefined };
  }
  for (const error of doc.errors) {
    issues.push(withFile({
      code: error.code === "DUPLICATE_KEY" ? "duplicate-key" : "invalid-yaml",
      path: "",
      ...at(error.pos[0]),
      message: error.message.split("\n")[0] ?? error.message,
      hint: error.code === "DUPLICATE_KEY" ? "each key may appear once in a mapping" : "check indentation, quotes and brackets near this line",
    }));
  }
  let value: unknown;
  if (issues.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      issues.push(withFile({ code: "invalid-yaml", path: "", message: (error as Error).message, hint: "expand or remove the aliases (*name) in this file" }));
    }
  }
  const locate = (path: readonly PathSegment[], atKey = false) => {
    let node: unknown = doc.contents;
    let found: Node | undefined = doc.contents ?? undefined;
    for (const [i, segment] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
        if (!pair) break;
        found = atKey && i === path.length - 1 ? (pair.key as Node) : ((pair.value as Node | null) ?? (pair.key as Node));
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment] as Node | undefined;
        if (!item) break;
        found = item;
        node = item;
      } else break;
    }
    return found?.range ? at(found.range[0]) : undefined;
  };
  return { value, issues, locate };
}
