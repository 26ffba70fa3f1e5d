import { describe, expect, test } from "vitest";
import { FleetPlanSchema } from "../../src/schema/plan.js";
import { hostfit } from "./run-cli.js";

describe.concurrent("hostfit plan", () => {
  test("the public scenarios: a JSON plan, every workload placed once or unplaced, exit 1 for the one nothing can host", async () => {
    const run = await hostfit(["plan", "examples/scenarios.yaml"]);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: "" });
    const plan = FleetPlanSchema.parse(JSON.parse(run.stdout));
    const placed = plan.endpoints.flatMap((e) => e.workloads);
    expect(plan.unplaced.map((u) => u.workload)).toEqual(["too-big-to-host"]);
    expect([...placed, "too-big-to-host"].sort()).toEqual([
      "fraud-scoring",
      "invoice-ocr",
      "legal-summarizer",
      "llm-platform",
      "monthly-churn",
      "survey-imagery",
      "tenant-sentiment",
      "too-big-to-host",
    ]);
    expect(plan.totals.monthlyCostUsd).toBeLessThanOrEqual(plan.totals.individualMonthlyCostUsd);
  });

  test("feasible workloads only: exit 0; --format table and markdown: one row per endpoint", async () => {
    const json = await hostfit(["plan", "test/fixtures/feasible.yaml"]);
    expect({ status: json.status, stderr: json.stderr }).toEqual({ status: 0, stderr: "" });
    const plan = FleetPlanSchema.parse(JSON.parse(json.stdout));
    for (const format of ["table", "markdown"]) {
      const run = await hostfit(["plan", "test/fixtures/feasible.yaml", "--format", format]);
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
      for (const e of plan.endpoints) expect(run.stdout).toContain(e.id);
      expect(run.stdout).toMatch(/saved/);
    }
  });

  test("--format html: a self-contained page with the fleet section", async () => {
    const run = await hostfit(["plan", "test/fixtures/feasible.yaml", "--format", "html"]);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(run.stdout).toMatch(/^<!DOCTYPE html>/i);
    expect(run.stdout).not.toMatch(/<(script|link|img)[^>]+(src|href)="http/);
  });

  test("an invalid workload: reported on stderr and in issues, the others still planned, exit 1", async () => {
    const run = await hostfit(["plan", "test/fixtures/mixed.yaml"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/✖/);
    const plan = FleetPlanSchema.parse(JSON.parse(run.stdout));
    expect(plan.issues.length).toBeGreaterThan(0);
    expect(plan.endpoints.flatMap((e) => e.workloads)).toHaveLength(2);
  });
});
