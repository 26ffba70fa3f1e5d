import type { Issue, IssueCode } from "./issue.js";

/** Why the library or a command could not go on: the code of the error as a whole (each issue has its own). */
export type HostfitErrorCode = Extract<
  IssueCode,
  "invalid-input" | "invalid-rules" | "invalid-catalog" | "unreadable" | "unwritable" | "not-deployable"
>;

/** The one error the library throws: a code and every issue found, each pinned to a path. */
export class HostfitError extends Error {
  constructor(
    readonly code: HostfitErrorCode,
    readonly issues: readonly Issue[],
  ) {
    super(
      issues
        .map((i) => `${i.message}${i.file ? ` (${i.file}` : " ("}${i.path ? ` at ${i.path}` : ""})`)
        .join("; ")
        .replace(/\( at/g, "(at"),
    );
    this.name = "HostfitError";
  }
}
