import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { sizingContext } from "../../src/core/sizing/context.js";
import { fitConfigs } from "../../src/core/sizing/fit.js";
import { modelFootprint } from "../../src/core/sizing/memory.js";
import { measuredAgainstModel } from "../../src/core/sizing/measured.js";
import { decodeStepMs, forwardPassMs, prefillMs } from "../../src/core/sizing/performance.js";
import type { WorkloadInput } from "../../src/schema/workload.js";
import { knowledge, parse } from "./helpers.js";

const sizing = knowledge.rules.sizing;
const gpus = knowledge.catalog.instances
  .filter((i) => i.accelerator && i.instanceType.startsWith("ml.g"))
  .map((i) => i.instanceType);

describe("the workload's own measurements", () => {
  test("on the hardware measured the estimate is the measured figure; elsewhere the model's, scaled by the same ratio", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1e9, 3e9, 8e9),
        fc.constantFrom(...gpus),
        fc.constantFrom(...gpus),
        fc.integer({ min: 1, max: 16 }),
        fc.double({ min: 5, max: 200, noNaN: true }),
        fc.double({ min: 50, max: 5000, noNaN: true }),
        (parameters, measuredOn, other, concurrency, perToken, ttft) => {
          const input: WorkloadInput = {
            name: "m",
            model: { parameters, precision: "fp16", kind: "llm", framework: "pytorch" },
            payload: "4KB",
            tokens: { input: 500, output: 200 },
            latency: "5m",
            isolation: "shared",
            traffic: { pattern: "steady", peakRps: 1 },
            measured: [{ instanceType: measuredOn, concurrency, perToken, ttft }],
          };
          const ctx = sizingContext(parse(input), knowledge);
          const plain = modelFootprint(ctx.workload, sizing);
          const { unit: measuredUnit } = measuredAgainstModel(ctx.workload, plain, knowledge)[0]!;
          const step = (f: typeof plain, unit: typeof measuredUnit) =>
            decodeStepMs(unit, f, "fp16", concurrency, sizing);
          const first = (f: typeof plain, unit: typeof measuredUnit) => prefillMs(unit, f, "fp16", 500, sizing);
          expect(step(ctx.footprint, measuredUnit)).toBeCloseTo(perToken, 6);
          expect(first(ctx.footprint, measuredUnit)).toBeCloseTo(ttft, 6);
          const instance = knowledge.catalog.instances.find((i) => i.instanceType === other)!;
          for (const { unit } of fitConfigs(instance, ctx)) {
            const ratio = step(ctx.footprint, unit) / step(plain, unit);
            expect(ratio).toBeCloseTo(perToken / step(plain, measuredUnit), 9);
            expect(first(ctx.footprint, unit) / first(plain, unit)).toBeCloseTo(ttft / first(plain, measuredUnit), 9);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  test("outside LLMs a measured p50 is the forward pass on its hardware, and scales the others", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...gpus, "ml.c5.2xlarge", "ml.m5.xlarge"),
        fc.double({ min: 1, max: 2000, noNaN: true }),
        (measuredOn, p50) => {
          const input: WorkloadInput = {
            name: "v",
            model: { parameters: "100M", precision: "fp16", kind: "vision", framework: "pytorch" },
            payload: "100KB",
            latency: "10s",
            isolation: "shared",
            traffic: { pattern: "steady", peakRps: 1 },
            measured: [{ instanceType: measuredOn, p50 }],
          };
          const ctx = sizingContext(parse(input), knowledge);
          const plain = modelFootprint(ctx.workload, sizing);
          const { unit, factors } = measuredAgainstModel(ctx.workload, plain, knowledge)[0]!;
          expect(forwardPassMs(unit, ctx.footprint, ctx.workload, 1, sizing)).toBeCloseTo(p50, 6);
          const cpu = fitConfigs(
            knowledge.catalog.instances.find((i) => i.instanceType === "ml.c6i.xlarge")!,
            ctx,
          )[0]!.unit;
          expect(
            forwardPassMs(cpu, ctx.footprint, ctx.workload, 1, sizing) /
              forwardPassMs(cpu, plain, ctx.workload, 1, sizing),
          ).toBeCloseTo(factors.forward, 9);
        },
      ),
      { numRuns: 60 },
    );
  });
});
