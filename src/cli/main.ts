#!/usr/bin/env node
import { readFileSync, realpathSync } from "node:fs";
import { isatty } from "node:tty";
import { fileURLToPath } from "node:url";
import { HostfitError } from "../schema/errors.js";
import { parseCommandLine, USAGE, UsageError, type Args } from "./args.js";
import { applyConfig } from "./config.js";
import { COMMANDS as COMMAND_NAMES, commandHelp } from "./flags.js";
import { suggest } from "../load/suggest.js";
import { EXIT } from "./exit-codes.js";
import { printIssues, readBounded, refuseInputAsOutput, type Io, type Streams } from "./io.js";
import { progressRenderer } from "./progress.js";
import { OutputClosed, writeAll } from "./output.js";

export type { Io, Streams } from "./io.js";

type Command = (args: Args, io: Io) => number | Promise<number>;

// Each command's module loads when it runs: validate never loads the engine, the rules or mathjs.
// `recommend --format html --interactive` writes the explorer page, as `explore` does.
const COMMANDS: Record<Args["command"], (args: Args) => Promise<Command>> = {
  recommend: async (args) =>
    args.interactive
      ? (await import("./commands/explore.js")).exploreCommand
      : (await import("./commands/recommend.js")).recommendCommand,
  explore: async () => (await import("./commands/explore.js")).exploreCommand,
  validate: async () => (await import("./commands/validate.js")).validateCommand,
  plan: async () => (await import("./commands/plan.js")).planCommand,
  audit: async () => (await import("./commands/audit.js")).auditCommand,
  deploy: async () => (await import("./commands/deploy.js")).deployCommand,
  catalog: async () => (await import("./commands/catalog.js")).catalogCommand,
  measured: async () => (await import("./commands/measured.js")).measuredCommand,
  schema: async () => (await import("./commands/schema.js")).schemaCommand,
  help: async () => helpCommand,
  completion: async () => (await import("./completion.js")).completionCommand,
};

/** `hostfit help [command]`: the usage, or one command's flags. */
function helpCommand(args: Args, io: Io): number {
  const command = args.positionals[0] as Args["command"] | undefined;
  if (command !== undefined && !(COMMAND_NAMES as readonly string[]).includes(command))
    throw new UsageError(`unknown command "${command}": ${suggest(command, COMMAND_NAMES)}`);
  io.stdout(`${command === undefined || command === "help" ? USAGE : commandHelp(command)}\n`);
  return EXIT.ok;
}

// Reports an error the way every command does: usage errors with the usage, issues one per line, anything else
// as an internal error with its stack only under --verbose.
function failure(error: unknown, args: Args | undefined, argv: readonly string[], io: Io): number {
  if (error instanceof UsageError) {
    io.stderr(`✖ ${error.message}\n\n${USAGE}\n`);
    return EXIT.cannotRun;
  }
  if (error instanceof HostfitError) {
    printIssues(error.issues, io);
    return EXIT.cannotRun;
  }
  // The reader took what it wanted (`| head`); there is nobody left to tell anything.
  if (error instanceof OutputClosed) return EXIT.ok;
  io.stderr(`✖ internal error: ${(error as Error).message}\n`);
  if (args?.verbose || argv.includes("--verbose")) io.stderr(`${(error as Error).stack ?? ""}\n`);
  else io.stderr("  run again with --verbose for details\n");
  return EXIT.cannotRun;
}

// The version of the package this file belongs to (dist/cli/main.js and src/cli/main.ts sit two levels down).
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/**
 * A person at a terminal reads recommend, plan and audit as a table; a pipe or a file (`--out`) gets JSON, the contract.
 * An explicit --format always wins.
 */
function forReader(args: Args, io: Io): Args {
  const human = !args.formatGiven && !args.out && !args.charts && io.stdoutIsTerminal === true;
  const tabled = args.command === "recommend" || args.command === "plan" || args.command === "audit";
  return human && tabled ? { ...args, format: "table" } : args;
}

/** Runs the CLI on argv and returns the exit code; all output goes through `io`. */
export function main(argv: readonly string[], io: Io): Promise<number> {
  return run(argv, io);
}

/** Runs the CLI like {@link main}, and also the streamed `--format ndjson`, which reads and writes `streams`. */
export function cli(argv: readonly string[], io: Io, streams: Streams): Promise<number> {
  return run(argv, io, streams);
}

// One run: parse, answer --version and --help, apply the config file, then the command (streamed with `streams`).
async function run(argv: readonly string[], io: Io, streams?: Streams): Promise<number> {
  let args: Args | undefined;
  try {
    args = parseCommandLine(argv);
    if (args.version) {
      io.stdout(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    // `hostfit <command> --help` is that command's help; `hostfit --help` the usage.
    if (args.help)
      return helpCommand({ ...args, positionals: args.command === "help" ? args.positionals : [args.command] }, io);
    // Help and completion answer the same anywhere: a config file (even a broken one) does not reach them.
    if (args.command !== "help" && args.command !== "completion") args = applyConfig(args);
    if (args.format === "ndjson") {
      if (!streams) throw new UsageError("--format ndjson streams; run it through cli(), as the hostfit command does");
      refuseInputAsOutput(args);
      const { recommendStreamed } = await import("./commands/recommend.js");
      return await recommendStreamed(args, io, streams);
    }
    args = forReader(args, io);
    refuseInputAsOutput(args);
    const command = await COMMANDS[args.command](args);
    return await command(args, io);
  } catch (error) {
    return failure(error, args, argv, io);
  }
}

// Run as the program (not imported): the script node was given is this file, through whatever symlink (npm's
// bin link, under any name) and whatever characters its path holds (`#`, spaces).
function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
if (invokedDirectly()) {
  const io: Io = {
    stdout: (t) => writeAll(1, t),
    stderr: (t) => process.stderr.write(t),
    progress: progressRenderer(process.stderr),
    stdoutIsTerminal: isatty(1),
    readStdin: (limit) => readBounded(0, limit),
  };
  // Read only when a streamed run asks: making process.stdout turns descriptor 1 non-blocking, for writeAll too.
  const streams: Streams = {
    get stdin() {
      return process.stdin;
    },
    get stdout() {
      return process.stdout;
    },
  };
  process.exitCode = await cli(process.argv.slice(2), io, streams);
}
