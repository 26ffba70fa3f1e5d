import { z } from "zod";
import { HostfitError } from "../schema/errors.js";
import type { Issue } from "../schema/issue.js";
import { toIssues } from "./issues.js";
import { parseSource } from "./source.js";

// The parts of `aws sagemaker describe-inference-recommendations-job` output that become measured rows (the
// shape of DescribeInferenceRecommendationsJobResponse; other fields pass through unread).
const RecommenderJobSchema = z.looseObject({
  JobName: z.string(),
  InferenceRecommendations: z
    .array(
      z.looseObject({
        EndpointConfiguration: z.looseObject({
          InstanceType: z.string().optional(),
          InitialInstanceCount: z.number().int().positive().optional(),
        }),
        Metrics: z
          .looseObject({
            MaxInvocations: z.number().nonnegative().optional(),
            ModelLatency: z.number().nonnegative().optional(),
          })
          .optional(),
      }),
    )
    .default([]),
});

/** A workload `measured:` row, as the import writes it. */
export interface ImportedRow {
  readonly instanceType: string;
  readonly throughputRps: number;
  readonly atCapacity: true;
}

/**
 * Reads an Inference Recommender job's result into measured rows: per instance recommendation, the requests a
 * second one instance sustained at most (MaxInvocations a minute over the instances). Its ModelLatency is taken at
 * that load with no concurrency reported, so it is left out; serverless recommendations name no instance type.
 */
export function importRecommenderJob(
  text: string,
  file: string,
): { jobName: string; rows: ImportedRow[]; skipped: number } {
  const source = parseSource(text, file);
  if (source.issues.length > 0) throw new HostfitError("invalid-input", [...source.issues]);
  const parsed = RecommenderJobSchema.safeParse(source.value);
  if (!parsed.success) {
    const issues: Issue[] = toIssues(
      parsed.error,
      RecommenderJobSchema,
      source.value,
      source,
      [],
      file,
      "the job result",
    );
    throw new HostfitError("invalid-input", issues);
  }
  const rows: ImportedRow[] = [];
  let skipped = 0;
  for (const r of parsed.data.InferenceRecommendations) {
    const type = r.EndpointConfiguration.InstanceType;
    const perMinute = r.Metrics?.MaxInvocations;
    if (type === undefined || perMinute === undefined || perMinute <= 0) {
      skipped++;
      continue;
    }
    const instances = r.EndpointConfiguration.InitialInstanceCount ?? 1;
    rows.push({
      instanceType: type,
      throughputRps: Number((perMinute / 60 / instances).toPrecision(4)),
      atCapacity: true,
    });
  }
  return { jobName: parsed.data.JobName, rows, skipped };
}
