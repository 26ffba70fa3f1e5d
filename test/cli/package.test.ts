/**
 * The package as a consumer installs it: `npm pack`'s tarball unpacked into an empty project beside only its
 * runtime dependencies and TypeScript (linked from this repository's node_modules: no network), then a strict
 * `tsc` with `skipLibCheck: false` over code that uses the public types, and the installed bin.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT } from "./run-cli.js";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "hostfit-consumer-"));
  // dist/ is built by the suite's global setup; prepack would only build it again.
  const [packed] = JSON.parse(
    execFileSync(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", project], {
      cwd: ROOT,
      encoding: "utf8",
    }),
  ) as { filename: string }[];
  const modules = join(project, "node_modules");
  mkdirSync(join(modules, "hostfit"), { recursive: true });
  execFileSync("tar", [
    "-xzf",
    join(project, packed!.filename),
    "-C",
    join(modules, "hostfit"),
    "--strip-components=1",
  ]);
  const { dependencies } = createRequire(import.meta.url)(join(ROOT, "package.json")) as {
    dependencies: Record<string, string>;
  };
  for (const name of [...Object.keys(dependencies), "typescript"])
    symlinkSync(join(ROOT, "node_modules", name), join(modules, name), "dir");
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        module: "NodeNext",
        moduleResolution: "NodeNext",
        target: "ES2022",
        noEmit: true,
        types: [],
      },
      include: ["index.ts"],
    }),
  );
}, 60_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("the packed package in a fresh project", () => {
  test("a strict tsc without skipLibCheck compiles code using the public types", () => {
    writeFileSync(
      join(project, "index.ts"),
      [
        'import { deploymentRequests, recommend, type DeployRequest, type RankedResult, type WorkloadInput } from "hostfit";',
        "const workload: WorkloadInput = {",
        '  name: "w",',
        '  model: { parameters: "100M", kind: "encoder" },',
        '  payload: { request: "2KB", response: "1KB" },',
        '  latency: "200ms",',
        '  isolation: "shared",',
        '  traffic: { pattern: "steady", requestsPerDay: 1000 },',
        "};",
        "const result: RankedResult = recommend(workload);",
        "const requests: readonly DeployRequest[] = deploymentRequests(result).requests;",
        'const names: string[] = requests.flatMap((r) => (r.operation === "CreateModel" ? [r.input.ModelName] : []));',
        "console.log(result.recommendation, names.length);",
        "",
      ].join("\n"),
    );
    const tsc = join(project, "node_modules", "typescript", "bin", "tsc");
    let output = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", project], { cwd: project, encoding: "utf8" });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe("");
  });

  test("the installed bin prints the version", () => {
    const version = execFileSync(
      process.execPath,
      [join(project, "node_modules", "hostfit", "dist", "cli", "main.js"), "--version"],
      {
        cwd: project,
        encoding: "utf8",
      },
    );
    const { version: expected } = createRequire(import.meta.url)(join(ROOT, "package.json")) as { version: string };
    expect(version.trim()).toBe(expected);
  });

  test("the installed bin writes the explorer page with its bundled script (issue 26)", () => {
    const page = execFileSync(
      process.execPath,
      [
        join(project, "node_modules", "hostfit", "dist", "cli", "main.js"),
        "explore",
        join(ROOT, "examples/workloads.yaml"),
      ],
      { cwd: project, encoding: "utf8" },
    );
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect(page).toContain('<script type="application/json" id="hostfit-data">');
    expect(page.length).toBeGreaterThan(200_000);
  });
});
