import type { Catalog } from "./schema/catalog.js";
import type { ProfileId } from "./schema/ids.js";
import type { Issue } from "./schema/issue.js";
import type { Output, RankedResult, Result } from "./schema/output.js";
import { WorkloadSchema, type Workload, type WorkloadInput } from "./schema/workload.js";
import { recommendWorkload, type RecommendOptions } from "./core/recommend.js";
import type { Knowledge, Rules } from "./core/types.js";
import { loadCatalog } from "./load/catalog.js";
import { HostfitError } from "./load/errors.js";
import { toIssues } from "./load/issues.js";
import { rankFile } from "./core/batch.js";
import { parseSource } from "./load/source.js";
import { parseWorkloads } from "./load/workloads.js";
import { loadRules } from "./load/rules.js";

/** What every library call accepts; the bundled catalog and rules are the defaults. */
export interface Options {
  readonly catalog?: Catalog;
  readonly rules?: Rules;
  /** Overrides each workload's own priorities. */
  readonly profile?: ProfileId;
  /** Sensitivity, break-even and cost curve (default true); false ranks about a hundred times faster. */
  readonly whatIf?: boolean;
}

function coreOptions(options: Options): RecommendOptions {
  return { whatIf: options.whatIf ?? true, ...(options.profile ? { profile: options.profile } : {}) };
}

let bundled: Knowledge | undefined;

// Loaded on first use, never at import, so importing the library does no I/O.
function knowledgeFor(options: Options): Knowledge {
  if (options.catalog && options.rules) return { catalog: options.catalog, rules: options.rules };
  bundled ??= { catalog: loadCatalog(), rules: loadRules() };
  return { catalog: options.catalog ?? bundled.catalog, rules: options.rules ?? bundled.rules };
}

function validate(workload: Workload | WorkloadInput): { ok: true; workload: Workload } | { ok: false; issues: Issue[] } {
  const parsed = WorkloadSchema.safeParse(workload);
  if (parsed.success) return { ok: true, workload: parsed.data };
  return { ok: false, issues: toIssues(parsed.error, WorkloadSchema, workload, parseSource(""), []) };
}

/**
 * Ranks the hosting options for one workload (a plain object as written in a workload file, or already parsed).
 * @throws HostfitError (code invalid-input) when the workload is invalid.
 */
export function recommend(workload: Workload | WorkloadInput, options: Options = {}): RankedResult {
  const checked = validate(workload);
  if (!checked.ok) throw new HostfitError("invalid-input", checked.issues);
  return recommendWorkload(checked.workload, knowledgeFor(options), coreOptions(options));
}

/** Like recommend, but returns the issues instead of throwing. */
export function safeRecommend(workload: Workload | WorkloadInput, options: Options = {}): { ok: true; value: RankedResult } | { ok: false; issues: Issue[] } {
  const checked = validate(workload);
  if (!checked.ok) return checked;
  return { ok: true, value: recommendWorkload(checked.workload, knowledgeFor(options), coreOptions(options)) };
}

/** Ranks every workload of a YAML or JSON document; invalid workloads get `ok: false` and the rest are still ranked. */
export function recommendAll(text: string, options: Options = {}, file?: string): Output {
  const knowledge = knowledgeFor(options);
  return rankFile(parseWorkloads(text, file), knowledge, coreOptions(options));
}

export type { Result };
