/**
 * hostfit.config.yaml: the flags a project would otherwise pass on every run (its rules and catalog, a profile, an
 * output format). Found in the working folder or the nearest one above it, or named by --config; flags on the
 * command line win, and a setting a command does not take is left out for that command.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, parse, resolve } from "node:path";
import { z } from "zod";
import { parseValidated, readText } from "../load/files.js";
import { CommitmentSchema, PROFILE_IDS, RegionSchema } from "../schema/ids.js";
import type { Args, Format } from "./args.js";
import { COMMAND_SPECS, DEPLOY_FORMATS, FORMATS } from "./flags.js";

export const CONFIG_FILE = "hostfit.config.yaml";

const ConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  rules: z.string().min(1).optional().meta({ description: "A rules folder, relative to this file." }),
  catalog: z.string().min(1).optional().meta({ description: "A catalog folder or file, relative to this file." }),
  quotas: z.string().min(1).optional().meta({ description: "A Service Quotas listing, relative to this file." }),
  profile: z.enum(PROFILE_IDS).optional(),
  region: RegionSchema.optional().meta({
    description: "The AWS Region whose imported prices runs use (catalog import --pricing/--savings-plans --region).",
  }),
  pricing: z
    .strictObject({
      commitment: CommitmentSchema.meta({
        description:
          "Price every workload at this Savings Plans commitment, or on-demand (overrides each workload's own).",
      }),
    })
    .optional(),
  format: z
    .enum([...FORMATS, ...DEPLOY_FORMATS.filter((f) => f !== "json")])
    .optional()
    .meta({ description: "The output format of the commands that take it." }),
  whatIf: z.boolean().optional().meta({ description: "recommend's what-if analysis, on or off." }),
});
export type Config = z.infer<typeof ConfigSchema>;

/** The config file that applies: --config's, else hostfit.config.yaml here or in the nearest folder above. */
export function findConfig(args: Pick<Args, "config">, cwd = process.cwd()): string | undefined {
  if (args.config !== undefined) return args.config;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    if (dir === parse(dir).root) return undefined;
  }
}

/** Reads and checks a config file; every problem is an issue with its line and column. */
export function readConfig(file: string): Config {
  const text = readText(file, "unreadable", "--config takes a YAML file");
  // An empty config (or one of comments only) sets nothing.
  if (text.replace(/#.*$/gm, "").trim() === "") return {};
  return parseValidated(text, file, ConfigSchema, "the config", {});
}

/** The arguments with the config's settings filled in where the command takes them and the command line is silent. */
export function withConfig(args: Args, config: Config, file: string): Args {
  const spec = COMMAND_SPECS[args.command];
  const takes = (flag: string) => (spec.flags as readonly string[]).includes(flag);
  const path = (p: string) => resolve(dirname(file), p);
  const format =
    config.format !== undefined && !args.formatGiven && (spec.formats ?? []).includes(config.format)
      ? { format: config.format as Format, formatGiven: true }
      : {};
  return {
    ...args,
    ...(config.rules !== undefined && args.rules === undefined && takes("rules") ? { rules: path(config.rules) } : {}),
    ...(config.catalog !== undefined && args.catalog === undefined && takes("catalog")
      ? { catalog: path(config.catalog) }
      : {}),
    ...(config.quotas !== undefined && args.quotas === undefined && takes("quotas")
      ? { quotas: path(config.quotas) }
      : {}),
    ...(config.profile !== undefined && args.profile === undefined && takes("profile")
      ? { profile: config.profile }
      : {}),
    ...(config.region !== undefined && args.region === undefined && takes("region") ? { region: config.region } : {}),
    ...(config.pricing !== undefined && args.commitment === undefined && takes("commitment")
      ? { commitment: config.pricing.commitment }
      : {}),
    ...format,
    ...(config.whatIf !== undefined && args.whatIf === undefined && takes("what-if") ? { whatIf: config.whatIf } : {}),
  };
}

/** Applies the config file that applies, if any. */
export function applyConfig(args: Args): Args {
  const file = findConfig(args);
  // The file found is named in the arguments too, so that --out is refused where it would overwrite it.
  return file === undefined ? args : { ...withConfig(args, readConfig(file), file), config: file };
}
