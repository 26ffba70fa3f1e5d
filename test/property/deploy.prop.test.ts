import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../src/core/assess/recommend.js";
import { buildDeployment, type DeploymentPlan } from "../../src/deploy/requests.js";
import type { RankedOption } from "../../src/schema/output.js";
import { workloadArb } from "../arbitraries.js";
import { knowledge, parse } from "./helpers.js";

const HOURS = knowledge.rules.sizing.billing.hoursPerMonth;

// The instances the requests keep up however quiet the traffic, and the most they let the fleet grow to, over
// all the endpoints (or the job's instances) they create.
function capacityOf(plan: DeploymentPlan): { floor: number; ceiling: number; warmUsd: number } {
  let floor = 0;
  let ceiling = 0;
  // Serverless: what the concurrency the requests keep warm costs a month, whether used or not.
  let warmUsd = 0;
  const pc = knowledge.catalog.serverless.provisionedConcurrency!;
  const scaled = new Map<string, { min: number; max: number }>();
  for (const r of plan.requests)
    if (
      r.operation === "RegisterScalableTarget" &&
      r.input.ScalableDimension === "sagemaker:variant:DesiredInstanceCount"
    )
      scaled.set(r.input.ResourceId!.split("/")[1]!, { min: r.input.MinCapacity!, max: r.input.MaxCapacity! });
  const configs = new Map<string, number>();
  for (const r of plan.requests) {
    if (r.operation === "CreateEndpointConfig") {
      const v = r.input.ProductionVariants![0]!;
      const managed = v.ManagedInstanceScaling;
      if (v.ServerlessConfig) {
        const { ProvisionedConcurrency: warm = 0, MemorySizeInMB: mb } = v.ServerlessConfig;
        warmUsd += warm * (mb! / 1024) * pc.usdPerGBSecond * HOURS * 3600;
        continue;
      }
      configs.set(r.input.EndpointConfigName!, v.InitialInstanceCount ?? 0);
      if (managed) {
        floor += managed.MinInstanceCount ?? 0;
        ceiling += managed.MaxInstanceCount ?? 0;
        configs.delete(r.input.EndpointConfigName!);
      }
    }
    if (r.operation === "CreateEndpoint") {
      const initial = configs.get(r.input.EndpointConfigName!);
      if (initial === undefined) continue;
      const s = scaled.get(r.input.EndpointName!);
      floor += s ? s.min : initial;
      ceiling += s ? s.max : initial;
    }
    if (r.operation === "CreateTransformJob") ceiling = Math.max(ceiling, r.input.TransformResources!.InstanceCount!);
  }
  return { floor, ceiling, warmUsd };
}

describe("what is priced is what is deployed", () => {
  test("the requests keep up no more than the estimate pays for, and can grow to the instances sized for the peak", () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = parse(input);
        const result = recommendWorkload(workload, knowledge, { whatIf: false });
        for (const option of result.ranking.filter((o): o is RankedOption & { feasible: true } => o.feasible)) {
          const plan = buildDeployment(result, workload, {
            option: option.option,
            catalog: knowledge.catalog,
            targetUtilization: knowledge.rules.sizing.performance.targetUtilization,
          });
          const instance = knowledge.catalog.instances.find((i) => i.instanceType === option.placement!.instanceType);
          const { floor, ceiling, warmUsd } = capacityOf(plan);
          const estimate = option.estimates!.monthlyCostUsd * 1.001 + 0.01;
          if (option.option === "serverless") {
            // Concurrency kept warm is billed all month: the estimate pays for at least the requested one.
            expect(warmUsd, "serverless provisioned concurrency").toBeLessThanOrEqual(estimate);
            expect(warmUsd > 0, "warm exactly where priced so").toBe(
              option.placement!.provisionedConcurrency !== undefined,
            );
            continue;
          }
          if (!instance || option.option === "batch-transform") continue;
          // Always-on capacity, priced at the catalog's rate all month, never exceeds the estimate.
          expect(floor * instance.hourlyUsd * HOURS, `${option.option} floor`).toBeLessThanOrEqual(estimate);
          // The most the fleet may grow to covers the instances sized for the peak.
          expect(ceiling, `${option.option} ceiling`).toBeGreaterThanOrEqual(option.placement!.instanceCount);
        }
      }),
      { numRuns: Number(process.env.RUNS ?? 500) },
    );
  });
});
