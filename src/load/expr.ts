import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type { MathNode } from "mathjs";
import type { CompiledExpression, Slots, Vocabulary } from "../core/types.js";
import { compileTree, ExpressionError, tooDeep, type ExpressionTree } from "./compile-tree.js";

export type { CompiledExpression, ExpressionTree, Slots, Vocabulary };
export { ALLOWED_FUNCTIONS, ExpressionError } from "./compile-tree.js";

/** The plain tree of a mathjs node. */
export function treeOf(node: MathNode): ExpressionTree {
  const n = node as MathNode & Record<string, unknown>;
  const sub = (key: string) => (n[key] ? { [key]: treeOf(n[key] as MathNode) } : {});
  return {
    type: node.type,
    ...(n.value !== undefined ? { value: n.value } : {}),
    ...(typeof n.name === "string" ? { name: n.name } : {}),
    ...(typeof n.op === "string" ? { op: n.op } : {}),
    ...(typeof n.fn === "string" ? { fn: n.fn } : n.fn ? { fn: treeOf(n.fn as MathNode) } : {}),
    ...(Array.isArray(n.args) ? { args: (n.args as MathNode[]).map(treeOf) } : {}),
    ...sub("content"),
    ...sub("object"),
    ...sub("condition"),
    ...sub("trueExpr"),
    ...sub("falseExpr"),
    ...(n.index
      ? {
          index: {
            dotNotation: Boolean((n.index as { dotNotation?: boolean }).dotNotation),
            dimensions: ((n.index as { dimensions?: MathNode[] }).dimensions ?? []).map(treeOf),
          },
        }
      : {}),
    ...(node.type === "AccessorNode" || node.type === "FunctionNode" ? { text: node.toString() } : {}),
  };
}

// A private mathjs instance that can only parse: built from parse's own dependencies through mathjs's documented
// custom-build API (`create` with `parseDependencies`), it has no evaluate, compile, import or createUnit to reach
// (the lockdown of mathjs docs/expressions/security.md, by construction); our compiler turns the tree into
// closures over an allow-list. Loading mathjs takes ~0.3 s, so it happens only for an expression the build has not
// parsed already: a rules folder of the user's own.
let parseWithMathjs: ((source: string) => ExpressionTree) | undefined;

function lockedParser(): (source: string) => ExpressionTree {
  const { create, parseDependencies } = createRequire(import.meta.url)("mathjs/number") as typeof import("mathjs");
  const { parse } = create({ parseDependencies: parseDependencies! }, { number: "number" });
  return (source) => treeOf(parse(source));
}

// The bundled rules' expressions, parsed when the package was built (scripts/precompile-expressions.mjs), by
// their exact text: a text edited since is parsed afresh, so the file can be stale but never wrong.
let precompiled: ReadonlyMap<string, ExpressionTree> | undefined;
const PRECOMPILED = new URL("./expressions.json", import.meta.url);

function precompiledTree(source: string): ExpressionTree | undefined {
  if (precompiled === undefined) {
    try {
      precompiled = new Map(Object.entries(JSON.parse(readFileSync(PRECOMPILED, "utf8")) as object));
    } catch {
      precompiled = new Map(); // a source checkout run before any build
    }
  }
  return precompiled.get(source);
}

// While set, every expression compiled is recorded with its tree (for the build's precompile step).
let recording: Map<string, ExpressionTree> | undefined;

/** Runs `load` (a rules load) with every expression it compiles parsed by mathjs, and returns their trees. */
export function recordExpressionTrees(load: () => unknown): Record<string, ExpressionTree> {
  recording = new Map();
  precompiled = new Map();
  try {
    load();
    return Object.fromEntries(recording);
  } finally {
    recording = undefined;
    precompiled = undefined;
  }
}

/**
 * The parsed tree of a rules expression: the build's, for a text it parsed, else the locked-down mathjs parser's.
 * @throws ExpressionError when the text is empty, does not parse or nests too deeply.
 */
export function expressionTree(source: string): ExpressionTree {
  if (source.trim() === "")
    throw new ExpressionError("the expression is empty", "write an arithmetic expression, e.g. workload.requestBytes");
  try {
    let tree = precompiledTree(source);
    if (!tree) {
      parseWithMathjs ??= lockedParser();
      tree = parseWithMathjs(source);
    }
    recording?.set(source, tree);
    return tree;
  } catch (error) {
    if (error instanceof RangeError) tooDeep(source);
    const shown = source.length > 80 ? `${source.slice(0, 80)}…` : source;
    throw new ExpressionError(`cannot parse "${shown}": ${(error as Error).message}`, "check the expression's syntax");
  }
}

/**
 * Parses a rules expression with the locked-down mathjs instance and compiles it into a closure.
 * Only numbers, known symbols, arithmetic, comparisons, `?:` and a few pure functions are accepted.
 * @throws ExpressionError naming what is wrong, with a hint.
 */
export function compileExpression(source: string, vocabulary: Vocabulary): CompiledExpression {
  return compileTree(source, expressionTree(source), vocabulary);
}
