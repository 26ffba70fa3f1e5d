import type { Issue } from "../schema/issue.js";

/** One issue as a person reads it on a terminal: what is wrong, where, and how to fix it. */
export function formatIssue(issue: Issue): string {
  const where = [issue.file, issue.line !== undefined ? `${issue.line}:${issue.column ?? 1}` : undefined]
    .filter(Boolean)
    .join(":");
  const lines = [`✖ ${issue.message}`];
  if (issue.path && where) lines.push(`  → at ${issue.path} (${where})`);
  else if (issue.path || where) lines.push(`  → at ${issue.path || where}`);
  if (issue.hint) lines.push(`  hint: ${issue.hint}`);
  return lines.join("\n");
}
