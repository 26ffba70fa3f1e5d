import { readdirSync, readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parse, parseDocument, stringify } from "yaml";
import { mixedFleet } from "../../../bench/fleet.js";
import { readBlockYaml } from "../../../src/load/block-yaml.js";

const read = (text: string) => readBlockYaml(text, 64)?.value;

// The contract: whatever the fast reader accepts, the full parser accepts without error and reads the same.
function agrees(text: string): boolean {
  const fast = readBlockYaml(text, 64);
  if (!fast) return true;
  const doc = parseDocument(text, { uniqueKeys: true });
  return doc.errors.length === 0 && isDeepStrictEqual(doc.toJS({ maxAliasCount: 100 }), fast.value);
}

const bundled = ["examples", "rules", "catalog", "catalog/calibration"].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => `${dir}/${f}`),
);

describe("the fast block-YAML reader", () => {
  test.each(bundled)("reads %s itself, exactly as the yaml package does", (file) => {
    const text = readFileSync(file, "utf8");
    expect(readBlockYaml(text, 64)).toBeDefined();
    expect(read(text)).toEqual(parse(text));
  });

  test("reads a generated fleet of 2,000 workloads itself, exactly as the yaml package does", () => {
    const text = stringify({ workloads: mixedFleet(2000, 7) });
    expect(readBlockYaml(text, 64)).toBeDefined();
    expect(isDeepStrictEqual(read(text), parse(text))).toBe(true);
  });

  test.each([
    [
      "a: 0x1F\nb: 0o17\nc: +5\nd: -0.5\ne: 1e3\nf: .inf\ng: -.Inf\nh: ~\ni: Null\nj: TRUE\nk: false\nl: 1_000\nm: 12:30\n",
      {
        a: 31,
        b: 15,
        c: 5,
        d: -0.5,
        e: 1000,
        f: Infinity,
        g: -Infinity,
        h: null,
        i: null,
        j: true,
        k: false,
        l: "1_000",
        m: "12:30",
      },
    ],
    [
      "a: \"tab\\tquote\\\" \\u00e9 \\x41\"\nb: 'it''s'\nc: plain text # comment\n",
      { a: 'tab\tquote" é A', b: "it's", c: "plain text" },
    ],
    [
      'model: { parameters: 7B, precision: fp16 }\nlist: [1, two, "3", [4]]\nempty: {}\nnone: []\n',
      { model: { parameters: "7B", precision: "fp16" }, list: [1, "two", "3", [4]], empty: {}, none: [] },
    ],
    [
      "workloads:\n- name: a\n  n: 1\n-   name: b\n    tags:\n      - x\n      -\n        deep: true\n",
      {
        workloads: [
          { name: "a", n: 1 },
          { name: "b", tags: ["x", { deep: true }] },
        ],
      },
    ],
    ["key:\nother: 1\n", { key: null, other: 1 }],
    ["a:\r\n  b: 1\r\n", { a: { b: 1 } }],
    // One document with its markers, as tools write it (issue 24: a leading --- made it 13x slower).
    ["---\na: 1\n", { a: 1 }],
    ["# a comment\n--- # start\na: 1\n", { a: 1 }],
    ["---\n- 1\n- 2\n...\n", [1, 2]],
    ["a: 1\n... # end\n\n# trailing comment\n", { a: 1 }],
  ])("reads %j", (text, expected) => {
    expect(read(text)).toEqual(expected);
    expect(agrees(text)).toBe(true);
  });

  test.each([
    ["an anchor and alias", "a: &x 1\nb: *x\n"],
    ["a tag", "a: !!str 1\n"],
    ["a block scalar", "a: |\n  text\n"],
    ["a folded scalar", "a: >\n  text\n"],
    ["a multi-line plain scalar", "a: one\n  two\n"],
    ["a multi-line quoted scalar", 'a: "one\n  two"\n'],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["a second document", "a: 1\n---\nb: 2\n"],
    ["a document start after content", "a: 1\n---\n"],
    ["a marker with content after it", "--- a: 1\n"],
    ["content after a document end", "a: 1\n...\nb: 2\n"],
    ["a directive", "%YAML 1.2\n---\na: 1\n"],
    ["a tab before a key", "a:\n\tb: 1\n"],
    ["a tab after an indicator", "a: -\t\n"],
    ["a prototype key", "__proto__: { polluted: true }\n"],
    ["a numeric key", "1: one\n"],
    ["a complex key", "? a\n: 1\n"],
    ["a nested sequence on one line", "- - 1\n"],
    ["a flow collection over two lines", "a: [1,\n  2]\n"],
    ["a trailing comma in a flow collection", "a: [1, 2,]\n"],
    ["a byte-order mark", "\ufeffa: 1\n"],
    ["a top-level scalar", "just text\n"],
    ["an empty text", "\n# only a comment\n"],
    ["a nested mapping on one line", "a: b: c\n"],
    ["bad indentation", "a:\n    b: 1\n  c: 2\n"],
    // The yaml package keeps a carriage return that no line feed follows as part of the scalar.
    ["a carriage return ending the text", "a:\n  - b\r"],
  ])("gives up on %s, for the full parser to read or report", (_, text) => {
    expect(readBlockYaml(text, 64)).toBeUndefined();
  });

  test("gives up past the nesting limit, so the full path can refuse the file", () => {
    expect(readBlockYaml(`a: ${"[".repeat(70)}${"]".repeat(70)}\n`, 64)).toBeUndefined();
    expect(readBlockYaml(`a: ${"[".repeat(10)}${"]".repeat(10)}\n`, 64)).toBeDefined();
  });

  // Values shaped like workload files: name keys, scalars of every core-schema kind, nested collections.
  const key = fc.stringMatching(/^[a-z_][a-zA-Z0-9_-]{0,8}$/);
  const scalar = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom(
      "true",
      "null",
      "~",
      "0x1F",
      "0o7",
      "1e3",
      ".inf",
      "-.5",
      "12:30",
      "a: b",
      "- x",
      "#x",
      "it's",
      'say "hi"',
      "ml.g5.*",
      " padded ",
    ),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      scalar,
      fc.array(tie("node"), { maxLength: 4 }),
      fc.dictionary(key, tie("node"), { maxKeys: 4 }),
    ),
  })).node;
  const options = fc.record({
    indent: fc.constantFrom(2, 4),
    indentSeq: fc.boolean(),
    collectionStyle: fc.constantFrom("any", "block", "flow") as fc.Arbitrary<"any" | "block" | "flow">,
    defaultStringType: fc.constantFrom("PLAIN", "QUOTE_DOUBLE", "QUOTE_SINGLE") as fc.Arbitrary<
      "PLAIN" | "QUOTE_DOUBLE" | "QUOTE_SINGLE"
    >,
  });

  test("reads any generated document as the yaml package does, whatever the style it was written in", () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), options, (doc, opts) => {
        expect(agrees(stringify(doc, opts))).toBe(true);
      }),
      { numRuns: Number(process.env.RUNS ?? 1500) },
    );
  });

  test("never accepts a mutated document the yaml package rejects or reads differently", () => {
    const pieces = [
      "---",
      "---\n",
      "...",
      "\n...\n",
      " ",
      "  ",
      ":",
      ": ",
      "-",
      "- ",
      "#",
      " #",
      "'",
      '"',
      "\n",
      "\n  ",
      "[",
      "]",
      "{",
      "}",
      ",",
      "&a",
      "*a",
      "!",
      "|",
      ">",
      "\t",
      "x",
      "1",
      ".5",
      "~",
      "\\",
      "?",
      "%",
      "\r",
      "\r\n",
      "é",
      "\u0000",
    ];
    const base = fc
      .tuple(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), options)
      .map(([doc, opts]) => stringify(doc, opts));
    const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 3 }), piece: fc.constantFrom(...pieces) });
    fc.assert(
      fc.property(base, fc.array(edit, { minLength: 1, maxLength: 4 }), (text, edits) => {
        let t = text;
        for (const { at, cut, piece } of edits) {
          const i = at % (t.length + 1);
          t = t.slice(0, i) + piece + t.slice(i + cut);
        }
        expect(agrees(t)).toBe(true);
      }),
      { numRuns: Number(process.env.RUNS ?? 3000) },
    );
  });
});
