import { describe, expect, test } from "vitest";
import { cacheHitRate, harmonic, idleProbability } from "../../../../src/core/sizing/coldstart.js";
import { sizeBatchJobs, sizeFleet } from "../../../../src/core/sizing/fleet.js";
import { deriveArchitecture, modelFootprint, type Footprint } from "../../../../src/core/sizing/memory.js";
import {
  allReduceMs,
  decodeStepMs,
  interconnectOf,
  estimatePerformance,
  largestBatch,
  latencyAtLoad,
  peakTflops,
  prefillMs,
  prefillQueueMs,
  type ComputeUnit,
} from "../../../../src/core/sizing/performance.js";
import { describeLoad, type Load } from "../../../../src/core/sizing/traffic.js";
import type { ComputeDevice } from "../../../../src/schema/catalog.js";
import { knowledge, parse } from "../../../property/helpers.js";

// Round-number parameters, independent of what calibration fits into rules/sizing.yaml.
const bundled = knowledge.rules.sizing;
const sizing = {
  ...bundled,
  performance: {
    ...bundled.performance,
    memoryEfficiency: { ...bundled.performance.memoryEfficiency, gpu: 0.7 },
    computeEfficiency: { ...bundled.performance.computeEfficiency, gpu: 0.5 },
    decodeStepOverheadMs: { ...bundled.performance.decodeStepOverheadMs, gpu: 4 },
    weightOnlyQuantEfficiency: 0.5,
    prefillOverheadMs: { ...bundled.performance.prefillOverheadMs, gpu: 2 },
    collectiveLatencyUs: { nvlink: 20, pcie: 50, neuronlink: 5 },
    collectiveAlgorithm: { nvlink: "tree", pcie: "ring", neuronlink: "tree" } as const,
  },
};
const GiB = 2 ** 30;

// A round-number device: 1000 GB/s and 100 dense fp16 TFLOPS; engines reach 70% and 50% of them (rules/sizing.yaml).
const device: ComputeDevice = {
  id: "test-gpu",
  name: "test",
  kind: "gpu",
  memoryGiB: 80,
  memoryBandwidthGBps: 1000,
  tflops: { fp32: 50, bf16: 100, fp16: 100, fp8: null, int8: null, int4: null },
  interconnectGBps: 100,
  interconnect: "nvlink",
  sustainedFraction: 1,
  confirmed: true,
  unconfirmedFields: [],
  sources: ["https://example.com/spec"],
  asOf: "2026-01-01",
};
const unit: ComputeUnit = { kind: "gpu", device, devices: 1, freeBytes: 10 * GiB };
const oneB: Footprint = {
  parameters: 1e9,
  weightsBytes: 2e9,
  activeShare: 1,
  isLlm: true,
  architecture: { layers: 16, hiddenSize: 2048, heads: 16, kvHeads: 8, headDim: 128 },
  kvBytesPerToken: 0,
  contextTokens: 0,
  copyGiB: 3,
  artifactBytes: 2e9,
};

describe("memory", () => {
  test("architecture from the parameter count: 12 * layers * hidden^2 with hidden/layers = 128", () => {
    // hidden = cbrt(128 * 7e9 / 12) = 4211
    expect(deriveArchitecture(7e9, sizing)).toEqual({
      layers: 33,
      hiddenSize: 4211,
      heads: 33,
      kvHeads: 8,
      headDim: 128,
    });
  });

  test("a 7B fp16 LLM: weights, KV cache for 2048 tokens, 10% activations and 1 GiB runtime", () => {
    const f = modelFootprint(
      parse({
        name: "x",
        model: { parameters: "7B", kind: "llm" },
        payload: "1KB",
        latency: "10s",
        isolation: "shared",
        traffic: { pattern: "steady", peakRps: 1 },
      }),
      sizing,
    );
    expect(f.weightsBytes).toBe(14e9);
    expect(f.kvBytesPerToken).toBe(2 * 33 * 8 * 128 * 2);
    expect(f.contextTokens).toBe(2048);
    expect(f.copyGiB).toBeCloseTo((14e9 * 1.1 + 135168 * 2048) / GiB + 1, 6);
  });

  test.each([
    ["fp32", 4],
    ["fp16", 2],
    ["fp8", 1],
    ["int4", 0.5],
  ] as const)("weights in %s take %d bytes per parameter", (precision, bytes) => {
    const f = modelFootprint(
      parse({
        name: "x",
        model: { parameters: "1B", precision },
        payload: "1KB",
        latency: "1s",
        isolation: "shared",
        traffic: { pattern: "steady", peakRps: 1 },
      }),
      sizing,
    );
    expect(f.weightsBytes).toBe(1e9 * bytes);
  });
});

describe("roofline", () => {
  test("decode is memory-bound: 2 GB / (1000 GB/s * 0.7) + 4 ms step overhead", () => {
    expect(decodeStepMs(unit, oneB, "fp16", 1, sizing)).toBeCloseTo(2e9 / 7e8 + 4, 6);
  });

  test("prefill is compute-bound: 2 * 1e9 * 1000 tokens / (100 TFLOPS * 0.5) + 2 ms", () => {
    expect(prefillMs(unit, oneB, "fp16", 1000, sizing)).toBeCloseTo(40 + 2, 6);
  });

  test("tensor parallelism halves the weight read but adds two all-reduces per layer", () => {
    const two = { ...unit, devices: 2 };
    // One round of 20 us on NVLink, and 2 * 1/2 of 4096 bytes (2048 16-bit values) at 100 GB/s.
    const comm = 2 * 16 * (0.02 + (2 * 0.5 * 4096) / 1e8);
    expect(decodeStepMs(two, oneB, "fp16", 1, sizing)).toBeCloseTo(2e9 / 14e8 + 4 + comm, 6);
  });

  test("an all-reduce takes ceil(log2 n) rounds of the link's latency in a tree, n - 1 in a ring", () => {
    expect(allReduceMs(device, 1, 4096, sizing)).toBe(0);
    expect(allReduceMs(device, 8, 0, sizing)).toBeCloseTo(3 * 0.02, 9);
    expect(allReduceMs(device, 12, 0, sizing)).toBeCloseTo(4 * 0.02, 9);
    expect(allReduceMs({ ...device, interconnect: "pcie" }, 4, 0, sizing)).toBeCloseTo(3 * 0.05, 9); // a ring: n - 1
    expect(allReduceMs({ ...device, interconnect: "neuronlink" }, 4, 0, sizing)).toBeCloseTo(2 * 0.005, 9);
    // 1 MB over 8 devices moves 2 * 7/8 MB over each 100 GB/s link: 17.5 us.
    expect(allReduceMs(device, 8, 1e6, sizing)).toBeCloseTo(3 * 0.02 + 0.0175, 9);
  });

  test("a device the catalog gives no link is on PCIe; one with no link bandwidth on PCIe Gen3", () => {
    const bare = { ...device, interconnect: undefined, interconnectGBps: null };
    expect(interconnectOf(bare)).toBe("pcie");
    expect(allReduceMs(bare, 2, 16e6, sizing)).toBeCloseTo(0.05 + 16e6 / 16e6, 9);
  });

  test("eight devices: the weight read an eighth, three all-reduce rounds per all-reduce", () => {
    const eight = { ...unit, devices: 8 };
    const comm = 2 * 16 * (0.02 * 3 + (2 * (7 / 8) * 4096) / 1e8);
    expect(decodeStepMs(eight, oneB, "fp16", 1, sizing)).toBeCloseTo(2e9 / (8 * 7e8) + 4 + comm, 6);
  });

  test("int4 weights are read at half the bytes of int8 through slower dequantizing kernels", () => {
    const int4 = { ...oneB, weightsBytes: 0.5e9 };
    expect(decodeStepMs(unit, int4, "int4", 1, sizing)).toBeCloseTo(0.5e9 / (7e8 * 0.5) + 4, 6);
  });

  test("precision without a native path falls back to the nearest supported rate", () => {
    expect(peakTflops(device, "fp8")).toBe(100);
    expect(peakTflops(device, "int4")).toBe(100);
    expect(peakTflops(device, "fp32")).toBe(50);
  });

  test("a burstable CPU runs at its sustained share", () => {
    const slow = { ...unit, device: { ...device, sustainedFraction: 0.5 } };
    expect(decodeStepMs(slow, oneB, "fp16", 1, sizing) - 4).toBeCloseTo(2 * (2e9 / 7e8), 6);
  });
});

describe("LLM batching and the first token at load", () => {
  const llm = { ...oneB, kvBytesPerToken: 1000, contextTokens: 1000 }; // 1 MB of KV cache a sequence

  test("a copy batches as many sequences as its KV cache holds, up to its engines' default", () => {
    const withLimits = {
      ...sizing,
      performance: { ...sizing.performance, llmMaxSequences: { cpu: 4, gpu: 256, inferentia: 32, trainium: 32 } },
    };
    expect(largestBatch(10e6, llm, "gpu", withLimits)).toBe(11); // 10 MB left holds 10 more beside the first
    expect(largestBatch(1e9, llm, "gpu", withLimits)).toBe(256);
    expect(largestBatch(1e9, llm, "inferentia", withLimits)).toBe(32);
    expect(largestBatch(1e9, llm, "cpu", withLimits)).toBe(4);
    expect(largestBatch(0, llm, "gpu", withLimits)).toBe(1);
  });

  test("a prompt waits for the prefills queued ahead of it (M/D/1)", () => {
    // 5 prompts a second of 100 ms each keep prefill busy half the time: 0.5 * 100 / (2 * 0.5) = 50 ms.
    expect(prefillQueueMs(100, 5)).toBeCloseTo(50, 9);
    expect(prefillQueueMs(100, 0)).toBe(0);
  });

  test("the first token at load: alone at one request, later once copies batch", () => {
    const workload = parse({
      name: "chat",
      model: { parameters: "1B", kind: "llm" },
      payload: "1KB",
      latency: "60s",
      isolation: "shared",
      traffic: { pattern: "steady", peakRps: 1 },
      tokens: { input: 1000, output: 100 },
    });
    const f = modelFootprint(workload, sizing);
    const big = { ...unit, freeBytes: 40 * GiB };
    const perf = estimatePerformance(
      big,
      f,
      workload,
      { computeP95Ms: Infinity, ttftMs: Infinity, perTokenMs: Infinity },
      sizing,
    );
    const alone = latencyAtLoad(big, f, workload, perf, 0.001, sizing);
    expect(alone.ttftMs).toBeCloseTo(perf.ttftMs!, 9);
    const busy = latencyAtLoad(big, f, workload, perf, perf.throughputRps, sizing);
    expect(busy.ttftMs!).toBeGreaterThan(perf.ttftMs! + busy.perTokenMs! / 2);
  });
});

describe("cold starts and caches", () => {
  test("Poisson idle probability", () => expect(idleProbability(0.01, 100)).toBeCloseTo(Math.exp(-1), 12));
  test("harmonic numbers, exact and with an integral tail", () => {
    expect(harmonic(10, 1)).toBeCloseTo(2.9289683, 6);
    expect(harmonic(1e6, 1)).toBeCloseTo(Math.log(1e6) + 0.5772157, 4);
  });
  test("Zipf hit rate: 10 of 100 models cached", () =>
    expect(cacheHitRate(10, 100, 1)).toBeCloseTo(2.9289683 / 5.1873775, 6));
  test("everything cached hits every time", () => expect(cacheHitRate(100, 100, 1)).toBe(1));
});

describe("traffic and fleets", () => {
  const w = (traffic: object) =>
    parse({
      name: "x",
      model: { parameters: "1M" },
      payload: "1KB",
      latency: "1s",
      isolation: "shared",
      traffic: traffic as never,
    });
  test.each([
    // [traffic, mean rps, peak rps, requests per month]
    [{ pattern: "steady", requestsPerDay: 86400 }, 1, 1.2, 86400 * 30.4167],
    [
      { pattern: "scheduled", requestsPerDay: 180, activeHoursPerDay: 9 },
      180 / 32400,
      (180 / 32400) * 1.5,
      180 * 30.4167,
    ],
    [{ pattern: "diurnal", peakRps: 10 }, 5, 10, 5 * 86400 * 30.4167],
    [{ pattern: "offline", records: "30M", deadline: "12h" }, 30e6 / 30.4167 / 86400, 30e6 / 43200, 30e6],
  ])("%j", (traffic, mean, peak, monthly) => {
    const load = describeLoad(w(traffic), knowledge.rules);
    expect(load.meanRps).toBeCloseTo(mean, 6);
    expect(load.peakRps).toBeCloseTo(peak, 6);
    expect(load.requestsPerMonth / monthly).toBeCloseTo(1, 6);
  });

  const load = (over: Partial<Load>): Load => ({
    pattern: "steady",
    online: true,
    activeHoursPerDay: 24,
    meanRps: 10,
    peakRps: 20,
    requestsPerMonth: 1,
    recordsPerRun: 0,
    runsPerMonth: 1,
    deadlineMs: null,
    variability: 0,
    followsLoad: false,
    ...over,
  });
  const fleet = {
    throughputRps: 10,
    copiesPerInstance: 1,
    models: 1,
    warmFloor: 1,
    restsAtZero: false,
    restsOffHours: false,
    idleReleaseS: 600,
  };

  test("steady load holds peak capacity at 70% utilization: ceil(20 / 7) = 3", () => {
    expect(sizeFleet(fleet, load({}), sizing)).toEqual({ peakInstances: 3, averageInstances: 3 });
  });
  test("load-following capacity tracks the mean plus half an instance", () => {
    expect(sizeFleet(fleet, load({ followsLoad: true }), sizing).averageInstances).toBeCloseTo(10 / 7 + 0.5, 9);
  });
  test("a scale-to-zero fleet is up only while requests arrive within the idle window", () => {
    const sparse = load({ followsLoad: true, meanRps: 1 / 3600, peakRps: 1 / 360 });
    const up = 1 - Math.exp(-(1 / 3600) * 600);
    expect(
      sizeFleet({ ...fleet, restsAtZero: true, restsOffHours: true }, sparse, sizing).averageInstances,
    ).toBeCloseTo(up, 9);
  });
  test("batch jobs: 1e6 records at 100 rps fit one instance within 6 h after an 8 min start", () => {
    expect(sizeBatchJobs(100, 480, load({ recordsPerRun: 1e6, deadlineMs: 6 * 3600e3 }), 100)).toEqual({
      instances: 1,
      jobSeconds: 10480,
      instanceHoursPerMonth: 10480 / 3600,
    });
  });
  test("batch jobs that cannot meet the deadline with 100 instances are infeasible", () => {
    expect(sizeBatchJobs(1, 480, load({ recordsPerRun: 1e9, deadlineMs: 3600e3 }), 100)).toBeNull();
  });
});
