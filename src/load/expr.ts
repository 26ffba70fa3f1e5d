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

type Create = (typeof import("mathjs"))["create"];

/** mathjs's `create` and the factories that give it `parse`; `direct` says they come from their own modules. */
export interface ParseKit {
  readonly create: Create;
  readonly factories: Parameters<Create>[0];
  readonly direct: boolean;
}

// The factories parse needs in mathjs's number-only build, by export name and module under lib/cjs: parse, the
// node types it builds and their own dependencies (found by walking each factory's dependency list).
const PARSE_FACTORIES: Readonly<Record<string, string>> = {
  createParse: "expression/parse.js",
  createTyped: "core/function/typed.js",
  createNumeric: "function/utils/numeric.js",
  createNumber: "type/number.js",
  createSize: "function/matrix/size.js",
  createIsBounded: "function/utils/isBounded.js",
  createResultSet: "type/resultset/ResultSet.js",
  createNode: "expression/node/Node.js",
  createAccessorNode: "expression/node/AccessorNode.js",
  createArrayNode: "expression/node/ArrayNode.js",
  createAssignmentNode: "expression/node/AssignmentNode.js",
  createBlockNode: "expression/node/BlockNode.js",
  createConditionalNode: "expression/node/ConditionalNode.js",
  createConstantNode: "expression/node/ConstantNode.js",
  createFunctionAssignmentNode: "expression/node/FunctionAssignmentNode.js",
  createFunctionNode: "expression/node/FunctionNode.js",
  createIndexNode: "expression/node/IndexNode.js",
  createObjectNode: "expression/node/ObjectNode.js",
  createOperatorNode: "expression/node/OperatorNode.js",
  createParenthesisNode: "expression/node/ParenthesisNode.js",
  createRangeNode: "expression/node/RangeNode.js",
  createRelationalNode: "expression/node/RelationalNode.js",
  createSymbolNode: "expression/node/SymbolNode.js",
};

/**
 * mathjs's `create` and the factories of `parse`. The package's entry points build every mathjs function the
 * moment they are imported (0.25 s, a third of a small CLI run), and its generated dependency lists load all of
 * its factories and their documentation (480 modules, 0.13 s); parse's own factories are 24 modules. They are in
 * mathjs's published files but not in its exports map, so a release that moves them falls back to the entry
 * point, slower and the same.
 */
export function mathjsParseKit(): ParseKit {
  const require = createRequire(import.meta.url);
  try {
    const lib = join(dirname(require.resolve("mathjs/package.json")), "lib", "cjs");
    const load = (module: string) => require(join(lib, module)) as Record<string, unknown>;
    const factories: Record<string, unknown> = {};
    for (const [name, module] of Object.entries(PARSE_FACTORIES)) factories[name] = load(module)[name];
    // The number-only build has no subset, as here: assignments to an index fail when evaluated, never parsed.
    const { factory } = load("utils/factory.js") as {
      factory: (name: string, dependencies: string[], create: () => unknown) => unknown;
    };
    factories.createSubset = factory("subset", [], () => load("utils/noop.js").noSubset);
    const { create } = load("core/create.js") as { create: Create };
    if (typeof create === "function" && Object.values(factories).every((f) => typeof f === "function"))
      return { create, factories: factories as ParseKit["factories"], direct: true };
  } catch {
    // a layout this version does not know: the entry point below
  }
  const { create, parseDependencies } = require("mathjs/number") as typeof import("mathjs");
  return { create, factories: { parseDependencies: parseDependencies! }, direct: false };
}

function lockedParser(): (source: string) => MathNode {
  const { create, factories } = mathjsParseKit();
  const { parse } = create(factories, { number: "number" });
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
export const ALLOWED_FUNCTIONS: ReadonlyMap<string, { fn: (...args: number[]) => number; arity: "one" | "many" }> =
  new Map([
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

// `reads` collects the slots the expression reads, for callers that need to know what it depends on.
function compileNode(node: MathNode, vocabulary: Vocabulary, reads: Set<number>): Fn {
  const n = node as MathNode & Record<string, unknown>;
  switch (node.type) {
    case "ConstantNode": {
      const value = n.value;
      if (typeof value !== "number" || !Number.isFinite(value))
        fail(
          `constant ${typeof value === "string" ? JSON.stringify(value) : String(value)} is not a number`,
          "use plain finite numbers",
        );
      return () => value;
    }
    case "ParenthesisNode":
      return compileNode(n.content as MathNode, vocabulary, reads);
    case "SymbolNode": {
      const name = n.name as string;
      const slot = vocabulary.symbols.get(name);
      if (slot === undefined) {
        const objects = Object.keys(vocabulary.objects);
        fail(
          `unknown symbol "${name}"`,
          `known symbols: ${listOf(vocabulary.symbols.keys()) || "none"}${objects.length > 0 ? `; objects (use object.property): ${listOf(objects)}` : ""}`,
        );
      }
      reads.add(slot);
      return (s) => s[slot]!;
    }
    case "AccessorNode": {
      const object = n.object as MathNode & { name?: string };
      const index = n.index as MathNode & { dotNotation?: boolean; dimensions?: (MathNode & { value?: unknown })[] };
      const property = index.dimensions?.[0]?.value;
      if (object.type !== "SymbolNode" || !index.dotNotation || typeof property !== "string") {
        fail(`unsupported property access "${node.toString()}"`, "use object.property with a known object");
      }
      const properties = Object.hasOwn(vocabulary.objects, object.name as string)
        ? vocabulary.objects[object.name as string]
        : undefined;
      if (!properties)
        fail(`unknown object "${object.name}"`, `known objects: ${listOf(Object.keys(vocabulary.objects))}`);
      const slot = properties.get(property);
      if (slot === undefined)
        fail(`unknown property "${object.name}.${property}"`, `known: ${listOf(properties.keys())}`);
      reads.add(slot);
      return (s) => s[slot]!;
    }
    case "OperatorNode": {
      const fn = n.fn as string;
      const args = (n.args as MathNode[]).map((a) => compileNode(a, vocabulary, reads));
      const [a, b] = args as [Fn, Fn];
      const op = args.length === 1 ? unary(fn, a) : args.length === 2 ? binary(fn, a, b) : undefined;
      if (op) return op;
      return fail(`operator "${n.op as string}" is not allowed`, "use + - * / ^ comparisons and, or, not, ?:");
    }
    case "ConditionalNode": {
      const test = compileNode(n.condition as MathNode, vocabulary, reads);
      const yes = compileNode(n.trueExpr as MathNode, vocabulary, reads);
      const no = compileNode(n.falseExpr as MathNode, vocabulary, reads);
      return (s) => (test(s) ? yes(s) : no(s));
    }
    case "FunctionNode": {
      const callee = n.fn as MathNode & { name?: string };
      const name = callee.type === "SymbolNode" ? (callee.name as string) : undefined;
      const allowed = name === undefined ? undefined : ALLOWED_FUNCTIONS.get(name);
      if (!allowed)
        fail(
          `function "${name ?? callee.toString()}" is not allowed`,
          `allowed functions: ${listOf(ALLOWED_FUNCTIONS.keys())}`,
        );
      const args = (n.args as MathNode[]).map((a) => compileNode(a, vocabulary, reads));
      if (args.length === 0) fail(`function "${name}" needs arguments`, `e.g. ${name}(x, 1)`);
      if (allowed.arity === "one" && args.length !== 1)
        fail(`function "${name}" takes one argument, got ${args.length}`, `e.g. ${name}(x)`);
      const impl = allowed.fn;
      const [x, y] = args as [Fn, Fn];
      if (args.length === 1) return (s) => impl(x(s));
      if (args.length === 2) return (s) => impl(x(s), y(s));
      return (s) => impl(...args.map((f) => f(s)));
    }
    default:
      return fail(
        `${node.type} is not allowed in a rules expression`,
        "rules expressions are arithmetic over known symbols",
      );
  }
}

/**
 * Parses a rules expression with the locked-down mathjs instance and compiles it into a closure.
 * Only numbers, known symbols, arithmetic, comparisons, `?:` and a few pure functions are accepted.
 * @throws ExpressionError naming what is wrong, with a hint.
 */
export function compileExpression(source: string, vocabulary: Vocabulary): CompiledExpression {
  if (source.trim() === "")
    fail("the expression is empty", "write an arithmetic expression, e.g. workload.requestBytes");
  const shown = source.length > 80 ? `${source.slice(0, 80)}…` : source;
  // Parsing and compiling recurse once a level of nesting: past the stack, that is the expression's fault.
  const tooDeep = () =>
    fail(`"${shown}" is nested too deeply to compile`, "rules expressions are short arithmetic: simplify it");
  let tree: MathNode;
  try {
    parseWithMathjs ??= lockedParser();
    tree = parseWithMathjs(source);
  } catch (error) {
    if (error instanceof RangeError) tooDeep();
    fail(`cannot parse "${shown}": ${(error as Error).message}`, "check the expression's syntax");
  }
  const reads = new Set<number>();
  let fn: (values: Slots) => number;
  try {
    fn = compileNode(tree, vocabulary, reads);
  } catch (error) {
    if (error instanceof RangeError) tooDeep();
    throw error;
  }
  return { source, evaluate: fn, reads: [...reads].sort((a, b) => a - b) };
}
