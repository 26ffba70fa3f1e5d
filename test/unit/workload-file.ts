/**
 * A one-workload YAML file with fields swapped in, and every issue the loader finds in a text checked against the
 * bundled catalog: what the regression tests of the loader and the workload schema feed their hostile inputs through.
 */
import { parseWorkloads } from "../../src/load/workloads.js";
import { knowledge } from "../property/helpers.js";

export const WORKLOAD = [
  "  - name: a",
  "    model: { parameters: 7B }",
  "    payload: 1KB",
  "    latency: 1s",
  "    isolation: shared",
  "    traffic: { pattern: steady, peakRps: 1 }",
];

/** A one-workload file with `field: ...` lines replacing the line that starts with `    field:`. */
export function withField(field: string, ...lines: string[]): string {
  const i = WORKLOAD.findIndex((l) => l.startsWith(`    ${field}:`));
  const body = i >= 0 ? [...WORKLOAD.slice(0, i), ...lines, ...WORKLOAD.slice(i + 1)] : [...WORKLOAD, ...lines];
  return `workloads:\n${body.join("\n")}\n`;
}

/** The file's issues and every entry's, as `parseWorkloads` finds them with the bundled catalog. */
export function issuesOf(text: string) {
  const parsed = parseWorkloads(text, "f.yaml", knowledge.catalog);
  return [...parsed.fileIssues, ...parsed.entries.flatMap((e) => (e.ok ? [] : e.issues))];
}
