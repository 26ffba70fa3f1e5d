import type { OptionId } from "../../schema/ids.js";
import type { Violation } from "../../schema/output.js";
import type { Limit, OptionRules } from "../../schema/rules.js";
import { LIMIT_KEYS } from "../../schema/vocabulary.js";
import type { CompiledConstraint, Slots, Vocabulary } from "../types.js";
import { formatQuantity, mendArticles, trim } from "../units.js";

/** Facts about the workload on one option that the hard constraints compare with the option's limits. */
export const WORKLOAD_FACTS = [
  "requestBytes",
  "responseBytes",
  "processingMs",
  "memoryGiB",
  "peakConcurrency",
  "modelCount",
  "isolation",
  "streaming",
  "networkIsolation",
  "needsAccelerator",
  "needsSync",
  "online",
] as const;
export type WorkloadFacts = Record<(typeof WORKLOAD_FACTS)[number], number>;

/** What a constraint's `actual` expression may read: the workload's facts, then the option's limits, in slots. */
export const CONSTRAINT_VOCABULARY: Vocabulary = {
  symbols: new Map(),
  objects: {
    workload: new Map(WORKLOAD_FACTS.map((name, slot) => [name, slot])),
    option: new Map(LIMIT_KEYS.map((name, k) => [name, WORKLOAD_FACTS.length + k])),
  },
};

const OPS: Record<CompiledConstraint["op"], (a: number, b: number) => boolean> = {
  "<=": (a, b) => a <= b,
  ">=": (a, b) => a >= b,
  "<": (a, b) => a < b,
  ">": (a, b) => a > b,
  "==": (a, b) => a === b,
};

function fill(template: string, values: Record<string, string>): string {
  return mendArticles(template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

// The values every check reads, overwritten whole before each: the core is synchronous and never re-enters it.
const values: Slots = new Float64Array(WORKLOAD_FACTS.length + LIMIT_KEYS.length);

// The facts into their slots, in WORKLOAD_FACTS order, each read by name: a loop over the names would make every
// read a keyed load.
function writeFacts(f: WorkloadFacts, to: Slots): void {
  to.set([
    f.requestBytes,
    f.responseBytes,
    f.processingMs,
    f.memoryGiB,
    f.peakConcurrency,
    f.modelCount,
    f.isolation,
    f.streaming,
    f.networkIsolation,
    f.needsAccelerator,
    f.needsSync,
    f.online,
  ]);
}

// Facts that depend on which candidate sizing chooses, not only on whether one meets the SLOs.
const CANDIDATE_FACT_SLOTS: readonly number[] = [WORKLOAD_FACTS.indexOf("peakConcurrency")];

/** What checking one option against a list of constraints needs, worked out once for both. */
interface OptionChecks {
  readonly constraints: readonly CompiledConstraint[];
  /** The option's limits as the expressions read them (null as 0), in LIMIT_KEYS order. */
  readonly limitValues: Float64Array;
  /** The limit each constraint compares with, in the constraints' order. */
  readonly limits: readonly Limit[];
  /** Whether a constraint that applies reads a fact of the candidate sizing chooses. */
  readonly readsCandidate: boolean;
}

const checksByOption = new WeakMap<OptionRules, OptionChecks>();

function checksFor(option: OptionRules, constraints: readonly CompiledConstraint[]): OptionChecks {
  let checks = checksByOption.get(option);
  if (!checks || checks.constraints !== constraints) {
    checks = {
      constraints,
      limitValues: Float64Array.from(LIMIT_KEYS, (k) => option.limits[k].value ?? 0),
      limits: constraints.map((c) => option.limits[c.limit]),
      readsCandidate: constraints.some(
        (c) =>
          option.limits[c.limit].value !== null && c.actual.reads.some((slot) => CANDIDATE_FACT_SLOTS.includes(slot)),
      ),
    };
    checksByOption.set(option, checks);
  }
  return checks;
}

/** Checks every hard constraint that applies to the option; each failure names its limit, value and source. */
export function checkConstraints(
  optionId: OptionId,
  option: OptionRules,
  facts: WorkloadFacts,
  constraints: readonly CompiledConstraint[],
): Violation[] {
  const { limitValues, limits } = checksFor(option, constraints);
  writeFacts(facts, values);
  values.set(limitValues, WORKLOAD_FACTS.length);
  const violations: Violation[] = [];
  for (let c = 0; c < constraints.length; c++) {
    const constraint = constraints[c]!;
    const limit = limits[c]!;
    if (limit.value === null) continue;
    const actual = constraint.actual.evaluate(values);
    if (OPS[constraint.op](actual, limit.value)) continue;
    violations.push({
      rule: `${optionId}-${constraint.id}`,
      limit: limit.value,
      actual: round(actual),
      unit: limit.unit,
      message: fill(constraint.message, {
        actual: beyond(actual, limit.value, limit.unit),
        limit: formatQuantity(limit.value, limit.unit),
        option: option.name,
      }),
      hint: constraint.hint,
      source: limit.source,
    });
  }
  return violations;
}

/**
 * Whether a constraint that applies to the option reads a fact of the candidate sizing chooses. Where none does,
 * an option that another hard limit rules out needs no cheapest candidate: only whether some candidate exists.
 */
export function readsCandidate(option: OptionRules, constraints: readonly CompiledConstraint[]): boolean {
  return checksFor(option, constraints).readsCandidate;
}

// A value over its limit, as a message shows it: where rounding would show a duration as the limit itself ("takes
// 1 min; allows at most 1 min"), in seconds.
function beyond(actual: number, limit: number, unit: string): string {
  const shown = formatQuantity(actual, unit);
  return unit === "ms" && shown === formatQuantity(limit, unit) ? `${trim(actual / 1000, 1)} s` : shown;
}
