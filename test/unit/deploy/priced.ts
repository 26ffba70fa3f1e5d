/** What the deploy requests keep up and let grow, checked against what the ranking priced. */
import { expect } from "vitest";
import { buildDeployment, type DeploymentPlan } from "../../../src/deploy/requests.js";
import type { Knowledge } from "../../../src/core/types.js";
import type { RankedOption, RankedResult } from "../../../src/schema/output.js";
import type { Workload } from "../../../src/schema/workload.js";

/**
 * The instances the requests keep up however quiet the traffic (over all endpoints, and each instance endpoint's
 * own), the most they let the fleet grow to (or a job's instances), and what the serverless concurrency they keep
 * warm costs a month.
 */
export function capacityOf(
  plan: DeploymentPlan,
  knowledge: Knowledge,
): { floor: number; floors: number[]; ceiling: number; warmUsd: number } {
  const hours = knowledge.rules.sizing.billing.hoursPerMonth;
  const pc = knowledge.catalog.serverless.provisionedConcurrency;
  const floors: number[] = [];
  let ceiling = 0;
  let warmUsd = 0;
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
        warmUsd += warm * (mb! / 1024) * (pc?.usdPerGBSecond ?? Infinity) * hours * 3600;
        continue;
      }
      if (managed) {
        floors.push(managed.MinInstanceCount ?? 0);
        ceiling += managed.MaxInstanceCount ?? 0;
      } else configs.set(r.input.EndpointConfigName!, v.InitialInstanceCount ?? 0);
    }
    if (r.operation === "CreateEndpoint") {
      const initial = configs.get(r.input.EndpointConfigName!);
      if (initial === undefined) continue;
      const s = scaled.get(r.input.EndpointName!);
      floors.push(s ? s.min : initial);
      ceiling += s ? s.max : initial;
    }
    if (r.operation === "CreateTransformJob") ceiling = Math.max(ceiling, r.input.TransformResources!.InstanceCount!);
  }
  return { floor: floors.reduce((a, b) => a + b, 0), floors, ceiling, warmUsd };
}

/**
 * For every feasible option of a result: the capacity its requests keep up costs no more than the estimate, their
 * maximum covers the sized peak, and always-on real-time endpoints keep the instances availability asks for.
 */
export function expectDeployedAsPriced(result: RankedResult, workload: Workload, knowledge: Knowledge): void {
  const hours = knowledge.rules.sizing.billing.hoursPerMonth;
  for (const option of result.ranking.filter((o): o is RankedOption & { feasible: true } => o.feasible)) {
    const where = `${workload.name} ${option.option}`;
    const plan = buildDeployment(result, workload, {
      option: option.option,
      catalog: knowledge.catalog,
      targetUtilization: knowledge.rules.sizing.performance.targetUtilization,
      rules: knowledge.rules.deploy,
    });
    const placement = option.placement!;
    const { floor, floors, ceiling, warmUsd } = capacityOf(plan, knowledge);
    const estimate = option.estimates!.monthlyCostUsd * 1.001 + 0.01;
    if (option.option === "serverless") {
      // Concurrency kept warm is billed all month: the estimate pays for at least the requested one.
      expect(warmUsd, `${where}: provisioned concurrency`).toBeLessThanOrEqual(estimate);
      expect(warmUsd > 0, `${where}: warm exactly where priced so`).toBe(
        placement.provisionedConcurrency !== undefined,
      );
      continue;
    }
    const instance = knowledge.catalog.instances.find((i) => i.instanceType === placement.instanceType)!;
    // The most the fleet may grow to covers the instances sized for the peak.
    expect(ceiling, `${where}: ceiling`).toBeGreaterThanOrEqual(placement.instanceCount);
    if (option.option === "batch-transform") continue;
    // Always-on capacity, priced at the catalog's rate all month, never exceeds the estimate.
    expect(floor * instance.hourlyUsd * hours, `${where}: floor`).toBeLessThanOrEqual(estimate);
    const availability = knowledge.rules.sizing.availability;
    if (availability.options.includes(option.option) && !placement.scalesToZero) {
      const wanted = workload.availability?.minInstances ?? availability.minInstances;
      for (const f of floors) expect(f, `${where}: instances an endpoint keeps`).toBeGreaterThanOrEqual(wanted);
    }
  }
}
