/** The knowledge a command ranks with: the catalog and the compiled rules, and the input file read against them. */
import type { Knowledge } from "../core/types.js";
import { loadCatalog } from "../load/catalog.js";
import { catalogForRegion } from "../load/region.js";
import { loadQuotas } from "../load/quotas.js";
import { loadRules } from "../load/rules.js";
import type { Args } from "./args.js";
import { parseInputFile, type InputFile, type Io } from "./io.js";

/**
 * The catalog and rules of the run (the bundled ones, or those --catalog and --rules name), priced in --region's
 * Region when given, and --quotas.
 */
export function loadKnowledge(args: Args): Knowledge {
  const catalog = loadCatalog(args.catalog);
  return {
    catalog: args.region !== undefined ? catalogForRegion(catalog, args.region) : catalog,
    rules: loadRules(args.rules),
    ...(args.quotas !== undefined ? { quotas: loadQuotas(args.quotas) } : {}),
    ...(args.region !== undefined ? { region: args.region } : {}),
  };
}

/** A workload file as a ranking command reads it, with the knowledge it is checked against. */
export interface WorkloadFile extends InputFile {
  readonly knowledge: Knowledge;
}

/** Loads the knowledge, then reads and parses the command's input file against its catalog. */
export function readWorkloadFile(args: Args, io: Io): WorkloadFile {
  const knowledge = loadKnowledge(args);
  return { knowledge, ...parseInputFile(args, io, knowledge.catalog) };
}
