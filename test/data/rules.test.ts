import { readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, test } from "vitest";
import { BUNDLED_CATALOG_DIR, BUNDLED_RULES_DIR } from "../../src/load/files.js";
import { loadCatalog } from "../../src/load/catalog.js";
import { loadRules } from "../../src/load/rules.js";
import { ACCELERATOR_KINDS, FITNESS_IDS, OPTION_IDS, PROFILE_IDS } from "../../src/schema/ids.js";
import { LIMIT_KEYS } from "../../src/schema/rules.js";
import { copyDir, edit, hostfitError, issueAt } from "./helpers.js";

const rules = loadRules();
const HTTPS = /^https:\/\/\S+$/;

// ---------------------------------------------------------------------------------------------------------
// Temporary rules folders for the negative tests.

/** A copy of the bundled rules folder. */
function copyRules(): string {
  return copyDir(BUNDLED_RULES_DIR);
}

// ---------------------------------------------------------------------------------------------------------

describe("the bundled rules", () => {
  test("load, with every constraint and fitness function compiled", () => {
    expect(rules.constraints.length).toBeGreaterThan(0);
    expect(rules.fitness.map((f) => f.id)).toEqual([...FITNESS_IDS]);
    expect(rules.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test("every option has every limit, each with an https source", () => {
    expect(Object.keys(rules.options).sort()).toEqual([...OPTION_IDS].sort());
    const problems: string[] = [];
    for (const id of OPTION_IDS) {
      const limits = rules.options[id].limits as Record<string, { source: string } | undefined>;
      for (const key of LIMIT_KEYS) {
        const limit = limits[key];
        if (!limit) problems.push(`${id}.limits.${key}: missing`);
        else if (!HTTPS.test(limit.source)) problems.push(`${id}.limits.${key}: source ${limit.source}`);
      }
      if (!HTTPS.test(rules.options[id].docs)) problems.push(`${id}.docs`);
    }
    expect(problems).toEqual([]);
  });

  test("every named framework says, with an https source, which hardware it runs on; an unnamed one is ruled out of none", () => {
    const { frameworks } = rules.sizing;
    for (const [name, f] of Object.entries(frameworks)) {
      expect(f.runsOn, name).toContain("cpu");
      if (name !== "other") expect(f.source, name).toMatch(HTTPS);
    }
    expect([...frameworks.other.runsOn].sort()).toEqual([...ACCELERATOR_KINDS].sort());
    expect(frameworks.sklearn.runsOn).toEqual(["cpu"]);
  });

  test("every constraint has a description and a hint", () => {
    const bad = rules.constraints.filter(
      (c) => c.description.trim() === "" || c.hint.trim() === "" || c.message.trim() === "",
    );
    expect(bad.map((c) => c.id)).toEqual([]);
  });

  test("every constraint's limit is a limit every option defines", () => {
    const bad = rules.constraints.filter((c) => !(LIMIT_KEYS as readonly string[]).includes(c.limit));
    expect(bad.map((c) => c.id)).toEqual([]);
  });

  test("profiles are the known ones, refer only to fitness ids, and each has a positive weight", () => {
    expect(Object.keys(rules.profiles).sort()).toEqual([...PROFILE_IDS].sort());
    const problems: string[] = [];
    for (const [id, weights] of Object.entries(rules.profiles)) {
      const unknown = Object.keys(weights).filter((k) => !(FITNESS_IDS as readonly string[]).includes(k));
      if (unknown.length > 0) problems.push(`${id}: unknown ${unknown.join(", ")}`);
      if (!Object.values(weights).some((w) => w > 0)) problems.push(`${id}: no positive weight`);
    }
    expect(problems).toEqual([]);
  });

  test("each rule file has schemaVersion 1", () => {
    const files = readdirSync(BUNDLED_RULES_DIR)
      .filter((f) => f.endsWith(".yaml"))
      .sort();
    // The six loadRules reads, and any file added later: every one must carry the version.
    expect(files).toEqual(
      expect.arrayContaining([
        "constraints.yaml",
        "fitness.yaml",
        "options.yaml",
        "profiles.yaml",
        "sizing.yaml",
        "traffic.yaml",
      ]),
    );
    const versions = Object.fromEntries(
      files.map((f) => [
        f,
        (parseYaml(readFileSync(join(BUNDLED_RULES_DIR, f), "utf8")) as { schemaVersion?: unknown }).schemaVersion,
      ]),
    );
    expect(versions).toEqual(Object.fromEntries(files.map((f) => [f, 1])));
  });

  test("an unedited copy loads, so each failure below is the edit's doing", () => {
    expect(() => loadRules(copyRules())).not.toThrow();
  });

  test("a rules folder copied before deploy.yaml existed takes the bundled one; an edited one is read and checked", () => {
    const old = copyRules();
    rmSync(join(old, "deploy.yaml"));
    expect(loadRules(old).deploy).toEqual(loadRules().deploy);
    const edited = copyRules();
    edit(edited, "deploy.yaml", "  retries: 1", "  retries: 0");
    expect(loadRules(edited).deploy.batch.retries).toBe(0);
    const bad = copyRules();
    const line = edit(bad, "deploy.yaml", "    default: 6\n", "    default: 600\n");
    expect(
      issueAt(
        hostfitError(() => loadRules(bad)),
        "batch.payloadMB",
      ),
    ).toMatchObject({
      file: join(bad, "deploy.yaml"),
      line,
      message: expect.stringContaining("default at most max"),
    });
  });
});

// Each expression replaces one in the bundled rules; `where` picks the spot.
const SPOTS = {
  constraint: {
    file: "constraints.yaml",
    from: "    actual: workload.requestBytes # bytes of one request",
    key: "    actual: ",
    path: "constraints.max-request.actual",
  },
  fitness: {
    file: "fitness.yaml",
    from: '    expression: "monthlyCostUsd <= 0 ? 1 : min(1, bestMonthlyCostUsd / monthlyCostUsd)"',
    key: "    expression: ",
    path: "fitness.cost.expression",
  },
  term: {
    file: "fitness.yaml",
    from: '      packing: "1 / (1 + log10(endpointsNeeded))"',
    key: "      packing: ",
    path: "fitness.scalability.terms.packing",
  },
} as const;

describe("loadRules rejects an unsafe or unknown expression with invalid-rules, naming file, path and line", () => {
  test.each([
    ["constraint", "import({}, {})", /function "import" is not allowed/], // mathjs import: would redefine functions
    ["fitness", "import({}, {})", /function "import" is not allowed/], // same in a fitness expression
    ["constraint", 'createUnit("foo")', /function "createUnit" is not allowed/], // creating units changes the instance
    ["fitness", 'evaluate("1")', /function "evaluate" is not allowed/], // evaluating a string: a second parser
    ["term", 'evaluate("2+2")', /function "evaluate" is not allowed/], // same in a fitness term
    ["constraint", 'parse("1")', /function "parse" is not allowed/], // parse gives a node with .compile()
    ["constraint", "max.constructor", /"max"/], // property of a function: the classic Function-constructor escape
    ["constraint", "workload.constructor", /unknown property "workload.constructor"/], // prototype property of a known object
    ["fitness", "max.constructor", /"max"/], // same in a fitness expression
    ["constraint", 'workload["requestBytes"]', /unsupported property access/], // index access
    ["constraint", "x = 1", /AssignmentNode is not allowed/], // assignment
    ["fitness", "f(x) = x", /FunctionAssignmentNode is not allowed/], // function definition
    ["fitness", "foo", /unknown symbol "foo"/], // symbol not in the fitness vocabulary
    ["constraint", "workload.nope", /unknown property "workload.nope"/], // property not among the workload facts
    ["constraint", '"abc"', /constant "abc" is not a number/], // string constant
    ["term", "'abc'", /constant "abc" is not a number/], // single-quoted string constant
  ] as const)("%s: %s", (where, expression, message) => {
    const spot = SPOTS[where];
    const dir = copyRules();
    const line = edit(dir, spot.file, spot.from, spot.key + JSON.stringify(expression));
    const error = hostfitError(() => loadRules(dir));
    expect(error.code).toBe("invalid-rules");
    expect(error.issues).toHaveLength(1);
    const issue = issueAt(error, spot.path);
    expect(issue.code).toBe("invalid-expression");
    expect(issue.file?.endsWith(spot.file)).toBe(true);
    expect(issue.line).toBe(line);
    expect(issue.column).toBeGreaterThan(0);
    expect(issue.message).toMatch(message);
    expect(issue.hint?.length).toBeGreaterThan(0);
    // The thrown error's own message names the file and path too, for callers that only print it.
    expect(error.message).toContain(spot.path);
  });

  test("every bad expression is reported, not only the first", () => {
    const dir = copyRules();
    const a = edit(dir, "constraints.yaml", SPOTS.constraint.from, `${SPOTS.constraint.key}"foo"`);
    const b = edit(dir, "fitness.yaml", SPOTS.fitness.from, `${SPOTS.fitness.key}"bar + 1"`);
    const error = hostfitError(() => loadRules(dir));
    expect(error.code).toBe("invalid-rules");
    expect(error.issues.map((i) => [i.path, i.line])).toEqual([
      ["constraints.max-request.actual", a],
      ["fitness.cost.expression", b],
    ]);
  });
});

describe("loadRules rejects bad profiles with invalid-rules", () => {
  test.each([
    // [edit, the unknown key, its hint]
    [
      "{ modelSize: 1, latency: 1, isolation: 1, cost: 1, scalability: 1, speed: 2 }",
      "speed",
      /expected one of: modelSize, latency, isolation, cost, scalability/,
    ], // an extra id
    [
      "{ modelSize: 1, latency: 1, isolation: 1, cost: 1, scalabilty: 1 }",
      "scalabilty",
      /did you mean "scalability"\?/,
    ], // a misspelt id
  ] as const)("an unknown fitness id: %s", (weights, key, hint) => {
    const dir = copyRules();
    const line = edit(
      dir,
      "profiles.yaml",
      "  balanced: { modelSize: 1, latency: 1, isolation: 1, cost: 1, scalability: 1 }",
      `  balanced: ${weights}`,
    );
    const error = hostfitError(() => loadRules(dir));
    expect(error.code).toBe("invalid-rules");
    const issue = issueAt(error, `profiles.balanced.${key}`);
    expect(issue.code).toBe("unknown-key");
    expect(issue.file?.endsWith("profiles.yaml")).toBe(true);
    expect(issue.line).toBe(line);
    expect(issue.hint).toMatch(hint);
  });

  test("a profile whose weights are all 0", () => {
    const dir = copyRules();
    const line = edit(
      dir,
      "profiles.yaml",
      "  cost-first: { modelSize: 1, latency: 1, isolation: 1, cost: 3, scalability: 1 }",
      "  cost-first: { modelSize: 0, latency: 0, isolation: 0, cost: 0, scalability: 0 }",
    );
    const error = hostfitError(() => loadRules(dir));
    expect(error.code).toBe("invalid-rules");
    expect(error.issues).toHaveLength(1);
    const issue = issueAt(error, "profiles.cost-first");
    expect(issue.code).toBe("invalid-weights");
    expect(issue.file?.endsWith("profiles.yaml")).toBe(true);
    expect(issue.line).toBe(line);
    expect(issue.hint?.length).toBeGreaterThan(0);
  });

  test("a profile with one weight above 0 is enough", () => {
    const dir = copyRules();
    edit(
      dir,
      "profiles.yaml",
      "  cost-first: { modelSize: 1, latency: 1, isolation: 1, cost: 3, scalability: 1 }",
      "  cost-first: { modelSize: 0, latency: 0, isolation: 0, cost: 1, scalability: 0 }",
    );
    expect(loadRules(dir).profiles["cost-first"]).toEqual({
      modelSize: 0,
      latency: 0,
      isolation: 0,
      cost: 1,
      scalability: 0,
    });
  });

  test("a rules file with another schemaVersion", () => {
    const dir = copyRules();
    const line = edit(dir, "options.yaml", "schemaVersion: 1", "schemaVersion: 2");
    const error = hostfitError(() => loadRules(dir));
    expect(error.code).toBe("invalid-rules");
    const issue = issueAt(error, "schemaVersion");
    expect(issue.file?.endsWith("options.yaml")).toBe(true);
    expect(issue.line).toBe(line);
  });
});

describe("issue 19: reserved names in rules and catalog maps", () => {
  test.each(["__proto__", "constructor", "prototype"])(
    "a constraint named %s is refused with its line, not loaded silently and never applied",
    (name) => {
      const dir = copyRules();
      const line = edit(
        dir,
        "constraints.yaml",
        "\n  max-request:",
        `\n  ${name}:\n    description: x\n  max-request:`,
      );
      const error = hostfitError(() => loadRules(dir));
      expect(error.code).toBe("invalid-rules");
      expect(error.issues).toEqual([
        {
          code: "reserved-key",
          path: `constraints.${name}`,
          line: line + 1,
          column: 3,
          message: `"${name}" is reserved by JavaScript and cannot name an entry`,
          hint: "rename the entry: ids are kebab-case, such as max-request",
          file: join(dir, "constraints.yaml"),
        },
      ]);
    },
  );

  test("a __proto__ key in a catalog file is refused too", () => {
    const dir = copyDir(BUNDLED_CATALOG_DIR);
    edit(dir, "catalog.yaml", "\nasOf:", "\n__proto__: { polluted: true }\nasOf:");
    const error = hostfitError(() => loadCatalog(dir));
    expect(error.issues.map((i) => [i.code, i.path])).toEqual([["reserved-key", "__proto__"]]);
  });
});

describe("issue 19: an expression nested past the stack", () => {
  test("1,999 unary minuses are a rules issue with file and line, not an internal stack overflow", () => {
    const dir = copyRules();
    const { file, from, key } = SPOTS.constraint;
    const line = edit(dir, file, from, `${key}"${"-".repeat(1999)}1"`);
    const error = hostfitError(() => loadRules(dir));
    expect(error.code).toBe("invalid-rules");
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({
      code: "invalid-expression",
      path: "constraints.max-request.actual",
      line,
      file: join(dir, file),
      hint: "rules expressions are short arithmetic: simplify it",
    });
    expect(error.issues[0]!.message).toMatch(/^"-{80}…" is nested too deeply to compile$/);
  });
});
