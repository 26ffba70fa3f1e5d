import type { OptionId } from "../../schema/ids.js";
import { ISOLATION_LEVELS, OPTION_IDS } from "../../schema/vocabulary.js";
import type { Violation } from "../../schema/output.js";
import type { Workload } from "../../schema/workload.js";
import { sizingContext, type Candidate, type OptionSizing, type SizingContext } from "../sizing/context.js";
import type { Footprint } from "../sizing/memory.js";
import { sizeOption } from "../sizing/size-option.js";
import { describeLoad, peakInFlight, type Load } from "../sizing/traffic.js";
import type { Knowledge } from "../types.js";
import { formatQuantity, roundOutput } from "../units.js";
import { checkConstraints, readsCandidate, type WorkloadFacts } from "./constraints.js";

// Every option of one workload sized and checked against its hard limits, before scoring. The entry points differ
// in the sizing context they work in: `assessOptions` and `assessOption` build the workload's own; the `...In`
// forms take one already built; `assessVariant` derives one from a base workload's, sharing what it can.

/** One option after sizing and hard checks, before scoring. */
export interface Assessment {
  readonly option: OptionId;
  /** Its sizing; for an option a hard limit rules out, `chosen` may be any candidate that meets the SLOs, or null. */
  readonly sizing: OptionSizing;
  readonly violations: readonly Violation[];
  readonly candidate: Candidate | null;
}

// `endpoints`: how many endpoints the models take on the option (one each where it hosts one model per endpoint).
function workloadFacts(
  workload: Workload,
  load: Load,
  footprint: Footprint,
  sizing: OptionSizing,
  candidate: Candidate | null,
  endpoints: number,
  p95OverP50: number,
): WorkloadFacts {
  const c = workload.constraints;
  const latencyMs = candidate?.p50Ms ?? sizing.fastestComputeMs ?? 0;
  return {
    requestBytes: workload.payload.request,
    responseBytes: workload.payload.response ?? workload.payload.request,
    // A processing time limit cuts requests off, so the tail counts: one request's p95 (as sizing's budget holds it).
    processingMs: (sizing.fastestComputeMs ?? workload.processingTime?.value ?? 0) * p95OverP50,
    memoryGiB: footprint.copyGiB,
    // A concurrency limit is per endpoint: each takes its share of the load.
    peakConcurrency: peakInFlight(load, latencyMs) / endpoints,
    modelCount: workload.model.count,
    isolation: ISOLATION_LEVELS.indexOf(workload.isolation),
    streaming: Number(c.streaming),
    networkIsolation: Number(c.networkIsolation),
    needsAccelerator: Number(c.accelerators !== undefined && !c.accelerators.includes("cpu")),
    needsSync: Number(c.invocation === "sync"),
    online: Number(load.online),
  };
}

// Sizes one option and checks its hard limits in a workload's sizing context. Which candidate is the cheapest
// matters only to an option that can be feasible, or to a limit that reads the candidate (the cost cap, a
// concurrency limit): without those, sizing first finds only whether some candidate meets the SLOs, and finds
// the cheapest once no limit rules the option out.
export function assessOptionIn(option: OptionId, ctx: SizingContext): Assessment {
  const { workload, load, footprint, knowledge } = ctx;
  const rules = knowledge.rules.options[option];
  const cap = workload.constraints.maxMonthlyUsd;
  const settleLater = cap === undefined && !readsCandidate(rules, knowledge.rules.constraints);
  let sizing = sizeOption(option, ctx, settleLater ? "any" : "cheapest");
  const violations: Violation[] = [];
  const allowedOptions = workload.constraints.options;
  if (allowedOptions && !allowedOptions.includes(option)) {
    violations.push({
      rule: `${option}-excluded`,
      limit: null,
      actual: null,
      unit: "",
      message: `${rules.name} is not in constraints.options`,
      hint: "add it to constraints.options to consider it",
    });
  }
  violations.push(
    ...checkConstraints(
      option,
      rules,
      workloadFacts(
        workload,
        load,
        footprint,
        sizing,
        sizing.chosen,
        rules.modelsPerEndpoint > 1 ? 1 : workload.model.count,
        knowledge.rules.sizing.performance.p95OverP50,
      ),
      knowledge.rules.constraints,
    ),
  );
  violations.push(...sizing.violations);
  if (settleLater && violations.length === 0) sizing = sizeOption(option, ctx, "cheapest");
  const candidate = sizing.chosen;
  if (candidate && cap !== undefined && candidate.monthlyCostUsd > cap) {
    violations.push({
      rule: `${option}-max-monthly-cost`,
      limit: cap,
      actual: roundOutput(candidate.monthlyCostUsd),
      unit: "USD",
      message: `costs ${formatQuantity(candidate.monthlyCostUsd, "USD")} a month, over the ${formatQuantity(cap, "USD")} cap`,
      hint: "raise constraints.maxMonthlyUsd or relax the latency target",
    });
  }
  if (candidate && violations.length === 0 && !allFinite(candidate)) violations.push(overflow(option));
  return { option, sizing, violations, candidate: violations.length === 0 ? candidate : null };
}

// Whether every figure of a candidate, its performance's included, is a finite number. Workloads and catalogs are
// bounded so that they always are; rules a user edits are not, and a figure past double range must not be ranked.
function allFinite(candidate: Candidate): boolean {
  return finiteNumbers(candidate) && finiteNumbers(candidate.performance);
}

function finiteNumbers(object: object): boolean {
  for (const key in object) {
    const value = (object as Record<string, unknown>)[key];
    if (typeof value === "number" && !Number.isFinite(value)) return false;
  }
  return true;
}

function overflow(option: OptionId): Violation {
  return {
    rule: `${option}-figures-overflow`,
    limit: null,
    actual: null,
    unit: "",
    message: "sizing this option gives figures past any number (an instance count or cost of infinity)",
    hint: "check the values of the rules and catalog in use: one is far outside its usual range",
  };
}

/** The assessment of every option for one workload: its load, footprint and sized, checked options. */
export interface Assessed {
  readonly load: Load;
  readonly footprint: Footprint;
  readonly assessments: Assessment[];
}

/** Sizes every option and checks its hard limits in a context built for the workload (see {@link sizingContext}). */
export function assessOptionsIn(ctx: SizingContext): Assessed {
  return {
    load: ctx.load,
    footprint: ctx.footprint,
    assessments: OPTION_IDS.map((option) => assessOptionIn(option, ctx)),
  };
}

/** Sizes every option and checks its hard limits; pure, and the basis for ranking and what-if analysis. */
export function assessOptions(workload: Workload, knowledge: Knowledge): Assessed {
  return assessOptionsIn(sizingContext(workload, knowledge));
}

/**
 * Assesses a what-if variant of the workload `base` was built for, exactly as {@link assessOptions} would. A
 * variant that keeps the base's own model, tokens, processing time and constraints (changing traffic, latency or
 * payload) fits every instance as the base does: it shares the base's footprint, allowed instances and fit
 * table; one that keeps its latency and payload too (changing traffic) has the same compute budgets and shares
 * the performance estimates. Only its load and what follows from it are worked out anew.
 */
export function assessVariant(workload: Workload, base: SizingContext): Assessed {
  const was = base.workload;
  const sameFit =
    workload.model === was.model &&
    workload.tokens === was.tokens &&
    workload.processingTime === was.processingTime &&
    workload.constraints === was.constraints;
  if (!sameFit) return assessOptions(workload, base.knowledge);
  const sameBudget = workload.latency === was.latency && workload.payload === was.payload;
  return assessOptionsIn({
    ...base,
    workload,
    load: describeLoad(workload, base.knowledge.rules),
    perf: sameBudget ? base.perf : undefined,
  });
}

/** Sizes and checks one option alone, exactly as {@link assessOptions} would: for callers that need only one. */
export function assessOption(workload: Workload, knowledge: Knowledge, option: OptionId): Assessment {
  return assessOptionIn(option, sizingContext(workload, knowledge));
}
