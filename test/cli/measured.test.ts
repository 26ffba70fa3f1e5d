import { describe, expect, test } from "vitest";
import { parse as parseYaml } from "yaml";
import { RECOMMENDER_JOB } from "../fixtures/recommender/job.js";
import { hostfit } from "./run-cli.js";

describe("hostfit measured", () => {
  test("prints an Inference Recommender job's instance results as measured: rows, exit 0", async () => {
    const run = await hostfit(["measured", "-"], JSON.stringify(RECOMMENDER_JOB, null, 2));
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        '# From Inference Recommender job "sentiment-ir-default": the most requests a second one instance sustained.',
        "# 1 recommendation(s) without an instance type or invocations left out (serverless).",
        "measured:",
        "  - { instanceType: ml.g5.xlarge, throughputRps: 10, atCapacity: true }",
        "  - { instanceType: ml.c5.2xlarge, throughputRps: 2.5, atCapacity: true }",
        "",
      ].join("\n"),
    );
    // What it prints is a workload's measured field as it stands.
    expect(parseYaml(run.stdout).measured).toHaveLength(2);
  });

  test("a file that is not a job result: the problem on stderr with its place, exit 2, nothing on stdout", async () => {
    const run = await hostfit(["measured", "-"], '{ "JobName": 3 }');
    expect(run.stdout).toBe("");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("JobName");
  });
});
