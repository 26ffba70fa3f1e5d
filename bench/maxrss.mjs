// Preloaded into benchmarked child processes (node --import): writes the process's peak RSS (KB) to the file
// named by BENCH_MAXRSS_FILE when it exits, so the benchmark reads memory without an external `time`.
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_MAXRSS_FILE;
if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
