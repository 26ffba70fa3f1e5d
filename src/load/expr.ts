import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { MathNode } from "mathjs";
import type { CompiledExpression, Slots, Vocabulary } from "../core/types.js";

export type { CompiledExpression, Slots, Vocabulary };

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

type Fn = (values: Slots) => number;

// Each operator is its own closure rather than one closure calling the operator through a table: a closure's call
// sites are shared by every node built from it, and a shared site calling a dozen operators is megamorphic.
function binary(fn: string, a: Fn, b: Fn): Fn | undefined {
  switch (fn) {
    case "add":
      return (s) => a(s) + b(s);
    case "subtract":
      return (s) => a(s) - b(s);
    case "multiply":
      return (s) => a(s) * b(s);
    case "divide":
      return (s) => a(s) / b(s);
    case "pow":
      return (s) => a(s) ** b(s);
    case "mod":
      return (s) => {
        const x = a(s);
        const m = b(s);
        return m === 0 ? x : x - m * Math.floor(x / m); // mathjs: x mod 0 is x
      };
    case "equal":
      return (s) => Number(a(s) === b(s));
    case "unequal":
      return (s) => Number(a(s) !== b(s));
    case "smaller":
      return (s) => Number(a(s) < b(s));
    case "larger":
      return (s) => Number(a(s) > b(s));
    case "smallerEq":
      return (s) => Number(a(s) <= b(s));
    case "largerEq":
      return (s) => Number(a(s) >= b(s));
    case "and":
      return (s) => Number(Boolean(a(s)) && Boolean(b(s)));
    case "or":
      return (s) => Number(Boolean(a(s)) || Boolean(b(s)));
    default:
      return undefined;
  }
}

function unary(fn: string, a: Fn): Fn | undefined {
  switch (fn) {
    case "unaryMinus":
      return (s) => -a(s);
    case "unaryPlus":
      return a;
    case "not":
      return (s) => Number(!a(s));
    default:
      return undefined;
  }
}

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
      const slot = vocabulary.symbols.get(name);
      if (slot === undefined) {
        const objects = Object.keys(vocabulary.objects);
        fail(`unknown symbol "${name}"`, `known symbols: ${listOf(vocabulary.symbols.keys()) || "none"}${objects.length > 0 ? `; objects (use object.property): ${listOf(objects)}` : ""}`);
      }
      return (s) => s[slot]!;
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
      const slot = properties.get(property);
      if (slot === undefined) fail(`unknown property "${object.name}.${property}"`, `known: ${listOf(properties.keys())}`);
      return (s) => s[slot]!;
    }
    case "OperatorNode": {
      const fn = n.fn as string;
      const args = (n.args as MathNode[]).map((a) => compileNode(a, vocabulary));
      const [a, b] = args as [Fn, Fn];
      const op = args.length === 1 ? unary(fn, a) : args.length === 2 ? binary(fn, a, b) : undefined;
      if (op) return op;
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
      const [x, y] = args as [Fn, Fn];
      if (args.length === 1) return (s) => impl(x(s));
      if (args.length === 2) return (s) => impl(x(s), y(s));
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
