import { parseArgs } from "node:util";
import { OPTION_IDS, PROFILE_IDS, type OptionId, type ProfileId } from "../schema/ids.js";
import { suggest } from "../load/suggest.js";

export const COMMANDS = ["recommend", "plan", "validate", "schema", "catalog", "deploy", "measured"] as const;
export type Command = (typeof COMMANDS)[number];
export const FORMATS = ["json", "table", "markdown", "html", "ndjson"] as const;
/** `hostfit deploy` prints JSON or a script of AWS CLI commands. */
export const DEPLOY_FORMATS = ["json", "cli"] as const;
export type Format = (typeof FORMATS)[number] | (typeof DEPLOY_FORMATS)[number];

export interface Args {
  readonly command: Command;
  readonly positionals: readonly string[];
  readonly format: Format;
  readonly profile?: ProfileId;
  readonly catalog?: string;
  readonly rules?: string;
  readonly out?: string;
  /** A folder to write each workload's spider chart to, as <workload>.svg. */
  readonly charts?: string;
  /** deploy: the workload to deploy, and the option (default: its recommendation). */
  readonly workload?: string;
  readonly option?: OptionId;
  /** catalog import: the AWS Price List offer file to read. */
  readonly pricing?: string;
  /** catalog check: flag prices older than this many days. */
  readonly maxAgeDays?: number;
  readonly verbose: boolean;
  /**
   * Compute sensitivity, break-even and cost curves: true with --what-if, false with --no-what-if, undefined
   * for the default (on, except for ndjson and files of more than WHAT_IF_MAX_DEFAULT workloads).
   */
  readonly whatIf?: boolean;
  readonly help: boolean;
  /** Whether --format was given: without it, a terminal gets a table (see `main`). */
  readonly formatGiven?: boolean;
  /** `--version` / `-V`: print the package's version and stop. */
  readonly version?: boolean;
}

export class UsageError extends Error {}

/** Above this many workloads, recommend skips the what-if analysis unless --what-if asks for it. */
export const WHAT_IF_MAX_DEFAULT = 1000;

export const USAGE = `Usage:
  hostfit recommend <file|-> [--format json|table|markdown|html|ndjson] [--profile ID] [--catalog PATH] [--rules PATH] [--out FILE] [--charts DIR] [--what-if|--no-what-if]
  hostfit plan <file|-> [--format json|table|markdown|html] [--out FILE]   fleet onto shared endpoints
  hostfit validate <file|->          schema and reference checks only
  hostfit schema [workload|output]   JSON Schema of the workload file or of the output
  hostfit deploy <file|-> --workload NAME [--option ID] [--format json|cli]   AWS API requests for the placement
  hostfit catalog [list|check|import] [--catalog PATH] [--max-age-days N] [--pricing FILE]
  hostfit measured <job.json|-> [--out FILE]   Inference Recommender job result as measured: rows
  hostfit --version | --help

Exit codes: 0 every workload ranked; 1 some workload invalid or infeasible; 2 the run could not happen.`;

/** The flags each command reads, besides --verbose and --help: any other is refused rather than ignored. */
const COMMAND_FLAGS: Record<Command, readonly string[]> = {
  recommend: ["format", "profile", "catalog", "rules", "out", "charts", "what-if", "no-what-if"],
  plan: ["format", "catalog", "rules", "out"],
  validate: ["catalog", "rules"],
  schema: ["out"],
  deploy: ["format", "profile", "catalog", "rules", "out", "workload", "option"],
  catalog: ["catalog", "out", "max-age-days", "pricing"],
  measured: ["out"],
};

const OPTIONS = {
  format: { type: "string" },
  profile: { type: "string" },
  catalog: { type: "string" },
  rules: { type: "string" },
  out: { type: "string" },
  charts: { type: "string" },
  workload: { type: "string" },
  option: { type: "string" },
  pricing: { type: "string" },
  "max-age-days": { type: "string" },
  verbose: { type: "boolean", default: false },
  "no-what-if": { type: "boolean", default: false },
  "what-if": { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
  version: { type: "boolean", short: "V", default: false },
} as const;

// Node's message for an unknown flag, made to read as the others do: the flag, and the closest one it takes.
function parseError(error: Error & { code?: string }): string {
  const unknown =
    error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? /'(-{1,2}[^']+)'/.exec(error.message)?.[1] : undefined;
  if (unknown === undefined) return error.message.split("\n")[0]!;
  const flags = Object.keys(OPTIONS).map((f) => `--${f}`);
  return `unknown flag ${unknown}: ${suggest(unknown, flags)}`;
}

/** Parses argv strictly: unknown flags, commands and values are usage errors with a suggestion. */
export function parseCommandLine(argv: readonly string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: OPTIONS,
    });
  } catch (error) {
    throw new UsageError(parseError(error as Error & { code?: string }));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version)
    return { command: "recommend", positionals: [], format: "json", verbose: false, help: false, version: true };
  if (values.help && command === undefined)
    return { command: "recommend", positionals: [], format: "json", verbose: false, help: true };
  if (command === undefined) throw new UsageError("missing command");
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new UsageError(`unknown command "${command}": ${suggest(command, COMMANDS)}`);
  const maxPositionals = 1; // every command takes at most one: the file, the schema or the catalog subcommand
  if (rest.length > maxPositionals)
    throw new UsageError(`unexpected argument "${rest[maxPositionals]}" after ${command}`);
  const accepted = COMMAND_FLAGS[command as Command];
  for (const [flag, value] of Object.entries(values)) {
    if (
      value === undefined ||
      value === false ||
      flag === "verbose" ||
      flag === "help" ||
      flag === "version" ||
      accepted.includes(flag)
    )
      continue;
    throw new UsageError(
      `--${flag} does not apply to ${command}${accepted.length > 0 ? ` (it takes ${accepted.map((f) => `--${f}`).join(", ")})` : ""}`,
    );
  }
  const format = values.format ?? "json";
  const formats: readonly string[] = command === "deploy" ? DEPLOY_FORMATS : FORMATS;
  if (!formats.includes(format)) throw new UsageError(`unknown format "${format}": ${suggest(format, formats)}`);
  if (format === "ndjson" && command !== "recommend")
    throw new UsageError(`--format ndjson is for recommend only (JSON Lines in, JSON Lines out)`);
  if (format === "ndjson" && values.charts)
    throw new UsageError("--charts needs the whole output; it does not go with --format ndjson");
  if (values["what-if"] && values["no-what-if"])
    throw new UsageError("--what-if and --no-what-if contradict each other; pass one");
  const option = values.option;
  if (option !== undefined && !(OPTION_IDS as readonly string[]).includes(option))
    throw new UsageError(`unknown option "${option}": ${suggest(option, OPTION_IDS)}`);
  const maxAge = values["max-age-days"];
  if (maxAge !== undefined && !/^\d+$/.test(maxAge))
    throw new UsageError(`--max-age-days must be a whole number of days, got "${maxAge}"`);
  const profile = values.profile;
  if (profile !== undefined && !(PROFILE_IDS as readonly string[]).includes(profile))
    throw new UsageError(`unknown profile "${profile}": ${suggest(profile, PROFILE_IDS)}`);
  return {
    command: command as Command,
    positionals: rest,
    format: format as Format,
    formatGiven: values.format !== undefined,
    ...(profile ? { profile: profile as ProfileId } : {}),
    ...(values.catalog ? { catalog: values.catalog } : {}),
    ...(values.rules ? { rules: values.rules } : {}),
    ...(values.out ? { out: values.out } : {}),
    ...(values.workload !== undefined ? { workload: values.workload } : {}),
    ...(option ? { option: option as OptionId } : {}),
    ...(values.pricing ? { pricing: values.pricing } : {}),
    ...(maxAge !== undefined ? { maxAgeDays: Number(maxAge) } : {}),
    ...(values.charts ? { charts: values.charts } : {}),
    verbose: values.verbose ?? false,
    ...(values["what-if"] ? { whatIf: true } : values["no-what-if"] ? { whatIf: false } : {}),
    help: values.help ?? false,
  };
}
