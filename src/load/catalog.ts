import type { Issue } from "../schema/issue.js";
import { CatalogSchema, RegionPricesSchema, type Catalog, type RegionPrices } from "../schema/catalog.js";
import { HostfitError } from "../schema/errors.js";
import { BUNDLED_CATALOG_DIR, isDirectory, readDataFile, readText, type ValidatedFile } from "./files.js";
import { formatPath, parseSource, type PathSegment } from "./source.js";
import type { InstanceTypes } from "./workloads.js";
import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The folder of a catalog that holds the prices imported per Region, one <region>.yaml each. */
export const PRICES_DIR = "prices";

const HeaderSchema = CatalogSchema.pick({
  schemaVersion: true,
  id: true,
  region: true,
  asOf: true,
  serverless: true,
  dataProcessing: true,
});
const InstancesSchema = CatalogSchema.pick({ instances: true }).strict();
const DevicesSchema = CatalogSchema.pick({ devices: true }).strict();

/** A cross-reference problem, before it is pinned to a file and line. */
export interface CatalogProblem {
  readonly path: readonly PathSegment[];
  readonly message: string;
  readonly hint: string;
}

/** Cross-references the schema cannot express: unique ids and device references that resolve to the right kind. */
export function checkCatalog(catalog: Catalog): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const problem = (path: PathSegment[], message: string, hint: string) => problems.push({ path, message, hint });
  const devices = new Map<string, Catalog["devices"][number]>();
  catalog.devices.forEach((d, i) => {
    if (devices.has(d.id)) problem(["devices", i, "id"], `duplicate device id "${d.id}"`, "device ids must be unique");
    devices.set(d.id, d);
  });
  const known = [...devices.keys()].join(", ");
  const seen = new Set<string>();
  catalog.instances.forEach((instance, i) => {
    if (seen.has(instance.instanceType))
      problem(
        ["instances", i, "instanceType"],
        `duplicate instance type "${instance.instanceType}"`,
        "list each instance type once",
      );
    seen.add(instance.instanceType);
    const cpu = devices.get(instance.cpu);
    if (!cpu)
      problem(["instances", i, "cpu"], `unknown CPU device "${instance.cpu}"`, `define it in devices: ${known}`);
    else if (cpu.kind !== "cpu")
      problem(
        ["instances", i, "cpu"],
        `device "${instance.cpu}" is a ${cpu.kind}, not a cpu`,
        "point cpu at a device of kind cpu",
      );
    if (instance.accelerator) {
      const acc = devices.get(instance.accelerator.device);
      if (!acc)
        problem(
          ["instances", i, "accelerator", "device"],
          `unknown accelerator "${instance.accelerator.device}"`,
          `define it in devices: ${known}`,
        );
      else if (acc.kind === "cpu" || acc.memoryGiB === null)
        problem(
          ["instances", i, "accelerator", "device"],
          `device "${acc.id}" is not an accelerator with memory`,
          "use a gpu, inferentia or trainium device",
        );
    }
  });
  if (!devices.has(catalog.serverless.cpu))
    problem(["serverless", "cpu"], `unknown CPU device "${catalog.serverless.cpu}"`, `define it in devices: ${known}`);
  return problems;
}

function pin(problems: readonly CatalogProblem[], fileOf: (section: PathSegment) => ValidatedFile<unknown>): Issue[] {
  return problems.map((p) => {
    const file = fileOf(p.path[0]!);
    return {
      code: "invalid-catalog",
      path: formatPath(p.path),
      ...(file.source.locate(p.path) ?? {}),
      message: p.message,
      hint: p.hint,
      file: file.file,
    };
  });
}

/**
 * Loads a catalog: a folder holding catalog.yaml, devices.yaml and instances.yaml (the bundled layout), or one
 * YAML/JSON file with every section. Defaults to the bundled catalog.
 * @throws HostfitError with code invalid-catalog listing every problem with its file and path.
 */
export function loadCatalog(path: string = BUNDLED_CATALOG_DIR): Catalog {
  const issues: Issue[] = [];
  let catalog: Catalog | undefined;
  if (isDirectory(path)) {
    const header = readDataFile(path, "catalog.yaml", HeaderSchema, "invalid-catalog", issues);
    const devices = readDataFile(path, "devices.yaml", DevicesSchema, "invalid-catalog", issues);
    const instances = readDataFile(path, "instances.yaml", InstancesSchema, "invalid-catalog", issues);
    if (header && devices && instances) {
      const prices = readRegionPrices(path, header.data.region, issues);
      catalog = { ...header.data, ...devices.data, ...instances.data, ...(prices.length > 0 ? { prices } : {}) };
      const files: Record<string, ValidatedFile<unknown>> = { devices, instances };
      issues.push(...pin(checkCatalog(catalog), (section) => files[section as string] ?? header));
    }
  } else {
    const file = readDataFile(dirname(path), basename(path), CatalogSchema, "invalid-catalog", issues);
    if (file) {
      catalog = file.data;
      issues.push(...pin(checkCatalog(catalog), () => file));
    }
  }
  if (issues.length > 0 || !catalog) throw new HostfitError("invalid-catalog", issues);
  return catalog;
}

/**
 * The prices imported per Region: every <region>.yaml of the catalog's prices folder, in name order. A file's name is
 * its Region; on-demand prices of the catalog's own Region live in instances.yaml, not here.
 */
function readRegionPrices(dir: string, home: string, issues: Issue[]): RegionPrices[] {
  const folder = join(dir, PRICES_DIR);
  if (!isDirectory(folder)) return [];
  const names = readdirSync(folder)
    .filter((n) => n.endsWith(".yaml"))
    .sort();
  const out: RegionPrices[] = [];
  for (const name of names) {
    const file = readDataFile(folder, name, RegionPricesSchema, "invalid-catalog", issues);
    if (!file) continue;
    const problem = (path: PathSegment[], message: string, hint: string) =>
      issues.push({
        code: "invalid-catalog",
        path: formatPath(path),
        ...(file.source.locate(path) ?? {}),
        message,
        hint,
        file: file.file,
      });
    if (name !== `${file.data.region}.yaml`)
      problem(["region"], `${name} holds the prices of ${file.data.region}`, `name it ${file.data.region}.yaml`);
    else if (file.data.region === home && file.data.onDemand)
      problem(
        ["onDemand"],
        `on-demand prices of ${home}, the catalog's own Region, belong in instances.yaml`,
        `import them with hostfit catalog import --pricing <offer file> --region ${home}, which updates instances.yaml`,
      );
    else out.push(file.data);
  }
  return out;
}

/**
 * The catalog's instance types: all that checking workloads needs. The bundled catalog, which the test suite
 * validates whole, is read for its names alone (a fraction of a full load, which validate's start-up feels);
 * any other is loaded whole, so that its problems are reported.
 */
export function catalogInstanceTypes(path: string = BUNDLED_CATALOG_DIR): InstanceTypes {
  if (path !== BUNDLED_CATALOG_DIR) return loadCatalog(path);
  const { value } = parseSource(readText(join(path, "instances.yaml")));
  const instances = (value as { instances: { instanceType: string }[] }).instances;
  return { instances: instances.map(({ instanceType }) => ({ instanceType })) };
}
