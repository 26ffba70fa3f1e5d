/** The knowledge a command ranks with: the catalog and the compiled rules, and the input file read against them. */
import type { Knowledge } from "../core/types.js";
import type { Catalog } from "../schema/catalog.js";
import { loadCatalog } from "../load/catalog.js";
import { catalogForRegion } from "../load/region.js";
import { loadQuotas } from "../load/quotas.js";
import { loadRules } from "../load/rules.js";
import type { Args } from "./args.js";
import { parseInputFile, type InputFile, type Io } from "./io.js";

/** The catalog of the run (the bundled one, or the one --catalog names), priced in --region's Region when given. */
export function loadRunCatalog(args: Args): Catalog {
  const catalog = loadCatalog(args.catalog);
  return args.region !== undefined ? catalogForRegion(catalog, args.region) : catalog;
}

/** The catalog and rules of the run (the bundled rules, or those --rules names), and --quotas. */
export function loadKnowledge(args: Args): Knowledge {
  return {
    catalog: loadRunCatalog(args),
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
