/**
 * A deterministic mixed fleet for benchmarks and the fleet-planning acceptance test: mostly small per-tenant
 * models (the seeds' multi-model case), some container-isolated LLMs, instance-isolated models, sparse CPU
 * models, async and offline jobs. A seeded generator, so every run plans the same fleet.
 */
import type { WorkloadInput } from "../src/schema/workload.js";

function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Draws of one seeded generator: one of a list, and a log-uniform value between two. */
interface Draws {
  pick<T>(items: readonly T[]): T;
  between(lo: number, hi: number): number;
}

// `size` workloads named `prefix` and a five-digit index, each drawn by `entry` from one seeded generator.
function generate(
  size: number,
  seed: number,
  prefix: string,
  entry: (name: string, roll: number, draw: Draws) => WorkloadInput,
): WorkloadInput[] {
  const rnd = generator(seed);
  const draw: Draws = {
    pick: (items) => items[Math.floor(rnd() * items.length)]!,
    between: (lo, hi) => lo * (hi / lo) ** rnd(),
  };
  return Array.from({ length: size }, (_, i) => {
    const roll = rnd();
    return entry(`${prefix}${String(i).padStart(5, "0")}`, roll, draw);
  });
}

export function mixedFleet(size: number, seed = 42): WorkloadInput[] {
  return generate(size, seed, "w", (name, roll, { pick, between }) => {
    if (roll < 0.6) {
      const parameters = Math.round(between(5e6, 4e8));
      const precision = pick(["fp32", "fp16"] as const);
      const kind = pick(["encoder", "tabular", "vision"] as const);
      // Tree ensembles for tabular data, deep-learning frameworks for the rest (sklearn runs no vision model).
      const framework = pick(
        kind === "tabular" ? (["xgboost", "sklearn"] as const) : (["pytorch", "tensorflow"] as const),
      );
      return {
        name,
        model: { parameters, precision, kind, framework, count: pick([1, 1, 2, 5, 20]) },
        payload: `${Math.round(between(1, 200))}KB`,
        latency: { target: `${Math.round(between(200, 2000))}ms`, coldStart: `${Math.round(between(5, 30))}s` },
        isolation: "shared",
        traffic: {
          pattern: pick(["intermittent", "diurnal", "scheduled"] as const),
          requestsPerDay: Math.round(between(500, 50000)),
        },
        priorities: "cost-first",
      };
    } else if (roll < 0.75) {
      return {
        name,
        model: { parameters: pick(["7B", "8B", "13B"]), precision: "fp16", kind: "llm", framework: "pytorch" },
        payload: "20KB",
        tokens: { input: 800, output: 250 },
        latency: { target: "30s", coldStart: pick(["0", "15m"]) },
        isolation: "container",
        traffic: {
          pattern: pick(["diurnal", "scheduled", "steady"] as const),
          peakRps: Number(between(0.02, 0.5).toFixed(3)),
        },
      };
    } else if (roll < 0.8) {
      return {
        name,
        model: { parameters: Math.round(between(1e8, 2e9)), precision: "fp16", kind: "encoder", framework: "pytorch" },
        payload: "50KB",
        latency: "300ms",
        isolation: "instance",
        traffic: { pattern: "steady", peakRps: Number(between(1, 50).toFixed(1)) },
        priorities: "isolation-first",
      };
    } else if (roll < 0.9) {
      return {
        name,
        model: { parameters: Math.round(between(1e6, 5e7)), precision: "fp32", kind: "tabular", framework: "sklearn" },
        payload: "5KB",
        latency: { target: "3s", coldStart: "30s" },
        isolation: "container",
        traffic: { pattern: "intermittent", requestsPerDay: Math.round(between(10, 2000)) },
      };
    } else if (roll < 0.95) {
      return {
        name,
        model: { parameters: Math.round(between(1e8, 1e9)), precision: "fp16", kind: "vision", framework: "pytorch" },
        payload: { request: `${Math.round(between(10, 500))}MB`, response: "1MB" },
        processingTime: `${Math.round(between(1, 20))}m`,
        latency: "2h",
        isolation: "shared",
        traffic: { pattern: "intermittent", requestsPerDay: Math.round(between(5, 200)) },
      };
    } else {
      return {
        name,
        model: { parameters: Math.round(between(1e6, 1e8)), precision: "fp32", kind: "tabular", framework: "xgboost" },
        payload: "2KB",
        latency: "none",
        isolation: "shared",
        traffic: {
          pattern: "offline",
          records: Math.round(between(1e5, 5e7)),
          deadline: "6h",
          runsPerMonth: pick([1, 4, 30]),
        },
        priorities: "cost-first",
      };
    }
  });
}

/**
 * An LLM-heavy fleet: about a fifth container-isolated LLMs of 3-70B parameters active 12 hours a day (some
 * tolerating a cold start, most not), beside per-tenant models, shared vision models on GPUs and
 * instance-isolated encoders. Deterministic, as `mixedFleet`.
 */
export function llmHeavyFleet(size: number, seed = 42): WorkloadInput[] {
  return generate(size, seed, "l", (name, roll, { pick, between }) => {
    if (roll < 0.18) {
      return {
        name,
        model: {
          parameters: pick(["3B", "7B", "8B", "8B", "13B", "34B", "70B"]),
          precision: pick(["fp16", "fp16", "bf16", "int8"] as const),
          kind: "llm",
          framework: "pytorch",
        },
        payload: "20KB",
        tokens: { input: Math.round(between(200, 2000)), output: Math.round(between(100, 500)) },
        latency: { target: "30s", ttft: pick([undefined, "2s"]), coldStart: pick(["0", "0", "15m"]) },
        isolation: "container",
        traffic: { pattern: "scheduled", activeHoursPerDay: 12, peakRps: Number(between(0.02, 1).toFixed(3)) },
      };
    } else if (roll < 0.68) {
      return {
        name,
        model: {
          parameters: Math.round(between(5e6, 3e8)),
          precision: "fp32",
          kind: pick(["encoder", "tabular"] as const),
          framework: pick(["xgboost", "pytorch"] as const),
          count: pick([1, 2, 5, 20]),
        },
        payload: `${Math.round(between(1, 100))}KB`,
        latency: { target: `${Math.round(between(200, 2000))}ms`, coldStart: `${Math.round(between(5, 30))}s` },
        isolation: "shared",
        traffic: {
          pattern: pick(["intermittent", "diurnal"] as const),
          requestsPerDay: Math.round(between(500, 50000)),
        },
      };
    } else if (roll < 0.85) {
      return {
        name,
        model: { parameters: Math.round(between(2e7, 9e8)), precision: "fp16", kind: "vision", framework: "pytorch" },
        payload: `${Math.round(between(50, 2000))}KB`,
        latency: { target: `${Math.round(between(100, 1000))}ms`, coldStart: "20s" },
        isolation: "shared",
        traffic: { pattern: pick(["diurnal", "steady"] as const), peakRps: Number(between(0.5, 30).toFixed(1)) },
      };
    } else {
      return {
        name,
        model: { parameters: Math.round(between(1e8, 2e9)), precision: "fp16", kind: "encoder", framework: "pytorch" },
        payload: "50KB",
        latency: "300ms",
        isolation: "instance",
        traffic: { pattern: "steady", peakRps: Number(between(1, 50).toFixed(1)) },
      };
    }
  });
}

/**
 * A fleet drawn to other shapes than `mixedFleet` and `llmHeavyFleet`, so the plan's gap to its bound is measured
 * beyond the two it was tuned on: LLMs of 3-70B (int8 too) with long prompts, first-token targets of 1-3 s and
 * loads up to 2 requests a second; tenants of up to 50 models on four frameworks with spiky traffic; vision models
 * that are container-isolated or shared, speech, instance-isolated encoders, sparse CPU models, async and offline
 * jobs. Deterministic, as `mixedFleet`.
 */
export function variedFleet(size: number, seed = 42): WorkloadInput[] {
  return generate(size, seed, "v", (name, roll, { pick, between }) => {
    if (roll < 0.18) {
      return {
        name,
        model: {
          parameters: pick(["3B", "7B", "8B", "13B", "34B", "70B"]),
          precision: pick(["fp16", "bf16", "int8", "fp16"] as const),
          kind: "llm",
          framework: "pytorch",
        },
        payload: `${Math.round(between(5, 60))}KB`,
        tokens: { input: Math.round(between(100, 4000)), output: Math.round(between(50, 800)) },
        latency: {
          target: `${Math.round(between(10, 60))}s`,
          ttft: pick([undefined, "1s", "3s"]),
          coldStart: pick(["0", "0", "10m", "30m"]),
        },
        isolation: "container",
        traffic: { pattern: "scheduled", activeHoursPerDay: 12, peakRps: Number(between(0.01, 2).toFixed(3)) },
      };
    } else if (roll < 0.63) {
      return {
        name,
        model: {
          parameters: Math.round(between(1e6, 5e8)),
          precision: pick(["fp32", "fp16"] as const),
          kind: pick(["encoder", "tabular", "other"] as const),
          framework: pick(["xgboost", "pytorch", "sklearn", "tensorflow"] as const),
          count: pick([1, 3, 10, 50]),
        },
        payload: `${Math.round(between(1, 300))}KB`,
        latency: { target: `${Math.round(between(100, 3000))}ms`, coldStart: `${Math.round(between(3, 40))}s` },
        isolation: "shared",
        traffic: {
          pattern: pick(["intermittent", "diurnal", "spiky"] as const),
          requestsPerDay: Math.round(between(50, 200000)),
        },
      };
    } else if (roll < 0.8) {
      return {
        name,
        model: { parameters: Math.round(between(1e7, 1.5e9)), precision: "fp16", kind: "vision", framework: "pytorch" },
        payload: `${Math.round(between(20, 4000))}KB`,
        latency: { target: `${Math.round(between(80, 2000))}ms`, coldStart: `${Math.round(between(10, 60))}s` },
        isolation: pick(["shared", "container"] as const),
        traffic: {
          pattern: pick(["diurnal", "steady", "spiky"] as const),
          peakRps: Number(between(0.2, 60).toFixed(2)),
        },
      };
    } else if (roll < 0.9) {
      return {
        name,
        model: { parameters: Math.round(between(5e7, 3e9)), precision: "fp16", kind: "encoder", framework: "pytorch" },
        payload: "40KB",
        latency: `${Math.round(between(100, 800))}ms`,
        isolation: "instance",
        traffic: { pattern: "steady", peakRps: Number(between(0.5, 80).toFixed(1)) },
      };
    } else if (roll < 0.95) {
      return {
        name,
        model: { parameters: Math.round(between(3e8, 1.5e9)), precision: "fp16", kind: "speech", framework: "pytorch" },
        payload: "1MB",
        latency: { target: `${Math.round(between(2, 20))}s`, coldStart: "1m" },
        isolation: "shared",
        traffic: {
          pattern: pick(["diurnal", "intermittent"] as const),
          requestsPerDay: Math.round(between(100, 20000)),
        },
      };
    } else if (roll < 0.98) {
      return {
        name,
        model: { parameters: Math.round(between(1e8, 1e9)), precision: "fp16", kind: "vision", framework: "pytorch" },
        payload: { request: `${Math.round(between(5, 800))}MB`, response: "1MB" },
        processingTime: `${Math.round(between(1, 30))}m`,
        latency: "1h",
        isolation: "shared",
        traffic: { pattern: "intermittent", requestsPerDay: Math.round(between(2, 300)) },
      };
    } else {
      return {
        name,
        model: { parameters: Math.round(between(1e6, 2e8)), precision: "fp32", kind: "tabular", framework: "xgboost" },
        payload: "2KB",
        latency: "none",
        isolation: "shared",
        traffic: {
          pattern: "offline",
          records: Math.round(between(1e4, 1e8)),
          deadline: pick(["2h", "6h", "24h"]),
          runsPerMonth: pick([1, 4, 30]),
        },
      };
    }
  });
}

/**
 * A uniform fleet: `size` copies of one small shared model under distinct names, the shape that stresses the
 * multi-model grouping most (every workload may join every group).
 */
export function uniformFleet(size: number): WorkloadInput[] {
  return Array.from({ length: size }, (_, i) => ({
    name: `w${String(i).padStart(5, "0")}`,
    model: { parameters: "5M" },
    payload: "4KB",
    latency: "300ms",
    isolation: "shared" as const,
    traffic: { pattern: "steady" as const, peakRps: 3 },
  }));
}
