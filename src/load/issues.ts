import { z } from "zod";
import type { Issue, IssueCode } from "../schema/issue.js";
import { formatPath, type PathSegment, type SourceDocument } from "./source.js";
import { suggest } from "./suggest.js";

type ZodIssue = z.core.$ZodIssue;

/** Keys a strict object schema accepts at `path`, for "did you mean" on unknown keys. */
export function knownKeys(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  let node: z.ZodType | undefined = schema;
  for (const segment of [...path, null]) {
    // Look through wrappers to the object or array underneath.
    for (let guard = 0; node && guard < 10; guard++) {
      const def = (node as unknown as { def: Record<string, unknown> }).def;
      if (def.type === "optional" || def.type === "default" || def.type === "nullable")
        node = def.innerType as z.ZodType;
      else if (def.type === "pipe")
        node =
          (def.in as z.ZodType & { def: { type: string } }).def.type === "transform"
            ? (def.out as z.ZodType)
            : (def.in as z.ZodType);
      else if (def.type === "union")
        node = (def.options as z.ZodType[]).find(
          (o) => (o as unknown as { def: { type: string } }).def.type === "object",
        );
      else break;
    }
    if (!node) return [];
    const def: Record<string, unknown> = (node as unknown as { def: Record<string, unknown> }).def;
    if (segment === null) return def.type === "object" ? Object.keys(def.shape as object) : [];
    if (def.type === "object" && typeof segment === "string") node = (def.shape as Record<string, z.ZodType>)[segment];
    else if (def.type === "array") node = def.element as z.ZodType;
    else if (def.type === "record") node = def.valueType as z.ZodType;
    else return [];
  }
  return [];
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return typeof value === "string" ? `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"` : String(value);
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, segment))
      return undefined;
    node = (node as Record<string, unknown>)[segment as string];
  }
  return node;
}

function flatten(
  issue: ZodIssue,
  input: unknown,
  base: readonly PathSegment[],
): { issue: ZodIssue; path: PathSegment[] }[] {
  const path = [...base, ...(issue.path as PathSegment[])];
  if (issue.code !== "invalid_union") return [{ issue, path }];
  // Prefer the branch that got furthest: one whose issues are not all about the value's type.
  const branches = issue.errors.map((errs) => errs.flatMap((e) => flatten(e, input, path)));
  const meaningful = branches.filter((b) =>
    b.some((x) => x.issue.code !== "invalid_type" || x.path.length > path.length),
  );
  if (meaningful.length > 0) return meaningful.sort((a, b) => a.length - b.length)[0]!;
  const expected = [
    ...new Set(
      branches
        .flat()
        .map((x) => (x.issue as { expected?: string }).expected)
        .filter(Boolean),
    ),
  ];
  return [
    {
      issue: { ...issue, code: "invalid_type", expected: expected.join(" or "), message: "" } as unknown as ZodIssue,
      path,
    },
  ];
}

/**
 * Turns zod issues into hostfit issues: a stable code, the path, its line and column in the source,
 * a message that says what was found, and a hint. `subject` names the input where the whole of it is at fault.
 */
export function toIssues(
  error: z.ZodError,
  schema: z.ZodType,
  input: unknown,
  source: SourceDocument,
  base: readonly PathSegment[],
  file?: string,
  subject = "the file",
): Issue[] {
  const out: Issue[] = [];
  // Values are read from the input itself, not from the source document, which an ndjson line or a library call
  // does not have: there a wrong type read as a missing field.
  const rootValue = input;
  for (const raw of error.issues) {
    for (const { issue, path } of flatten(raw, input, base)) {
      const rel = path.slice(base.length);
      // The value itself where the whole input is at fault (an ndjson line that is a list, or null).
      let value = rel.length === 0 ? input : valueAt(rootValue, rel);
      // A scalar written for an object (`payload: -.inf`) was wrapped as its main field: report the scalar.
      const parent = rel.length > 0 && value === undefined ? valueAt(rootValue, rel.slice(0, -1)) : undefined;
      if (typeof parent === "number" || typeof parent === "string") value = parent;
      const params = (issue as { params?: { code?: IssueCode; hint?: string } }).params;
      const push = (
        code: IssueCode,
        message: string,
        hint: string | undefined,
        at: readonly PathSegment[] = path,
        atKey = false,
      ) => {
        const pos = source.locate(at, atKey);
        out.push({
          code,
          path: formatPath(at),
          ...(pos ?? {}),
          message,
          ...(hint ? { hint } : {}),
          ...(file ? { file } : {}),
        });
      };
      const where = formatPath(path);
      switch (issue.code) {
        case "custom":
          push(params?.code ?? "invalid-value", issue.message, params?.hint);
          break;
        case "invalid_type":
          if (value === undefined && path.length > 0) {
            push(
              "missing-field",
              `${where} is required`,
              `add ${String(path[path.length - 1])}: to ${formatPath(path.slice(0, -1)) || "the top level"}`,
            );
          } else if (typeof value === "number" && !Number.isFinite(value)) {
            // YAML reads .nan, .inf and numbers past double range (1e400) as NaN or Infinity.
            push(
              "invalid-number",
              `${where} must be a finite number, got ${value}`,
              "numbers beyond ±1.8e308 read as infinite; .nan and .inf are not quantities",
            );
          } else {
            push(
              "invalid-type",
              `${where || subject} must be ${issue.expected}, got ${typeName(value)}`,
              TYPE_HINTS[issue.expected],
            );
          }
          break;
        case "invalid_value": {
          const allowed = issue.values.map(String);
          if (value === undefined)
            push(
              "missing-field",
              `${where} is required`,
              `add ${String(path[path.length - 1])}: (one of ${allowed.join(", ")}) to ${formatPath(path.slice(0, -1)) || "the top level"}`,
            );
          else
            push(
              "invalid-enum",
              `${typeName(value)} is not one of the values ${where} allows`,
              suggest(typeof value === "string" || typeof value === "number" ? String(value) : "", allowed),
            );
          break;
        }
        case "unrecognized_keys":
          for (const key of issue.keys) {
            const known = knownKeys(schema, rel);
            push(
              "unknown-key",
              `unknown field "${key.length > 40 ? `${key.slice(0, 40)}…` : key}" in ${where || "the top level"}`,
              suggest(key, known),
              [...path, key],
              true,
            );
          }
          break;
        case "too_small":
        case "too_big":
          push(
            "out-of-range",
            `${where}: ${issue.message.replace(/^Too (small|big): expected \w+ to (have|be) /, "must be ")}`,
            rangeHint(issue),
          );
          break;
        default:
          push(
            "invalid-value",
            `${where}: ${issue.message}`,
            "`hostfit schema workload` gives every field and what it takes",
          );
      }
    }
  }
  return dropTypoEchoes(out);
}

const TYPE_HINTS: Readonly<Record<string, string>> = {
  number: "write a plain number, e.g. 3, without quotes",
  int: "write a whole number, e.g. 3",
  string: "write text; quote it if it could read as a number or a boolean",
  boolean: "write true or false",
  object: "write a mapping: indented `key: value` lines, or { key: value }",
  array: "write a list: indented `- item` lines, or [a, b]",
};

// What a value out of range should be instead, from the bound it broke.
function rangeHint(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === "too_small";
  const bound = Number(small ? issue.minimum : issue.maximum);
  if (issue.origin === "array")
    return small ? `give at least ${bound} item${bound === 1 ? "" : "s"}` : `give at most ${bound} items`;
  if (issue.origin === "string")
    return small ? `write at least ${bound} character${bound === 1 ? "" : "s"}` : `write at most ${bound} characters`;
  if (small) return issue.inclusive ? `use ${bound} or more` : `use a value above ${bound}`;
  return issue.inclusive ? `use ${bound} or less` : `use a value below ${bound}`;
}

// A typo such as `latncy` also leaves `latency` missing; the unknown-key issue already says both.
function dropTypoEchoes(issues: Issue[]): Issue[] {
  const typos = new Set(
    issues
      .filter((i) => i.code === "unknown-key")
      .map((i) => {
        const meant = /did you mean "([^"]+)"/.exec(i.hint ?? "")?.[1];
        return meant === undefined ? undefined : `${i.path.replace(/(\.[^.[\]]+|\[[^\]]*\])$/, "")}\u0000${meant}`;
      })
      .filter((k): k is string => k !== undefined),
  );
  return issues.filter((i) => {
    if (i.code !== "missing-field") return true;
    const m = /^(.*?)(?:\.([^.[\]]+))$/.exec(i.path);
    return !(m && typos.has(`${m[1]}\u0000${m[2]}`));
  });
}
