import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { z } from "zod";
import type { Issue } from "../schema/issue.js";
import { HostfitError, type HostfitErrorCode } from "../schema/errors.js";
import { toIssues } from "./issues.js";
import { formatPath, parseSource, type PathSegment, type SourceDocument } from "./source.js";

/** The rules and catalog folders shipped with the package (same depth from src/ and dist/). */
export const BUNDLED_RULES_DIR = fileURLToPath(new URL("../../rules", import.meta.url));
export const BUNDLED_CATALOG_DIR = fileURLToPath(new URL("../../catalog", import.meta.url));

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Reads a text file, turning any failure into a HostfitError that names the file; `hint` says what the path should be. */
export function readText(
  path: string,
  code: HostfitErrorCode = "unreadable",
  hint = "check the path and its permissions",
): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    const reason =
      errno === "ENOENT"
        ? "no such file"
        : errno === "ENOTDIR"
          ? "a part of the path is a file, not a folder"
          : (error as Error).message;
    throw new HostfitError(code, [
      { code: "unreadable", path: "", file: path, message: `cannot read ${path}: ${reason}`, hint },
    ]);
  }
}

export interface ValidatedFile<T> {
  readonly data: T;
  readonly source: SourceDocument;
  readonly file: string;
}

// Keys that name an object's prototype machinery: as a map key they would be dropped or reshape the object
// instead of naming an entry, so a rule or instance under one would load silently and never apply.
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function reservedKeys(value: unknown, at: PathSegment[] = [], found: PathSegment[][] = []): PathSegment[][] {
  if (value === null || typeof value !== "object") return found;
  // One path grows and shrinks as the walk goes (a catalog has thousands of nodes); only a hit is copied.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      at.push(i);
      reservedKeys(value[i], at, found);
      at.pop();
    }
    return found;
  }
  for (const key of Object.keys(value)) {
    at.push(key);
    if (RESERVED_KEYS.has(key)) found.push([...at]);
    else reservedKeys((value as Record<string, unknown>)[key], at, found);
    at.pop();
  }
  return found;
}

/** Reads, parses and validates one data file; every problem is collected into `issues`. */
export function readDataFile<T>(
  dir: string,
  name: string,
  schema: z.ZodType<T>,
  code: HostfitErrorCode,
  issues: Issue[],
): ValidatedFile<T> | null {
  const file = join(dir, name);
  const source = parseSource(
    readText(file, code, "--rules and --catalog take a folder holding every file of the bundled one"),
    file,
  );
  if (source.issues.length > 0) {
    // The parser's hint for an empty file speaks of workload files.
    issues.push(
      ...source.issues.map((issue) =>
        issue.code === "empty-file"
          ? {
              ...issue,
              hint: `${name} must hold its data: copy it from the bundled ${code === "invalid-catalog" ? "catalog" : "rules"} folder and edit that`,
            }
          : issue,
      ),
    );
    return null;
  }
  const reserved = reservedKeys(source.value).map((path): Issue => ({
    code: "reserved-key",
    path: formatPath(path),
    ...(source.locate(path, true) ?? {}),
    message: `"${String(path[path.length - 1])}" is reserved by JavaScript and cannot name an entry`,
    hint: "rename the entry: ids are kebab-case, such as max-request",
    file,
  }));
  if (reserved.length > 0) {
    issues.push(...reserved);
    return null;
  }
  const parsed = schema.safeParse(source.value);
  if (!parsed.success) {
    issues.push(...toIssues(parsed.error, schema, source.value, source, [], file));
    return null;
  }
  return { data: parsed.data, source, file };
}

/**
 * A YAML or JSON text of one file (a config, a quotas listing) checked against its schema; a document that is
 * empty or null stands for `empty` where one is given. Every problem, of syntax or of shape, is an issue with its
 * place in the file.
 * @throws HostfitError (code invalid-input) listing them.
 */
export function parseValidated<T>(text: string, file: string, schema: z.ZodType<T>, subject: string, empty?: T): T {
  const source = parseSource(text, file);
  if (source.issues.length > 0) throw new HostfitError("invalid-input", source.issues);
  const value = source.value === null && empty !== undefined ? empty : source.value;
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new HostfitError("invalid-input", toIssues(parsed.error, schema, value, source, [], file, subject));
  return parsed.data;
}
