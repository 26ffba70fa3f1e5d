import type { Issue } from "../schema/issue.js";

// Characters a terminal acts on rather than shows (escape sequences, carriage returns, direction overrides), and
// invisible ones: a key or value quoted in an issue must not clear the screen or recolour what follows.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** One issue as a person reads it on a terminal: what is wrong, where, and how to fix it. */
export function formatIssue(issue: Issue): string {
  const where = [issue.file, issue.line !== undefined ? `${issue.line}:${issue.column ?? 1}` : undefined]
    .filter(Boolean)
    .join(":");
  const lines = [`✖ ${printable(issue.message)}`];
  if (issue.path && where) lines.push(`  → at ${printable(issue.path)} (${printable(where)})`);
  else if (issue.path || where) lines.push(`  → at ${printable(issue.path || where)}`);
  if (issue.hint) lines.push(`  hint: ${printable(issue.hint)}`);
  return lines.join("\n");
}
