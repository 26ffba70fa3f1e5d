import type { Issue } from "../../schema/issue.js";
import type { Output, Result } from "../../schema/output.js";
import type { Workload } from "../../schema/workload.js";
import { recommendWorkload, type RecommendOptions } from "./recommend.js";
import { catalogOf } from "../sizing/prices.js";
import type { Knowledge } from "../types.js";

/** A parsed workload file as the core sees it: file-level issues, then each entry validated or not. */
export interface ParsedBatch {
  readonly fileIssues: readonly Issue[];
  readonly entries: readonly (
    { ok: true; workload: Workload } | { ok: false; name: string | null; issues: readonly Issue[] }
  )[];
}

/** Told after each entry of a batch: how many are done, of how many. */
export type ProgressCallback = (done: number, total: number) => void;

/**
 * Ranks every valid workload of a parsed file in order and hands each result to `sink` as soon as it exists
 * (the invalid ones reported beside them), so a caller that writes them out need not hold them; returns the
 * counts the output ends with. `onProgress`, when given, is called after each entry.
 */
export function rankEach(
  batch: ParsedBatch,
  knowledge: Knowledge,
  options: RecommendOptions,
  sink: (result: Result) => void,
  onProgress?: ProgressCallback,
): Output["summary"] {
  let ok = 0;
  let infeasible = 0;
  const take = (result: Result): void => {
    if (result.ok) {
      ok++;
      if (result.recommendation === null) infeasible++;
    }
    sink(result);
  };
  if (batch.fileIssues.length > 0) take({ workload: null, ok: false, issues: [...batch.fileIssues] });
  const total = batch.entries.length;
  let done = 0;
  for (const entry of batch.entries) {
    take(
      entry.ok
        ? recommendWorkload(entry.workload, knowledge, options)
        : { workload: entry.name, ok: false, issues: [...entry.issues] },
    );
    onProgress?.(++done, total);
  }
  // The file's own issues are a row of their own, but not a workload: `failed` counts the entries that failed.
  return { workloads: total, ok, failed: total - ok, infeasible };
}

/** The output of a batch, its fields in the order the JSON shows them. */
export function batchOutput(knowledge: Knowledge, results: Result[], summary: Output["summary"]): Output {
  return { version: 1, catalog: catalogOf(knowledge), results, summary };
}

/** Ranks every valid workload of a parsed file and reports the invalid ones beside them. */
export function rankFile(
  batch: ParsedBatch,
  knowledge: Knowledge,
  options: RecommendOptions = {},
  onProgress?: ProgressCallback,
): Output {
  const results: Result[] = [];
  const summary = rankEach(batch, knowledge, options, (result) => results.push(result), onProgress);
  return batchOutput(knowledge, results, summary);
}
