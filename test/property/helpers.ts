import { loadCatalog } from "../../src/load/catalog.js";
import { loadRules } from "../../src/load/rules.js";
import type { Knowledge } from "../../src/core/types.js";
import { WorkloadSchema, type Workload, type WorkloadInput } from "../../src/schema/workload.js";

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
