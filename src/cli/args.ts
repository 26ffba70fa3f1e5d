import { parseArgs } from "node:util";
import { PROFILE_IDS, type ProfileId } from "../schema/ids.js";
import { suggest } from "../load/suggest.js";

export const COMMANDS = ["recommend", "validate", "schema", "catalog"] as const;
export type Command = (typeof COMMANDS)[number];
export const FORMATS = ["json", "table", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

export interface Args {
  readonly command: Command;
  readonly positionals: readonly string[];
  readonly format: Format;
  readonly profile?: ProfileId;
  readonly catalog?: string;
  readonly rules?: string;
  readonly out?: string;
  readonly verbose: boolean;
  /** Compute sensitivity, break-even and cost curves (on unless --no-what-if). */
  readonly whatIf: boolean;
  readonly help: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage:
  hostfit recommend <file|-> [--format json|table|markdown] [--profile ID] [--catalog PATH] [--rules PATH] [--out FILE] [--no-what-if]
  hostfit validate <file|->          schema and reference checks only
  hostfit schema [workload|output]   JSON Schema of the workload file or of the output
  hostfit catalog [list|check] [--catalog PATH]

Exit codes: 0 every workload ranked; 1 some workload invalid or infeasible; 2 the run could not happen.`;

/** Parses argv strictly: unknown flags, commands and values are usage errors with a suggestion. */
export function parseCommandLine(argv: readonly string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string" },
        profile: { type: "string" },
        catalog: { type: "string" },
        rules: { type: "string" },
        out: { type: "string" },
        verbose: { type: "boolean", default: false },
        "no-what-if": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help && command === undefined) return { command: "recommend", positionals: [], format: "json", verbose: false, whatIf: true, help: true };
  if (command === undefined) throw new UsageError("missing command");
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command "${command}": ${suggest(command, COMMANDS)}`);
  const maxPositionals = 1; // every command takes at most one: the file, the schema or the catalog subcommand
  if (rest.length > maxPositionals) throw new UsageError(`unexpected argument "${rest[maxPositionals]}" after ${command}`);
  const format = values.format ?? "json";
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}": ${suggest(format, FORMATS)}`);
  const profile = values.profile;
  if (profile !== undefined && !(PROFILE_IDS as readonly string[]).includes(profile)) throw new UsageError(`unknown profile "${profile}": ${suggest(profile, PROFILE_IDS)}`);
  return {
    command: command as Command,
    positionals: rest,
    format: format as Format,
    ...(profile ? { profile: profile as ProfileId } : {}),
    ...(values.catalog ? { catalog: values.catalog } : {}),
    ...(values.rules ? { rules: values.rules } : {}),
    ...(values.out ? { out: values.out } : {}),
    verbose: values.verbose ?? false,
    whatIf: !values["no-what-if"],
    help: values.help ?? false,
  };
}
