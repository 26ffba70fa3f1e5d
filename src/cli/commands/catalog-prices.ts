/**
 * `hostfit catalog import` into a Region's prices file (catalog/prices/<region>.yaml): on-demand hosting prices of a
 * Region other than the catalog's own (`--pricing FILE --region R`), and SageMaker Savings Plans rates of any Region
 * (`--savings-plans FILE [--region R]`).
 */
import { dirname, join } from "node:path";
import { formatJson } from "../../format/json.js";
import { PRICES_DIR } from "../../load/catalog.js";
import { readText } from "../../load/files.js";
import type { Catalog, RegionPrices } from "../../schema/catalog.js";
import { HostfitError } from "../../schema/errors.js";
import { SAVINGS_PLAN_COMMITMENTS } from "../../schema/ids.js";
import { offerFileUrl, parseOfferFile } from "../../tools/catalog/pricing.js";
import { renderRegionPrices, withSection } from "../../tools/catalog/region-prices.js";
import { parseSavingsPlansFile, savingsPlansFileUrl } from "../../tools/catalog/savings-plans.js";
import type { Args } from "../args.js";
import { EXIT } from "../exit-codes.js";
import { emit, type Io } from "../io.js";
import { makeFolder, writeFilesAtomically } from "../output.js";
import { checkStagedCatalog, refuseFutureOffer } from "./catalog-staging.js";

type SectionKey = "onDemand" | "savingsPlans";
type Section<K extends SectionKey> = NonNullable<RegionPrices[K]>;

/** What importing one section did: the file, the catalog types it priced, and the types on either side only. */
interface SectionImport<V> {
  readonly path: string;
  readonly imported: Record<string, V>;
  readonly notInFile: string[];
  readonly notInCatalog: string[];
}

/**
 * Replaces one section of the Region's prices file with the prices `found` for the catalog's instance types, once
 * the whole catalog, edited, still loads; nothing is written when it prices none of them. A section already
 * imported from a later file is refused: an older file would take the prices back in time.
 */
function importSection<K extends SectionKey>(
  dir: string,
  catalog: Catalog,
  region: string,
  key: K,
  found: ReadonlyMap<string, Section<K>["hourlyUsd"][string]>,
  provenance: { readonly source: string; readonly asOf: string; readonly note: string },
): SectionImport<Section<K>["hourlyUsd"][string]> {
  const path = join(dir, PRICES_DIR, `${region}.yaml`);
  const before = catalog.prices?.find((p) => p.region === region);
  const current = before?.[key];
  if (current && current.asOf > provenance.asOf)
    throw new HostfitError("invalid-input", [
      {
        code: "invalid-catalog",
        path: key,
        file: path,
        message: `the ${key} prices there are from a file of ${current.asOf}, later than this one (${provenance.asOf})`,
        hint: "download the current file; an import never replaces prices with older ones",
      },
    ]);
  const known = new Set(catalog.instances.map((i) => i.instanceType));
  const imported: Record<string, Section<K>["hourlyUsd"][string]> = {};
  for (const [type, value] of found) if (known.has(type)) imported[type] = value;
  if (Object.keys(imported).length > 0) {
    const section = { ...provenance, hourlyUsd: imported } as Section<K>;
    const edit = { path, text: renderRegionPrices(withSection(before, region, key, section)) };
    checkStagedCatalog(dir, [edit]);
    makeFolder(dirname(path));
    writeFilesAtomically([edit]);
  }
  return {
    path,
    imported,
    notInFile: catalog.instances.map((i) => i.instanceType).filter((t) => imported[t] === undefined),
    notInCatalog: [...found.keys()].filter((t) => !known.has(t)),
  };
}

// The report's first fields and the stderr summary's words for where the prices went.
function reported(catalog: Catalog, dir: string, region: string, done: SectionImport<unknown>) {
  const count = Object.keys(done.imported).length;
  return {
    count,
    where: count > 0 ? `written to ${done.path}` : "found: nothing written",
    head: { catalog: { dir, id: catalog.id, region: catalog.region }, region, file: count > 0 ? done.path : null },
  };
}

/**
 * `catalog import --pricing FILE --region R` for a Region other than the catalog's own: the on-demand hosting price
 * of every catalog instance type the offer file prices in R, into prices/R.yaml (its onDemand section, replaced).
 * Exit 1 when the file prices none of the catalog's types there.
 */
export function importRegionOnDemand(
  file: string,
  dir: string,
  catalog: Catalog,
  region: string,
  args: Args,
  io: Io,
): number {
  const offer = parseOfferFile(readText(file), region, file);
  refuseFutureOffer(offer.publicationDate, file);
  const done = importSection(
    dir,
    catalog,
    region,
    "onDemand",
    new Map(offer.prices.map((p) => [p.instanceType, p.hourlyUsd])),
    {
      source: offerFileUrl(region),
      asOf: offer.publicationDate,
      note: `${region} on-demand real-time hosting prices read from the AWS Price List offer file for AmazonSageMaker (publicationDate ${offer.publicationDate}${offer.version ? `, version ${offer.version}` : ""}) by hostfit catalog import`,
    },
  );
  const { count, where, head } = reported(catalog, dir, region, done);
  for (const c of offer.conflicts)
    io.stderr(
      `! ${c.instanceType}: the offer file has several hosting prices (${c.pricesUsd.join(", ")} USD/h); left out\n`,
    );
  io.stderr(
    `${count} on-demand prices of ${region} ${where}, ${done.notInFile.length} catalog types not in the offer file, ${done.notInCatalog.length} offer types not in the catalog (offer file of ${offer.publicationDate})\n`,
  );
  emit(
    formatJson({
      ...head,
      offer: {
        file,
        version: offer.version,
        publicationDate: offer.publicationDate,
        hostingPrices: offer.prices.length,
      },
      onDemand: done.imported,
      notInOffer: done.notInFile,
      notInCatalog: done.notInCatalog,
      conflicts: offer.conflicts,
    }),
    args,
    io,
  );
  return count > 0 ? EXIT.ok : EXIT.someFailed;
}

/**
 * `catalog import --savings-plans FILE [--region R]`: the SageMaker Savings Plans rates of every catalog instance
 * type in R (default: the file's regionCode, else the catalog's Region), for each commitment the file gives, into
 * prices/R.yaml (its savingsPlans section, replaced). A rate the file does not give stays absent. Exit 1 when the
 * file has no rate for any of the catalog's types in R.
 */
export function importSavingsPlans(file: string, dir: string, catalog: Catalog, args: Args, io: Io): number {
  const plans = parseSavingsPlansFile(readText(file), { region: args.region, orElse: catalog.region }, file);
  const region = plans.region;
  refuseFutureOffer(plans.publicationDate, file);
  const replaced = catalog.prices?.find((p) => p.region === region)?.savingsPlans;
  const done = importSection(dir, catalog, region, "savingsPlans", plans.rates, {
    source: savingsPlansFileUrl(region, plans.version),
    asOf: plans.publicationDate,
    note: `${region} SageMaker Savings Plans rates of real-time hosting instances (usage type Host:<type>) read from the AWS Price List Savings Plans file for AWSMachineLearningSavingsPlans (publicationDate ${plans.publicationDate}${plans.version ? `, version ${plans.version}` : ""}) by hostfit catalog import; every payment option's rate is the effective cost of an instance-hour, upfront share included`,
  });
  const { count, where, head } = reported(catalog, dir, region, done);
  const rates = Object.values(done.imported);
  const counts = Object.fromEntries(
    SAVINGS_PLAN_COMMITMENTS.map((c) => [c, rates.filter((r) => r[c] !== undefined).length]),
  );
  for (const c of plans.conflicts)
    io.stderr(
      `! ${c.instanceType}: the file has several ${c.commitment} rates (${c.ratesUsd.join(", ")} USD/h); left out\n`,
    );
  io.stderr(
    `${count} instance types with Savings Plans rates in ${region} ${where}, ${done.notInFile.length} catalog types without any, ${done.notInCatalog.length} file types not in the catalog (file of ${plans.publicationDate})\n`,
  );
  emit(
    formatJson({
      ...head,
      savingsPlans: {
        file,
        version: plans.version,
        publicationDate: plans.publicationDate,
        instanceTypes: plans.rates.size,
        otherUsage: plans.otherUsage,
      },
      ratesByCommitment: counts,
      rates: done.imported,
      notInFile: done.notInFile,
      notInCatalog: done.notInCatalog,
      conflicts: plans.conflicts,
      replaced: replaced ? { asOf: replaced.asOf } : null,
    }),
    args,
    io,
  );
  return count > 0 ? EXIT.ok : EXIT.someFailed;
}
