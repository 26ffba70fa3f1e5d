/**
 * The fit table: where copies of a model go on each instance type, and in what ways. Every expectation below is
 * worked out by hand from the catalog and rules figures each case reads (pinned first, so a catalog or rules
 * change fails here by name rather than as a wrong count):
 * - rules/sizing.yaml memory: hostReserveGiB 2, deviceReserveFraction 0.1, activationFraction 0.1,
 *   runtimeOverheadGiB 1, minContextTokens 2048; performance.cpuThreadsPerRequest 4; architecture
 *   widthPerLayer 128, headDim 128, maxKvHeads 8.
 * - A copy's memory (memory.ts): weights x 1.1 + KV cache for 2048 tokens (LLMs) + 1 GiB.
 */
import { describe, expect, test } from "vitest";
import { sizingContext } from "../../../../src/core/sizing/context.js";
import {
  copyDegrees,
  fitConfigs,
  fitTable,
  hardwareAt,
  unitOf,
  type Hardware,
} from "../../../../src/core/sizing/fit.js";
import { singleRequestMs } from "../../../../src/core/sizing/performance.js";
import type { WorkloadInput } from "../../../../src/schema/workload.js";
import { knowledge, parse } from "../../../property/helpers.js";

const GiB = 2 ** 30;

function workload(model: WorkloadInput["model"], constraints?: WorkloadInput["constraints"]): WorkloadInput {
  return {
    name: "w",
    model,
    payload: "1KB",
    latency: "1s",
    isolation: "shared",
    traffic: { pattern: "steady", peakRps: 1 },
    ...(constraints ? { constraints } : {}),
  };
}

// 10M fp32 parameters: 4e7 B of weights, a copy 4e7 x 1.1 / 2^30 + 1 = 1.04098 GiB.
const SMALL = workload({ parameters: 1e7, precision: "fp32", kind: "tabular" });
// 3B fp32 parameters: 1.2e10 B of weights, a copy 1.2e10 x 1.1 / 2^30 + 1 = 13.2935 GiB.
const LARGE_CPU = workload({ parameters: 3e9, precision: "fp32", kind: "tabular" });
// 1B fp16 LLM: hidden cbrt(128 x 1e9 / 12) = 2201.3, 17 layers, 8 KV heads of 128: 2 x 17 x 8 x 128 x 2 B = 69,632 B
// of KV a token; 2048 tokens (512 + 256 is under the minimum) = 142,606,336 B. A copy (2.2e9 + 142,606,336) / 2^30
// + 1 = 3.1817 GiB: one A10G (22.35 x 0.9 = 20.115 GiB usable) holds it.
const LLM_1B = workload({ parameters: 1e9, precision: "fp16", kind: "llm" });
// 13B fp16 LLM: hidden cbrt(128 x 13e9 / 12) = 5176.0, 40 layers: 2 x 40 x 8 x 128 x 2 = 163,840 B a token, x 2048 =
// 335,544,320 B. A copy (2.86e10 + 335,544,320) / 2^30 + 1 = 27.948 GiB: more than one A10G's 20.115, within two
// (40.23).
const LLM_13B = workload({ parameters: 1.3e10, precision: "fp16", kind: "llm" });

function instance(type: string) {
  const found = knowledge.catalog.instances.find((i) => i.instanceType === type);
  if (!found) throw new Error(`test setup: ${type} is not in the catalog`);
  return found;
}

/** What a configuration gives one copy, in a form to compare: capacity to 3 decimals (it is a product of floats). */
function shape(hw: Hardware) {
  return {
    kind: hw.unit.kind,
    device: hw.unit.device.id,
    devices: hw.unit.devices,
    acceleratorsPerCopy: hw.acceleratorsPerCopy,
    copiesPerInstance: hw.copiesPerInstance,
    capacityGiB: Math.round(hw.capacityGiB * 1000) / 1000,
  };
}

describe("copyDegrees: the devices a copy may take on an accelerator instance, fewest first", () => {
  test.each([
    // [count, usable GiB a device, copy GiB, pinned, llm, degrees]
    // A copy needing 2.5 devices' memory (25 / 10): 1 and 2 devices hold 10 and 20 GiB, 4 hold 40. An LLM may also
    // spread wider, over all 8 (the next power of two, which is the count).
    [8, 10, 25, undefined, true, [4, 8]],
    // The same copy outside LLMs keeps the fewest: its server does not split a model.
    [8, 10, 25, undefined, false, [4]],
    // Pinned to 8: 8 x 10 = 80 >= 25 holds it, and a pin is the only degree.
    [8, 10, 25, 8, true, [8]],
    // Pinned to 2: 2 x 10 = 20 < 25 does not hold it, so nothing.
    [8, 10, 25, 2, true, []],
    // Pinned to 16 on an 8-device instance: more devices than there are.
    [8, 10, 25, 16, false, []],
    // ml.inf2.48xlarge's 12 devices: powers of two 1, 2, 4, 8, then all 12 (16 is past the count).
    [12, 28.8, 5, undefined, true, [1, 2, 4, 8, 12]],
    // 85 GiB over 10 GiB devices: 8 hold 80 < 85, so the first degree that holds it is all 12 (120).
    [12, 10, 85, undefined, true, [12]],
    // 100 GiB on 8 x 10 = 80 GiB: no degree holds it.
    [8, 10, 100, undefined, true, []],
    // Exactly two devices' memory (20 = 2 x 10) fits on two.
    [4, 10, 20, undefined, false, [2]],
    // One device: a copy that fits takes it, and there is nothing wider.
    [1, 10, 5, undefined, true, [1]],
  ] as const)(
    "count %d, %s GiB a device, a %s GiB copy, pinned %s, LLM %s: %j",
    (count, usable, copy, pinned, llm, degrees) => {
      expect(copyDegrees(count, usable, copy, pinned, llm)).toEqual(degrees);
    },
  );
});

describe("fitConfigs: copies per instance from vCPUs on a CPU, from devices on accelerators", () => {
  test("the rules figures these cases are worked out from", () => {
    const { memory, performance, architecture } = knowledge.rules.sizing;
    expect(memory).toMatchObject({
      hostReserveGiB: 2,
      deviceReserveFraction: 0.1,
      activationFraction: 0.1,
      runtimeOverheadGiB: 1,
      minContextTokens: 2048,
    });
    expect(performance.cpuThreadsPerRequest).toBe(4);
    expect(architecture).toMatchObject({ widthPerLayer: 128, headDim: 128, maxKvHeads: 8 });
    expect(sizingContext(parse(SMALL), knowledge).footprint.copyGiB).toBeCloseTo(1.04098, 5);
    expect(sizingContext(parse(LARGE_CPU), knowledge).footprint.copyGiB).toBeCloseTo(13.2935, 4);
    expect(sizingContext(parse(LLM_1B), knowledge).footprint.copyGiB).toBeCloseTo(3.1817, 4);
    expect(sizingContext(parse(LLM_13B), knowledge).footprint.copyGiB).toBeCloseTo(27.948, 3);
  });

  test.each([
    // [instance, vCPUs, memory GiB, cpu device]
    ["ml.c6i.2xlarge", 8, 16, "intel-xeon-ice-lake"],
    ["ml.c5.xlarge", 4, 8, "intel-xeon-skylake-cascade-lake"],
    ["ml.t2.medium", 2, 4, "intel-xeon-haswell-broadwell-burstable"],
    ["ml.c6i.8xlarge", 32, 64, "intel-xeon-ice-lake"],
  ] as const)("the catalog gives %s %d vCPUs and %d GiB on %s", (type, vcpus, memoryGiB, cpu) => {
    expect(instance(type)).toMatchObject({ vcpus, memoryGiB, cpu, accelerator: null });
  });

  test.each([
    // [instance, accelerator device, count, device GiB]
    ["ml.g5.12xlarge", "nvidia-a10g", 4, 22.35],
    ["ml.g5.xlarge", "nvidia-a10g", 1, 22.35],
    ["ml.inf2.48xlarge", "aws-inferentia2", 12, 32],
  ] as const)("the catalog gives %s %s devices: %d of %s GiB", (type, device, count, deviceGiB) => {
    expect(instance(type).accelerator).toEqual({ device, count });
    expect(knowledge.catalog.devices.find((d) => d.id === device)!.memoryGiB).toBe(deviceGiB);
  });

  test.each([
    // [workload, instance, configurations]
    // 16 - 2 = 14 GiB usable holds floor(14 / 1.041) = 13 copies, but 8 vCPUs / 4 threads a request allow 2: two
    // copies of 4 vCPUs and 14 / 2 = 7 GiB each.
    [
      "small",
      "ml.c6i.2xlarge",
      [
        {
          kind: "cpu",
          device: "intel-xeon-ice-lake",
          devices: 4,
          acceleratorsPerCopy: 0,
          copiesPerInstance: 2,
          capacityGiB: 7,
        },
      ],
    ],
    // 8 - 2 = 6 GiB holds 5 copies; 4 vCPUs / 4 allow 1: one copy of all 4 vCPUs and 6 GiB.
    [
      "small",
      "ml.c5.xlarge",
      [
        {
          kind: "cpu",
          device: "intel-xeon-skylake-cascade-lake",
          devices: 4,
          acceleratorsPerCopy: 0,
          copiesPerInstance: 1,
          capacityGiB: 6,
        },
      ],
    ],
    // 2 vCPUs / 4 allow none, but an instance that holds a copy (4 - 2 = 2 GiB >= 1.041) runs at least one.
    [
      "small",
      "ml.t2.medium",
      [
        {
          kind: "cpu",
          device: "intel-xeon-haswell-broadwell-burstable",
          devices: 2,
          acceleratorsPerCopy: 0,
          copiesPerInstance: 1,
          capacityGiB: 2,
        },
      ],
    ],
    // Memory binds: 64 - 2 = 62 GiB holds floor(62 / 13.29) = 4 copies of the 3B model where 32 / 4 = 8 vCPU copies
    // would run: 4 copies of 32 / 4 = 8 vCPUs and 62 / 4 = 15.5 GiB.
    [
      "large-cpu",
      "ml.c6i.8xlarge",
      [
        {
          kind: "cpu",
          device: "intel-xeon-ice-lake",
          devices: 8,
          acceleratorsPerCopy: 0,
          copiesPerInstance: 4,
          capacityGiB: 15.5,
        },
      ],
    ],
    // 6 GiB usable < 13.29: no copy fits.
    ["large-cpu", "ml.c5.xlarge", []],
    // Four A10Gs, 22.35 x 0.9 = 20.115 GiB usable each: the small model takes one device a copy, four copies.
    [
      "small",
      "ml.g5.12xlarge",
      [
        {
          kind: "gpu",
          device: "nvidia-a10g",
          devices: 1,
          acceleratorsPerCopy: 1,
          copiesPerInstance: 4,
          capacityGiB: 20.115,
        },
      ],
    ],
    // An LLM that one device holds may also spread over 2 and 4: 4, 2 and 1 copies of 20.115, 40.23 and 80.46 GiB.
    [
      "llm-1b",
      "ml.g5.12xlarge",
      [
        {
          kind: "gpu",
          device: "nvidia-a10g",
          devices: 1,
          acceleratorsPerCopy: 1,
          copiesPerInstance: 4,
          capacityGiB: 20.115,
        },
        {
          kind: "gpu",
          device: "nvidia-a10g",
          devices: 2,
          acceleratorsPerCopy: 2,
          copiesPerInstance: 2,
          capacityGiB: 40.23,
        },
        {
          kind: "gpu",
          device: "nvidia-a10g",
          devices: 4,
          acceleratorsPerCopy: 4,
          copiesPerInstance: 1,
          capacityGiB: 80.46,
        },
      ],
    ],
    // 27.95 GiB needs two A10Gs (20.115 < 27.95 <= 40.23), then all four: 2 copies of 2, or 1 of 4.
    [
      "llm-13b",
      "ml.g5.12xlarge",
      [
        {
          kind: "gpu",
          device: "nvidia-a10g",
          devices: 2,
          acceleratorsPerCopy: 2,
          copiesPerInstance: 2,
          capacityGiB: 40.23,
        },
        {
          kind: "gpu",
          device: "nvidia-a10g",
          devices: 4,
          acceleratorsPerCopy: 4,
          copiesPerInstance: 1,
          capacityGiB: 80.46,
        },
      ],
    ],
    // One A10G (20.115 GiB) cannot hold 27.95 GiB, and there is no second.
    ["llm-13b", "ml.g5.xlarge", []],
    // Pinned to 4 accelerators a copy: one copy of all four, 4 x 20.115 = 80.46 GiB.
    [
      "small-pinned-4",
      "ml.g5.12xlarge",
      [
        {
          kind: "gpu",
          device: "nvidia-a10g",
          devices: 4,
          acceleratorsPerCopy: 4,
          copiesPerInstance: 1,
          capacityGiB: 80.46,
        },
      ],
    ],
    // Twelve Inferentia2 devices of 32 x 0.9 = 28.8 GiB: degrees 1, 2, 4, 8, 12, so 12, 6, 3, 1 and 1 copies.
    [
      "llm-1b",
      "ml.inf2.48xlarge",
      [1, 2, 4, 8, 12].map((d) => ({
        kind: "inferentia",
        device: "aws-inferentia2",
        devices: d,
        acceleratorsPerCopy: d,
        copiesPerInstance: Math.floor(12 / d),
        capacityGiB: Math.round(d * 28.8 * 1000) / 1000,
      })),
    ],
  ] as const)("%s on %s", (name, type, expected) => {
    const input = {
      small: SMALL,
      "large-cpu": LARGE_CPU,
      "llm-1b": LLM_1B,
      "llm-13b": LLM_13B,
      "small-pinned-4": { ...SMALL, constraints: { acceleratorsPerCopy: 4 } },
    }[name];
    const ctx = sizingContext(parse(input), knowledge);
    const configs = fitConfigs(instance(type), ctx);
    expect(configs.map(shape)).toEqual(expected);
    // What a copy leaves free is its capacity less its own memory.
    for (const hw of configs) expect(hw.unit.freeBytes / GiB).toBeCloseTo(hw.capacityGiB - ctx.footprint.copyGiB, 6);
  });
});

describe("the fit table read through hardwareAt and unitOf agrees with fitConfigs", () => {
  // The readable counterpart of the property in test/property/sizing.prop.test.ts (expectFitTableAsFitConfigs).
  test.each([
    // [workload, instance, configurations expected there]
    // The small model goes through the layout shared by every small model (laid out for the smallest one).
    ["small", "ml.c6i.2xlarge", 1],
    ["small", "ml.t2.medium", 1],
    ["small", "ml.g5.12xlarge", 1],
    ["small", "ml.inf2.48xlarge", 1],
    // LLMs get a layout of their own: three degrees on four A10Gs, five on twelve Inferentia2 devices.
    ["llm-1b", "ml.g5.12xlarge", 3],
    ["llm-1b", "ml.inf2.48xlarge", 5],
    ["llm-13b", "ml.g5.12xlarge", 2],
    ["llm-13b", "ml.g5.xlarge", 0],
    // A model the constraints keep off GPUs has no configuration there in the table (fitConfigs does not read the
    // constraints: the table leaves out instances outside `allowed`).
    ["small-cpu-only", "ml.g5.12xlarge", 0],
    ["small-cpu-only", "ml.c6i.2xlarge", 1],
  ] as const)("%s on %s: %d configurations", (name, type, count) => {
    const input = {
      small: SMALL,
      "llm-1b": LLM_1B,
      "llm-13b": LLM_13B,
      "small-cpu-only": { ...SMALL, constraints: { accelerators: ["cpu" as const] } },
    }[name];
    const ctx = sizingContext(parse(input), knowledge);
    const table = fitTable(ctx);
    const at = knowledge.catalog.instances.findIndex((i) => i.instanceType === type);
    const configs = ctx.allowed.includes(instance(type)) ? fitConfigs(instance(type), ctx) : [];
    expect(configs).toHaveLength(count);
    expect(table.starts[at + 1]! - table.starts[at]!).toBe(count);
    configs.forEach((hw, k) => {
      const c = table.starts[at]! + k;
      const fast = hardwareAt(table, c);
      // The free memory of a unit decides only an LLM's batch; small models share units laid out for the smallest.
      expect({ ...shape(fast), capacityGiB: fast.capacityGiB }).toEqual({ ...shape(hw), capacityGiB: hw.capacityGiB });
      expect(table.unitMs[unitOf(table, c)]).toBe(
        singleRequestMs(hw.unit, ctx.footprint, ctx.workload, knowledge.rules.sizing),
      );
    });
  });
});
