/**
 * `npm run fuzz [-- --seconds N] [-- --seed S]`: feeds hostfit raw strings, binary-ish text, YAML-ish documents
 * built from the schema's vocabulary (serialized by the yaml package, aliases included), near-valid workloads
 * with one field corrupted, and mutated example files, through recommendAll in-process, for a time budget
 * (default 60 s, or FUZZ_SECONDS). Each run must not throw, must give output that OutputSchema accepts with
 * summary.workloads equal to the file's entries, and must finish within 2 s. A third of the budget goes to rules
 * and catalogs instead: a copy of the bundled folder with one file's text mutated or one value replaced must load
 * or be refused with a HostfitError, and once loaded must rank the examples into output OutputSchema accepts, every
 * number finite. Then it times the hostile corpus (test/hostile/) against the same 2 s budget. Exits 1 on any
 * failure.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { parse as parseYaml, stringify } from "yaml";
import { BUNDLED_CATALOG_DIR, BUNDLED_RULES_DIR } from "../src/load/files.js";
import { HostfitError } from "../src/schema/errors.js";
import { recommendAll } from "../src/library.js";
import { loadCatalog } from "../src/load/catalog.js";
import { loadRules } from "../src/load/rules.js";
import { parseWorkloads } from "../src/load/workloads.js";
import {
  FITNESS_IDS,
  FRAMEWORKS,
  ISOLATION_LEVELS,
  MODEL_KINDS,
  OPTION_IDS,
  PRECISIONS,
  PROFILE_IDS,
  TRAFFIC_PATTERNS,
} from "../src/schema/ids.js";
import { OutputSchema } from "../src/schema/output.js";
import { workloadArb } from "../test/arbitraries.js";
import { HOSTILE_CASES, caseText } from "../test/hostile/corpus.js";

const BUDGET_MS = 2_000;

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seconds = Number(flag("seconds") ?? process.env.FUZZ_SECONDS ?? 60);
const seed = flag("seed") !== undefined ? Number(flag("seed")) : Date.now() % 2 ** 31;
const replayPath = flag("path");
if (!(seconds > 0)) {
  console.error("✖ --seconds must be a positive number");
  process.exit(2);
}

const options = { whatIf: false, catalog: loadCatalog(), rules: loadRules() };

// ---------------------------------------------------------------------------------------------------------
// Generators.

const KEYS = [
  "workloads",
  "name",
  "model",
  "parameters",
  "precision",
  "kind",
  "framework",
  "count",
  "architecture",
  "layers",
  "hiddenSize",
  "heads",
  "kvHeads",
  "artifactSize",
  "payload",
  "request",
  "response",
  "tokens",
  "input",
  "output",
  "processingTime",
  "latency",
  "target",
  "ttft",
  "perToken",
  "coldStart",
  "isolation",
  "traffic",
  "pattern",
  "peakRps",
  "requestsPerDay",
  "requestsPerMonth",
  "activeHoursPerDay",
  "records",
  "datasetSize",
  "deadline",
  "runsPerMonth",
  "priorities",
  "constraints",
  "instanceTypes",
  "accelerators",
  "options",
  "acceleratorsPerCopy",
  "maxMonthlyUsd",
  "streaming",
  "invocation",
  "networkIsolation",
  "deploy",
  "roleArn",
  "imageUri",
  "endpointName",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  ...FITNESS_IDS,
];
const WORDS = [
  ...PRECISIONS,
  ...MODEL_KINDS,
  ...FRAMEWORKS,
  ...ISOLATION_LEVELS,
  ...TRAFFIC_PATTERNS,
  ...PROFILE_IDS,
  ...OPTION_IDS,
  "none",
  "gpu",
  "cpu",
  "inferentia",
  "sync",
  "async",
  "any",
  "ml.g5.*",
  "ml.g5.2xlarge",
  "ml.*",
  "**********a",
  "ml.nope.x",
];
const UNITS = [
  "",
  "B",
  "KB",
  "MB",
  "GB",
  "TB",
  "KiB",
  "MiB",
  "GiB",
  "ms",
  "s",
  "m",
  "h",
  "d",
  "K",
  "M",
  "B",
  "T",
  "furlongs",
  "e",
  " ",
  "%",
];
const EXPRESSIONS = [
  'import("fs")',
  'evaluate("1+1")',
  "2^10",
  "createUnit('x')",
  "max.constructor",
  "1e400",
  "-0",
  "0x1F",
  "1_000",
  "NaN",
];

const numberArb = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, -1, 1e308, 1e400, -1e400, Number.NaN, Number.POSITIVE_INFINITY, Number.MIN_VALUE, 2 ** 53 + 1),
);
const quantityArb = fc
  .tuple(
    fc.oneof(
      fc.double({ noNaN: true }).map(String),
      fc.constantFrom("1", "7", "0", "-5", "1e400", "1e-400", ".5", "5."),
    ),
    fc.constantFrom(...UNITS),
  )
  .map(([n, u]) => `${n}${u}`);
const stringArb = fc.oneof(
  quantityArb,
  fc.constantFrom(...WORDS, ...EXPRESSIONS),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
);
const scalarArb = fc.oneof(numberArb, stringArb, fc.boolean(), fc.constant(null));
const keyArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const { value: valueArb } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalarArb,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(keyArb, tie("value"), { maxKeys: 5 }),
  ),
}));

/** A workload from the shared arbitrary with one field, at any depth, replaced by a random value or removed. */
const corruptedWorkloadArb = fc
  .tuple(workloadArb, fc.nat(), valueArb, fc.boolean())
  .map(([w, pick, replacement, remove]) => {
    const copy = structuredClone(w) as Record<string, unknown>;
    const paths: string[][] = [];
    const walk = (node: unknown, path: string[]) => {
      if (node === null || typeof node !== "object") return;
      for (const [k, v] of Object.entries(node)) {
        paths.push([...path, k]);
        walk(v, [...path, k]);
      }
    };
    walk(copy, []);
    const path = paths[pick % paths.length]!;
    let parent = copy as Record<string, unknown>;
    for (const k of path.slice(0, -1)) parent = parent[k] as Record<string, unknown>;
    if (remove) delete parent[path[path.length - 1]!];
    else parent[path[path.length - 1]!] = replacement;
    return copy;
  });

/** A serializer: YAML block, YAML flow, JSON, or JSON with a tail. */
const serializeArb = fc.constantFrom(
  (v: unknown) => stringify(v),
  (v: unknown) => stringify(v, { collectionStyle: "flow" }),
  (v: unknown) => JSON.stringify(v) ?? "",
  (v: unknown) => `${JSON.stringify(v) ?? ""} }`,
);

const yamlishArb = fc
  .tuple(
    fc.oneof(
      { weight: 1, arbitrary: valueArb },
      {
        weight: 2,
        arbitrary: fc
          .array(fc.oneof(valueArb, workloadArb, corruptedWorkloadArb), { maxLength: 5 })
          .map((workloads) => ({ workloads })),
      },
      // The same object twice: yaml emits an anchor and an alias.
      { weight: 1, arbitrary: corruptedWorkloadArb.map((w) => ({ workloads: [w, w] })) },
    ),
    serializeArb,
  )
  .map(([value, serialize]) => serialize(value));

const EXAMPLE = readFileSync(new URL("../examples/workloads.yaml", import.meta.url), "utf8");
/** The example file with a few characters inserted, deleted or replaced. */
const mutatedExampleArb = fc
  .array(
    fc.tuple(
      fc.nat(),
      fc.constantFrom("insert", "delete", "replace"),
      fc.string({ unit: "binary", minLength: 1, maxLength: 3 }),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((edits) => {
    let text = EXAMPLE;
    for (const [at, kind, chars] of edits) {
      const i = at % (text.length + 1);
      text =
        kind === "insert"
          ? text.slice(0, i) + chars + text.slice(i)
          : kind === "delete"
            ? text.slice(0, i) + text.slice(i + chars.length)
            : text.slice(0, i) + chars + text.slice(i + chars.length);
    }
    return text;
  });

/** A text with a few characters inserted, deleted or replaced. */
function mutatedArb(original: string): fc.Arbitrary<string> {
  return fc
    .array(
      fc.tuple(
        fc.nat(),
        fc.constantFrom("insert", "delete", "replace"),
        fc.string({ unit: "binary", minLength: 1, maxLength: 3 }),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) =>
      edits.reduce((text, [at, kind, chars]) => {
        const i = at % (text.length + 1);
        if (kind === "insert") return text.slice(0, i) + chars + text.slice(i);
        if (kind === "delete") return text.slice(0, i) + text.slice(i + chars.length);
        return text.slice(0, i) + chars + text.slice(i + chars.length);
      }, original),
    );
}

/** A data file with the value at one path, at any depth, replaced by a random value or a number at an extreme. */
function replacedValueArb(original: string): fc.Arbitrary<string> {
  const data = parseYaml(original) as unknown;
  const paths: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    if (node === null || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node)) {
      const key = Array.isArray(node) ? Number(k) : k;
      paths.push([...path, key]);
      walk(v, [...path, key]);
    }
  };
  walk(data, []);
  return fc.tuple(fc.nat(), fc.oneof(valueArb, numberArb)).map(([pick, value]) => {
    const copy = structuredClone(data) as Record<string | number, unknown>;
    const path = paths[pick % paths.length]!;
    let parent = copy;
    for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
    parent[path[path.length - 1]!] = value;
    return stringify(copy);
  });
}

const DATA_FILES = [
  ...readdirSync(BUNDLED_RULES_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => ["rules", f] as const),
  ...(["catalog.yaml", "devices.yaml", "instances.yaml"] as const).map((f) => ["catalog", f] as const),
];

/** One rules or catalog file of the bundled folders, edited. */
const dataEditArb = fc.constantFrom(...DATA_FILES).chain(([kind, file]) => {
  const original = readFileSync(join(kind === "rules" ? BUNDLED_RULES_DIR : BUNDLED_CATALOG_DIR, file), "utf8");
  return fc.oneof(mutatedArb(original), replacedValueArb(original)).map((text) => ({ kind, file, text }));
});

const inputArb = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.stringMatching(/^[-:{}[\],&*!|>'"%@` #?\na-z0-9.]{0,80}$/),
  yamlishArb,
  yamlishArb,
  mutatedExampleArb,
);

// ---------------------------------------------------------------------------------------------------------
// The property.

let runs = 0;
let slowest = { ms: 0, text: "" };

function check(text: string): void {
  runs++;
  const start = performance.now();
  const output = recommendAll(text, options);
  const ms = performance.now() - start;
  if (ms > slowest.ms) slowest = { ms, text };
  const parsed = OutputSchema.safeParse(JSON.parse(JSON.stringify(output)));
  if (!parsed.success) throw new Error(`output fails OutputSchema: ${parsed.error.message.slice(0, 500)}`);
  const entries = parseWorkloads(text, undefined, options.catalog).entries.length;
  if (output.summary.workloads !== entries)
    throw new Error(`summary.workloads ${output.summary.workloads} != ${entries} entries`);
  if (ms > BUDGET_MS) throw new Error(`took ${ms.toFixed(0)} ms, over the ${BUDGET_MS} ms budget`);
}

// Every number in a value, with its path, that is not finite.
function nonFinite(value: unknown, path = "$"): string[] {
  if (typeof value === "number") return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
}

let dataRuns = 0;
const scratch = mkdtempSync(join(tmpdir(), "hostfit-fuzz-"));

function checkData({ kind, file, text }: { kind: "rules" | "catalog"; file: string; text: string }): void {
  dataRuns++;
  const dir = join(scratch, kind);
  rmSync(dir, { recursive: true, force: true });
  cpSync(kind === "rules" ? BUNDLED_RULES_DIR : BUNDLED_CATALOG_DIR, dir, { recursive: true });
  writeFileSync(join(dir, file), text);
  let loaded: typeof options;
  try {
    loaded = kind === "rules" ? { ...options, rules: loadRules(dir) } : { ...options, catalog: loadCatalog(dir) };
  } catch (error) {
    if (error instanceof HostfitError) return;
    throw error;
  }
  const output = recommendAll(EXAMPLE, loaded);
  const bad = nonFinite(output);
  if (bad.length > 0)
    throw new Error(`a loaded ${kind} gave figures that are not finite: ${bad.slice(0, 3).join("; ")}`);
  const parsed = OutputSchema.safeParse(output);
  if (!parsed.success) throw new Error(`output fails OutputSchema: ${parsed.error.message.slice(0, 500)}`);
}

const preview = (text: string) => JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}…` : text);

const started = performance.now();
const result = fc.check(fc.property(inputArb, check), {
  seed,
  numRuns: Number.MAX_SAFE_INTEGER,
  interruptAfterTimeLimit: (seconds * 1000 * 2) / 3,
  markInterruptAsFailure: false,
  ...(replayPath ? { path: replayPath } : {}),
});
const elapsed = (performance.now() - started) / 1000;
const dataStarted = performance.now();
const dataResult = fc.check(fc.property(dataEditArb, checkData), {
  seed,
  numRuns: Number.MAX_SAFE_INTEGER,
  interruptAfterTimeLimit: (seconds * 1000) / 3,
  markInterruptAsFailure: false,
});
const dataElapsed = (performance.now() - dataStarted) / 1000;
rmSync(scratch, { recursive: true, force: true });

let failures = 0;
console.log(`fuzz: ${runs} runs in ${elapsed.toFixed(1)} s (seed ${seed})`);
console.log(`fuzz: ${dataRuns} rules and catalog edits in ${dataElapsed.toFixed(1)} s`);
if (dataResult.failed) {
  failures++;
  const edit = dataResult.counterexample?.[0];
  console.log(
    `✖ fuzz: rules and catalogs: ${dataResult.errorInstance instanceof Error ? dataResult.errorInstance.message : String(dataResult.errorInstance)}`,
  );
  console.log(`  counterexample: ${edit ? `${edit.kind}/${edit.file}: ${preview(edit.text)}` : "?"}`);
}
console.log(`fuzz: slowest ${slowest.ms.toFixed(1)} ms on ${preview(slowest.text)}`);
if (result.failed) {
  failures++;
  console.log(
    `✖ fuzz: failure after ${result.numRuns} runs, shrunk ${result.numShrinks} times: ${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)}`,
  );
  console.log(`  counterexample: ${JSON.stringify(result.counterexample?.[0])}`);
  console.log(`  replay: npm run fuzz -- --seed ${seed} --path ${result.counterexamplePath}`);
} else {
  console.log("fuzz: no failure");
}

// The hostile corpus against the per-case budget, as the CLI ranks it (with what-if).
const times = HOSTILE_CASES.map((c) => {
  const text = caseText(c);
  const start = performance.now();
  recommendAll(text, { ...options, whatIf: true }, c.file);
  return [c.file, performance.now() - start] as const;
});
const over = times.filter(([, ms]) => ms > BUDGET_MS);
const worst = times.reduce((a, b) => (b[1] > a[1] ? b : a));
console.log(
  `budget: ${times.length} hostile cases, slowest ${worst[0]} ${worst[1].toFixed(1)} ms, ${over.length} over ${BUDGET_MS} ms`,
);
for (const [file, ms] of over) console.log(`✖ budget: ${file} took ${ms.toFixed(0)} ms`);
failures += over.length;

process.exitCode = failures > 0 ? 1 : 0;
