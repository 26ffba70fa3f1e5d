import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { modelFootprint } from "../../src/core/sizing/memory.js";
import {
  allReduceMs,
  decodeStepMs,
  estimatePerformance,
  forwardPassMs,
  largestBatch,
  latencyAtLoad,
  singleRequestMs,
  type ComputeUnit,
} from "../../src/core/sizing/performance.js";
import { fitConfigs, fitTable, hardwareAt, unitOf } from "../../src/core/sizing/fit.js";
import { billedHoursFloor } from "../../src/core/sizing/option-fleet.js";
import { sizeOption } from "../../src/core/sizing/size-option.js";
import { type SizingContext } from "../../src/core/sizing/context.js";
import { assessOption, assessOptions } from "../../src/core/assess/assess.js";
import { sizingContext } from "../../src/core/sizing/context.js";
import { describeLoad } from "../../src/core/sizing/traffic.js";
import type { Knowledge } from "../../src/core/types.js";
import { WORKLOAD_RANGES, type WorkloadInput } from "../../src/schema/workload.js";
import { OPTION_IDS, PRECISIONS } from "../../src/schema/ids.js";
import { constrainedWorkloadArb, logScale, workloadArb } from "../arbitraries.js";
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
  test("a larger model never needs less memory, and fits an instance only in ways the smaller one can use too", () => {
    fc.assert(
      fc.property(
        logScale(8, 11),
        fc.double({ min: 1.01, max: 20, noNaN: true }),
        fc.constantFrom(...PRECISIONS),
        fc.constantFrom(...accelerated),
        (small, factor, precision, instance) => {
          const a = context(llm(small, precision));
          // Larger, within the documented range of parameters.
          const b = context(llm(Math.min(small * factor, WORKLOAD_RANGES.parameters.max), precision));
          expect(b.footprint.copyGiB).toBeGreaterThanOrEqual(a.footprint.copyGiB);
          // Tensor-parallel degrees, fewest first: the larger model's are the smaller's less the fewest ones, so on
          // the same devices the smaller model always has at least as much memory left for its batch.
          const ways = (ctx: SizingContext) =>
            fitConfigs(instance, ctx).map(
              (hw) => [hw.acceleratorsPerCopy, hw.copiesPerInstance, hw.unit.freeBytes] as const,
            );
          const fitA = ways(a);
          const fitB = ways(b);
          expect(fitA.length).toBeGreaterThanOrEqual(fitB.length);
          fitB.forEach(([degree, copies, free], k) => {
            const [degreeA, copiesA, freeA] = fitA[fitA.length - fitB.length + k]!;
            expect([degree, copies]).toEqual([degreeA, copiesA]);
            expect(free).toBeLessThanOrEqual(freeA);
          });
        },
      ),
    );
  });

  test("on accelerators, a smaller LLM can use every option a larger one can, and costs no more on it", () => {
    // Spread over as many devices as the larger model's copies take, the smaller one is at least as fast and has
    // more memory left for its batch; sized on the fewest devices alone, it could miss a per-token SLO the
    // larger one met.
    fc.assert(
      // Sizes from 100M to 100B parameters, where some devices hold the smaller model and not the larger.
      fc.property(
        workloadArb,
        logScale(8, 10),
        fc.double({ min: 1.01, max: 8, noNaN: true }),
        (input, parameters, factor) => {
          const small: WorkloadInput = {
            ...input,
            model: { ...input.model, parameters, kind: "llm", framework: "pytorch" },
            constraints: { accelerators: ["gpu", "inferentia"] },
          };
          const large: WorkloadInput = { ...small, model: { ...small.model, parameters: parameters * factor } };
          const smallOnes = new Map(
            assessOptions(parse(small), knowledge).assessments.map((a) => [a.option, a.candidate]),
          );
          for (const a of assessOptions(parse(large), knowledge).assessments) {
            if (!a.candidate) continue;
            const smaller = smallOnes.get(a.option) ?? null;
            expect(smaller, `${a.option} hosts the larger model`).not.toBeNull();
            // Within float noise: the same fleet sized along two paths can differ in the seventh digit.
            expect(smaller!.monthlyCostUsd, a.option).toBeLessThanOrEqual(a.candidate.monthlyCostUsd * (1 + 1e-6));
          }
        },
      ),
      { numRuns: Number(process.env.RUNS ?? 200) },
    );
  });

  test("more memory bandwidth never slows decode", () => {
    const gpus = knowledge.catalog.devices.filter((d) => d.kind !== "cpu");
    fc.assert(
      fc.property(
        logScale(8, 11),
        fc.constantFrom(...PRECISIONS),
        fc.constantFrom(...gpus),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 64 }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        (params, precision, device, n, batch, more) => {
          const footprint = context(llm(params, precision)).footprint;
          const slow: ComputeUnit = { kind: device.kind, device, devices: n, freeBytes: Infinity };
          const fast: ComputeUnit = {
            ...slow,
            device: { ...device, memoryBandwidthGBps: device.memoryBandwidthGBps * more },
          };
          expect(decodeStepMs(fast, footprint, precision, batch, sizing)).toBeLessThanOrEqual(
            decodeStepMs(slow, footprint, precision, batch, sizing),
          );
        },
      ),
    );
  });

  test("more devices for one copy never make a token slower than the extra all-reduces over their link", () => {
    const accelerators = knowledge.catalog.devices.filter((d) => d.kind !== "cpu");
    fc.assert(
      fc.property(
        logScale(8, 11),
        fc.constantFrom(...PRECISIONS),
        fc.constantFrom(...accelerators),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 256 }),
        (params, precision, device, a, b, batch) => {
          const [few, many] = a <= b ? [a, b] : [b, a];
          const footprint = context(llm(params, precision)).footprint;
          const step = (devices: number) =>
            decodeStepMs(
              { kind: device.kind, device, devices, freeBytes: Infinity },
              footprint,
              precision,
              batch,
              sizing,
            );
          // Two all-reduces of the batch's hidden states (16-bit) per layer per step.
          const allReduces = (devices: number) =>
            2 *
            footprint.architecture.layers *
            allReduceMs(device, devices, 2 * footprint.architecture.hiddenSize * batch, sizing);
          expect(step(many)).toBeLessThanOrEqual(step(few) + allReduces(many) - allReduces(few) + 1e-9);
        },
      ),
    );
  });

  test("batching never lowers a copy's throughput below the single-request rate", () => {
    const gpus = knowledge.catalog.devices.filter((d) => d.kind !== "cpu");
    fc.assert(
      fc.property(
        logScale(8, 11),
        fc.constantFrom(...PRECISIONS),
        fc.constantFrom(...gpus),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 4000 }),
        fc.integer({ min: 1, max: 1000 }),
        logScale(2, 6),
        (params, precision, device, n, input, output, target) => {
          const workload = llm(params, precision, input, output);
          const footprint = context(workload).footprint;
          const unit: ComputeUnit = { kind: device.kind, device, devices: n, freeBytes: 64 * 2 ** 30 };
          const perf = estimatePerformance(
            unit,
            footprint,
            workload,
            { computeP95Ms: target, ttftMs: Infinity, perTokenMs: Infinity },
            sizing,
          );
          if (perf.throughputRps > 0)
            expect(perf.throughputRps).toBeGreaterThanOrEqual((1000 / perf.computeMs) * (1 - 1e-9));
        },
      ),
    );
  });
});

describe("the batch a copy runs", () => {
  test("outside LLMs it is the largest batch whose forward pass meets the budget", () => {
    const devicesAll = knowledge.catalog.devices;
    const kinds = ["encoder", "vision", "diffusion", "tabular", "other"] as const;
    fc.assert(
      fc.property(
        logScale(5, 11),
        fc.constantFrom(...PRECISIONS),
        fc.constantFrom(...kinds),
        fc.constantFrom(...devicesAll),
        fc.integer({ min: 1, max: 8 }),
        fc.oneof(logScale(-1, 5), fc.constant(Infinity)),
        (parameters, precision, kind, device, n, budgetMs) => {
          const workload = parse({
            name: "b",
            model: { parameters, precision, kind },
            payload: "1KB",
            latency: "1s",
            isolation: "shared",
            traffic: { pattern: "steady", peakRps: 1 },
          });
          const footprint = modelFootprint(workload, sizing);
          const unit: ComputeUnit = { kind: device.kind, device, devices: n, freeBytes: 64 * 2 ** 30 };
          const perf = estimatePerformance(
            unit,
            footprint,
            workload,
            { computeP95Ms: budgetMs, ttftMs: Infinity, perTokenMs: Infinity },
            sizing,
          );
          const meets = (batch: number) =>
            forwardPassMs(unit, footprint, workload, batch, sizing) * sizing.performance.p95OverP50 <= budgetMs;
          if (!meets(1)) {
            expect([perf.batch, perf.throughputRps]).toEqual([1, 0]);
            return;
          }
          expect(meets(perf.batch)).toBe(true);
          if (perf.batch < sizing.performance.maxBatch) expect(meets(perf.batch + 1)).toBe(false);
          expect(perf.throughputRps).toBe(
            (1000 * perf.batch) / forwardPassMs(unit, footprint, workload, perf.batch, sizing),
          );
        },
      ),
      { numRuns: Number(process.env.RUNS ?? 300) },
    );
  });
});

describe("latency under load", () => {
  test("a copy's latency runs from one request alone (idle) to its largest batch (flat out), never falling as load grows", () => {
    const devicesAll = knowledge.catalog.devices;
    fc.assert(
      fc.property(
        fc.boolean(),
        logScale(6, 10),
        fc.constantFrom(...PRECISIONS),
        fc.constantFrom(...devicesAll),
        fc.integer({ min: 1, max: 8 }),
        logScale(1, 5),
        fc.array(logScale(-2, 4), { minLength: 2, maxLength: 6 }),
        (isLlm, parameters, precision, device, n, budgetMs, loads) => {
          const workload = isLlm
            ? llm(parameters, precision, 500, 200)
            : parse({
                name: "b",
                model: { parameters, precision, kind: "encoder" },
                payload: "1KB",
                latency: "1s",
                isolation: "shared",
                traffic: { pattern: "steady", peakRps: 1 },
              });
          const footprint = modelFootprint(workload, sizing);
          const unit: ComputeUnit = { kind: device.kind, device, devices: n, freeBytes: 64 * 2 ** 30 };
          const perf = estimatePerformance(
            unit,
            footprint,
            workload,
            { computeP95Ms: budgetMs, ttftMs: Infinity, perTokenMs: Infinity },
            sizing,
          );
          if (perf.throughputRps === 0) return;
          expect(latencyAtLoad(unit, footprint, workload, perf, 0, sizing).computeMs).toBeCloseTo(perf.computeMs, 9);
          const flatOut = latencyAtLoad(unit, footprint, workload, perf, Infinity, sizing).computeMs;
          // The largest batch meets the budget, so every load does.
          expect(flatOut * sizing.performance.p95OverP50).toBeLessThanOrEqual(budgetMs * (1 + 1e-9));
          const at = [...loads]
            .sort((a, b) => a - b)
            .map((rps) => latencyAtLoad(unit, footprint, workload, perf, rps, sizing).computeMs);
          for (let i = 1; i < at.length; i++) expect(at[i]!).toBeGreaterThanOrEqual(at[i - 1]!);
          expect(at.at(-1)!).toBeLessThanOrEqual(flatOut);
        },
      ),
      { numRuns: Number(process.env.RUNS ?? 200) },
    );
  });

  test("a candidate reports its latency at peak: no less than one request alone, within the SLO it was sized for", () => {
    fc.assert(
      fc.property(constrainedWorkloadArb, (input) => {
        const w = parse(input);
        for (const option of OPTION_IDS) {
          const c = assessOption(w, knowledge, option).candidate;
          if (!c || option === "serverless") continue;
          expect(c.p50Ms).toBeGreaterThanOrEqual(c.performance.computeMs);
          if (w.latency.target !== "none" && w.processingTime === undefined)
            expect(c.p95Ms).toBeLessThanOrEqual(w.latency.target * (1 + 1e-9));
        }
      }),
      { numRuns: Number(process.env.RUNS ?? 100) },
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
        const ctx: SizingContext = {
          workload,
          load: describeLoad(workload, knowledge.rules),
          footprint: modelFootprint(workload, sizing),
          knowledge,
          devices,
          allowed: knowledge.catalog.instances,
        };
        for (const option of options) {
          const floorHours = billedHoursFloor(option, knowledge.rules.options[option], ctx);
          for (const instance of knowledge.catalog.instances.filter((i) => i.options.includes(option))) {
            const only = {
              ...workload,
              constraints: { ...workload.constraints, instanceTypes: [instance.instanceType] },
            };
            const c = assessOption(only, knowledge, option).sizing.chosen;
            if (c) expect(c.monthlyCostUsd).toBeGreaterThanOrEqual(instance.hourlyUsd * floorHours * (1 - 1e-9));
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe("the fit table sizing reads instead of fitting each instance", () => {
  // Most models are laid out by one layout shared per catalog (memory never decides where they go); the rest get
  // their own. Either way each instance must hold what fitConfigs gives it, and each unit's timing be the one its
  // hardware gives. Models straddling the shared layout's bounds, pinned tensor parallelism and narrowed
  // instance lists take the other paths.
  // Each constraint absent most of the time, so the shared layout and each way off it all come up often.
  const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, arb);
  const constraintsArb = fc
    .record({
      instanceTypes: rarely(
        fc.constantFrom<string[]>(["ml.g5.*"], ["ml.c*", "ml.t2.*"], ["ml.m5.large"], ["ml.inf2.*", "ml.p4d.24xlarge"]),
      ),
      accelerators: rarely(fc.constantFrom<("cpu" | "gpu" | "inferentia")[]>(["cpu"], ["gpu"], ["gpu", "inferentia"])),
      acceleratorsPerCopy: rarely(fc.constantFrom(1, 2, 4, 8)),
    })
    .map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)));
  const inputArb = fc
    .tuple(workloadArb, fc.oneof(logScale(5, 11), fc.double({ min: 2e8, max: 1e9, noNaN: true })), constraintsArb)
    .map(([input, parameters, constraints]) => ({ ...input, model: { ...input.model, parameters }, constraints }));

  // The shared layout's bounds come from the catalog: a user's own catalog (here a subset of the bundled one, with
  // some instance types' memory and vCPUs rescaled) moves them, and may leave a CPU type too small for any model.
  const catalogArb = fc.oneof(
    { arbitrary: fc.constant(knowledge), weight: 2 },
    fc
      .tuple(
        fc.subarray([...knowledge.catalog.instances], { minLength: 1 }),
        fc.array(fc.tuple(fc.nat(), logScale(-2, 0), fc.constantFrom(0.5, 1, 2)), { maxLength: 24 }),
      )
      .map(([subset, changes]): Knowledge => {
        const instances = [...subset];
        for (const [at, memory, vcpus] of changes) {
          const i = at % instances.length;
          instances[i] = {
            ...instances[i]!,
            memoryGiB: instances[i]!.memoryGiB * memory,
            vcpus: Math.max(1, Math.round(instances[i]!.vcpus * vcpus)),
          };
        }
        return { ...knowledge, catalog: { ...knowledge.catalog, instances } };
      }),
  );

  // The fit table of `input` on `known` against fitConfigs, instance by instance, and each option's fastest unit.
  function expectFitTableAsFitConfigs(input: WorkloadInput, known: Knowledge): void {
    const ctx = sizingContext(parse(input), known);
    const table = fitTable(ctx);
    const fastest = OPTION_IDS.map(() => Infinity);
    known.catalog.instances.forEach((instance, i) => {
      const configs = ctx.allowed.includes(instance) ? fitConfigs(instance, ctx) : [];
      expect(table.starts[i + 1]! - table.starts[i]!, instance.instanceType).toBe(configs.length);
      configs.forEach((hw, k) => {
        const c = table.starts[i]! + k;
        const { unit, ...counts } = hardwareAt(table, c);
        expect([unit.kind, unit.device, unit.devices]).toEqual([hw.unit.kind, hw.unit.device, hw.unit.devices]);
        // The memory left decides only the largest batch, which outside LLMs it never limits: one unit stands for
        // instances whose memory left differs but gives the same batch.
        if (ctx.footprint.isLlm)
          expect(largestBatch(unit.freeBytes, ctx.footprint, unit.kind, known.rules.sizing)).toBe(
            largestBatch(hw.unit.freeBytes, ctx.footprint, hw.unit.kind, known.rules.sizing),
          );
        expect(counts).toEqual({
          copiesPerInstance: hw.copiesPerInstance,
          acceleratorsPerCopy: hw.acceleratorsPerCopy,
          capacityGiB: hw.capacityGiB,
        });
        const ms = singleRequestMs(hw.unit, ctx.footprint, ctx.workload, known.rules.sizing);
        expect(table.unitMs[unitOf(table, c)]).toBe(ms);
        OPTION_IDS.forEach((id, k) => {
          if (instance.options.includes(id)) fastest[k] = Math.min(fastest[k]!, ms);
        });
      });
    });
    expect(table.fastestMs).toEqual(fastest);
  }

  test("sizing for whether any candidate meets the SLOs agrees with sizing for the cheapest", () => {
    fc.assert(
      fc.property(constrainedWorkloadArb, (input) => {
        const w = parse(input);
        for (const option of OPTION_IDS) {
          const cheapest = sizeOption(option, sizingContext(w, knowledge), "cheapest");
          const any = sizeOption(option, sizingContext(w, knowledge), "any");
          expect({ ...any, chosen: null }).toEqual({ ...cheapest, chosen: null });
          if (any.chosen) expect(cheapest.chosen).not.toBeNull();
          // Nothing said against a candidate, yet none exists: sizing leaves the reason to a hard constraint.
          if (!cheapest.chosen && cheapest.violations.length === 0)
            expect(assessOption(w, knowledge, option).violations).not.toEqual([]);
        }
      }),
      { numRuns: Number(process.env.RUNS ?? 200) },
    );
  });

  test("every instance holds the configurations (copies, accelerators, capacity and unit) that fitConfigs gives it", () => {
    fc.assert(fc.property(inputArb, catalogArb, expectFitTableAsFitConfigs), {
      numRuns: Number(process.env.RUNS ?? 200),
    });
  });

  test("a small model stays off an accelerator instance whose host memory cannot stage its weights", () => {
    // 200M fp32 parameters: 0.75 GiB of weights and 1.8 GiB a copy, small enough for the shared layout on the
    // bundled catalog, but not for an accelerator instance with half a GiB of host memory.
    const input: WorkloadInput = {
      name: "w",
      model: { parameters: 2e8, precision: "fp32", kind: "encoder" },
      payload: "1KB",
      latency: "1s",
      isolation: "shared",
      traffic: { pattern: "steady", peakRps: 1 },
    };
    const at = knowledge.catalog.instances.findIndex((i) => i.accelerator);
    const instances = knowledge.catalog.instances.map((instance, i) =>
      i === at ? { ...instance, memoryGiB: 0.5 } : instance,
    );
    const known: Knowledge = { ...knowledge, catalog: { ...knowledge.catalog, instances } };
    expectFitTableAsFitConfigs(input, known);
    expect(fitConfigs(instances[at]!, sizingContext(parse(input), known))).toEqual([]);
  });
});
