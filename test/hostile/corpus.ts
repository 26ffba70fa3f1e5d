/**
 * The hostile-input corpus (issue 7): each file under test/hostile/cases/, plus the ones too large to commit
 * (built here), with the outcome a user should see. hostile.test.ts runs each through the real CLI;
 * scripts/fuzz.ts times each against the 2 s budget.
 */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CASES_DIR = fileURLToPath(new URL("./cases/", import.meta.url));

/** What one workload entry of the output should say: ranked, or rejected with this issue code at this path. */
export type EntryExpectation =
  { readonly ok: true } | { readonly code: string; readonly path: string; readonly hint?: RegExp };

export interface HostileCase {
  /** The file name: under cases/ when `build` is absent, else the name the built text is written to. */
  readonly file: string;
  /** Builds the text of a generated case. */
  readonly build?: () => string;
  /** Why this input is here and what a user should expect. */
  readonly why: string;
  readonly exit: 0 | 1 | 2;
  /** A problem with the whole file: its issue code, and whether the YAML got far enough to give a line and column. */
  readonly fileIssue?: { readonly code: string; readonly positioned: boolean };
  /** Per entry of `workloads:`, in order. */
  readonly entries?: readonly EntryExpectation[];
}

const ranked = { ok: true } as const;

// A valid workload with one field replaced, for the generated cases.
function workload(name: string): string {
  return [
    `  - name: ${name}`,
    "    model: { parameters: 7B }",
    "    payload: 1KB",
    "    latency: 1s",
    "    isolation: shared",
    "    traffic: { pattern: steady, peakRps: 1 }",
    "",
  ].join("\n");
}

export const HOSTILE_CASES: readonly HostileCase[] = [
  {
    file: "empty.yaml",
    why: "an empty file: nothing to rank",
    exit: 1,
    fileIssue: { code: "empty-file", positioned: false },
  },
  {
    file: "unclosed.yaml",
    why: "an unclosed flow mapping",
    exit: 1,
    fileIssue: { code: "invalid-yaml", positioned: true },
  },
  {
    file: "top-level-list.yaml",
    why: "a list where the `workloads:` mapping belongs",
    exit: 1,
    fileIssue: { code: "invalid-file", positioned: true },
  },
  {
    file: "top-level-scalar.json",
    why: "a bare number as the whole file",
    exit: 1,
    fileIssue: { code: "invalid-file", positioned: true },
  },
  {
    file: "negative-and-zero.yaml",
    why: "negative and zero sizes, counts, rates and durations",
    exit: 1,
    entries: [
      { code: "invalid-size", path: "workloads[0].payload.request" },
      { code: "invalid-count", path: "workloads[1].model.parameters" },
      { code: "out-of-range", path: "workloads[2].traffic.peakRps" },
      { code: "invalid-duration", path: "workloads[3].latency.target" },
    ],
  },
  {
    file: "nan-inf.yaml",
    why: "YAML's .nan and .inf, including a scalar -.inf for the payload",
    exit: 1,
    entries: [
      { code: "invalid-number", path: "workloads[0].traffic.peakRps" },
      { code: "invalid-number", path: "workloads[1].model.parameters" },
      { code: "invalid-number", path: "workloads[2].payload.request" },
    ],
  },
  {
    file: "beyond-double.yaml",
    why: "1e400 as a number (reads as Infinity) and in a unit string; 1e-400 underflows to 0",
    exit: 1,
    entries: [
      { code: "invalid-number", path: "workloads[0].model.parameters" },
      { code: "invalid-size", path: "workloads[1].payload.request" },
      { code: "invalid-size", path: "workloads[2].payload.request" },
    ],
  },
  {
    file: "unknown-units.yaml",
    why: "units hostfit does not know",
    exit: 1,
    entries: [
      { code: "invalid-size", path: "workloads[0].payload.request" },
      { code: "invalid-duration", path: "workloads[1].latency.target" },
      { code: "invalid-count", path: "workloads[2].model.parameters" },
    ],
  },
  {
    file: "unknown-enums.yaml",
    why: "misspelt enum values, each with a did-you-mean",
    exit: 1,
    entries: [
      { code: "invalid-enum", path: "workloads[0].isolation", hint: /did you mean "container"/ },
      { code: "invalid-enum", path: "workloads[1].traffic.pattern", hint: /did you mean "steady"/ },
      { code: "invalid-enum", path: "workloads[2].model.precision", hint: /did you mean "fp16"/ },
    ],
  },
  {
    file: "key-typos.yaml",
    why: "a misspelt key",
    exit: 1,
    entries: [{ code: "unknown-key", path: "workloads[0].latncy", hint: /did you mean "latency"/ }],
  },
  {
    file: "missing-required.yaml",
    why: "a workload without isolation, and one without a name",
    exit: 1,
    entries: [
      { code: "missing-field", path: "workloads[0].isolation" },
      { code: "missing-field", path: "workloads[1].name" },
    ],
  },
  {
    file: "duplicate-names.yaml",
    why: "two workloads with one name: the first is ranked, the second refused",
    exit: 1,
    entries: [ranked, { code: "duplicate-name", path: "workloads[1].name" }],
  },
  {
    file: "duplicate-keys.yaml",
    why: "`payload:` twice in one mapping: which one was meant is unknowable, so that workload is refused",
    exit: 1,
    entries: [{ code: "duplicate-key", path: "workloads[0]" }],
  },
  {
    file: "alias-bomb.yaml",
    why: "billion laughs: nine levels of nine aliases",
    exit: 1,
    fileIssue: { code: "invalid-yaml", positioned: true },
  },
  {
    file: "deep-flow.yaml",
    build: () => `workloads: ${"[".repeat(5000)}${"]".repeat(5000)}\n`,
    why: "5,000 levels of flow sequences",
    exit: 1,
    fileIssue: { code: "too-deep", positioned: true },
  },
  {
    file: "deep-block.yaml",
    build: () => `workloads:\n${Array.from({ length: 5000 }, (_, i) => `${" ".repeat(i + 2)}a:`).join("\n")}\n`,
    why: "5,000 levels of indented mappings",
    exit: 1,
    fileIssue: { code: "too-deep", positioned: true },
  },
  {
    file: "proto-keys.yaml",
    why: "__proto__ at the top level and in a workload, constructor in another: unknown keys, reported where they are (and nothing is polluted)",
    exit: 1,
    fileIssue: { code: "unknown-key", positioned: true },
    entries: [
      { code: "unknown-key", path: "workloads[0].__proto__" },
      { code: "unknown-key", path: "workloads[1].constructor" },
    ],
  },
  {
    file: "proto-keys.json",
    why: "__proto__ and constructor keys inside a workload: unknown keys",
    exit: 1,
    entries: [{ code: "unknown-key", path: "workloads[0].model.__proto__" }],
  },
  {
    file: "binary.bin",
    why: "binary garbage (an ELF header and every byte value)",
    exit: 1,
    fileIssue: { code: "binary-file", positioned: true },
  },
  { file: "utf16.yaml", why: "a UTF-16 file", exit: 1, fileIssue: { code: "binary-file", positioned: true } },
  {
    file: "multi-document.yaml",
    why: "two YAML documents: hostfit reads one and says so rather than drop the second",
    exit: 1,
    fileIssue: { code: "multiple-documents", positioned: true },
  },
  {
    file: "json-trailing-garbage.json",
    why: "valid JSON followed by garbage",
    exit: 1,
    fileIssue: { code: "invalid-yaml", positioned: true },
  },
  {
    file: "long-name.yaml",
    build: () => `workloads:\n${workload("x".repeat(200_000))}${workload("fine")}`,
    why: "a 200,000-character name beside a valid workload",
    exit: 1,
    entries: [{ code: "out-of-range", path: "workloads[0].name" }, ranked],
  },
  {
    file: "control-bidi.yaml",
    why: "right-to-left override, BEL, newline and isolate characters in names",
    exit: 1,
    entries: [
      { code: "invalid-name", path: "workloads[0].name" },
      { code: "invalid-name", path: "workloads[1].name" },
      { code: "invalid-name", path: "workloads[2].name" },
      { code: "invalid-name", path: "workloads[3].name" },
    ],
  },
  {
    file: "mathjs-strings.yaml",
    why: "mathjs-looking strings: a name is only a name (ranked); as quantities they are not quantities",
    exit: 1,
    entries: [
      ranked,
      { code: "invalid-count", path: "workloads[1].model.parameters" },
      { code: "invalid-size", path: "workloads[2].payload.request" },
      { code: "invalid-duration", path: "workloads[3].latency.target" },
    ],
  },
  {
    file: "unknown-instance-type.yaml",
    why: "constraints.instanceTypes naming no catalog instance (typo, unknown family) and a backtracking glob",
    exit: 1,
    entries: [
      {
        code: "unknown-instance-type",
        path: "workloads[0].constraints.instanceTypes[0]",
        hint: /did you mean "ml\.g5\.2xlarge"/,
      },
      { code: "unknown-instance-type", path: "workloads[1].constraints.instanceTypes[0]", hint: /catalog list/ },
      { code: "invalid-glob", path: "workloads[2].constraints.instanceTypes[0]" },
      ranked,
    ],
  },
  {
    file: "issue19-lookalikes.yaml",
    why: "invisible characters in names (refused), terminal escapes in a value (refused, printed escaped), markup in a name (ranked)",
    exit: 1,
    entries: [
      { code: "invalid-name", path: "workloads[0].name" },
      { code: "invalid-name", path: "workloads[1].name" },
      { code: "invalid-enum", path: "workloads[2].model.precision" },
      ranked,
    ],
  },
  {
    file: "issue19-extremes.yaml",
    why: "parameters 1e308, a billion models, 5e-324 records, a boolean payload and a !!binary model: each one issue",
    exit: 1,
    entries: [
      { code: "out-of-range", path: "workloads[0].model.parameters" },
      { code: "out-of-range", path: "workloads[1].model.count" },
      { code: "out-of-range", path: "workloads[2].traffic.records" },
      { code: "invalid-type", path: "workloads[3].payload" },
      { code: "invalid-type", path: "workloads[4].model" },
    ],
  },
  {
    file: "issue19-many-types.yaml",
    build: () =>
      `workloads:\n${workload("many").replace(
        "    isolation: shared\n",
        `    isolation: shared\n    constraints: { instanceTypes: [${Array.from({ length: 20_000 }, (_, i) => `ml.x${i}.large`).join(", ")}] }\n`,
      )}`,
    why: "20,000 unknown instance types in one workload: refused by count at once",
    exit: 1,
    entries: [{ code: "out-of-range", path: "workloads[0].constraints.instanceTypes" }],
  },
  {
    file: "mixed.yaml",
    why: "valid workloads between invalid ones: every valid one is ranked",
    exit: 1,
    entries: [
      ranked,
      { code: "invalid-size", path: "workloads[1].payload.request" },
      ranked,
      { code: "invalid-type", path: "workloads[3]" },
      ranked,
    ],
  },
];

/** The text of a case: read from cases/, or built. */
export function caseText(c: HostileCase): string {
  return c.build ? c.build() : readFileSync(`${CASES_DIR}${c.file}`, "utf8");
}

/** Files under cases/ that no case names (a test keeps this empty). */
export function unlistedCaseFiles(): string[] {
  const listed = new Set(HOSTILE_CASES.filter((c) => !c.build).map((c) => c.file));
  return readdirSync(CASES_DIR).filter((f) => !listed.has(f));
}
