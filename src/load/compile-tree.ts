/**
 * The rules-expression compiler proper: a parsed tree (mathjs's node types as plain data) into a closure over an
 * allow-list of operators and functions. It reads no file and loads no mathjs, so the explorer page compiles the
 * rules it carries with this same code.
 */
import type { CompiledExpression, Slots, Vocabulary } from "../core/types.js";

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/**
 * A parsed expression as the compiler reads it: mathjs's node types and the fields it uses, as plain data, so that
 * the bundled rules' trees can be parsed once at build time (dist/load/expressions.json) and read back as JSON.
 */
export interface ExpressionTree {
  readonly type: string;
  readonly value?: unknown;
  readonly name?: string;
  readonly op?: string;
  readonly fn?: string | ExpressionTree;
  readonly args?: readonly ExpressionTree[];
  readonly content?: ExpressionTree;
  readonly object?: ExpressionTree;
  readonly index?: { readonly dotNotation: boolean; readonly dimensions: readonly ExpressionTree[] };
  readonly condition?: ExpressionTree;
  readonly trueExpr?: ExpressionTree;
  readonly falseExpr?: ExpressionTree;
  /** How mathjs prints the node, for messages about a part the compiler refuses. */
  readonly text?: string;
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
function compileNode(node: ExpressionTree, vocabulary: Vocabulary, reads: Set<number>): Fn {
  const n = node;
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
      return compileNode(n.content!, vocabulary, reads);
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
      const object = n.object!;
      const index = n.index;
      const property = index?.dimensions[0]?.value;
      if (object.type !== "SymbolNode" || !index?.dotNotation || typeof property !== "string") {
        fail(`unsupported property access "${node.text ?? node.type}"`, "use object.property with a known object");
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
      const args = n.args!.map((a) => compileNode(a, vocabulary, reads));
      const [a, b] = args as [Fn, Fn];
      const op = args.length === 1 ? unary(fn, a) : args.length === 2 ? binary(fn, a, b) : undefined;
      if (op) return op;
      return fail(`operator "${n.op as string}" is not allowed`, "use + - * / ^ comparisons and, or, not, ?:");
    }
    case "ConditionalNode": {
      const test = compileNode(n.condition!, vocabulary, reads);
      const yes = compileNode(n.trueExpr!, vocabulary, reads);
      const no = compileNode(n.falseExpr!, vocabulary, reads);
      return (s) => (test(s) ? yes(s) : no(s));
    }
    case "FunctionNode": {
      const callee = n.fn as ExpressionTree;
      const name = callee.type === "SymbolNode" ? callee.name : undefined;
      const allowed = name === undefined ? undefined : ALLOWED_FUNCTIONS.get(name);
      if (!allowed)
        fail(
          `function "${name ?? callee.text ?? callee.type}" is not allowed`,
          `allowed functions: ${listOf(ALLOWED_FUNCTIONS.keys())}`,
        );
      const args = n.args!.map((a) => compileNode(a, vocabulary, reads));
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
 * Compiles the parsed tree of `source` against a vocabulary.
 * @throws ExpressionError naming what is wrong, with a hint.
 */
export function compileTree(source: string, tree: ExpressionTree, vocabulary: Vocabulary): CompiledExpression {
  const reads = new Set<number>();
  let fn: (values: Slots) => number;
  try {
    fn = compileNode(tree, vocabulary, reads);
  } catch (error) {
    if (error instanceof RangeError) tooDeep(source);
    throw error;
  }
  return { source, evaluate: fn, reads: [...reads].sort((a, b) => a - b) };
}

// Parsing and compiling recurse once a level of nesting: past the stack, that is the expression's fault.
export function tooDeep(source: string): never {
  const shown = source.length > 80 ? `${source.slice(0, 80)}…` : source;
  fail(`"${shown}" is nested too deeply to compile`, "rules expressions are short arithmetic: simplify it");
}
