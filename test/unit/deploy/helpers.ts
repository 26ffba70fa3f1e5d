import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseWorkloads, recommend, type RankedResult, type Workload } from "../../../src/index.js";

export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
export const DEPLOY_FIXTURE = "test/fixtures/deploy.yaml";
export const SCENARIOS = "examples/scenarios.yaml";

export interface Ranked {
  readonly workload: Workload;
  readonly result: RankedResult;
}

const cache = new Map<string, Ranked[]>();

/** Every valid workload of a repository file with its ranking (computed once per file, without what-if). */
export function rankedWorkloads(file: string): Ranked[] {
  let ranked = cache.get(file);
  if (!ranked) {
    const parsed = parseWorkloads(readFileSync(`${ROOT}/${file}`, "utf8"), file);
    ranked = parsed.entries.flatMap((e) =>
      e.ok ? [{ workload: e.workload, result: recommend(e.workload, { whatIf: false }) }] : [],
    );
    cache.set(file, ranked);
  }
  return ranked;
}

/** One named workload of a repository file, ranked. */
export function rankedWorkload(file: string, name: string): Ranked {
  const found = rankedWorkloads(file).find((r) => r.workload.name === name);
  if (!found) throw new Error(`no workload "${name}" in ${file}`);
  return found;
}
