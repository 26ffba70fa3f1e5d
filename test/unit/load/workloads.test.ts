import { describe, expect, test } from "vitest";
import { parseWorkloads, type ParsedEntry, type ParsedFile } from "../../../src/load/workloads.js";
import type { Issue } from "../../../src/schema/issue.js";
import { issuesOf as issuesWithCatalog, withField } from "../workload-file.js";

const FILE = "workloads.yaml";

/** Joins lines into a YAML text; the line numbers asserted below count from the first element. */
const lines = (...rows: string[]): string => `${rows.join("\n")}\n`;

/** One valid workload as YAML list-item lines (6 lines), with optional replacements for its fields. */
function workload(
  name: string,
  fields: Partial<Record<"model" | "payload" | "latency" | "isolation" | "traffic", string | null>> = {},
  extra: string[] = [],
): string[] {
  const f = {
    model: "{ parameters: 7B }",
    payload: "2MB",
    latency: "800ms",
    isolation: "shared",
    traffic: "{ pattern: steady, peakRps: 5 }",
    ...fields,
  };
  return [
    `  - name: ${name}`,
    ...(["model", "payload", "latency", "isolation", "traffic"] as const)
      .filter((k) => f[k] !== null)
      .map((k) => `    ${k}: ${f[k]}`),
    ...extra,
  ];
}

function failed(entry: ParsedEntry | undefined): Extract<ParsedEntry, { ok: false }> {
  if (!entry || entry.ok) throw new Error(`expected a failed entry, got ${JSON.stringify(entry)}`);
  return entry;
}

function ok(entry: ParsedEntry | undefined): Extract<ParsedEntry, { ok: true }> {
  if (!entry || !entry.ok) throw new Error(`expected a valid entry, got ${JSON.stringify(entry)}`);
  return entry;
}

/** The issues of the single workload in `text`, which must parse as a file and fail validation. */
function issuesOf(text: string): readonly Issue[] {
  const parsed = parseWorkloads(text, FILE);
  expect(parsed.fileIssues).toEqual([]);
  expect(parsed.entries).toHaveLength(1);
  return failed(parsed.entries[0]).issues;
}

/** File-level issues of `text`, which must produce no entries. */
function fileIssuesOf(text: string): readonly Issue[] {
  const parsed: ParsedFile = parseWorkloads(text, FILE);
  expect(parsed.entries).toEqual([]);
  return parsed.fileIssues;
}

describe("parseWorkloads: valid files", () => {
  test("a full workload parses with every unit converted to base units", () => {
    const text = lines(
      "workloads:",
      "  - name: support-chat",
      "    model:",
      "      parameters: 7B",
      "      precision: bf16",
      "      kind: llm",
      "      framework: pytorch",
      "      count: 3",
      "      architecture: { layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 8 }",
      "      artifactSize: 14GB",
      "    payload: { request: 2MiB, response: 10KB }",
      "    tokens: { input: 1000, output: 200 }",
      "    processingTime: 4m",
      "    latency: { target: 800ms, ttft: 300ms, perToken: 50ms, coldStart: 30s }",
      "    isolation: container",
      "    traffic: { pattern: diurnal, peakRps: 20, requestsPerDay: 100K, activeHoursPerDay: 10 }",
      "    priorities: { latency: 3, cost: 2 }",
      "    constraints:",
      "      instanceTypes: [ml.g5.*]",
      "      accelerators: [gpu]",
      "      options: [single-model, inference-components]",
      "      acceleratorsPerCopy: 1",
      "      maxMonthlyUsd: 5000",
      "      streaming: true",
      "      invocation: sync",
      "      networkIsolation: true",
    );
    const parsed = parseWorkloads(text, FILE);
    expect(parsed.fileIssues).toEqual([]);
    expect(parsed.entries).toHaveLength(1);
    expect(ok(parsed.entries[0])).toEqual({
      ok: true,
      index: 0,
      workload: {
        name: "support-chat",
        model: {
          parameters: 7e9,
          precision: "bf16",
          kind: "llm",
          framework: "pytorch",
          count: 3,
          architecture: { layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 8 },
          artifactSize: 14e9,
        },
        payload: { request: 2 * 2 ** 20, response: 10_000 },
        tokens: { input: 1000, output: 200 },
        processingTime: { value: 240_000 },
        latency: { target: 800, ttft: 300, perToken: 50, coldStart: 30_000 },
        isolation: "container",
        traffic: { pattern: "diurnal", peakRps: 20, requestsPerDay: 100_000, activeHoursPerDay: 10 },
        priorities: { latency: 3, cost: 2 },
        constraints: {
          instanceTypes: ["ml.g5.*"],
          accelerators: ["gpu"],
          options: ["single-model", "inference-components"],
          acceleratorsPerCopy: 1,
          maxMonthlyUsd: 5000,
          streaming: true,
          invocation: "sync",
          networkIsolation: true,
          cpuArchitecture: "any",
        },
      },
    });
  });

  test("defaults are applied and the scalar forms of payload and latency expand", () => {
    const parsed = parseWorkloads(lines("workloads:", ...workload("minimal")), FILE);
    expect(parsed.fileIssues).toEqual([]);
    expect(ok(parsed.entries[0]).workload).toEqual({
      name: "minimal",
      model: { parameters: 7e9, precision: "fp16", kind: "other", framework: "other", count: 1 },
      payload: { request: 2e6 }, // `payload: 2MB` is the request size
      latency: { target: 800, coldStart: 0 }, // `latency: 800ms` is the target; coldStart defaults to 0
      isolation: "shared",
      traffic: { pattern: "steady", peakRps: 5 },
      priorities: "balanced",
      constraints: { streaming: false, invocation: "any", networkIsolation: false, cpuArchitecture: "any" },
    });
  });

  test("`latency: none` is a target of none", () => {
    const parsed = parseWorkloads(
      lines(
        "workloads:",
        ...workload("offline-job", { latency: "none", traffic: "{ pattern: offline, records: 10M }" }),
      ),
      FILE,
    );
    const entry = ok(parsed.entries[0]);
    expect(entry.workload.latency).toEqual({ target: "none", coldStart: 0 });
    expect(entry.workload.traffic).toEqual({ pattern: "offline", records: 10e6 });
  });

  test("`latency: { target: none, coldStart: 10m }` keeps the tolerance", () => {
    const parsed = parseWorkloads(
      lines("workloads:", ...workload("w", { latency: "{ target: none, coldStart: 10m }" })),
      FILE,
    );
    expect(ok(parsed.entries[0]).workload.latency).toEqual({ target: "none", coldStart: 600_000 });
  });

  test("a JSON file is read like YAML", () => {
    const text = JSON.stringify({
      workloads: [
        {
          name: "j",
          model: { parameters: "350M" },
          payload: { request: "6MB" },
          latency: { target: "2s" },
          isolation: "instance",
          traffic: { pattern: "spiky", requestsPerMonth: "1M" },
        },
      ],
    });
    const parsed = parseWorkloads(text, "w.json");
    expect(parsed.fileIssues).toEqual([]);
    const w = ok(parsed.entries[0]).workload;
    expect([w.model.parameters, w.payload.request, w.latency.target, w.traffic.requestsPerMonth]).toEqual([
      350e6, 6e6, 2000, 1e6,
    ]);
  });
});

describe("parseWorkloads: issues inside a workload", () => {
  test("a bad size in the second workload: invalid-size at its path, line and column", () => {
    const text = lines(
      "workloads:", // 1
      ...workload("good"), // 2-7
      "  - name: bad", // 8
      "    model: { parameters: 7B }", // 9
      "    payload:", // 10
      "      request: 12 parsecs", // 11: the value starts at column 16
      "    latency: 800ms",
      "    isolation: shared",
      "    traffic: { pattern: steady, peakRps: 5 }",
    );
    const parsed = parseWorkloads(text, FILE);
    expect(parsed.fileIssues).toEqual([]);
    expect(ok(parsed.entries[0]).workload.name).toBe("good");
    const bad = failed(parsed.entries[1]);
    expect(bad.index).toBe(1);
    expect(bad.name).toBe("bad");
    expect(bad.issues).toEqual([
      {
        code: "invalid-size",
        path: "workloads[1].payload.request",
        line: 11,
        column: 16,
        message: '"12 parsecs" is not a size',
        hint: "use e.g. 12MB or 2GiB",
        file: FILE,
      },
    ]);
    expect(bad.issues[0]!.message).toMatchInlineSnapshot(`""12 parsecs" is not a size"`);
  });

  test("a bad size in the scalar payload form points at the scalar", () => {
    const issues = issuesOf(lines("workloads:", ...workload("w", { payload: "12 parsecs" })));
    expect(issues).toEqual([
      {
        code: "invalid-size",
        path: "workloads[0].payload.request",
        line: 4,
        column: 14,
        message: '"12 parsecs" is not a size',
        hint: "use e.g. 12MB or 2GiB",
        file: FILE,
      },
    ]);
  });

  test("a typo in a key: unknown-key with did-you-mean at the key's line and column", () => {
    const text = lines(
      "workloads:",
      "  - name: w",
      "    model: { parameters: 7B }",
      "    payload: 2MB",
      "    latncy: 800ms", // line 5, key at column 5
      "    isolation: shared",
      "    traffic: { pattern: steady, peakRps: 5 }",
    );
    const issues = issuesOf(text);
    expect(issues).toContainEqual({
      code: "unknown-key",
      path: "workloads[0].latncy",
      line: 5,
      column: 5,
      message: 'unknown field "latncy" in workloads[0]',
      hint: 'did you mean "latency"?',
      file: FILE,
    });
    const unknown = issues.find((i) => i.code === "unknown-key")!;
    expect(`${unknown.message} (${unknown.hint})`).toMatchInlineSnapshot(
      `"unknown field "latncy" in workloads[0] (did you mean "latency"?)"`,
    );
    // Regression: the typo is one problem, not two; "latency is required" would only echo it.
    expect(issues).toHaveLength(1);
  });

  test("a typo in a nested key suggests the sibling it resembles", () => {
    const issues = issuesOf(lines("workloads:", ...workload("w", { payload: "{ request: 2MB, respnse: 1KB }" })));
    expect(issues).toEqual([
      {
        code: "unknown-key",
        path: "workloads[0].payload.respnse",
        line: 4,
        column: 30,
        message: 'unknown field "respnse" in workloads[0].payload',
        hint: 'did you mean "response"?',
        file: FILE,
      },
    ]);
  });

  test("an unknown enum value: invalid-enum with did-you-mean", () => {
    const issues = issuesOf(lines("workloads:", ...workload("w", { isolation: "shraed" })));
    expect(issues).toEqual([
      {
        code: "invalid-enum",
        path: "workloads[0].isolation",
        line: 6,
        column: 16,
        message: '"shraed" is not one of the values workloads[0].isolation allows',
        hint: 'did you mean "shared"?',
        file: FILE,
      },
    ]);
  });

  test("an enum value far from every option lists the options", () => {
    const issues = issuesOf(lines("workloads:", ...workload("w", { traffic: "{ pattern: whenever, peakRps: 5 }" })));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: "invalid-enum",
      path: "workloads[0].traffic.pattern",
      line: 7,
      column: 25,
    });
    expect(issues[0]!.hint).toBe("expected one of: steady, diurnal, scheduled, intermittent, spiky, offline");
  });

  test("a missing required field: missing-field at the workload", () => {
    const issues = issuesOf(lines("workloads:", ...workload("w", { isolation: null })));
    expect(issues).toEqual([
      {
        code: "missing-field",
        path: "workloads[0].isolation",
        line: 2, // the workload that lacks it
        column: 5,
        message: "workloads[0].isolation is required",
        hint: "add isolation: (one of shared, container, instance) to workloads[0]",
        file: FILE,
      },
    ]);
  });

  test("a missing model: missing-field", () => {
    const issues = issuesOf(lines("workloads:", ...workload("w", { model: null })));
    expect(issues).toEqual([
      {
        code: "missing-field",
        path: "workloads[0].model",
        line: 2,
        column: 5,
        message: "workloads[0].model is required",
        hint: "add model: to workloads[0]",
        file: FILE,
      },
    ]);
  });

  test("traffic with no volume: missing-volume at the traffic mapping", () => {
    const issues = issuesOf(lines("workloads:", ...workload("w", { traffic: "{ pattern: steady }" })));
    expect(issues).toEqual([
      {
        code: "missing-volume",
        path: "workloads[0].traffic",
        line: 7,
        column: 14,
        message: "traffic needs a volume",
        hint: "add peakRps, requestsPerDay, requestsPerMonth, or for offline work records or datasetSize",
        file: FILE,
      },
    ]);
  });

  test("a duplicate name: duplicate-name on the second use only", () => {
    const text = lines("workloads:", ...workload("same"), ...workload("other"), ...workload("same"));
    const parsed = parseWorkloads(text, FILE);
    expect(parsed.fileIssues).toEqual([]);
    expect(parsed.entries.map((e) => e.ok)).toEqual([true, true, false]);
    expect(failed(parsed.entries[2]).issues).toEqual([
      {
        code: "duplicate-name",
        path: "workloads[2].name",
        line: 14,
        column: 11,
        message: 'workload name "same" is already used by workloads[0]',
        hint: "give every workload a unique name",
        file: FILE,
      },
    ]);
  });

  test("a misspelt profile: did you mean the profile", () => {
    const issues = issuesOf(lines("workloads:", ...workload("w", {}, ["    priorities: cost-frist"])));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: "invalid-enum",
      path: "workloads[0].priorities",
      line: 8,
      column: 17,
      hint: 'did you mean "cost-first"?',
      file: FILE,
    });
    expect(issues[0]!.message).toContain('"cost-frist"');
  });

  test("weights with an unknown fitness id: unknown-key at the key", () => {
    const issues = issuesOf(lines("workloads:", ...workload("w", {}, ["    priorities: { latency: 3, speed: 2 }"])));
    expect(issues).toEqual([
      {
        code: "unknown-key",
        path: "workloads[0].priorities.speed",
        line: 8,
        column: 31,
        message: 'unknown field "speed" in workloads[0].priorities',
        hint: "expected one of: modelSize, latency, isolation, cost, scalability",
        file: FILE,
      },
    ]);
  });

  test("weights with a misspelt fitness id suggest it", () => {
    const issues = issuesOf(
      lines("workloads:", ...workload("w", {}, ["    priorities: { latency: 2, sclability: 2 }"])),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        code: "unknown-key",
        path: "workloads[0].priorities.sclability",
        line: 8,
        column: 31,
        hint: 'did you mean "scalability"?',
      }),
    ]);
  });

  test("weights and the unnamed ones' balanced 1 leave something to rank by: {} and { cost: 0 } are valid", () => {
    for (const p of ["{}", "{ cost: 0 }"]) {
      const parsed = parseWorkloads(lines("workloads:", ...workload("w", {}, [`    priorities: ${p}`])), FILE);
      expect(parsed.entries.map((e) => e.ok)).toEqual([true]);
    }
  });

  test("weights that are all zero: invalid-weights", () => {
    const zeros = "{ modelSize: 0, latency: 0, isolation: 0, cost: 0, scalability: 0 }";
    const issues = issuesOf(lines("workloads:", ...workload("w", {}, [`    priorities: ${zeros}`])));
    expect(issues).toEqual([
      {
        code: "invalid-weights",
        path: "workloads[0].priorities",
        line: 8,
        column: 17,
        message: "at least one weight must be positive",
        hint: "e.g. { latency: 3, cost: 2 }",
        file: FILE,
      },
    ]);
  });

  test("a name with a bidirectional override: invalid-name at the name", () => {
    const issues = issuesOf(lines("workloads:", ...workload('"invoice\\u202egpj.exe"')));
    expect(issues).toEqual([
      {
        code: "invalid-name",
        path: "workloads[0].name",
        line: 2,
        column: 11,
        message: "name contains control, bidirectional or invisible characters",
        hint: "use letters, digits, dashes and spaces",
        file: FILE,
      },
    ]);
  });

  test.each([
    ["fr\\u200baud", "a zero-width space"],
    ["\\ufefffraud", "a byte-order mark"],
    ["fraud\\u200e", "a left-to-right mark"],
    ["fr\\u00adaud", "a soft hyphen"],
  ])("issue 19: a name holding %s (%s) is refused: it would sit beside its look-alike", (name) => {
    const issues = issuesOf(lines("workloads:", ...workload(`"${name}"`)));
    expect(issues.map((i) => [i.code, i.path])).toEqual([["invalid-name", "workloads[0].name"]]);
  });

  test("the name reported for a workload with an unsafe name carries no control characters", () => {
    // entry.name becomes `workload` in the output and the table/markdown reports; an invalid name
    // must not smuggle the very bidi override the schema rejects into them.
    const parsed = parseWorkloads(
      lines("workloads:", ...workload('"invoice\\u202egpj.exe"'), ...workload('"bell\\u0007"')),
      FILE,
    );
    for (const entry of parsed.entries) {
      expect(failed(entry).name ?? "").not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
  });

  test("a count that is not whole is refused", () => {
    const issues = issuesOf(lines("workloads:", ...workload("w", { model: "{ parameters: 7B, count: 2.5 }" })));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: "workloads[0].model.count", line: 3, column: 37 });
  });

  test("a bad latency in the scalar form is reported as a duration problem", () => {
    const issues = issuesOf(lines("workloads:", ...workload("w", { latency: "12 parsecs" })));
    expect(issues).toEqual([
      expect.objectContaining({
        code: "invalid-duration",
        path: "workloads[0].latency.target",
        line: 5,
        column: 14,
        message: '"12 parsecs" is not a duration',
      }),
    ]);
  });

  test("a bad latency target in the mapping form is reported as a duration problem", () => {
    const issues = issuesOf(lines("workloads:", ...workload("w", { latency: "{ target: fast }" })));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: "invalid-duration",
      path: "workloads[0].latency.target",
      line: 5,
      column: 24,
    });
    expect(issues[0]!.message).toContain('"fast"');
  });

  test("a negative cold-start tolerance: invalid-duration", () => {
    const issues = issuesOf(lines("workloads:", ...workload("w", { latency: "{ target: 800ms, coldStart: -5s }" })));
    expect(issues).toEqual([
      expect.objectContaining({
        code: "invalid-duration",
        path: "workloads[0].latency.coldStart",
        line: 5,
        column: 42,
      }),
    ]);
  });

  test("several problems in one workload are all reported", () => {
    const issues = issuesOf(
      lines(
        "workloads:",
        ...workload("w", { payload: "12 parsecs", isolation: "shraed", traffic: "{ pattern: steady }" }),
      ),
    );
    expect(issues.map((i) => i.code).sort()).toEqual(["invalid-enum", "invalid-size", "missing-volume"]);
  });

  test("every issue carries a code, a path, a 1-based line and column, a message and a hint", () => {
    const bad = [
      workload("a", { payload: "12 parsecs" }),
      workload("b", { isolation: "shraed" }),
      workload("c", { traffic: "{ pattern: steady }" }),
      workload("d", { model: "{ parameters: 7B, precison: fp16 }" }),
      workload("e", { isolation: null }),
      workload("a"),
    ];
    const parsed = parseWorkloads(lines("workloads:", ...bad.flat()), FILE);
    const issues = parsed.entries.flatMap((e) => (e.ok ? [] : e.issues));
    expect(issues).toHaveLength(6);
    for (const issue of issues) {
      expect(issue.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(issue.path).toMatch(/^workloads\[\d\]\./);
      expect(Number.isInteger(issue.line) && issue.line! >= 2).toBe(true);
      expect(Number.isInteger(issue.column) && issue.column! >= 1).toBe(true);
      expect(issue.message.length).toBeGreaterThan(0);
      expect(issue.hint?.length ?? 0).toBeGreaterThan(0);
      expect(issue.file).toBe(FILE);
    }
  });

  test("without a file name, issues carry no file", () => {
    const parsed = parseWorkloads(lines("workloads:", ...workload("w", { isolation: "shraed" })));
    expect(failed(parsed.entries[0]).issues[0]).not.toHaveProperty("file");
  });
});

describe("parseWorkloads: a file mixing valid and invalid workloads", () => {
  test("one invalid workload between two valid ones loses nothing, in order", () => {
    const text = lines(
      "workloads:",
      ...workload("first"),
      ...workload("broken", { payload: "12 parsecs" }),
      ...workload("third"),
    );
    const parsed = parseWorkloads(text, FILE);
    expect(parsed.fileIssues).toEqual([]);
    expect(parsed.entries.map((e) => [e.index, e.ok, e.ok ? e.workload.name : e.name])).toEqual([
      [0, true, "first"],
      [1, false, "broken"],
      [2, true, "third"],
    ]);
    expect(failed(parsed.entries[1]).issues.map((i) => [i.code, i.path, i.line, i.column])).toEqual([
      ["invalid-size", "workloads[1].payload.request", 10, 14],
    ]);
  });

  test("an entry that is not a mapping fails alone with no name", () => {
    const parsed = parseWorkloads(lines("workloads:", "  - 5", ...workload("fine")), FILE);
    const first = failed(parsed.entries[0]);
    expect(first.name).toBeNull();
    expect(first.issues).toEqual([
      {
        code: "invalid-type",
        path: "workloads[0]",
        line: 2,
        column: 5,
        message: "workloads[0] must be object, got 5",
        hint: "write a mapping: indented `key: value` lines, or { key: value }",
        file: FILE,
      },
    ]);
    expect(ok(parsed.entries[1]).workload.name).toBe("fine");
  });
});

describe("parseWorkloads: problems with the file as a whole", () => {
  test.each([
    ["an empty file", ""], // nothing at all
    ["only whitespace", "  \n\n"], // blank lines
    ["only a comment", "# nothing yet\n"], // a comment is no document content
  ])("%s: empty-file", (_label, text) => {
    expect(fileIssuesOf(text)).toEqual([
      {
        code: "empty-file",
        path: "",
        message: "the file is empty",
        hint: "start with `workloads:` and a list of workloads",
        file: FILE,
      },
    ]);
  });

  test("an unclosed flow mapping: invalid-yaml with a line", () => {
    const issues = fileIssuesOf(lines("workloads:", "  - { name: a, model: { parameters: 7B }"));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: "invalid-yaml",
      path: "",
      line: 3,
      column: 1,
      file: FILE,
      hint: "check indentation, quotes and brackets near this line",
    });
    expect(issues[0]!.message).toMatchInlineSnapshot(
      `"Flow map in block collection must be sufficiently indented and end with a }"`,
    );
  });

  test("a top-level list: invalid-file", () => {
    expect(fileIssuesOf(lines(...workload("w")).replace(/^ {2}/gm, ""))).toEqual([
      {
        code: "invalid-file",
        path: "",
        line: 1,
        column: 1,
        message: "a workload file is a mapping with a `workloads:` list",
        hint: "start the file with `workloads:` followed by `- name: ...` items",
        file: FILE,
      },
    ]);
  });

  test.each([
    ["a scalar", "hello\n"],
    ["null", "~\n"],
  ])("%s at the top: invalid-file", (_label, text) => {
    expect(fileIssuesOf(text).map((i) => i.code)).toEqual(["invalid-file"]);
  });

  test("two YAML documents: multiple-documents at the second", () => {
    const text = lines("workloads:", ...workload("a"), "---", "workloads:", ...workload("b"));
    expect(fileIssuesOf(text)).toEqual([
      {
        code: "multiple-documents",
        path: "",
        line: 8, // the `---` line
        column: 1,
        message: "the file holds 2 YAML documents; hostfit reads one",
        hint: "put every workload under one `workloads:` list and remove the `---` separators",
        file: FILE,
      },
    ]);
  });

  test("a key twice in one workload: duplicate-key at the second, and the workloads around it still read", () => {
    const text = lines("workloads:", ...workload("a"), ...workload("w"), "    isolation: instance", ...workload("b"));
    const parsed = parseWorkloads(text, FILE);
    expect(parsed.fileIssues).toEqual([]);
    expect(parsed.entries.map((e) => e.ok)).toEqual([true, false, true]);
    expect(parsed.entries[1]).toEqual({
      ok: false,
      index: 1,
      name: "w",
      issues: [
        {
          code: "duplicate-key",
          path: "workloads[1]",
          line: 14,
          column: 5,
          message: "Map keys must be unique",
          hint: "each key may appear once in a mapping",
          file: FILE,
        },
      ],
    });
  });

  test("an unresolved alias fails its workload alone, at the alias itself, not at the file's first alias", () => {
    const text = lines(
      "workloads:",
      "  - name: a",
      "    model: &m { parameters: 7B }",
      "    payload: 2MB",
      "    latency: 800ms",
      "    isolation: shared",
      "    traffic: { pattern: steady, peakRps: 5 }",
      "  - name: b",
      "    model: *m",
      "    payload: *pl",
      "    latency: 800ms",
      "    isolation: shared",
      "    traffic: { pattern: steady, peakRps: 5 }",
    );
    const parsed = parseWorkloads(text, FILE);
    expect(parsed.entries.map((e) => e.ok)).toEqual([true, false]);
    expect(parsed.entries[1]).toMatchObject({
      ok: false,
      name: "b",
      issues: [
        {
          code: "invalid-yaml",
          path: "workloads[1]",
          line: 10,
          column: 14,
          hint: "define the anchor &pl before this alias, or write the value out",
        },
      ],
    });
  });

  test("a syntax error that may throw off what follows still stops the whole file", () => {
    const text = lines("workloads:", ...workload("a"), "  - name: b", "    model: { parameters: 7B", ...workload("c"));
    const codes = fileIssuesOf(text).map((i) => i.code);
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set(["invalid-yaml"]));
  });

  test("a key beside `workloads:` is reported, and the workloads are still read", () => {
    const parsed = parseWorkloads(lines("version: 1", "workloads:", ...workload("a")), FILE);
    expect(parsed.fileIssues).toEqual([
      expect.objectContaining({ code: "unknown-key", path: "version", line: 1, column: 1 }),
    ]);
    expect(parsed.entries.map((e) => e.ok)).toEqual([true]);
  });

  test("a file without `workloads:`: missing-field and unknown-key with a hint", () => {
    const issues = fileIssuesOf("workload:\n  - name: a\n");
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ["missing-field", "workloads"],
      ["unknown-key", "workload"],
    ]);
    expect(issues[1]!.hint).toBe('did you mean "workloads"?');
  });

  test("an empty workloads list: out-of-range", () => {
    expect(fileIssuesOf("workloads: []\n")).toEqual([
      expect.objectContaining({ code: "out-of-range", path: "workloads", line: 1, column: 12 }),
    ]);
  });
});

describe("issue 7: hostile input", () => {
  test("an instance type the catalog lacks is refused with did-you-mean; a glob that matches is kept", () => {
    expect(
      issuesWithCatalog(withField("constraints", "    constraints: { instanceTypes: [ml.g5.*, ml.g5.2xlarg] }")),
    ).toEqual([
      expect.objectContaining({
        code: "unknown-instance-type",
        path: "workloads[0].constraints.instanceTypes[1]",
        hint: 'did you mean "ml.g5.2xlarge"?',
      }),
    ]);
    // Without a catalog, parseWorkloads checks the schema only.
    expect(
      parseWorkloads(withField("constraints", "    constraints: { instanceTypes: [ml.g5.2xlarg] }")).entries[0]?.ok,
    ).toBe(true);
  });
});
