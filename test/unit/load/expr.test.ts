import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import {
  compileExpression,
  ExpressionError,
  recordExpressionTrees,
  treeOf,
  type Vocabulary,
} from "../../../src/load/expr.js";
import { loadRules } from "../../../src/load/rules.js";

type Named = Record<string, number | Record<string, number>>;

/** A vocabulary with slots in the order the names are given: the symbols, then each object's properties. */
function vocabularyOf(symbols: readonly string[], objects: Record<string, readonly string[]> = {}): Vocabulary {
  let next = 0;
  const slots = (names: readonly string[]) => new Map(names.map((name) => [name, next++]));
  const symbolSlots = slots(symbols);
  return {
    symbols: symbolSlots,
    objects: Object.fromEntries(Object.entries(objects).map(([object, properties]) => [object, slots(properties)])),
  };
}

/** Named values laid out in the vocabulary's slots; a name with no value stays NaN. */
function slotsOf(named: Named, v: Vocabulary = vocabulary): Float64Array {
  const values = new Float64Array(v.symbols.size + Object.values(v.objects).reduce((n, p) => n + p.size, 0)).fill(NaN);
  for (const [name, slot] of v.symbols) if (typeof named[name] === "number") values[slot] = named[name];
  for (const [object, properties] of Object.entries(v.objects)) {
    const record = named[object];
    if (typeof record === "object") for (const [name, slot] of properties) values[slot] = record[name] ?? NaN;
  }
  return values;
}

const vocabulary = vocabularyOf(["a", "b", "c", "x", "zero"], {
  workload: ["requestBytes", "responseBytes", "streaming"],
  option: ["streaming", "requestBytes"],
});

const scope: Named = {
  a: 2,
  b: 3,
  c: 10,
  x: 0.5,
  zero: 0,
  workload: { requestBytes: 5_000_000, responseBytes: 1_000, streaming: 1 },
  option: { streaming: 0, requestBytes: 6_291_456 },
};

function run(source: string, values: Named = scope): number {
  return compileExpression(source, vocabulary).evaluate(slotsOf(values));
}

/** The ExpressionError compiling `source` throws; fails the test if it compiles or throws something else. */
function rejection(source: string): ExpressionError {
  try {
    compileExpression(source, vocabulary);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be rejected, but it compiled`);
}

describe("compileExpression evaluates", () => {
  test.each([
    ["1 + 2", 3], // addition
    ["10 - 4 - 3", 3], // subtraction is left-associative
    ["6 * 7", 42], // multiplication
    ["1 / 4", 0.25], // division is floating point
    ["2 + 3 * 4", 14], // * binds tighter than +
    ["(2 + 3) * 4", 20], // parentheses override precedence
    ["12 / 2 / 3", 2], // division is left-associative
    ["2 ^ 10", 1024], // ^ is power
    ["2 ^ 3 ^ 2", 512], // ^ is right-associative: 2^(3^2)
    ["-2 ^ 2", -4], // ^ binds tighter than unary minus
    ["2 * -3", -6], // unary minus on an operand
    ["+a", 2], // unary plus
    ["7 mod 3", 1], // mod
    ["-5 mod 3", 1], // mod follows the divisor's sign, like mathjs
    ["1.5e3", 1500], // exponent notation
    ["2 < 3", 1], // true comparisons give 1
    ["3 < 2", 0], // false comparisons give 0
    ["2 <= 2", 1], // <= includes equality
    ["2 >= 3", 0], // >= false
    ["3 > 2", 1], // > true
    ["2 == 2", 1], // equality
    ["2 != 2", 0], // inequality
    ["1 + (2 < 3)", 2], // a comparison is a number in arithmetic
    ["1 and 1", 1], // and: both true
    ["1 and 0", 0], // and: one false
    ["0 or 0", 0], // or: both false
    ["0 or 5", 1], // or gives 1, not the operand
    ["2 and 3", 1], // and gives 1, not the last operand
    ["not 0", 1], // not of false
    ["not 7", 0], // not of any non-zero
    ["a < b and b < c", 1], // comparisons bind tighter than and
    ["a > b or b < c", 1], // and or
    ["1 ? 10 : 20", 10], // ternary, true branch
    ["0 ? 10 : 20", 20], // ternary, false branch
    ["a == 2 ? b : c", 3], // ternary on a comparison over symbols
    ["0 ? 1 : 0 ? 2 : 3", 3], // nested ternary is right-associative
    ["min(3, 1, 2)", 1], // min of several
    ["max(3, 1, 2)", 3], // max of several
    ["min(a)", 2], // min of one
    ["log10(1000)", 3], // log10
    ["ceil(1.2)", 2], // ceil
    ["floor(1.8)", 1], // floor
    ["round(2.5)", 3], // round half up
    ["abs(-4)", 4], // abs
    ["sqrt(16)", 4], // sqrt
    ["log2(8)", 3], // log2
    ["ceil(c / b)", 4], // functions over symbols
    ["a * b + c", 16], // symbols
    ["x * 4", 2], // fractional symbol
    ["workload.requestBytes", 5_000_000], // object.property access
    ["workload.requestBytes <= option.requestBytes", 1], // two objects compared
    ["workload.streaming * option.streaming == 1 ? 0 : workload.responseBytes", 1_000], // the max-response constraint
    ["1 - 2.5 * max(0, x - 0.8)", 1], // a fitness-style term
  ] as const)("%s = %d", (source, expected) => {
    const value = run(source);
    expect(typeof value).toBe("number");
    expect(value).toBeCloseTo(expected, 12);
  });

  test("reads the scope at evaluation, not at compile time", () => {
    const compiled = compileExpression("a * workload.requestBytes", vocabulary);
    expect(compiled.evaluate(slotsOf({ ...scope, a: 1 }))).toBe(5_000_000);
    expect(
      compiled.evaluate(slotsOf({ ...scope, a: 3, workload: { requestBytes: 7, responseBytes: 0, streaming: 0 } })),
    ).toBe(21);
  });

  test("keeps the source it was compiled from", () => {
    expect(compileExpression("a + 1", vocabulary).source).toBe("a + 1");
  });

  test("evaluates only the ternary branch taken", () => {
    // 1 / zero would be Infinity; the false branch must not leak into the result.
    expect(run("zero == 0 ? 0 : 1 / zero")).toBe(0);
    expect(run("zero != 0 ? 1 / zero : -1")).toBe(-1);
  });
});

describe("compileExpression rejects, with a message and a hint", () => {
  test.each([
    ["foo", /unknown symbol "foo"/, /a, b, c/], // a symbol not in the vocabulary
    ["pi", /unknown symbol "pi"/, /known symbols/], // mathjs constants are not in scope
    ["2 cm", /unknown symbol "cm"/, /known symbols/], // neither are mathjs units
    ["workload.nope", /unknown property "workload.nope"/, /requestBytes/], // a property not in the object's list
    ["nobody.requestBytes", /unknown object "nobody"/, /option, workload/], // an object not in the vocabulary
    ["a.b", /unknown object "a"/, /known objects/], // a property of a plain symbol
    ["workload.constructor", /unknown property "workload.constructor"/, /known/], // a prototype property
    ["workload.__proto__", /unknown property "workload.__proto__"/, /known/], // the prototype itself
    ["max.constructor", /"max"/, /known objects|object\.property/], // a property of a function: the Function-constructor escape
    ["workload.constructor.constructor", /unsupported property access/, /object\.property/], // a chain of properties
    ['workload["requestBytes"]', /unsupported property access/, /object\.property/], // index access
    ["workload.requestBytes[1]", /unsupported property access/, /object\.property/], // index on a value
    ["x = 1", /AssignmentNode is not allowed/, /arithmetic/], // assignment
    ["f(x) = x", /FunctionAssignmentNode is not allowed/, /arithmetic/], // function definition
    ["a; b", /BlockNode is not allowed/, /arithmetic/], // several statements
    ["[1, 2]", /ArrayNode is not allowed/, /arithmetic/], // a matrix
    ["{p: 1}", /ObjectNode is not allowed/, /arithmetic/], // an object literal
    ["1:3", /RangeNode is not allowed/, /arithmetic/], // a range
    ["1 < a < 3", /RelationalNode is not allowed/, /arithmetic/], // chained comparisons
    ['"abc"', /constant "abc" is not a number/, /plain finite numbers/], // a string constant
    ["true", /constant true is not a number/, /plain finite numbers/], // a boolean constant
    ["1e400", /is not a number/, /plain finite numbers/], // a constant that overflows to Infinity
    ["a!", /operator "!" is not allowed/, /\+ - \* \/ \^/], // factorial
    ["a'", /operator "'" is not allowed/, /\+ - \* \/ \^/], // transpose
    ["a & b", /operator "&" is not allowed/, /\+ - \* \/ \^/], // bitwise and
    ["a xor b", /operator "xor" is not allowed/, /\+ - \* \/ \^/], // xor
    ["a .* b", /operator "\.\*" is not allowed/, /\+ - \* \/ \^/], // element-wise operators
    ["a to b", /operator "to" is not allowed/, /\+ - \* \/ \^/], // unit conversion
    ["mod(5, 3)", /function "mod" is not allowed/, /allowed functions: .*min/], // a mathjs function outside the list
    ["f(1)", /function "f" is not allowed/, /allowed functions/], // an undefined function
    ["a(1)", /function "a" is not allowed/, /allowed functions/], // calling a symbol
    ["max()", /function "max" needs arguments/, /max\(x, 1\)/], // a call without arguments
    ["1 +", /cannot parse "1 \+"/, /syntax/], // a syntax error
    ["(a, b)", /cannot parse/, /syntax/], // a tuple
    ["", /the expression is empty/, /arithmetic expression/], // an empty expression (the rules schema also refuses it)
  ] as const)("%s", (source, message, hint) => {
    const error = rejection(source);
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(hint);
  });
});

describe("the locked-down mathjs instance cannot be reached from an expression", () => {
  test.each([
    'evaluate("2+2")', // evaluating a string
    "import({ evaluate: 1 }, { override: true })", // redefining functions
    'createUnit("furlong")', // mutating the instance's units
    'parse("2+2")', // a node with .compile() and .evaluate()
    'compile("2+2")', // a compiled expression
    'simplify("x + x")', // symbolic algebra evaluates its argument
    'derivative("x^2", "x")', // same
    'resolve("x", {})', // same
    "reviver()", // JSON reviver builds mathjs objects
    "config({ number: 'BigNumber' })", // instance configuration
    "typed(1)", // typed-function factory
    "chain(1)", // chaining wrapper around the instance
  ])("%s is rejected at compile", (source) => {
    const error = rejection(source);
    expect(error.message).toMatch(/function "\w+" is not allowed/);
    expect(error.hint).toMatch(/^allowed functions: /);
  });

  test('a rejected evaluate("2+2") has not run: an allowed call around it is rejected as well', () => {
    // If the inner call ran at compile time, max() would see 4; it must fail before any evaluation.
    expect(rejection('max(1, evaluate("2+2"))').message).toMatch(/function "evaluate" is not allowed/);
  });

  test("a function's constructor cannot be called", () => {
    // The classic sandbox escape: max.constructor("return process")(). mathjs cannot call a call's result, so
    // the attempt is a parse error; calling the property is refused as a function outside the list.
    expect(rejection('max.constructor("return process")()').message).toMatch(/cannot parse/);
    expect(rejection('max.constructor("return process")').message).toMatch(
      /function "max\.constructor" is not allowed/,
    );
  });
});

// Regressions from the first review: lookups must not reach Object.prototype, and arities are checked.
describe("names that exist on every JavaScript object are not functions or objects here", () => {
  test.each([
    ["constructor(1)", /function "constructor" is not allowed/], // would have built a Number wrapper
    ["toString(1)", /function "toString" is not allowed/], // would have returned a string
    ["hasOwnProperty(1)", /function "hasOwnProperty" is not allowed/], // would have thrown at evaluation
    ["__proto__(1)", /not allowed|unknown/], // the prototype itself
    ["constructor.foo", /unknown object "constructor"/], // would have thrown a raw TypeError at load
    ["toString.x", /unknown object "toString"/], // likewise
    ["log(8, 2)", /takes one argument, got 2/], // mathjs would read 2 as the base; we refuse instead of ignoring it
    ["round(3.14159, 2)", /takes one argument, got 2/], // mathjs would keep 2 decimals
  ])("%s", (source, message) => {
    expect(() => compileExpression(source, vocabularyOf(["x"], { workload: ["a"] }))).toThrow(message);
  });

  test("x mod 0 is x, as in mathjs", () => {
    expect(compileExpression("5 mod 0", vocabularyOf([])).evaluate(new Float64Array(0))).toBe(5);
  });
});

describe("the bundled rules' expressions, parsed once when the package is built", () => {
  const entry = createRequire(import.meta.url)("mathjs/number") as typeof import("mathjs");
  const { parse: parseMath } = entry.create({ parseDependencies: entry.parseDependencies! }, { number: "number" });

  test("every rule expression's tree is mathjs's parse of its text, and the rules load with them", () => {
    const trees = recordExpressionTrees(() => loadRules());
    expect(Object.keys(trees).length).toBeGreaterThan(20);
    for (const [source, tree] of Object.entries(trees)) expect(tree, source).toEqual(treeOf(parseMath(source)));
  });

  test("the built trees (dist/load/expressions.json) are those of the rules as they are", () => {
    const built = JSON.parse(readFileSync(join("dist", "load", "expressions.json"), "utf8")) as Record<string, unknown>;
    expect(built).toEqual(recordExpressionTrees(() => loadRules()));
  });

  test("a text without a built tree is parsed by mathjs, odd ones included, and refused alike", () => {
    const vocabulary = vocabularyOf(["a", "c", "x"], { a: ["b"] });
    expect(compileExpression("a.b * max(1, c) + 2", vocabulary).evaluate(new Float64Array([0, 3, 0, 5]))).toBe(15 + 2);
    for (const odd of ["f(x)(y)", "[1, 2]", "{a: 1}", "a = 3", "1:3"])
      expect(() => compileExpression(odd, vocabulary), odd).toThrow(ExpressionError);
  });
});
