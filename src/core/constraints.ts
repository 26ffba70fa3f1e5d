import type { OptionId } from "../schema/ids.js";
import type { Violation } from "../schema/output.js";
import { LIMIT_KEYS, type LimitKey, type OptionRules } from "../schema/rules.js";
import type { CompiledConstraint } from "./types.js";
import { formatQuantity } from "./units.js";

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

/** Symbols a constraint's `actual` expression may read. */
export const CONSTRAINT_VOCABULARY = {
  symbols: new Set<string>(),
  objects: { workload: new Set<string>(WORKLOAD_FACTS), option: new Set<string>(LIMIT_KEYS) },
};

const OPS: Record<CompiledConstraint["op"], (a: number, b: number) => boolean> = {
  "<=": (a, b) => a <= b,
  ">=": (a, b) => a >= b,
  "<": (a, b) => a < b,
  ">": (a, b) => a > b,
  "==": (a, b) => a === b,
};

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const limitIndex = new WeakMap<OptionRules, Record<LimitKey, number>>();

// The option's limits as the expressions read them (null as 0), built once per rules object.
function limitValues(option: OptionRules): Record<LimitKey, number> {
  let limits = limitIndex.get(option);
  if (!limits) {
    limits = Object.fromEntries(LIMIT_KEYS.map((k) => [k, option.limits[k].value ?? 0])) as Record<LimitKey, number>;
    limitIndex.set(option, limits);
  }
  return limits;
}

/** Checks every hard constraint that applies to the option; each failure names its limit, value and source. */
export function checkConstraints(
  optionId: OptionId,
  option: OptionRules,
  facts: WorkloadFacts,
  constraints: readonly CompiledConstraint[],
): Violation[] {
  const scope = { workload: facts, option: limitValues(option) };
  const violations: Violation[] = [];
  for (const constraint of constraints) {
    const limit = option.limits[constraint.limit];
    if (limit.value === null) continue;
    const actual = constraint.actual.evaluate(scope);
    if (OPS[constraint.op](actual, limit.value)) continue;
    violations.push({
      rule: `${optionId}-${constraint.id}`,
      limit: limit.value,
      actual: round(actual),
      unit: limit.unit,
      message: fill(constraint.message, {
        actual: formatQuantity(actual, limit.unit),
        limit: formatQuantity(limit.value, limit.unit),
        option: option.name,
      }),
      hint: constraint.hint,
      source: limit.source,
    });
  }
  return violations;
}
