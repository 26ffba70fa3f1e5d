import type { AccountQuotas } from "../schema/quotas.js";
import type { Catalog } from "../schema/catalog.js";
import type { FitnessId, OptionId, ProfileId } from "../schema/ids.js";
import type {
  Constraint,
  DeployRules,
  FitnessRule,
  OptionRules,
  Sizing,
  TradeoffPhrase,
  TrafficRules,
  Weights,
} from "../schema/rules.js";

/**
 * What a rules expression may refer to: bare symbols and `object.property` pairs, each at its slot in the values
 * the compiled expression reads. Slots, not names, so that evaluating reads an array element, where a name would be
 * a property lookup that changes with every symbol.
 */
export interface Vocabulary {
  readonly symbols: ReadonlyMap<string, number>;
  readonly objects: Readonly<Record<string, ReadonlyMap<string, number>>>;
}

/** The values an expression reads, each at the slot its vocabulary gave the name. */
export type Slots = Float64Array;

/** A rules expression, compiled once at load into a plain closure (src/load/expr.ts). */
export interface CompiledExpression {
  readonly source: string;
  readonly evaluate: (values: Slots) => number;
  /** The slots it reads, in ascending order. */
  readonly reads: readonly number[];
}

export interface CompiledConstraint extends Omit<Constraint, "actual"> {
  readonly id: string;
  readonly actual: CompiledExpression;
}

/** A fitness term: its value is written to its own slot, where later terms and the expression read it. */
export interface CompiledTerm {
  readonly name: string;
  readonly slot: number;
  readonly expression: CompiledExpression;
}

export interface CompiledFitness extends Omit<FitnessRule, "terms" | "expression"> {
  readonly id: FitnessId;
  readonly terms: readonly CompiledTerm[];
  readonly expression: CompiledExpression;
}

/** The rules the core runs on, with every expression compiled once at load. */
export interface Rules {
  readonly asOf: string;
  readonly options: Readonly<Record<OptionId, OptionRules>>;
  readonly constraints: readonly CompiledConstraint[];
  readonly fitness: readonly CompiledFitness[];
  /** The fitness scores a runner-up's trade-offs name, in the order they are said. */
  readonly tradeoffs: readonly TradeoffPhrase[];
  readonly profiles: Readonly<Record<ProfileId, Weights>>;
  readonly traffic: TrafficRules;
  readonly sizing: Sizing;
  /** What the deploy requests may ask of the AWS APIs (the core does not read it). */
  readonly deploy: DeployRules;
}

/** Everything the core needs besides the workload: rules and catalog, both plain data. */
export interface Knowledge {
  readonly rules: Rules;
  readonly catalog: Catalog;
  /** The account's instance-type quotas (--quotas); without them, every instance type is taken as launchable. */
  readonly quotas?: AccountQuotas;
  /** The Region the run was asked to price (--region); the catalog then holds that Region's prices. */
  readonly region?: string;
}
