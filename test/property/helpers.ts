import { loadCatalog } from "../../src/load/catalog.js";
import { loadRules } from "../../src/load/rules.js";
import type { Knowledge } from "../../src/core/types.js";
import { WorkloadSchema, type Workload, type WorkloadInput } from "../../src/schema/workload.js";
import type { FleetPlan } from "../../src/schema/plan.js";
import { workloadFootprint } from "../../src/core/sizing/measured.js";
import { singleRequestMs } from "../../src/core/sizing/performance.js";
import { fitConfigs } from "../../src/core/sizing/fit.js";
import { transferMs } from "../../src/core/sizing/budget.js";
import { sizingContext } from "../../src/core/sizing/context.js";
import { expect } from "vitest";

/** The bundled rules and catalog, loaded once for all property tests. */
export const knowledge: Knowledge = { catalog: loadCatalog(), rules: loadRules() };

export function parse(input: WorkloadInput): Workload {
  return WorkloadSchema.parse(input);
}

/** Issue 19's reproduction workload: a 5M-parameter shared model, 4 KB requests, 300 ms, 3 requests a second. */
export const SMALL_W = {
  name: "a",
  model: { parameters: "5M" },
  payload: "4KB",
  latency: "300ms",
  isolation: "shared",
  traffic: { pattern: "steady", peakRps: 3 },
} as const satisfies WorkloadInput;

/** An offline 100M fp16 vision model (2 KB records, no latency target) with the given traffic fields. */
export function offlineVision(name: string, count: number, traffic: object): Workload {
  return parse({
    name,
    model: { parameters: 1e8, precision: "fp16", kind: "vision", framework: "pytorch", count },
    payload: 2000,
    latency: "none",
    isolation: "shared",
    traffic: { pattern: "offline", ...traffic } as WorkloadInput["traffic"],
  });
}

/** The inputs the what-if search varies on a workload itself (see src/core/assess/whatif.ts). */
export type VariedInput = "traffic" | "latency.target" | "payload.request" | "model.parameters";

/** The workload with one input changed as the what-if search changes it: traffic volume scaled by `x`, the others set to `x`. */
export function varied(w: Workload, input: VariedInput, x: number): Workload {
  switch (input) {
    case "traffic": {
      const t = w.traffic;
      const scale = (v?: number) => (v === undefined ? undefined : v * x);
      return {
        ...w,
        traffic: {
          ...t,
          peakRps: scale(t.peakRps),
          requestsPerDay: scale(t.requestsPerDay),
          requestsPerMonth: scale(t.requestsPerMonth),
          records: scale(t.records),
          datasetSize: scale(t.datasetSize),
        } as Workload["traffic"],
      };
    }
    case "latency.target":
      return { ...w, latency: { ...w.latency, target: x } };
    case "payload.request":
      return { ...w, payload: { ...w.payload, request: x } };
    case "model.parameters":
      return { ...w, model: { ...w.model, parameters: x } };
  }
}

/**
 * The bundled knowledge with the Region's quota of serverless endpoints set to `endpoints` (null: none), and its
 * account-wide serverless concurrency to `concurrency` (the bundled one unless given).
 */
export function withServerlessQuota(endpoints: number | null, concurrency?: number | null): Knowledge {
  const { rules } = knowledge;
  const serverless = rules.options.serverless;
  const limits = {
    ...serverless.limits,
    endpoints: { ...serverless.limits.endpoints, value: endpoints },
    ...(concurrency !== undefined && {
      regionConcurrency: { ...serverless.limits.regionConcurrency, value: concurrency },
    }),
  };
  return { ...knowledge, rules: { ...rules, options: { ...rules.options, serverless: { ...serverless, limits } } } };
}

/**
 * Fails unless each member of a multi-model group meets its own latency target with its own requests on one copy
 * of the group's instance type as its largest member's copy fits there (`fitConfigs`): a group is sized in the
 * terms of its slowest model, against a target each member's compute scales to on any unit, or on the unit its
 * copies get (`groupTarget`, `sizeLoosened`).
 */
export function expectMultiModelMembersInTime(plan: FleetPlan, fleet: readonly Workload[]): void {
  const { sizing, options } = knowledge.rules;
  const byName = new Map(fleet.map((w) => [w.name, w]));
  for (const e of plan.endpoints) {
    if (e.option !== "multi-model" || e.workloads.length < 2) continue;
    const members = e.workloads.map((n) => byName.get(n)!);
    const instance = knowledge.catalog.instances.find((i) => i.instanceType === e.instanceType)!;
    // One copy of the largest member, fitted as sizing fits it: the fewest devices, or its share of the vCPUs.
    const footprints = members.map((w) => workloadFootprint(w, knowledge));
    const largest = footprints.indexOf(footprints.reduce((a, b) => (b.copyGiB > a.copyGiB ? b : a)));
    const [copy] = fitConfigs(instance, sizingContext(members[largest]!, knowledge));
    expect(copy, `a copy of ${members[largest]!.name} fits ${e.instanceType}`).toBeDefined();
    members.forEach((w, i) => {
      if (w.latency.target === "none" || w.measured || w.processingTime !== undefined) return;
      const p95 =
        singleRequestMs(copy!.unit, footprints[i]!, w, sizing) * sizing.performance.p95OverP50 +
        options["multi-model"].overheadMs +
        transferMs(w, { knowledge });
      expect(p95, `${w.name} on ${e.id}`).toBeLessThanOrEqual(w.latency.target * (1 + 1e-9));
    });
  }
}
