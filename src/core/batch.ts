import type { Issue } from "../schema/issue.js";
import type { Output, Result } from "../schema/output.js";
import type { Workload } from "../schema/workload.js";
import { recommendWorkload, type RecommendOptions } from "./recommend.js";
import type { Knowledge } from "./types.js";

/** A parsed workload file as the core sees it: file-level issues, then each entry validated or not. */
export interface ParsedBatch {
  readonly fileIssues: readonly Issue[];
  readonly entries: readonly ({ ok: true; workload: Workload } | { ok: false; name: string | null; issues: readonly Issue[] })[];
}

/** Told after each entry of a batch: how many are done, of how many. */
export type ProgressCallback = (done: number, total: number) => void;

/**
 * Ranks every valid workload of a parsed file and reports the invalid ones beside them; `onProgress`, when
 * given, is called after each entry (the caller decides whether and how to show it).
 */
export function rankFile(batch: ParsedBatch, knowledge: Knowledge, options: RecommendOptions = {}, onProgress?: ProgressCallback): Output {
  const results: Result[] = [];
  if (batch.fileIssues.length > 0) results.push({ workload: null, ok: false, issues: [...batch.fileIssues] });
  const total = batch.entries.length;
  let done = 0;
  for (const entry of batch.entries) {
    results.push(entry.ok ? recommendWorkload(entry.workload, knowledge, options) : { workload: entry.name, ok: false, issues: [...entry.issues] });
    onProgress?.(++done, total);
  }
  const ok = results.filter((r) => r.ok).length;
  return {
    version: 1,
    catalog: { id: knowledge.catalog.id, asOf: knowledge.catalog.asOf },
    results,
    summary: {
      workloads: batch.entries.length,
      ok,
      failed: results.length - ok,
      infeasible: results.filter((r) => r.ok && r.recommendation === null).length,
    },
  };
}
