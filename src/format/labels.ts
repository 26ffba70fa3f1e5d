import type { Result } from "../schema/output.js";

/**
 * How a result is named in a report: its workload's name; for an entry without one, its place in the file
 * (`workloads[3]`, from its issues' paths); for the file's own issues, "(file)".
 */
export function resultLabel(result: Result): string {
  if (result.workload !== null) return result.workload;
  const entry = result.ok ? undefined : /^workloads\[\d+\]/.exec(result.issues[0]?.path ?? "")?.[0];
  return entry ?? "(file)";
}
