import { z } from "zod";

/** Every kind of problem an issue reports, stable across releases: what tools and tests match on. */
export const ISSUE_CODES = [
  // The file as a whole
  "unreadable",
  "unwritable",
  "binary-file",
  "empty-file",
  "invalid-yaml",
  "invalid-json",
  "duplicate-key",
  "multiple-documents",
  "too-deep",
  "line-too-long",
  "input-too-large",
  "invalid-file",
  // A field of a workload
  "missing-field",
  "unknown-key",
  "reserved-key",
  "invalid-type",
  "invalid-enum",
  "invalid-number",
  "invalid-value",
  "invalid-count",
  "invalid-size",
  "invalid-duration",
  "invalid-name",
  "invalid-glob",
  "out-of-range",
  "missing-volume",
  "duplicate-name",
  "unknown-instance-type",
  "unknown-workload",
  "invalid-input",
  // Rules and catalog
  "invalid-rules",
  "invalid-catalog",
  "invalid-expression",
  "invalid-weights",
  "invalid-option",
  "invalid-offer-file",
  "invalid-savings-plans-file",
  "unknown-region",
  // Deploying a placement
  "not-deployable",
  // An account's describe-* files (hostfit audit)
  "unknown-shape",
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** One problem with an input file, pinned to its place. */
export const IssueSchema = z.strictObject({
  code: z.enum(ISSUE_CODES),
  path: z.string(),
  line: z.number().int().positive().optional(),
  column: z.number().int().positive().optional(),
  message: z.string(),
  hint: z.string().optional(),
  file: z.string().optional(),
});
export type Issue = z.infer<typeof IssueSchema>;
