/**
 * `npm run bench`: hostfit's speed and memory on generated inputs (bench/fleet.ts, fixed seed), measured on the
 * built JavaScript (dist/, built by the npm script first). Prints the machine, a table of figures and whether each
 * target of issue 8 is met. A benchmark, not a test: it asserts nothing and the numbers depend on the machine.
 */
import { spawnSync } from "node:child_process";
import { cpus, loadavg, tmpdir } from "node:os";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { stringify } from "yaml";
import { llmHeavyFleet, mixedFleet, uniformFleet, variedFleet } from "./fleet.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SEED = 42;
const CLI_SIZE = 20_000;
const PLAN_SIZES = [200, 2_000, 10_000] as const;
const MEMORY_SIZES = [2_000, 8_000, 20_000] as const;
const UNIFORM_PLAN_SIZES = [2_000, 5_000, 10_000, 20_000] as const;
const INPUT_MEMORY_SIZE = 5_000;
const TIMEOUT_MS = 600_000;

const dist = <T>(path: string): Promise<T> => import(pathToFileURL(join(ROOT, "dist", path)).href) as Promise<T>;

interface ChildRun {
  readonly seconds: number;
  readonly maxRssMB: number;
  readonly status: number | null;
  readonly stderr: string;
}

// Runs node with the peak-RSS preload; wall time includes node's start-up, as a user's run does.
function runNode(args: readonly string[], dir: string): ChildRun {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  const start = performance.now();
  const child = spawnSync(process.execPath, ["--import", pathToFileURL(join(ROOT, "bench/maxrss.mjs")).href, ...args], {
    cwd: ROOT,
    env: { ...process.env, BENCH_MAXRSS_FILE: rssFile },
    encoding: "utf8",
    timeout: TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - start) / 1000;
  let maxRssMB = NaN;
  try {
    maxRssMB = Number(readFileSync(rssFile, "utf8")) / 1024;
  } catch {
    // the child died before exiting normally (timeout); NaN says so
  }
  return { seconds, maxRssMB, status: child.status, stderr: child.stderr ?? "" };
}

function fmt(x: number, digits = 0): string {
  return Number.isFinite(x)
    ? x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : "n/a";
}

async function main(): Promise<void> {
  const load = loadavg();
  const cpu =
    readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.+)/)?.[1] ?? cpus()[0]?.model ?? "unknown";
  console.log("# hostfit benchmark");
  console.log(
    `machine: ${cpu}; ${cpus().length} cores; Node ${process.version}; load average at start ${load.map((l) => l.toFixed(2)).join(" ")}`,
  );
  console.log(`inputs: bench/fleet.ts mixedFleet(n, seed ${SEED})\n`);

  const dir = mkdtempSync(join(tmpdir(), "hostfit-bench-"));
  const rows: [string, string, string][] = [];
  const checks: [string, boolean][] = [];
  try {
    // 1. Library throughput, one core: parsed workloads ranked without what-if (the bulk path).
    const { loadCatalog } = await dist<typeof import("../src/load/catalog.js")>("load/catalog.js");
    const { loadRules } = await dist<typeof import("../src/load/rules.js")>("load/rules.js");
    const { WorkloadSchema } = await dist<typeof import("../src/schema/workload.js")>("schema/workload.js");
    const { recommendWorkload } =
      await dist<typeof import("../src/core/assess/recommend.js")>("core/assess/recommend.js");
    const knowledge = { catalog: loadCatalog(), rules: loadRules() };
    const workloads = mixedFleet(CLI_SIZE, SEED).map((w) => WorkloadSchema.parse(w));
    for (const w of workloads.slice(0, 1000)) recommendWorkload(w, knowledge); // warm-up
    // The best of three passes: the steady state, with the least of what other jobs on a shared host take.
    const passes: number[] = [];
    for (let pass = 0; pass < 3; pass++) {
      const begin = performance.now();
      for (const w of workloads) recommendWorkload(w, knowledge);
      passes.push(workloads.length / ((performance.now() - begin) / 1000));
    }
    const libRate = Math.max(...passes);
    rows.push([
      "library: workloads ranked per second (no what-if, one core)",
      fmt(libRate),
      `${fmt(workloads.length)} workloads, best of 3 passes (${passes.map((r) => fmt(r)).join(", ")})`,
    ]);
    const sample = workloads.slice(0, 200);
    const start = performance.now();
    for (const w of sample) recommendWorkload(w, knowledge, { whatIf: true });
    const whatIfRate = sample.length / ((performance.now() - start) / 1000);
    rows.push(["library: workloads per second with what-if", fmt(whatIfRate), "200 workloads"]);
    checks.push(["library >= 50,000 workloads/s", libRate >= 50_000]);

    // 2. CLI end to end on a YAML file, beside the I/O floor: node parsing the same YAML and writing as much JSON.
    const yamlFile = join(dir, "fleet.yaml");
    writeFileSync(yamlFile, stringify({ workloads: mixedFleet(CLI_SIZE, SEED) }));
    const cliOut = join(dir, "out.json");
    const cli = runNode(["dist/cli/main.js", "recommend", yamlFile, "--no-what-if", "--out", cliOut], dir);
    const outBytes = statSync(cliOut).size;
    const floor = runNode(["bench/io-floor.mjs", yamlFile, join(dir, "floor.json"), String(outBytes)], dir);
    if (floor.status !== 0) throw new Error(`the I/O floor run failed: ${floor.stderr}`);
    const cliRate = CLI_SIZE / cli.seconds;
    rows.push([
      `CLI recommend, ${fmt(CLI_SIZE)} workloads in YAML (--no-what-if)`,
      `${fmt(cli.seconds, 2)} s`,
      `${fmt(cliRate)} workloads/s; ${fmt(outBytes / 1e6, 1)} MB of JSON; exit ${cli.status}`,
    ]);
    rows.push([
      "I/O floor: node parses the same YAML, writes as much JSON",
      `${fmt(floor.seconds, 2)} s`,
      `CLI / floor = ${fmt(cli.seconds / floor.seconds, 2)}x`,
    ]);
    checks.push(["CLI >= 10,000 workloads/s", cliRate >= 10_000]);
    checks.push(["CLI <= 2x the I/O floor", cli.seconds <= 2 * floor.seconds]);

    const ndjsonFile = join(dir, "fleet.ndjson");
    writeFileSync(
      ndjsonFile,
      mixedFleet(CLI_SIZE, SEED)
        .map((w) => JSON.stringify(w))
        .join("\n") + "\n",
    );
    const nd = runNode(
      ["dist/cli/main.js", "recommend", ndjsonFile, "--format", "ndjson", "--out", join(dir, "out.ndjson")],
      dir,
    );
    rows.push([
      `CLI recommend --format ndjson, ${fmt(CLI_SIZE)} lines`,
      `${fmt(nd.seconds, 2)} s`,
      `${fmt(CLI_SIZE / nd.seconds)} workloads/s; peak RSS ${fmt(nd.maxRssMB)} MB; exit ${nd.status}`,
    ]);

    // 2a. Start-up: a small validate beside a bare node, interleaved, median of 5 each (issue 24 aims at 3x).
    const small = join(dir, "three.yaml");
    writeFileSync(small, stringify({ workloads: mixedFleet(3, SEED) }));
    const bare: number[] = [];
    const validate: number[] = [];
    for (let i = 0; i < 5; i++) {
      bare.push(runNode(["-e", "0"], dir).seconds);
      validate.push(runNode(["dist/cli/main.js", "validate", small], dir).seconds);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const startupRatio = median(validate) / median(bare);
    rows.push([
      "start-up: validate of 3 workloads against a bare node (medians of 5)",
      `${fmt(startupRatio, 2)}x`,
      `${fmt(median(validate), 3)} s against ${fmt(median(bare), 3)} s`,
    ]);
    checks.push(["validate of 3 workloads within 3x a bare node start", startupRatio <= 3]);

    // 3. Fleet plans.
    for (const size of PLAN_SIZES) {
      const file = join(dir, `plan-${size}.yaml`);
      writeFileSync(file, stringify({ workloads: mixedFleet(size, SEED) }));
      const run = runNode(["dist/cli/main.js", "plan", file, "--out", join(dir, `plan-${size}.json`)], dir);
      const done = run.status === 0 || run.status === 1;
      rows.push([
        `hostfit plan, ${fmt(size)} workloads`,
        done ? `${fmt(run.seconds, 2)} s` : `did not finish in ${TIMEOUT_MS / 1000} s`,
        `peak RSS ${fmt(run.maxRssMB)} MB; exit ${run.status}`,
      ]);
      if (size === 2_000) checks.push(["plan of 2,000 workloads < 5 s", done && run.seconds < 5]);
    }

    // 3a. How far each kind of fleet plans above its proven lower bound (issue 23 aims at 10%); the varied one is
    // drawn to other shapes than the two the planner was tuned on.
    for (const [label, fleet] of [
      ["mixed", mixedFleet(200, SEED)],
      ["LLM-heavy", llmHeavyFleet(200, SEED)],
      ["varied", variedFleet(200, SEED)],
    ] as const) {
      const file = join(dir, `gap-${label}.yaml`);
      const out = join(dir, `gap-${label}.json`);
      writeFileSync(file, stringify({ workloads: fleet }));
      const run = runNode(["dist/cli/main.js", "plan", file, "--out", out], dir);
      if (run.status !== 0 && run.status !== 1) continue;
      const { totals } = JSON.parse(readFileSync(out, "utf8")) as {
        totals: { monthlyCostUsd: number; lowerBoundMonthlyCostUsd: number };
      };
      const gap = (totals.monthlyCostUsd / totals.lowerBoundMonthlyCostUsd - 1) * 100;
      rows.push([
        `plan of the ${label} fleet (200, seed ${SEED}) above its lower bound`,
        `${fmt(gap, 1)}%`,
        `$${fmt(totals.monthlyCostUsd)} a month against a bound of $${fmt(totals.lowerBoundMonthlyCostUsd)}`,
      ]);
    }

    // 3b. Plans of the uniform small-model fleet, and how their time grows: the least-squares slope of log(time
    // above start-up) against log(size). n log n from 2,000 to 20,000 is a slope of 1.11.
    const planOf = (size: number, label: string): number => {
      const file = join(dir, `uniform-${size}.yaml`);
      writeFileSync(file, stringify({ workloads: uniformFleet(size) }));
      const run = runNode(["dist/cli/main.js", "plan", file, "--out", join(dir, `uniform-${size}.json`)], dir);
      if (label) rows.push([label, `${fmt(run.seconds, 2)} s`, `peak RSS ${fmt(run.maxRssMB)} MB; exit ${run.status}`]);
      return run.seconds;
    };
    const startup = planOf(1, "");
    const uniform = UNIFORM_PLAN_SIZES.map((size) => [
      size,
      planOf(size, `hostfit plan, uniform fleet of ${fmt(size)}`),
    ]);
    const points = uniform.map(([n, t]) => [Math.log(n!), Math.log(Math.max(1e-3, t! - startup))] as const);
    const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [mx, my] = [mean(points.map((p) => p[0])), mean(points.map((p) => p[1]))];
    const slope =
      points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
    rows.push([
      "uniform plan: growth exponent (time above start-up against size)",
      fmt(slope, 2),
      `start-up ${fmt(startup, 2)} s; n log n over this range is 1.11`,
    ]);
    checks.push([`uniform plan grows no faster than n log n (exponent ${fmt(slope, 2)} <= 1.11)`, slope <= 1.11]);

    // 3c. Memory per MB of input, JSON and block YAML of the same workloads.
    const inputRss = (format: "json" | "yaml"): [number, number] => {
      const file = join(dir, `input-${format}.${format}`);
      const doc = { workloads: mixedFleet(INPUT_MEMORY_SIZE, SEED) };
      writeFileSync(file, format === "json" ? JSON.stringify(doc, null, 1) : stringify(doc));
      const run = runNode(["dist/cli/main.js", "validate", file], dir);
      return [run.maxRssMB, statSync(file).size / 1e6];
    };
    const validateBase = runNode(["dist/cli/main.js", "validate", "examples/workloads.yaml"], dir).maxRssMB;
    for (const format of ["yaml", "json"] as const) {
      const [rss, mb] = inputRss(format);
      rows.push([
        `peak RSS per MB of ${format.toUpperCase()} input (validate, ${fmt(INPUT_MEMORY_SIZE)} workloads)`,
        `${fmt((rss - validateBase) / mb, 1)} MB/MB`,
        `${fmt(mb, 1)} MB of input; peak RSS ${fmt(rss)} MB, ${fmt(validateBase)} MB at start-up`,
      ]);
    }

    // 4. Memory against input size: the whole-file JSON path holds the parsed input (the output is written as it is
    // ranked), so it grows with the input, and must grow no faster: peak RSS above a one-workload run, per 1,000
    // workloads, may not rise with size (1.5x allowed for noise). It falls as start-up's share shrinks, which is fine.
    const rssOf = (size: number): number => {
      const file = join(dir, `mem-${size}.yaml`);
      writeFileSync(file, stringify({ workloads: mixedFleet(size, SEED) }));
      return runNode(
        ["dist/cli/main.js", "recommend", file, "--no-what-if", "--out", join(dir, `mem-${size}.json`)],
        dir,
      ).maxRssMB;
    };
    const base = rssOf(1);
    rows.push(["peak RSS, CLI recommend (JSON), 1 workload (start-up)", `${fmt(base)} MB`, ""]);
    const perThousand: number[] = [];
    for (const size of MEMORY_SIZES) {
      const rss = rssOf(size);
      perThousand.push((rss - base) / (size / 1000));
      rows.push([
        `peak RSS, CLI recommend (JSON), ${fmt(size)} workloads`,
        `${fmt(rss)} MB`,
        `${fmt(perThousand.at(-1)!, 1)} MB per 1,000 workloads above start-up`,
      ]);
    }
    const growth = perThousand.at(-1)! / perThousand[0]!;
    checks.push([
      `memory linear in input (MB per 1,000 workloads at ${fmt(MEMORY_SIZES.at(-1)!)} / at ${fmt(MEMORY_SIZES[0])}: ${fmt(growth, 2)}x, at most 1.5x; ndjson flat)`,
      growth <= 1.5,
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  console.log("| measure | value | notes |\n|---|---:|---|");
  for (const [a, b, c] of rows) console.log(`| ${a} | ${b} | ${c} |`);
  console.log("\n| target | met |\n|---|---|");
  for (const [name, met] of checks) console.log(`| ${name} | ${met ? "yes" : "**no**"} |`);
  console.log(
    `\nload average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
}

await main();
