import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { modelFootprint } from "../../src/core/memory.js";
import { decodeStepMs, estimatePerformance, type ComputeUnit } from "../../src/core/performance.js";
import { billedHoursFloor, fitHardware, type SizingContext } from "../../src/core/placement.js";
import { assessOption } from "../../src/core/recommend.js";
import { describeLoad } from "../../src/core/traffic.js";
import { PRECISIONS } from "../../src/schema/ids.js";
import { logScale, workloadArb } from "../arbitraries.js";
import { knowledge, parse } from "./helpers.js";

const sizing = knowledge.rules.sizing;
const devices = new Map(knowledge.catalog.devices.map((d) => [d.id, d]));
const accelerated = knowledge.catalog.instances.filter((i) => i.accelerator);

function llm(parameters: number, precision: (typeof PRECISIONS)[number], input = 512, output = 256) {
  return parse({
    name: "p",
    model: { parameters, precision, kind: "llm" },
    payload: "1KB",
    tokens: { input, output },
    latency: "none",
    isolation: "shared",
    traffic: { pattern: "steady", peakRps: 1 },
  });
}

function context(workload: ReturnType<typeof llm>): SizingContext {
  return {
    workload,
    load: describeLoad(workload, knowledge.rules),
    footprint: modelFootprint(workload, sizing),
    knowledge,
    devices,
    allowed: knowledge.catalog.instances,
  };
}

describe("sizing invariants", () => {
  test("a larger model never needs less memory or fewer accelerators on the same instance", () => {
    fc.assert(
      fc.property(logScale(8, 11), fc.double({ min: 1.01, max: 20, noNaN: true }), fc.constantFrom(...PRECISIONS), fc.constantFrom(...accelerated), (small, factor, precision, instance) => {
        const a = context(llm(small, precision));
        const b = context(llm(small * factor, precision));
        expect(b.footprint.copyGiB).toBeGreaterThanOrEqual(a.footprint.copyGiB);
        const fitA = fitHardware(instance, a);
        const fitB = fitHardware(instance, b);
        if (fitB) {
          expect(fitA).not.toBeNull();
          expect(fitB.acceleratorsPerCopy).toBeGreaterThanOrEqual(fitA!.acceleratorsPerCopy);
          expect(fitB.copiesPerInstance).toBeLessThanOrEqual(fitA!.copiesPerInstance);
        }
      }),
    );
  });

  test("more memory bandwidth never slows decode", () => {
    const gpus = knowledge.catalog.devices.filter((d) => d.kind !== "cpu");
    fc.assert(
      fc.property(logScale(8, 11), fc.constantFrom(...PRECISIONS), fc.constantFrom(...gpus), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 64 }), fc.double({ min: 1, max: 10, noNaN: true }), (params, precision, device, n, batch, more) => {
        const footprint = context(llm(params, precision)).footprint;
        const slow: ComputeUnit = { kind: device.kind, device, devices: n, freeBytes: Infinity };
        const fast: ComputeUnit = { ...slow, device: { ...device, memoryBandwidthGBps: device.memoryBandwidthGBps * more } };
        expect(decodeStepMs(fast, footprint, precision, batch, sizing)).toBeLessThanOrEqual(decodeStepMs(slow, footprint, precision, batch, sizing));
      }),
    );
  });

  test("batching never lowers a copy's throughput below the single-request rate", () => {
    const gpus = knowledge.catalog.devices.filter((d) => d.kind !== "cpu");
    fc.assert(
      fc.property(logScale(8, 11), fc.constantFrom(...PRECISIONS), fc.constantFrom(...gpus), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 1, max: 1000 }), logScale(2, 6), (params, precision, device, n, input, output, target) => {
        const workload = llm(params, precision, input, output);
        const footprint = context(workload).footprint;
        const unit: ComputeUnit = { kind: device.kind, device, devices: n, freeBytes: 64 * 2 ** 30 };
        const perf = estimatePerformance(unit, footprint, workload, { computeP95Ms: target, ttftMs: Infinity, perTokenMs: Infinity }, sizing);
        if (perf.throughputRps > 0) expect(perf.throughputRps).toBeGreaterThanOrEqual((1000 / perf.computeMs) * (1 - 1e-9));
      }),
    );
  });
});

describe("the cost floor that lets sizing stop early", () => {
  // Sizing visits instance types cheapest first and stops once hourly price x billedHoursFloor exceeds the best
  // cost found, so the floor must hold for every instance type's own candidate.
  const options = ["single-model", "multi-model", "inference-components", "async", "batch-transform"] as const;
  test("no candidate on any instance type costs less than its hourly price times the option's floor", () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = parse(input);
        const ctx: SizingContext = { workload, load: describeLoad(workload, knowledge.rules), footprint: modelFootprint(workload, sizing), knowledge, devices, allowed: knowledge.catalog.instances };
        for (const option of options) {
          const floorHours = billedHoursFloor(option, knowledge.rules.options[option], ctx);
          for (const instance of knowledge.catalog.instances.filter((i) => i.options.includes(option))) {
            const only = { ...workload, constraints: { ...workload.constraints, instanceTypes: [instance.instanceType] } };
            const c = assessOption(only, knowledge, option).sizing.chosen;
            if (c) expect(c.monthlyCostUsd).toBeGreaterThanOrEqual(instance.hourlyUsd * floorHours * (1 - 1e-9));
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});
