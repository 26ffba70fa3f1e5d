/**
 * The rules as read (each file's validated data) made into the Rules the core runs on, every expression compiled
 * by the caller's function: loadRules compiles parsed text and pins a failure to its line, the explorer page
 * compiles the trees it carries. Reads no file, so the page runs this same code.
 */
import type {
  ConstraintsFileSchema,
  DeployRules,
  FitnessFileSchema,
  OptionsFileSchema,
  ProfilesFileSchema,
  Sizing,
  TrafficFileSchema,
} from "../schema/rules.js";
import type { z } from "zod";
import { FITNESS_IDS } from "../schema/vocabulary.js";
import { CONSTRAINT_VOCABULARY } from "../core/assess/constraints.js";
import { FITNESS_INPUT_SLOTS } from "../core/assess/fitness.js";
import type {
  CompiledConstraint,
  CompiledExpression,
  CompiledFitness,
  CompiledTerm,
  Rules,
  Vocabulary,
} from "../core/types.js";
import type { PathSegment } from "./source.js";

/** Each rules file's data, validated against its schema: plain JSON. */
export interface RulesData {
  readonly options: z.infer<typeof OptionsFileSchema>;
  readonly constraints: z.infer<typeof ConstraintsFileSchema>;
  readonly fitness: z.infer<typeof FitnessFileSchema>;
  readonly profiles: z.infer<typeof ProfilesFileSchema>;
  readonly traffic: z.infer<typeof TrafficFileSchema>;
  readonly sizing: Sizing;
  readonly deploy: DeployRules;
}

/** Compiles one expression of a rules file, found at `path` in it; null when it does not compile (reported aside). */
export type CompileAt = (source: string, vocabulary: Vocabulary, path: PathSegment[]) => CompiledExpression | null;

/** constraints.yaml's constraints, each with its `actual` compiled. */
export function compileConstraints(file: RulesData["constraints"], compile: CompileAt): CompiledConstraint[] {
  const constraints: CompiledConstraint[] = [];
  for (const [id, c] of Object.entries(file.constraints)) {
    const actual = compile(c.actual, CONSTRAINT_VOCABULARY, ["constraints", id, "actual"]);
    if (actual) constraints.push({ ...c, id, actual });
  }
  return constraints;
}

/** fitness.yaml's functions, each term and expression compiled. */
export function compileFitness(file: RulesData["fitness"], compile: CompileAt): CompiledFitness[] {
  const fitness: CompiledFitness[] = [];
  // Every term of every function has a slot of its own after the inputs', so one array holds them all.
  let nextSlot = FITNESS_INPUT_SLOTS.size;
  for (const id of FITNESS_IDS) {
    const rule = file.fitness[id];
    const symbols = new Map(FITNESS_INPUT_SLOTS);
    const terms: CompiledTerm[] = [];
    for (const [name, source] of Object.entries(rule.terms)) {
      const expression = compile(source, { symbols, objects: {} }, ["fitness", id, "terms", name]);
      const slot = nextSlot++;
      if (expression) terms.push({ name, slot, expression });
      symbols.set(name, slot); // later terms and the expression may use it; named like an input, it hides it here
    }
    const expression = compile(rule.expression, { symbols, objects: {} }, ["fitness", id, "expression"]);
    if (expression) fitness.push({ ...rule, id, terms, expression });
  }
  return fitness;
}

/** The Rules of the files' data and their compiled constraints and fitness functions. */
export function rulesOf(
  data: RulesData,
  constraints: readonly CompiledConstraint[],
  fitness: readonly CompiledFitness[],
): Rules {
  return {
    asOf: data.options.asOf,
    options: data.options.options,
    constraints,
    fitness,
    tradeoffs: data.fitness.tradeoffs,
    profiles: data.profiles.profiles,
    traffic: data.traffic.patterns,
    sizing: data.sizing,
    deploy: data.deploy,
  };
}

/** The Rules of valid files' data, every expression compiled by `compile`. */
export function compileRules(data: RulesData, compile: CompileAt): Rules {
  return rulesOf(data, compileConstraints(data.constraints, compile), compileFitness(data.fitness, compile));
}
