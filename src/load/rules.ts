import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Issue } from "../schema/issue.js";
import { FITNESS_IDS } from "../schema/ids.js";
import {
  ConstraintsFileSchema,
  DeployRulesSchema,
  FitnessFileSchema,
  OptionsFileSchema,
  ProfilesFileSchema,
  SizingSchema,
  TrafficFileSchema,
} from "../schema/rules.js";
import { CONSTRAINT_VOCABULARY } from "../core/assess/constraints.js";
import { FITNESS_INPUT_SLOTS } from "../core/assess/fitness.js";
import type { CompiledConstraint, CompiledFitness, CompiledTerm, Rules } from "../core/types.js";
import { HostfitError } from "../schema/errors.js";
import { compileExpression, ExpressionError, type CompiledExpression, type Vocabulary } from "./expr.js";
import { BUNDLED_RULES_DIR, readDataFile, type ValidatedFile } from "./files.js";
import { formatPath, type PathSegment } from "./source.js";

function compileAt(
  source: string,
  vocabulary: Vocabulary,
  file: ValidatedFile<unknown>,
  path: PathSegment[],
  issues: Issue[],
): CompiledExpression | null {
  try {
    return compileExpression(source, vocabulary);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    issues.push({
      code: "invalid-expression",
      path: formatPath(path),
      ...(file.source.locate(path) ?? {}),
      message: error.message,
      hint: error.hint,
      file: file.file,
    });
    return null;
  }
}

/**
 * Reads the rules folder (options, constraints, fitness, profiles, traffic, sizing, deploy), validates each file and
 * compiles every expression once. Defaults to the bundled rules.
 * @throws HostfitError with code invalid-rules listing every problem with its file and path.
 */
export function loadRules(dir: string = BUNDLED_RULES_DIR): Rules {
  const issues: Issue[] = [];
  const options = readDataFile(dir, "options.yaml", OptionsFileSchema, "invalid-rules", issues);
  const constraintsFile = readDataFile(dir, "constraints.yaml", ConstraintsFileSchema, "invalid-rules", issues);
  const fitnessFile = readDataFile(dir, "fitness.yaml", FitnessFileSchema, "invalid-rules", issues);
  const profiles = readDataFile(dir, "profiles.yaml", ProfilesFileSchema, "invalid-rules", issues);
  const traffic = readDataFile(dir, "traffic.yaml", TrafficFileSchema, "invalid-rules", issues);
  const sizing = readDataFile(dir, "sizing.yaml", SizingSchema, "invalid-rules", issues);
  // Added after the others: a rules folder copied before it has none, and takes the bundled one.
  const deployDir = existsSync(join(dir, "deploy.yaml")) ? dir : BUNDLED_RULES_DIR;
  const deploy = readDataFile(deployDir, "deploy.yaml", DeployRulesSchema, "invalid-rules", issues);

  const constraints: CompiledConstraint[] = [];
  if (constraintsFile) {
    for (const [id, c] of Object.entries(constraintsFile.data.constraints)) {
      const actual = compileAt(c.actual, CONSTRAINT_VOCABULARY, constraintsFile, ["constraints", id, "actual"], issues);
      if (actual) constraints.push({ ...c, id, actual });
    }
  }
  const fitness: CompiledFitness[] = [];
  if (fitnessFile) {
    // Every term of every function has a slot of its own after the inputs', so one array holds them all.
    let nextSlot = FITNESS_INPUT_SLOTS.size;
    for (const id of FITNESS_IDS) {
      const rule = fitnessFile.data.fitness[id];
      const symbols = new Map(FITNESS_INPUT_SLOTS);
      const terms: CompiledTerm[] = [];
      for (const [name, source] of Object.entries(rule.terms)) {
        const expression = compileAt(
          source,
          { symbols, objects: {} },
          fitnessFile,
          ["fitness", id, "terms", name],
          issues,
        );
        const slot = nextSlot++;
        if (expression) terms.push({ name, slot, expression });
        symbols.set(name, slot); // later terms and the expression may use it; named like an input, it hides it here
      }
      const expression = compileAt(
        rule.expression,
        { symbols, objects: {} },
        fitnessFile,
        ["fitness", id, "expression"],
        issues,
      );
      if (expression) fitness.push({ ...rule, id, terms, expression });
    }
  }
  if (profiles) {
    for (const [id, weights] of Object.entries(profiles.data.profiles)) {
      if (Object.values(weights).every((w) => w === 0)) {
        issues.push({
          code: "invalid-weights",
          path: `profiles.${id}`,
          ...(profiles.source.locate(["profiles", id]) ?? {}),
          message: `profile ${id} gives every fitness function weight 0`,
          hint: "give at least one weight above 0",
          file: profiles.file,
        });
      }
    }
  }
  if (issues.length > 0 || !options || !profiles || !traffic || !sizing || !deploy)
    throw new HostfitError("invalid-rules", issues);
  return {
    asOf: options.data.asOf,
    options: options.data.options,
    constraints,
    fitness,
    tradeoffs: fitnessFile?.data.tradeoffs ?? [],
    profiles: profiles.data.profiles,
    traffic: traffic.data.patterns,
    sizing: sizing.data,
    deploy: deploy.data,
  };
}
