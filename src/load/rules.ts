import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Issue } from "../schema/issue.js";
import {
  ConstraintsFileSchema,
  DeployRulesSchema,
  FitnessFileSchema,
  OptionsFileSchema,
  ProfilesFileSchema,
  SizingSchema,
  TrafficFileSchema,
} from "../schema/rules.js";
import type { CompiledExpression, Rules } from "../core/types.js";
import { HostfitError } from "../schema/errors.js";
import { compileTree, ExpressionError, type ExpressionTree } from "./compile-tree.js";
import { compileConstraints, compileFitness, rulesOf, type RulesData } from "./compile-rules.js";
import { expressionTree, type Vocabulary } from "./expr.js";
import { BUNDLED_RULES_DIR, readDataFile, type ValidatedFile } from "./files.js";
import { formatPath, type PathSegment } from "./source.js";

// Compiles one expression of a rules file, keeping its tree; a failure becomes an issue at its place in the file.
function compileAt(
  source: string,
  vocabulary: Vocabulary,
  file: ValidatedFile<unknown>,
  path: PathSegment[],
  issues: Issue[],
  trees: Map<string, ExpressionTree>,
): CompiledExpression | null {
  try {
    const tree = expressionTree(source);
    trees.set(source, tree);
    return compileTree(source, tree, vocabulary);
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

/** A rules folder as read: the compiled rules, each file's data, and every expression's parsed tree. */
export interface RulesSource {
  readonly rules: Rules;
  readonly data: RulesData;
  /** Each expression's tree by its exact text: what compileRules needs to compile the data again without mathjs. */
  readonly trees: Readonly<Record<string, ExpressionTree>>;
}

/**
 * Reads the rules folder (options, constraints, fitness, profiles, traffic, sizing, deploy), validates each file and
 * compiles every expression once, keeping the files' data and the trees. Defaults to the bundled rules.
 * @throws HostfitError with code invalid-rules listing every problem with its file and path.
 */
export function loadRulesSource(dir: string = BUNDLED_RULES_DIR): RulesSource {
  const issues: Issue[] = [];
  const trees = new Map<string, ExpressionTree>();
  const options = readDataFile(dir, "options.yaml", OptionsFileSchema, "invalid-rules", issues);
  const constraintsFile = readDataFile(dir, "constraints.yaml", ConstraintsFileSchema, "invalid-rules", issues);
  const fitnessFile = readDataFile(dir, "fitness.yaml", FitnessFileSchema, "invalid-rules", issues);
  const profiles = readDataFile(dir, "profiles.yaml", ProfilesFileSchema, "invalid-rules", issues);
  const traffic = readDataFile(dir, "traffic.yaml", TrafficFileSchema, "invalid-rules", issues);
  const sizing = readDataFile(dir, "sizing.yaml", SizingSchema, "invalid-rules", issues);
  // Added after the others: a rules folder copied before it has none, and takes the bundled one.
  const deployDir = existsSync(join(dir, "deploy.yaml")) ? dir : BUNDLED_RULES_DIR;
  const deploy = readDataFile(deployDir, "deploy.yaml", DeployRulesSchema, "invalid-rules", issues);

  // Each file's expressions compile even when another file failed, so that every problem is reported at once.
  const constraints = constraintsFile
    ? compileConstraints(constraintsFile.data, (source, vocabulary, path) =>
        compileAt(source, vocabulary, constraintsFile, path, issues, trees),
      )
    : [];
  const fitness = fitnessFile
    ? compileFitness(fitnessFile.data, (source, vocabulary, path) =>
        compileAt(source, vocabulary, fitnessFile, path, issues, trees),
      )
    : [];
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
  if (issues.length > 0 || !options || !constraintsFile || !fitnessFile || !profiles || !traffic || !sizing || !deploy)
    throw new HostfitError("invalid-rules", issues);
  const data: RulesData = {
    options: options.data,
    constraints: constraintsFile.data,
    fitness: fitnessFile.data,
    profiles: profiles.data,
    traffic: traffic.data,
    sizing: sizing.data,
    deploy: deploy.data,
  };
  return { rules: rulesOf(data, constraints, fitness), data, trees: Object.fromEntries(trees) };
}

/**
 * Reads the rules folder (options, constraints, fitness, profiles, traffic, sizing, deploy), validates each file and
 * compiles every expression once. Defaults to the bundled rules.
 * @throws HostfitError with code invalid-rules listing every problem with its file and path.
 */
export function loadRules(dir: string = BUNDLED_RULES_DIR): Rules {
  return loadRulesSource(dir).rules;
}
