import type { Catalog } from "../schema/catalog.js";
import type { FitnessId, OptionId, ProfileId } from "../schema/ids.js";
import type { Constraint, FitnessRule, OptionRules, Sizing, TrafficRules, Weights } from "../schema/rules.js";

/** Values an expression can read: numbers, or one level of named numbers (`workload.requestBytes`). */
export type Scope = Record<string, number | Readonly<Record<string, number | null>>>;

/** A rules expression, compiled once at load into a plain closure (src/load/expr.ts). */
export interface CompiledExpression {
  readonly source: string;
  readonly evaluate: (scope: Scope) => number;
}

export interface CompiledConstraint extends Omit<Constraint, "actual"> {
  readonly id: string;
  readonly actual: CompiledExpression;
}

export interface CompiledFitness extends Omit<FitnessRule, "terms" | "expression"> {
  readonly id: FitnessId;
  readonly terms: readonly (readonly [string, CompiledExpression])[];
  readonly expression: CompiledExpression;
}

/** The rules the core runs on, with every expression compiled once at load. */
export interface Rules {
  readonly asOf: string;
  readonly options: Readonly<Record<OptionId, OptionRules>>;
  readonly constraints: readonly CompiledConstraint[];
  readonly fitness: readonly CompiledFitness[];
  readonly profiles: Readonly<Record<ProfileId, Weights>>;
  readonly traffic: TrafficRules;
  readonly sizing: Sizing;
}

/** Everything the core needs besides the workload: rules and catalog, both plain data. */
export interface Knowledge {
  readonly rules: Rules;
  readonly catalog: Catalog;
}
