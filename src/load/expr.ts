import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { MathNode } from "mathjs";
import type { CompiledExpression, Scope } from "../core/types.js";

export type { CompiledExpression, Scope };

/** What an expression may refer to: bare symbols and `object.property` pairs. */
export interface Vocabulary {
  readonly symbols: ReadonlySet<string>;
  readonly objects: Readonly<Record<string, ReadonlySet<string>>>;
}

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

// A private mathjs instance that can only parse: built from parse's own dependencies, it has no evaluate, compile,
// import or createUnit to reach (the lockdown of mathjs docs/expressions/security.md, by construction); our
// compiler turns the tree into closures over an allow-list. It is created on first use, so commands that compile
// no rules do not pay for it.
let parseWithMathjs: ((source: string) => MathNode) | undefined;

type ParseKit = Pick<typeof import("mathjs"), "create" | "parseDependencies">;

/**
 * mathjs's `create` and parse's dependencies. The package's entry points build every mathjs function the moment
 * they are imported (0.25 s, a third of a small CLI run); the two modules parse needs are taken from the
 * number-only build directly, which skips that. Both are in mathjs's published files, not in its exports map,
 * so a release that moves them falls back to the entry point, slower and the same.
 */
export function mathjsParseKit(): ParseKit & { readonly direct: boolean } {
  const require = createRequire(import.meta.url);
  try {
    const lib = join(dirname(require.resolve("mathjs/package.json")), "lib", "cjs");
    const { create } = require(join(lib, "core", "create.js")) as ParseKit;
    const { parseDependencies } = require(join(lib, "entry", "dependenciesNumber", "dependenciesParse.generated.js")) as ParseKit;
    if (typeof create === "function" && parseDependencies) return { create, parseDependencies, direct: true };
  } catch {
    // a layout this version does not know: the entry point below
  }
  const { create, parseDependencies } = require("mathjs/number") as ParseKit;
  return { create, parseDependencies, direct: false };
}

function lockedParser(): (source: string) => MathNode {
  const { create, parseDependencies } = mathjsParseKit();
  const { parse } = create({ parseDependencies: parseDependencies! }, { number: "number" });
  return (source) => parse(source);
}

type Fn = (scope: Scope) => number;

const BINARY: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  pow: (a, b) => a ** b,
  mod: (a, b) => (b === 0 ? a : a - b * Math.floor(a / b)), // mathjs: x mod 0 is x
  equal: (a, b) => Number(a === b),
  unequal: (a, b) => Number(a !== b),
  smaller: (a, b) => Number(a < b),
  larger: (a, b) => Number(a > b),
  smallerEq: (a, b) => Number(a <= b),
  largerEq: (a, b) => Number(a >= b),
};

const UNARY: Record<string, (a: number) => number> = {
  unaryMinus: (a) => -a,
  unaryPlus: (a) => a,
  not: (a) => Number(!a),
};

/** Functions an expression may call: pure numeric ones, with how many arguments each takes. */
export const ALLOWED_FUNCTIONS: ReadonlyMap<string, { fn: (...args: number[]) => number; arity: "one" | "many" }> = new Map([
  ["min", { fn: Math.min, arity: "many" }],
  ["max", { fn: Math.max, arity: "many" }],
  ["abs", { fn: Math.abs, arity: "one" }],
  ["sqrt", { fn: Math.sqrt, arity: "one" }],
  ["exp", { fn: Math.exp, arity: "one" }],
  ["log", { fn: Math.log, arity: "one" }],
  ["log10", { fn: Math.log10, arity: "one" }],
  ["log2", { fn: Math.log2, arity: "one" }],
  ["ceil", { fn: Math.ceil, arity: "one" }],
  ["floor", { fn: Math.floor, arity: "one" }],
  ["round", { fn: Math.round, arity: "one" }],
]);

function fail(message: string, hint: string): never {
  throw new ExpressionError(message, hint);
}

function listOf(names: Iterable<string>): string {
  return [...names].sort().join(", ");
}

function compileNode(node: MathNode, vocabulary: Vocabulary): Fn {
  const n = node as MathNode & Record<string, unknown>;
  switch (node.type) {
    case "ConstantNode": {
      const value = n.value;
      if (typeof value !== "number" || !Number.isFinite(value)) fail(`constant ${typeof value === "string" ? JSON.stringify(value) : String(value)} is not a number`, "use plain finite numbers");
      return () => value;
    }
    case "ParenthesisNode":
      return compileNode(n.content as MathNode, vocabulary);
    case "SymbolNode": {
      const name = n.name as string;
      if (!vocabulary.symbols.has(name)) {
        const objects = Object.keys(vocabulary.objects);
        fail(`unknown symbol "${name}"`, `known symbols: ${listOf(vocabulary.symbols) || "none"}${objects.length > 0 ? `; objects (use object.property): ${listOf(objects)}` : ""}`);
      }
      return (scope) => scope[name] as number;
    }
    case "AccessorNode": {
      const object = n.object as MathNode & { name?: string };
      const index = n.index as MathNode & { dotNotation?: boolean; dimensions?: (MathNode & { value?: unknown })[] };
      const property = index.dimensions?.[0]?.value;
      if (object.type !== "SymbolNode" || !index.dotNotation || typeof property !== "string") {
        fail(`unsupported property access "${node.toString()}"`, "use object.property with a known object");
      }
      const properties = Object.hasOwn(vocabulary.objects, object.name as string) ? vocabulary.objects[object.name as string] : undefined;
      if (!properties) fail(`unknown object "${object.name}"`, `known objects: ${listOf(Object.keys(vocabulary.objects))}`);
      if (!properties.has(property)) fail(`unknown property "${object.name}.${property}"`, `known: ${listOf(properties)}`);
      const name = object.name as string;
      return (scope) => (scope[name] as Record<string, number>)[property] as number;
    }
    case "OperatorNode": {
      const fn = n.fn as string;
      const args = (n.args as MathNode[]).map((a) => compileNode(a, vocabulary));
      const [a, b] = args as [Fn, Fn];
      if (args.length === 1 && UNARY[fn]) {
        const op = UNARY[fn];
        return (s) => op(a(s));
      }
      if (args.length === 2 && fn === "and") return (s) => Number(Boolean(a(s)) && Boolean(b(s)));
      if (args.length === 2 && fn === "or") return (s) => Number(Boolean(a(s)) || Boolean(b(s)));
      const op = BINARY[fn];
      if (args.length === 2 && op) return (s) => op(a(s), b(s));
      return fail(`operator "${n.op as string}" is not allowed`, "use + - * / ^ comparisons and, or, not, ?:");
    }
    case "ConditionalNode": {
      const test = compileNode(n.condition as MathNode, vocabulary);
      const yes = compileNode(n.trueExpr as MathNode, vocabulary);
      const no = compileNode(n.falseExpr as MathNode, vocabulary);
      return (s) => (test(s) ? yes(s) : no(s));
    }
    case "FunctionNode": {
      const callee = n.fn as MathNode & { name?: string };
      const name = callee.type === "SymbolNode" ? (callee.name as string) : undefined;
      const allowed = name === undefined ? undefined : ALLOWED_FUNCTIONS.get(name);
      if (!allowed) fail(`function "${name ?? callee.toString()}" is not allowed`, `allowed functions: ${listOf(ALLOWED_FUNCTIONS.keys())}`);
      const args = (n.args as MathNode[]).map((a) => compileNode(a, vocabulary));
      if (args.length === 0) fail(`function "${name}" needs arguments`, `e.g. ${name}(x, 1)`);
      if (allowed.arity === "one" && args.length !== 1) fail(`function "${name}" takes one argument, got ${args.length}`, `e.g. ${name}(x)`);
      const impl = allowed.fn;
      if (args.length === 1) {
        const [only] = args as [Fn];
        return (s) => impl(only(s));
      }
      return (s) => impl(...args.map((f) => f(s)));
    }
    default:
      return fail(`${node.type} is not allowed in a rules expression`, "rules expressions are arithmetic over known symbols");
  }
}

/**
 * Parses a rules expression with the locked-down mathjs instance and compiles it into a closure.
 * Only numbers, known symbols, arithmetic, comparisons, `?:` and a few pure functions are accepted.
 * @throws ExpressionError naming what is wrong, with a hint.
 */
export function compileExpression(source: string, vocabulary: Vocabulary): CompiledExpression {
  if (source.trim() === "") fail("the expression is empty", "write an arithmetic expression, e.g. workload.requestBytes");
  let tree: MathNode;
  try {
    parseWithMathjs ??= lockedParser();
    tree = parseWithMathjs(source);
  } catch (error) {
    fail(`cannot parse "${source}": ${(error as Error).message}`, "check the expression's syntax");
  }
  const fn = compileNode(tree, vocabulary);
  return { source, evaluate: fn };
}
