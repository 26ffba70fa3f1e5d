/** Reading YAML and JSON text: nesting, alias bombs, binary files and yaml's warnings, refused or silenced at a position. */
import { describe, expect, test, vi } from "vitest";
import { MAX_DEPTH, parseSource } from "../../../src/load/source.js";
import { issuesOf, withField } from "../workload-file.js";

describe("issue 7: hostile input", () => {
  test("fast-check: a mapping used as a key prints no Node warning on stderr", () => {
    // Found by `npm run fuzz`: yaml's toJS emitted "Keys with collection values will be stringified" as a process warning.
    const spy = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      const issues = issuesOf(withField("isolation", "    isolation: shared", '    ? { "": "" }', "    : 1"));
      expect(issues.map((i) => i.code)).toEqual(["unknown-key"]);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  test("5,000 levels of nesting: one too-deep issue with a position, not a stack overflow per level", () => {
    for (const text of [
      `workloads: ${"[".repeat(5000)}${"]".repeat(5000)}`,
      `workloads: ${"{a: ".repeat(5000)}1${"}".repeat(5000)}`,
    ]) {
      const issues = issuesOf(text);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ code: "too-deep", line: 1 });
      expect(issues[0]!.message).not.toContain("call stack");
    }
  });

  test(`nesting up to ${MAX_DEPTH} levels still parses`, () => {
    const ok = parseSource(`a: ${"[".repeat(MAX_DEPTH - 1)}${"]".repeat(MAX_DEPTH - 1)}`);
    expect(ok.issues).toEqual([]);
    const deep = parseSource(`a: ${"[".repeat(MAX_DEPTH)}${"]".repeat(MAX_DEPTH)}`);
    expect(deep.issues.map((i) => i.code)).toEqual(["too-deep"]);
  });

  test("a billion-laughs file names the line and column of its first alias", () => {
    const levels = "abcdefgh"
      .split("")
      .map((p, i) => `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${Array(9).fill(`*${p}`).join(", ")}]`);
    const text = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]", ...levels, "workloads: *i"].join("\n");
    expect(issuesOf(text)).toEqual([
      expect.objectContaining({
        code: "invalid-yaml",
        line: 2,
        column: 8,
        message: expect.stringContaining("billion laughs"),
      }),
    ]);
  });

  test("binary garbage and UTF-16: binary-file at the first NUL or undecodable byte", () => {
    expect(issuesOf("workloads:\n  - name: a\u0000b\n")).toEqual([
      expect.objectContaining({ code: "binary-file", line: 2, column: 12 }),
    ]);
    expect(issuesOf("\ufffd\ufffdw\u0000o")).toEqual([
      expect.objectContaining({ code: "binary-file", line: 1, column: 1 }),
    ]);
  });
});

describe("issue 19: JSON is read by JSON.parse, with the composer's answers", () => {
  const json = '{\n  "workloads": [\n    { "name": "a", "payload": "4KB", "tags": ["x", "y"] }\n  ]\n}\n';

  test("the value is the composer's, and positions are still found where an issue asks", () => {
    const doc = parseSource(json, "f.json");
    expect(doc.issues).toEqual([]);
    expect(doc.value).toEqual({ workloads: [{ name: "a", payload: "4KB", tags: ["x", "y"] }] });
    expect(doc.locate(["workloads", 0, "payload"])).toEqual({ line: 3, column: 31 }); // "4KB" starts at the 31st character of its line
  });

  test.each([
    ['{ "a": 1, "a": 2 }', "duplicate-key"], // JSON.parse would keep the last
    ['{ "a": 1 } trailing', "invalid-yaml"], // not JSON: the composer says why
  ])("%s is left to the composer: %s", (text, code) => {
    expect(parseSource(text).issues.map((i) => i.code)).toEqual([code]);
  });

  test("a key-like string inside a value does not hide a duplicate key", () => {
    expect(parseSource('{ "a": "b\\": c", "a": 2 }').issues.map((i) => i.code)).toEqual(["duplicate-key"]);
  });
});
