import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** Builds dist/ (and the explorer page's bundle) once before the suite, so the CLI tests spawn the same JavaScript users run. */
export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  execFileSync(process.execPath, ["scripts/precompile-expressions.mjs"], { cwd: root, stdio: "inherit" });
  execFileSync(process.execPath, ["scripts/build-explorer.mjs"], { cwd: root, stdio: "inherit" });
}
