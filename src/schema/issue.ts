import { z } from "zod";

/** One problem with an input file, pinned to its place. */
export const IssueSchema = z.strictObject({
  code: z.string(),
  path: z.string(),
  line: z.number().int().positive().optional(),
  column: z.number().int().positive().optional(),
  message: z.string(),
  hint: z.string().optional(),
  file: z.string().optional(),
});
export type Issue = z.infer<typeof IssueSchema>;
