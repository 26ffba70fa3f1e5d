import { parseArgs } from "node:util";
import {
  COMMITMENTS,
  OPTION_IDS,
  PROFILE_IDS,
  RegionSchema,
  type Commitment,
  type OptionId,
  type ProfileId,
} from "../schema/ids.js";
import { suggest } from "../load/suggest.js";
import {
  COMMAND_SPECS,
  COMMANDS,
  COMMON_FLAGS,
  DEPLOY_FORMATS,
  FLAGS,
  FORMATS,
  type Command,
  type Flag,
} from "./flags.js";

export { COMMANDS, DEPLOY_FORMATS, FORMATS, USAGE, type Command } from "./flags.js";
export type Format = (typeof FORMATS)[number] | (typeof DEPLOY_FORMATS)[number];

export interface Args {
  readonly command: Command;
  readonly positionals: readonly string[];
  readonly format: Format;
  readonly profile?: ProfileId;
  readonly catalog?: string;
  readonly rules?: string;
  /** The account's Service Quotas listing, which placements keep within. */
  readonly quotas?: string;
  readonly out?: string;
  /** A folder to write each workload's spider chart to, as <workload>.svg. */
  readonly charts?: string;
  /** deploy: the workload to deploy, and the option (default: its recommendation). */
  readonly workload?: string;
  readonly option?: OptionId;
  /** audit: the account's describe-* JSON (a folder or one file), and a CloudWatch export of its traffic. */
  readonly account?: string;
  readonly metrics?: string;
  /** catalog import: the AWS Price List offer file to read. */
  readonly pricing?: string;
  /** catalog import: the AWS Price List Savings Plans file (AWSMachineLearningSavingsPlans) to read. */
  readonly savingsPlans?: string;
  /** The Region whose imported prices a run uses; catalog import: the Region to import. */
  readonly region?: string;
  /** The commitment every workload is priced at (overrides each workload's own). */
  readonly commitment?: Commitment;
  /** catalog check: flag prices older than this many days. */
  readonly maxAgeDays?: number;
  readonly verbose: boolean;
  /**
   * Compute sensitivity, break-even and cost curves: true with --what-if, false with --no-what-if, undefined
   * for the default (on, except for ndjson and files of more than WHAT_IF_MAX_DEFAULT workloads).
   */
  readonly whatIf?: boolean;
  /** recommend --format html --interactive: the explorer page instead of the static report. */
  readonly interactive?: boolean;
  readonly help: boolean;
  /** Whether --format was given: without it, a terminal gets a table (see `main`). */
  readonly formatGiven?: boolean;
  /** `--version` / `-V`: print the package's version and stop. */
  readonly version?: boolean;
  /** `--config FILE`: the config file to read instead of the nearest hostfit.config.yaml. */
  readonly config?: string;
}

export class UsageError extends Error {}

/** Above this many workloads, recommend skips the what-if analysis unless --what-if asks for it. */
export const WHAT_IF_MAX_DEFAULT = 1000;

// node:util's parseArgs options, from the one flag table.
const OPTIONS = Object.fromEntries(
  Object.entries(FLAGS).map(([name, spec]) => [
    name,
    {
      type: spec.type,
      ...("short" in spec ? { short: spec.short } : {}),
      ...(spec.type === "boolean" ? { default: false } : {}),
    },
  ]),
) as { [K in Flag]: { type: (typeof FLAGS)[K]["type"] } };

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
    return { command: "help", positionals: [], format: "json", verbose: false, help: true };
  if (command === undefined) throw new UsageError("missing command");
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new UsageError(`unknown command "${command}": ${suggest(command, COMMANDS)}`);
  const spec = COMMAND_SPECS[command as Command];
  const maxPositionals = 1; // every command takes at most one: the file, the schema or the catalog subcommand
  if (rest.length > maxPositionals)
    throw new UsageError(`unexpected argument "${rest[maxPositionals]}" after ${command}`);
  const accepted: readonly string[] = [...spec.flags, ...COMMON_FLAGS, "version"];
  for (const [flag, value] of Object.entries(values)) {
    if (value === undefined || value === false || accepted.includes(flag)) continue;
    throw new UsageError(
      `--${flag} does not apply to ${command}${spec.flags.length > 0 ? ` (it takes ${spec.flags.map((f) => `--${f}`).join(", ")})` : ""}`,
    );
  }
  const format = values.format ?? "json";
  if (format === "ndjson" && command !== "recommend")
    throw new UsageError(`--format ndjson is for recommend only (JSON Lines in, JSON Lines out)`);
  const formats = spec.formats ?? FORMATS;
  if (!formats.includes(format)) throw new UsageError(`unknown format "${format}": ${suggest(format, formats)}`);
  if (format === "ndjson" && values.charts)
    throw new UsageError("--charts needs the whole output; it does not go with --format ndjson");
  if (values["what-if"] && values["no-what-if"])
    throw new UsageError("--what-if and --no-what-if contradict each other; pass one");
  if (values.interactive && format !== "html")
    throw new UsageError("--interactive makes the HTML page interactive: pass it with --format html");
  if (values.interactive && values.charts)
    throw new UsageError("--charts writes the static report's charts; the interactive page draws its own");
  const option = values.option;
  if (option !== undefined && !(OPTION_IDS as readonly string[]).includes(option))
    throw new UsageError(`unknown option "${option}": ${suggest(option, OPTION_IDS)}`);
  const region = values.region;
  if (region !== undefined && !RegionSchema.safeParse(region).success)
    throw new UsageError(`--region takes an AWS Region code such as eu-west-1, got "${region}"`);
  const commitment = values.commitment;
  if (commitment !== undefined && !(COMMITMENTS as readonly string[]).includes(commitment))
    throw new UsageError(`unknown commitment "${commitment}": ${suggest(commitment, COMMITMENTS)}`);
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
    ...(values.quotas ? { quotas: values.quotas } : {}),
    ...(values.out ? { out: values.out } : {}),
    ...(values.workload !== undefined ? { workload: values.workload } : {}),
    ...(option ? { option: option as OptionId } : {}),
    ...(values.account ? { account: values.account } : {}),
    ...(values.metrics ? { metrics: values.metrics } : {}),
    ...(values.pricing ? { pricing: values.pricing } : {}),
    ...(values["savings-plans"] ? { savingsPlans: values["savings-plans"] } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(commitment !== undefined ? { commitment: commitment as Commitment } : {}),
    ...(maxAge !== undefined ? { maxAgeDays: Number(maxAge) } : {}),
    ...(values.charts ? { charts: values.charts } : {}),
    ...(values.config ? { config: values.config } : {}),
    verbose: values.verbose ?? false,
    ...(values["what-if"] ? { whatIf: true } : values["no-what-if"] ? { whatIf: false } : {}),
    ...(values.interactive ? { interactive: true } : {}),
    help: values.help ?? false,
  };
}
