import { loadCatalog } from "../../src/load/catalog.js";
import { loadRules } from "../../src/load/rules.js";
import type { Knowledge } from "../../src/core/types.js";
import { WorkloadSchema, type Workload, type WorkloadInput } from "../../src/schema/workload.js";

/** The bundled rules and catalog, loaded once for all property tests. */
export const knowledge: Knowledge = { catalog: loadCatalog(), rules: loadRules() };

export function parse(input: WorkloadInput): Workload {
  return WorkloadSchema.parse(input);
}
