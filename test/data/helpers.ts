/** Helpers for the negative tests on data files: temporary copies, text edits, and the error they cause. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll } from "vitest";
import { HostfitError } from "../../src/schema/errors.js";
import type { Issue } from "../../src/schema/issue.js";

const tmpDirs: string[] = [];
afterAll(() => {
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tmp(prefix = "hostfit-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tmpDirs.push(dir);
  return dir;
}

/** A copy of a bundled data folder, under the same name, in a fresh temporary folder. */
export function copyDir(source: string): string {
  const dir = join(tmp(), basename(source));
  cpSync(source, dir, { recursive: true });
  return dir;
}

/** Replaces the first occurrence of `from` in dir/name with `to`; returns the 1-based line where the edit starts. */
export function edit(dir: string, name: string, from: string, to: string): number {
  const file = join(dir, name);
  const text = readFileSync(file, "utf8");
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`test setup: ${JSON.stringify(from)} not found in ${name}`);
  writeFileSync(file, text.slice(0, at) + to + text.slice(at + from.length));
  return text.slice(0, at).split("\n").length;
}

/** The HostfitError `fn` throws; fails the test if it throws nothing or something else. */
export function hostfitError(fn: () => unknown): HostfitError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HostfitError) return error;
    throw error;
  }
  throw new Error("expected a HostfitError, but nothing was thrown");
}

/** The one issue at `path`; fails with the issues found when there is none. */
export function issueAt(error: HostfitError, path: string): Issue {
  const issue = error.issues.find((i) => i.path === path);
  if (!issue) throw new Error(`no issue at ${path}; got ${JSON.stringify(error.issues, null, 2)}`);
  return issue;
}
