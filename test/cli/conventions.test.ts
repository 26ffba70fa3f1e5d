/**
 * The CLI conventions of issue 24 as a user meets them: help per command, shell completion run in a real bash,
 * a config file found from the working folder up, and the JSON Schemas the package ships.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { COMMAND_SPECS, COMMANDS, FLAGS } from "../../src/cli/flags.js";
import { hostfit, ROOT, spawnCli } from "./run-cli.js";

const FEASIBLE = join(ROOT, "test/fixtures/feasible.yaml");
const tmp = mkdtempSync(join(tmpdir(), "hostfit-conventions-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.concurrent("help", () => {
  test("help <command> and <command> --help print the same page: every flag with what it does", async () => {
    // `hostfit help --help` is the usage, as `hostfit --help` is.
    for (const command of COMMANDS.filter((c) => c !== "help")) {
      const [viaHelp, viaFlag] = await Promise.all([hostfit(["help", command]), hostfit([command, "--help"])]);
      expect(viaHelp).toEqual(viaFlag);
      expect({ status: viaHelp.status, stderr: viaHelp.stderr }).toEqual({ status: 0, stderr: "" });
      expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: hostfit ${command}`));
      for (const flag of [...COMMAND_SPECS[command].flags, "config", "verbose", "help"])
        expect(viaHelp.stdout).toContain(`--${flag}`);
    }
  });

  test("a flag's help gives its values where they are a set", async () => {
    const run = await hostfit(["help", "deploy"]);
    expect(run.stdout).toMatch(
      /--option ID\s+the hosting option to deploy \(default: the recommended one\): serverless,/,
    );
    expect(run.stdout).toContain("--format json|cli");
  });

  test("help for a command that does not exist: exit 2 and the closest one", async () => {
    const run = await hostfit(["help", "recomend"]);
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: "" });
    expect(run.stderr).toContain('✖ unknown command "recomend": did you mean "recommend"?');
  });
});

describe.concurrent("completion", () => {
  // Completes `words` (the last one being typed) in a real bash with the generated script loaded.
  function complete(script: string, words: string[]): string[] {
    const file = join(tmp, `completion-${Math.random().toString(36).slice(2)}.bash`);
    writeFileSync(file, script);
    const array = words.map((w) => `'${w}'`).join(" ");
    const out = execFileSync(
      "bash",
      [
        "-c",
        `source '${file}'; COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _hostfit; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { encoding: "utf8", cwd: tmp },
    );
    return out.split("\n").filter((l) => l !== "");
  }

  test("bash: commands, a command's flags, a flag's values, subcommands; exit 0", async () => {
    const run = await hostfit(["completion", "bash"]);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(complete(run.stdout, ["hostfit", "re"])).toEqual(["recommend"]);
    expect(complete(run.stdout, ["hostfit", "recommend", "x.yaml", "--no"])).toEqual(["--no-what-if"]);
    expect(complete(run.stdout, ["hostfit", "plan", "x.yaml", "--format", ""])).toEqual([
      "json",
      "table",
      "markdown",
      "html",
    ]);
    expect(complete(run.stdout, ["hostfit", "deploy", "x.yaml", "--option", "inf"])).toEqual(["inference-components"]);
    expect(complete(run.stdout, ["hostfit", "catalog", ""])).toEqual(["list", "check", "import"]);
    // validate takes no --out, so it is not offered.
    expect(complete(run.stdout, ["hostfit", "validate", "x.yaml", "--o"])).toEqual([]);
  });

  test("zsh loads the bash completion through bashcompinit; fish gets one line per flag", async () => {
    const [zsh, fish] = await Promise.all([hostfit(["completion", "zsh"]), hostfit(["completion", "fish"])]);
    expect(zsh.stdout).toContain("autoload -U +X bashcompinit && bashcompinit");
    expect(zsh.stdout).toContain("complete -o filenames -F _hostfit hostfit");
    for (const flag of Object.keys(FLAGS).filter((f) => f !== "version"))
      expect(fish.stdout).toMatch(
        new RegExp(`complete -c hostfit -n '__fish_seen_subcommand_from \\w+' -l ${flag}\\b`),
      );
  });

  test("an unknown shell: exit 2 and the closest one", async () => {
    const run = await hostfit(["completion", "bsh"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('✖ unknown shell "bsh": did you mean "bash"?');
  });
});

describe("hostfit.config.yaml", () => {
  // Runs hostfit in `cwd` (a new process: the config is read from the working folder up).
  function inFolder(cwd: string, args: string[]) {
    return execFileSync(process.execPath, [join(ROOT, "dist/cli/main.js"), ...args], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  }

  test("found in a folder above: its profile, format and rules apply; the command line wins", () => {
    const project = join(tmp, "project");
    mkdirSync(join(project, "deep", "er"), { recursive: true });
    cpSync(join(ROOT, "rules"), join(project, "my-rules"), { recursive: true });
    writeFileSync(join(project, "hostfit.config.yaml"), "profile: cost-first\nformat: markdown\nrules: my-rules\n");
    const here = join(project, "deep", "er");
    expect(inFolder(here, ["recommend", FEASIBLE, "--no-what-if"])).toMatch(/^# hostfit recommendations/);
    // The profile is seen in the scores: as --profile cost-first gives them, until --profile says otherwise.
    const json = (extra: string[]) =>
      inFolder(here, ["recommend", FEASIBLE, "--no-what-if", "--format", "json", ...extra]);
    const configured = json([]);
    expect(configured).toBe(inFolder(ROOT, ["recommend", FEASIBLE, "--no-what-if", "--profile", "cost-first"]));
    expect(json(["--profile", "balanced"])).toBe(inFolder(ROOT, ["recommend", FEASIBLE, "--no-what-if"]));
    expect(json(["--profile", "balanced"])).not.toBe(configured);
  });

  test("help, completion and --version answer beside a broken config; a command does not", () => {
    const broken = join(tmp, "broken");
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, "hostfit.config.yaml"), "profil: cost-first\n");
    for (const args of [["help"], ["help", "plan"], ["plan", "--help"], ["completion", "bash"], ["--version"]])
      expect(() => inFolder(broken, args)).not.toThrow();
    expect(() => inFolder(broken, ["validate", FEASIBLE])).toThrow(/profil/);
  });

  test("an empty one, or one of comments only, sets nothing", () => {
    const empty = join(tmp, "empty");
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, "hostfit.config.yaml"), "# settings to come\n\n");
    expect(inFolder(empty, ["recommend", FEASIBLE, "--no-what-if"])).toBe(
      inFolder(ROOT, ["recommend", FEASIBLE, "--no-what-if"]),
    );
  });

  test("a mistake in it: exit 2, the file, line and column, and the closest key", async () => {
    const file = join(tmp, "bad.config.yaml");
    writeFileSync(file, "format: table\nprofil: cost-first\n");
    const run = await spawnCli(["validate", FEASIBLE, "--config", file]);
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: "" });
    expect(run.stderr).toContain(`(${file}:2:1)`);
    expect(run.stderr).toContain('did you mean "profile"?');
  });
});

describe.concurrent("the JSON Schemas the package ships", () => {
  test.each(["workload", "output"])("schema/%s.json is what `hostfit schema` prints for it", async (which) => {
    const run = await hostfit(["schema", which]);
    expect(readFileSync(join(ROOT, "schema", `${which}.json`), "utf8")).toBe(run.stdout);
  });
});

describe.concurrent("input rough edges: one clear message, in the order of the file", () => {
  test("a YAML file given to --format ndjson: one issue, exit 2, nothing on stdout (it was one per line)", async () => {
    const byName = await hostfit(["recommend", "examples/workloads.yaml", "--format", "ndjson"]);
    expect(byName).toEqual({
      status: 2,
      stdout: "",
      stderr: [
        "✖ examples/workloads.yaml is YAML, and --format ndjson reads JSON Lines (one workload object a line)",
        "  → at examples/workloads.yaml",
        "  hint: drop --format ndjson: a YAML file takes json, table, markdown or html",
        "",
      ].join("\n"),
    });
    const piped = await hostfit(
      ["recommend", "-", "--format", "ndjson"],
      readFileSync(join(ROOT, "examples/workloads.yaml"), "utf8"),
    );
    expect({ status: piped.status, stdout: piped.stdout }).toEqual({ status: 2, stdout: "" });
    expect(piped.stderr.match(/✖/g)).toHaveLength(1);
    expect(piped.stderr).toContain("→ at <stdin>:1:1");
  });

  test("one workload without `workloads:`: one issue saying how to list it (it was one per field)", async () => {
    const file = join(tmp, "single.yaml");
    writeFileSync(
      file,
      "name: w\nmodel: { parameters: 5M, kind: tabular }\npayload: 2KB\nlatency: 1s\nisolation: shared\ntraffic: { pattern: steady, requestsPerDay: 1000 }\n",
    );
    expect(await hostfit(["validate", file])).toEqual({
      status: 1,
      stdout: "",
      stderr: [
        "✖ this file holds one workload at its top level; a workload file lists them under `workloads:`",
        `  → at ${file}:1:1`,
        "  hint: put `workloads:` on the first line and the workload under it as a list item (`  - name: ...`)",
        "0 of 0 workloads valid",
        "",
      ].join("\n"),
    });
  });

  test("issues are listed by line, whatever order the schema checks fields in", async () => {
    const file = join(tmp, "order.yaml");
    writeFileSync(
      file,
      [
        "workloads:",
        "  - name: w",
        "    traffic: { pattern: steady, requestsPerDay: -5 }",
        "    isolation: sharred",
        "    latency: 1s",
        "    payload: 2KB",
        "    model: { parameters: 5 parsecs }",
        "",
      ].join("\n"),
    );
    const run = await hostfit(["validate", file]);
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 1, stdout: "" });
    const lines = [...run.stderr.matchAll(/order\.yaml:(\d+):\d+\)/g)].map((m) => Number(m[1]));
    expect(lines).toEqual([3, 4, 7]);
  });
});
