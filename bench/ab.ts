/**
 * `npx tsx bench/ab.ts A_DIST B_DIST`: the library's speed on two builds (dist folders, say of two commits'
 * worktrees) in one process, passes alternating, so a busy shared host slows both alike. Prints the best and
 * median microseconds a workload and B's ratio to A. Each build loads its own rules and catalog (`../rules` and
 * `../catalog` beside its dist, as the package does).
 */
import { pathToFileURL } from "node:url";
import { mixedFleet } from "./fleet.js";

const SIZE = 10_000;
const PASSES = 10;

type Ranker = () => number;

// The recommend module's path moved with the December 2026 layout; either is found.
async function ranker(dist: string): Promise<Ranker> {
  const load = (path: string) => import(pathToFileURL(`${dist}/${path}`).href) as Promise<unknown>;
  const { loadCatalog } = (await load("load/catalog.js")) as { loadCatalog: () => unknown };
  const { loadRules } = (await load("load/rules.js")) as { loadRules: () => unknown };
  const { WorkloadSchema } = (await load("schema/workload.js")) as {
    WorkloadSchema: { parse: (w: unknown) => unknown };
  };
  const module = await load("core/assess/recommend.js").catch(() => load("core/recommend.js"));
  const { recommendWorkload } = module as { recommendWorkload: (w: unknown, k: unknown) => unknown };
  const knowledge = { catalog: loadCatalog(), rules: loadRules() };
  const workloads = mixedFleet(SIZE, 42).map((w) => WorkloadSchema.parse(w));
  return () => {
    const start = performance.now();
    for (const w of workloads) recommendWorkload(w, knowledge);
    return ((performance.now() - start) / workloads.length) * 1000;
  };
}

const [aDir, bDir] = process.argv.slice(2);
if (!aDir || !bDir) throw new Error("usage: npx tsx bench/ab.ts A_DIST B_DIST");
const a = await ranker(aDir);
const b = await ranker(bDir);
a();
b();
const times: [number[], number[]] = [[], []];
for (let pass = 0; pass < PASSES; pass++) {
  times[0].push(a());
  times[1].push(b());
}
const median = (x: number[]) => [...x].sort((p, q) => p - q)[x.length >> 1]!;
const [ta, tb] = times;
console.log(
  `A best ${Math.min(...ta).toFixed(1)} µs, median ${median(ta).toFixed(1)}; ` +
    `B best ${Math.min(...tb).toFixed(1)} µs, median ${median(tb).toFixed(1)}; ` +
    `B/A best ${(Math.min(...tb) / Math.min(...ta)).toFixed(3)}, median ${(median(tb) / median(ta)).toFixed(3)}`,
);
