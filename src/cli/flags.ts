/**
 * The command line as data: every command with its arguments and flags, every flag with its value and meaning.
 * The parser, the usage, each command's help and the shell completions are all generated from these tables.
 */
import { COMMITMENTS, OPTION_IDS, PROFILE_IDS } from "../schema/ids.js";

export const COMMANDS = [
  "recommend",
  "explore",
  "plan",
  "audit",
  "validate",
  "schema",
  "catalog",
  "deploy",
  "measured",
  "help",
  "completion",
] as const;
export type Command = (typeof COMMANDS)[number];
export const FORMATS = ["json", "table", "markdown", "html", "ndjson"] as const;
/** `hostfit deploy` prints JSON or a script of AWS CLI commands. */
export const DEPLOY_FORMATS = ["json", "cli"] as const;
export const SHELLS = ["bash", "zsh", "fish"] as const;

export interface FlagSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** What the value stands for in the usage (`FILE`), or the values it takes, listed. */
  readonly value?: string;
  readonly values?: readonly string[];
  /** The value is a path: shells complete file names for it. */
  readonly path?: boolean;
  readonly description: string;
}

export const FLAGS = {
  format: {
    type: "string",
    value: "FORMAT",
    description:
      "output format; recommend, plan and audit write a table on a terminal and JSON into a pipe or --out unless given",
  },
  profile: {
    type: "string",
    value: "ID",
    values: PROFILE_IDS,
    description: "weights of the five fitness functions (default balanced)",
  },
  catalog: {
    type: "string",
    value: "PATH",
    path: true,
    description: "a catalog folder or file to use instead of the bundled one",
  },
  rules: { type: "string", value: "PATH", path: true, description: "a rules folder to use instead of the bundled one" },
  quotas: {
    type: "string",
    value: "FILE",
    path: true,
    description:
      "the account's quotas (aws service-quotas list-service-quotas --service-code sagemaker): no placement exceeds an instance type's",
  },
  config: {
    type: "string",
    value: "FILE",
    path: true,
    description: "a config file (default: hostfit.config.yaml in this folder or the nearest one above)",
  },
  out: {
    type: "string",
    value: "FILE",
    path: true,
    description: "write the result to FILE (whole, or not at all) instead of standard output",
  },
  charts: {
    type: "string",
    value: "DIR",
    path: true,
    description: "also write each workload's spider chart to DIR/<workload>.svg",
  },
  workload: { type: "string", value: "NAME", description: "the workload to deploy" },
  account: {
    type: "string",
    value: "PATH",
    path: true,
    description:
      "audit: a folder of (or one) JSON output of aws sagemaker describe-endpoint, describe-endpoint-config, describe-model, describe-inference-component and list-inference-components",
  },
  metrics: {
    type: "string",
    value: "FILE",
    path: true,
    description:
      "audit: an aws cloudwatch get-metric-data export of Invocations and ModelLatency, each series labelled ENDPOINT VARIANT METRIC",
  },
  option: {
    type: "string",
    value: "ID",
    values: OPTION_IDS,
    description: "the hosting option to deploy (default: the recommended one)",
  },
  pricing: {
    type: "string",
    value: "FILE",
    path: true,
    description: "catalog import: the AWS Price List offer file to read",
  },
  "savings-plans": {
    type: "string",
    value: "FILE",
    path: true,
    description: "catalog import: the AWS Price List Savings Plans file (AWSMachineLearningSavingsPlans) to read",
  },
  region: {
    type: "string",
    value: "REGION",
    description:
      "the AWS Region whose imported prices to use (default: the catalog's own); catalog import: the Region to import",
  },
  commitment: {
    type: "string",
    value: "ID",
    values: COMMITMENTS,
    description: "price every workload at this Savings Plans commitment, or on-demand (overrides each workload's own)",
  },
  "max-age-days": { type: "string", value: "N", description: "catalog check: flag prices older than N days" },
  "what-if": {
    type: "boolean",
    description: "compute sensitivity, break-even and cost curves even above 1,000 workloads or with ndjson",
  },
  "no-what-if": { type: "boolean", description: "skip the what-if analysis (faster on large files)" },
  interactive: {
    type: "boolean",
    description: "with --format html: the explorer page of hostfit explore instead of the static report",
  },
  verbose: { type: "boolean", description: "print the stack of an internal error" },
  help: { type: "boolean", short: "h", description: "print this help" },
  version: { type: "boolean", short: "V", description: "print the version" },
} as const satisfies Record<string, FlagSpec>;
export type Flag = keyof typeof FLAGS;

export interface CommandSpec {
  /** The positional argument as the usage writes it. */
  readonly argument: string;
  /** Its values where it takes a fixed set (subcommands, schema names, shells); else a file. */
  readonly argumentValues?: readonly string[];
  readonly summary: string;
  readonly flags: readonly Flag[];
  /** Flags the command needs, written without brackets in the usage. */
  readonly required?: readonly Flag[];
  readonly formats?: readonly string[];
}

/** Every command reads --verbose, --help and --config besides its own flags; any other is refused. */
export const COMMON_FLAGS: readonly Flag[] = ["verbose", "help", "config"];

export const COMMAND_SPECS: Record<Command, CommandSpec> = {
  recommend: {
    argument: "<file|->",
    summary: "ranks the hosting options of each workload and explains the choice",
    flags: [
      "format",
      "profile",
      "catalog",
      "rules",
      "quotas",
      "region",
      "commitment",
      "out",
      "charts",
      "what-if",
      "no-what-if",
      "interactive",
    ],
    formats: FORMATS,
  },
  explore: {
    argument: "<file|->",
    summary:
      "an HTML page that ranks each workload again, offline, as you change its traffic, latency, model, isolation or priorities",
    flags: ["profile", "catalog", "rules", "quotas", "region", "commitment", "out"],
  },
  plan: {
    argument: "<file|->",
    summary: "fleet onto shared endpoints",
    flags: ["format", "catalog", "rules", "quotas", "region", "commitment", "out"],
    formats: FORMATS.filter((f) => f !== "ndjson"),
  },
  audit: {
    argument: "<file|->",
    summary: "running endpoints against hostfit's recommendation: the change and saving for each",
    flags: ["account", "metrics", "format", "profile", "catalog", "rules", "quotas", "region", "out"],
    required: ["account"],
    formats: FORMATS.filter((f) => f !== "ndjson"),
  },
  validate: { argument: "<file|->", summary: "schema and reference checks only", flags: ["catalog", "rules"] },
  schema: {
    argument: "[workload|output]",
    argumentValues: ["workload", "output"],
    summary: "JSON Schema of the workload file or of the output",
    flags: ["out"],
  },
  deploy: {
    argument: "<file|->",
    summary: "AWS API requests for the placement",
    flags: ["workload", "option", "format", "profile", "catalog", "rules", "quotas", "region", "commitment", "out"],
    required: ["workload"],
    formats: DEPLOY_FORMATS,
  },
  catalog: {
    argument: "[list|check|import]",
    argumentValues: ["list", "check", "import"],
    summary: "list the catalog, check its prices' age, or import an AWS Price List offer or Savings Plans file",
    flags: ["catalog", "max-age-days", "pricing", "savings-plans", "region", "out"],
  },
  measured: {
    argument: "<job.json|->",
    summary: "Inference Recommender job result as measured: rows",
    flags: ["out"],
  },
  help: {
    argument: "[command]",
    argumentValues: COMMANDS.filter((c) => c !== "help"),
    summary: "this usage, or one command's flags",
    flags: [],
  },
  completion: {
    argument: "<bash|zsh|fish>",
    argumentValues: SHELLS,
    summary: "a shell completion script (e.g. hostfit completion bash >> ~/.bashrc)",
    flags: [],
  },
};

/** The values a flag takes for a command, where they are a fixed set. */
export function flagValues(command: Command, flag: Flag): readonly string[] | undefined {
  if (flag === "format") return COMMAND_SPECS[command].formats;
  return (FLAGS[flag] as FlagSpec).values;
}

// One flag as the usage writes it: `--format json|table`, `--out FILE`, `--what-if|--no-what-if`.
function flagUsage(command: Command, flag: Flag): string {
  const spec: FlagSpec = FLAGS[flag];
  const values = flag === "format" ? flagValues(command, flag) : undefined;
  const value = spec.type === "boolean" ? "" : ` ${values ? values.join("|") : spec.value}`;
  return `--${flag}${value}`;
}

/** A command's line of the usage. */
export function usageLine(command: Command): string {
  const spec = COMMAND_SPECS[command];
  const parts = [`hostfit ${command}`, spec.argument];
  for (const flag of spec.flags) {
    if (flag === "no-what-if") continue;
    const text = flag === "what-if" ? "--what-if|--no-what-if" : flagUsage(command, flag);
    parts.push(spec.required?.includes(flag) ? text : `[${text}]`);
  }
  return parts.join(" ");
}

export const USAGE = [
  "Usage:",
  ...COMMANDS.map((c) => `  ${usageLine(c)}`),
  "  hostfit --version | --help",
  "",
  "Every command also takes --config FILE, --verbose and --help; `hostfit help <command>` describes its flags.",
  "Exit codes: 0 every workload ranked; 1 some workload invalid or infeasible; 2 the run could not happen.",
].join("\n");

/** `hostfit help <command>` and `hostfit <command> --help`: the command's usage and every flag it reads. */
export function commandHelp(command: Command): string {
  const spec = COMMAND_SPECS[command];
  const flags = [...spec.flags, ...COMMON_FLAGS];
  const rows = flags.map((flag): [string, string] => {
    const f: FlagSpec = FLAGS[flag];
    const values = flagValues(command, flag);
    const name = `${f.short ? `-${f.short}, ` : ""}${flagUsage(command, flag)}`;
    const description = values && flag !== "format" ? `${f.description}: ${values.join(", ")}` : f.description;
    return [name, description];
  });
  const width = Math.max(...rows.map(([name]) => name.length));
  return [
    `Usage: ${usageLine(command)}`,
    "",
    `${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}.`,
    "",
    "Flags:",
    ...rows.map(([name, description]) => `  ${name.padEnd(width)}  ${description}`),
  ].join("\n");
}
