import { createRequire } from "node:module";
import type { CST, Document, Node } from "yaml";
import type { Issue } from "../schema/issue.js";
import { readBlockYaml } from "./block-yaml.js";

// The full YAML library loads (~50 ms) only for a text the fast readers leave to it, or to say where a path is.
let yamlLib: typeof import("yaml") | undefined;
function yaml(): typeof import("yaml") {
  yamlLib ??= createRequire(import.meta.url)("yaml") as typeof import("yaml");
  return yamlLib;
}

export type PathSegment = string | number;

/** A parsed YAML or JSON text that can say where any path in it starts. */
export interface SourceDocument {
  readonly value: unknown;
  readonly issues: readonly Issue[];
  /** Line and column (1-based) of the value at `path`, or of its key with `atKey`; the nearest ancestor if absent. */
  locate(path: readonly PathSegment[], atKey?: boolean): { line: number; column: number } | undefined;
  /**
   * For a text whose only issues are duplicate keys and unresolved aliases inside items of the top-level list under
   * `key`: the value as far as it converts, and the issues of each item by its index. Otherwise undefined.
   */
  readonly partial?: (key: string) => { value: unknown; itemIssues: ReadonlyMap<number, readonly Issue[]> } | undefined;
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

// Collections nested deeper than this are refused before they are composed: yaml's composer, toJS and zod all
// recurse, and 5,000 levels overflow the stack. Real files nest about six levels.
export const MAX_DEPTH = 64;

/** The offset of the first collection nested past MAX_DEPTH, and every alias (`*name`) in text order, found without recursion. */
function scan(tokens: readonly CST.Token[]): { tooDeep?: number; aliases: { offset: number; source: string }[] } {
  const found: { tooDeep?: number; aliases: { offset: number; source: string }[] } = { aliases: [] };
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token.type === "alias") found.aliases.push({ offset: token.offset, source: token.source });
    const nested = token as { value?: CST.Token; items?: { key?: CST.Token | null; value?: CST.Token | null }[] };
    if (nested.items) {
      if (depth >= MAX_DEPTH) {
        if (found.tooDeep === undefined || token.offset < found.tooDeep) found.tooDeep = token.offset;
        continue;
      }
      for (const item of nested.items) {
        if (item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    } else if (nested.value) stack.push([nested.value, depth]);
  }
  found.aliases.sort((a, b) => a.offset - b.offset);
  return found;
}

// What yaml's reader yields for bytes that are not UTF-8 text: NUL, or the replacement character.
const BINARY = /[\u0000\ufffd]/;

/** The text without the byte-order mark some editors write first: it is not content, and would shift first-line columns. */
export function withoutBom(text: string): string {
  return text.startsWith("\ufeff") ? text.slice(1) : text;
}

/**
 * Parses YAML (JSON is YAML too); never throws. Plain block-style text, which is nearly every file, is read by
 * the fast reader, and positions are found by composing the full document only when something asks where a
 * path is (a file with problems); anything else is composed with positions at once.
 */
export function parseSource(input: string, file?: string): SourceDocument {
  const text = withoutBom(input);
  if (!BINARY.test(text)) {
    const fast = readJson(text) ?? readBlockYaml(text, MAX_DEPTH);
    if (fast) {
      let full: SourceDocument | undefined;
      return {
        value: fast.value,
        issues: [],
        locate: (path, atKey) => (full ??= composeSource(text, file)).locate(path, atKey),
      };
    }
  }
  return composeSource(text, file);
}

/**
 * Reads plain JSON with JSON.parse, which holds a tenth of the memory the position-keeping composer does, or
 * returns null for anything the composer must judge: text that is not JSON, a duplicate key (JSON.parse keeps the
 * last, YAML refuses it), nesting past MAX_DEPTH, a number past double range.
 */
function readJson(text: string): { value: unknown } | null {
  const first = /\S/.exec(text)?.[0];
  if (first !== "{" && first !== "[") return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return countKeys(text) === keysAndDepth(value)?.keys ? { value } : null;
}

// The keys of every object in a JSON text: each string that a colon follows outside strings.
function countKeys(text: string): number {
  let keys = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 34) continue; // a string starts
    let j = i + 1;
    while (j < text.length && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
    let k = j + 1;
    while (k < text.length && /\s/.test(text[k]!)) k++;
    if (text[k] === ":") keys++;
    i = j;
  }
  return keys;
}

// The keys of every object in a parsed value, walked without recursion; null past MAX_DEPTH or at a number that
// JSON.parse read as infinite.
function keysAndDepth(root: unknown): { keys: number } | null {
  let keys = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value === "number" && !Number.isFinite(value)) return null;
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_DEPTH) return null;
    const children = Array.isArray(value) ? value : Object.values(value);
    if (!Array.isArray(value)) keys += Object.keys(value).length;
    for (const child of children) stack.push([child, depth + 1]);
  }
  return { keys };
}

/** Parses YAML with the yaml package's composer, keeping node positions. */
function composeSource(text: string, file?: string): SourceDocument {
  const { Composer, isMap, isScalar, isSeq, LineCounter, Parser } = yaml();
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const withFile = (issue: Issue): Issue => (file ? { ...issue, file } : issue);
  const fail = (issue: Issue): SourceDocument => ({
    value: undefined,
    issues: [withFile(issue)],
    locate: () => undefined,
  });
  const binary = BINARY.exec(text);
  if (binary) {
    lineCounter.addNewLine(0);
    for (let i = text.indexOf("\n"); i >= 0 && i < binary.index; i = text.indexOf("\n", i + 1))
      lineCounter.addNewLine(i + 1);
    return fail({
      code: "binary-file",
      path: "",
      ...at(binary.index),
      message: "the file is not UTF-8 text (it holds a NUL byte or an invalid UTF-8 sequence)",
      hint: "pass a YAML or JSON workload file saved as UTF-8",
    });
  }
  let docs: Document.Parsed[];
  let aliases: { offset: number; source: string }[] = [];
  try {
    const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
    const found = scan(tokens);
    if (found.tooDeep !== undefined) {
      return fail({
        code: "too-deep",
        path: "",
        ...at(found.tooDeep),
        message: `the file nests more than ${MAX_DEPTH} levels deep`,
        hint: "a workload file nests a few levels; flatten this structure",
      });
    }
    aliases = found.aliases;
    // logLevel error: yaml would otherwise emit process warnings (collection keys) onto the CLI's stderr.
    // resolveKnownTags off: a !!binary, !!set or !!omap value stays the plain scalar or mapping it is written as,
    // which the schema then judges, instead of a Buffer or Set whose methods would read as unknown fields.
    docs = Array.from(
      new Composer({ uniqueKeys: true, logLevel: "error", resolveKnownTags: false }).compose(tokens),
    ) as Document.Parsed[];
  } catch (error) {
    return fail({
      code: "invalid-yaml",
      path: "",
      message: (error as Error).message,
      hint: "check that the file is YAML or JSON",
    });
  }
  const issues: Issue[] = [];
  // Where each issue is, as an offset into the text (-1 for nowhere), in step with `issues`; and whether its harm
  // stays where it is (a duplicate key, an unresolved alias), where a syntax error may throw off what follows.
  const offsets: number[] = [];
  const contained: boolean[] = [];
  if (docs.length > 1) {
    const second = docs[1]!;
    issues.push(
      withFile({
        code: "multiple-documents",
        path: "",
        ...at(second.range[0]),
        message: `the file holds ${docs.length} YAML documents; hostfit reads one`,
        hint: "put every workload under one `workloads:` list and remove the `---` separators",
      }),
    );
    offsets.push(second.range[0]);
    contained.push(false);
  }
  const doc = docs[0];
  if (!doc) {
    return {
      value: undefined,
      issues: [
        withFile({
          code: "empty-file",
          path: "",
          message: "the file is empty",
          hint: "start with `workloads:` and a list of workloads",
        }),
      ],
      locate: () => undefined,
    };
  }
  for (const error of doc.errors) {
    issues.push(
      withFile({
        code: error.code === "DUPLICATE_KEY" ? "duplicate-key" : "invalid-yaml",
        path: "",
        ...at(error.pos[0]),
        message: error.message.split("\n")[0] ?? error.message,
        hint:
          error.code === "DUPLICATE_KEY"
            ? "each key may appear once in a mapping"
            : "check indentation, quotes and brackets near this line",
      }),
    );
    offsets.push(error.pos[0]);
    contained.push(error.code === "DUPLICATE_KEY");
  }
  // Converts the document, or one node of it (`within` the offsets given), or says why not: an alias bomb at the
  // first alias, an unresolved alias where it is.
  const toJS = (
    node: Node | null,
    within: readonly number[],
  ): { value?: unknown; issue?: Issue; offset?: number; contained?: boolean } => {
    try {
      return {
        value: node ? node.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT }) : doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }),
      };
    } catch (error) {
      const message = (error as Error).message;
      const bomb = /alias count/i.test(message);
      const name = /Unresolved alias.*: (.+)$/.exec(message)?.[1];
      const first = aliases[0]?.offset;
      const offset =
        name === undefined
          ? first
          : (aliases.find((a) => a.source === `*${name}` && a.offset >= within[0]! && a.offset < within[1]!)?.offset ??
            first);
      const issue = withFile({
        code: "invalid-yaml",
        path: "",
        ...(offset !== undefined ? at(offset) : {}),
        message: bomb
          ? `aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies, which hostfit refuses (a "billion laughs" file)`
          : message,
        hint:
          name === undefined
            ? "expand or remove the aliases (*name) in this file"
            : `define the anchor &${name} before this alias, or write the value out`,
      });
      return { issue, offset: offset ?? -1, contained: name !== undefined };
    }
  };
  let value: unknown;
  if (issues.length === 0) {
    const js = toJS(null, [0, text.length]);
    value = js.value;
    if (js.issue) {
      issues.push(js.issue);
      offsets.push(js.offset!);
      contained.push(js.contained === true);
    }
  }
  const locate = (path: readonly PathSegment[], atKey = false) => {
    let node: unknown = doc.contents;
    let found: Node | undefined = doc.contents ?? undefined;
    for (const [i, segment] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
        if (!pair) break;
        found =
          atKey && i === path.length - 1 ? (pair.key as Node) : ((pair.value as Node | null) ?? (pair.key as Node));
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
  const partial = (key: string) => {
    const top = doc.contents;
    const list = isMap(top) ? top.items.find((p) => isScalar(p.key) && p.key.value === key)?.value : undefined;
    if (issues.length === 0 || !isMap(top) || !isSeq(list)) return undefined;
    const items = list.items as (Node | null)[];
    const itemOf = (offset: number) =>
      items.findIndex((item) => item?.range && offset >= item.range[0] && offset < item.range[2]);
    const itemIssues = new Map<number, Issue[]>();
    for (const [k, issue] of issues.entries()) {
      const i = contained[k] && offsets[k]! >= 0 ? itemOf(offsets[k]!) : -1;
      if (i < 0) return undefined;
      itemIssues.set(i, [...(itemIssues.get(i) ?? []), issue]);
    }
    // Items with issues keep what converts, or at least their names.
    const values = items.map((item, i) => {
      if (item === null || !item.range) return null;
      const js = toJS(item, [item.range[0], item.range[2]]);
      if (!js.issue) return js.value;
      if (!itemIssues.has(i)) itemIssues.set(i, [js.issue]);
      const name = isMap(item) ? item.get("name") : undefined;
      return typeof name === "string" ? { name } : null;
    });
    // The top-level mapping's other keys as they are (the schema judges them), the list as its items.
    const value: Record<string, unknown> = {};
    for (const pair of top.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (name === undefined || name === key) continue;
      value[name] = pair.value ? (toJS(pair.value as Node, [0, text.length]).value ?? null) : null;
    }
    value[key] = values;
    return { value, itemIssues };
  };
  return { value, issues, locate, partial };
}
