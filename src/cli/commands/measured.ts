import { importRecommenderJob } from "../../load/recommender.js";
import type { Args } from "../args.js";
import { EXIT } from "../exit-codes.js";
import { emit, readInput, type Io } from "../io.js";

/**
 * `hostfit measured <job.json|->`: an Inference Recommender job result (`aws sagemaker
 * describe-inference-recommendations-job` output) as `measured:` rows to paste under the workload it tested.
 */
export function measuredCommand(args: Args, io: Io): number {
  const input = readInput(args.positionals[0], io);
  const { jobName, rows, skipped } = importRecommenderJob(input.text, input.file);
  const lines = [
    `# From Inference Recommender job ${JSON.stringify(jobName)}: the most requests a second one instance sustained.`,
    ...(skipped > 0
      ? [`# ${skipped} recommendation(s) without an instance type or invocations left out (serverless).`]
      : []),
    "measured:",
    ...rows.map((r) => `  - { instanceType: ${r.instanceType}, throughputRps: ${r.throughputRps}, atCapacity: true }`),
  ];
  emit(`${lines.join("\n")}\n`, args, io);
  return rows.length > 0 ? EXIT.ok : EXIT.someFailed;
}
