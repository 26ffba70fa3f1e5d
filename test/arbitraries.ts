import fc from "fast-check";
import {
  ACCELERATOR_KINDS,
  FRAMEWORKS,
  ISOLATION_LEVELS,
  MODEL_KINDS,
  OPTION_IDS,
  PRECISIONS,
  PROFILE_IDS,
  TRAFFIC_PATTERNS,
} from "../src/schema/ids.js";
import type { WorkloadInput } from "../src/schema/workload.js";

/** A positive number spread over decades: mantissa 1..9.99 times 10^[lo, hi]. */
export function logScale(lo: number, hi: number): fc.Arbitrary<number> {
  return fc
    .tuple(fc.integer({ min: 100, max: 999 }), fc.integer({ min: lo, max: hi }))
    .map(([m, e]) => (m / 100) * 10 ** e);
}

export const trafficArb = fc.oneof(
  fc.record({ pattern: fc.constantFrom(...TRAFFIC_PATTERNS.filter((p) => p !== "offline")), peakRps: logScale(-3, 3) }),
  fc.record({
    pattern: fc.constantFrom(...TRAFFIC_PATTERNS.filter((p) => p !== "offline")),
    requestsPerDay: logScale(0, 7),
    activeHoursPerDay: fc.integer({ min: 1, max: 24 }),
  }),
  fc.record({
    pattern: fc.constant("offline" as const),
    records: logScale(2, 8),
    deadline: fc.constantFrom("1h", "6h", "12h", "24h"),
  }),
);

export const tokensArb = fc.record({
  input: fc.integer({ min: 1, max: 8000 }),
  output: fc.integer({ min: 1, max: 2000 }),
});

// Token SLOs are optional, as in a workload file; given to any kind of model, they bind only LLMs.
export const latencyArb = fc.record(
  {
    target: fc.oneof(fc.constant("none" as const), logScale(1, 6)),
    ttft: logScale(1, 5),
    perToken: logScale(0, 3),
    coldStart: fc.oneof(fc.constant(0), logScale(2, 6)),
  },
  { requiredKeys: ["target", "coldStart"] },
);

/** Workloads as a user writes them; every one passes WorkloadSchema (a property checks that). */
export const workloadArb: fc.Arbitrary<WorkloadInput> = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
  model: fc.record({
    parameters: logScale(5, 11),
    precision: fc.constantFrom(...PRECISIONS),
    kind: fc.constantFrom(...MODEL_KINDS),
    framework: fc.constantFrom(...FRAMEWORKS),
    count: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 1000 })),
  }),
  payload: fc.record({ request: logScale(2, 8), response: logScale(2, 7) }),
  tokens: tokensArb,
  latency: latencyArb,
  isolation: fc.constantFrom(...ISOLATION_LEVELS),
  traffic: trafficArb,
  priorities: fc.constantFrom(...PROFILE_IDS),
});

const constraintsArb = fc.record(
  {
    instanceTypes: fc.uniqueArray(
      fc.constantFrom("ml.g5.*", "ml.g6*", "ml.c7i.*", "ml.m*", "ml.inf2.*", "ml.p4d.24xlarge", "ml.*.xlarge", "ml.r*"),
      { minLength: 1, maxLength: 3 },
    ),
    accelerators: fc.uniqueArray(fc.constantFrom(...ACCELERATOR_KINDS), { minLength: 1, maxLength: 3 }),
    options: fc.uniqueArray(fc.constantFrom(...OPTION_IDS), { minLength: 1, maxLength: 4 }),
    acceleratorsPerCopy: fc.constantFrom(1, 2, 4, 8),
    maxMonthlyUsd: logScale(1, 6),
    streaming: fc.boolean(),
    invocation: fc.constantFrom("sync" as const, "async" as const, "any" as const),
    networkIsolation: fc.boolean(),
  },
  { requiredKeys: [] },
);

/** Workloads that may also give a processing time and any of the constraints, each optional. */
export const constrainedWorkloadArb: fc.Arbitrary<WorkloadInput> = fc
  .tuple(workloadArb, fc.option(logScale(0, 6), { nil: undefined }), fc.option(constraintsArb, { nil: undefined }))
  .map(([w, processingTime, constraints]) => ({
    ...w,
    ...(processingTime !== undefined ? { processingTime } : {}),
    ...(constraints ? { constraints } : {}),
  }));
