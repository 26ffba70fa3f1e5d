import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { z } from "zod";
import type { Issue } from "../schema/issue.js";
import { HostfitError, type HostfitErrorCode } from "./errors.js";
import { toIssues } from "./issues.js";
import { parseSource, type SourceDocument } from "./source.js";

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

/** Reads a text file, turning any failure into a HostfitError that names the file. */
export function readText(path: string, code: HostfitErrorCode = "unreadable"): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new HostfitError(code, [{ code: "unreadable", path: "", file: path, message: `cannot read ${path}: ${reason}` }]);
  }
}

export interface ValidatedFile<T> {
  readonly data: T;
  readonly source: SourceDocument;
  readonly file: string;
}

/** Reads, parses and validates one data file; every problem is collected into `issues`. */
export function readDataFile<T>(dir: string, name: string, schema: z.ZodType<T>, code: HostfitErrorCode, issues: Issue[]): ValidatedFile<T> | null {
  const file = join(dir, name);
  const source = parseSource(readText(file, code), file);
  if (source.issues.length > 0) {
    issues.push(...source.issues);
    return null;
  }
  const parsed = schema.safeParse(source.value);
  if (!parsed.success) {
    issues.push(...toIssues(parsed.error, schema, source.value, source, [], file));
    return null;
  }
  return { data: parsed.data, source, file };
}
