/**
 * `hostfit catalog import` into a Region's prices file (catalog/prices/<region>.yaml): on-demand hosting prices of a
 * Region other than the catalog's own (`--pricing FILE --region R`), and SageMaker Savings Plans rates of any Region
 * (`--savings-plans FILE [--region R]`).
 */
import { dirname, join } from "node:path";
import { formatJson } from "../../format/json.js";
import { PRICES_DIR } from "../../load/catalog.js";
import { readText } from "../../load/files.js";
import type { Catalog, CommittedRates, RegionPrices } from "../../schema/catalog.js";
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

/** What a Region's prices file holds now, and where it is. */
function regionFile(dir: string, catalog: Catalog, region: string): { path: string; before?: RegionPrices } {
  const path = join(dir, PRICES_DIR, `${region}.yaml`);
  const before = catalog.prices?.find((p) => p.region === region);
  return before ? { path, before } : { path };
}

// A section already imported from a later file is kept: an older file would take the prices back in time.
function refuseOlder(section: { asOf: string } | undefined, date: string, path: string, what: string): void {
  if (!section || section.asOf <= date) return;
  throw new HostfitError("invalid-input", [
    {
      code: "invalid-catalog",
      path: what,
      file: path,
      message: `the ${what} prices there are from a file of ${section.asOf}, later than this one (${date})`,
      hint: "download the current file; an import never replaces prices with older ones",
    },
  ]);
}

// Writes the Region's file once the whole catalog, edited, still loads.
function writeRegion(dir: string, path: string, prices: RegionPrices): void {
  const edit = { path, text: renderRegionPrices(prices) };
  checkStagedCatalog(dir, [edit]);
  makeFolder(dirname(path));
  writeFilesAtomically([edit]);
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
  const { path, before } = regionFile(dir, catalog, region);
  refuseOlder(before?.onDemand, offer.publicationDate, path, "onDemand");
  const known = new Set(catalog.instances.map((i) => i.instanceType));
  const hourlyUsd: Record<string, number> = {};
  for (const p of offer.prices) if (known.has(p.instanceType)) hourlyUsd[p.instanceType] = p.hourlyUsd;
  const imported = Object.keys(hourlyUsd).length;
  if (imported > 0)
    writeRegion(
      dir,
      path,
      withSection(before, region, "onDemand", {
        source: offerFileUrl(region),
        asOf: offer.publicationDate,
        note: `${region} on-demand real-time hosting prices read from the AWS Price List offer file for AmazonSageMaker (publicationDate ${offer.publicationDate}${offer.version ? `, version ${offer.version}` : ""}) by hostfit catalog import`,
        hourlyUsd,
      }),
    );
  const notInOffer = catalog.instances.map((i) => i.instanceType).filter((t) => hourlyUsd[t] === undefined);
  const notInCatalog = offer.prices.map((p) => p.instanceType).filter((t) => !known.has(t));
  for (const c of offer.conflicts)
    io.stderr(
      `! ${c.instanceType}: the offer file has several hosting prices (${c.pricesUsd.join(", ")} USD/h); left out\n`,
    );
  io.stderr(
    `${imported} on-demand prices of ${region} ${imported > 0 ? `written to ${path}` : "found: nothing written"}, ${notInOffer.length} catalog types not in the offer file, ${notInCatalog.length} offer types not in the catalog (offer file of ${offer.publicationDate})\n`,
  );
  emit(
    formatJson({
      catalog: { dir, id: catalog.id, region: catalog.region },
      region,
      file: imported > 0 ? path : null,
      offer: {
        file,
        version: offer.version,
        publicationDate: offer.publicationDate,
        hostingPrices: offer.prices.length,
      },
      onDemand: hourlyUsd,
      notInOffer,
      notInCatalog,
      conflicts: offer.conflicts,
    }),
    args,
    io,
  );
  return imported > 0 ? EXIT.ok : EXIT.someFailed;
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
  const { path, before } = regionFile(dir, catalog, region);
  refuseOlder(before?.savingsPlans, plans.publicationDate, path, "savingsPlans");
  const known = new Set(catalog.instances.map((i) => i.instanceType));
  const hourlyUsd: Record<string, CommittedRates> = {};
  for (const [type, rates] of plans.rates) if (known.has(type)) hourlyUsd[type] = rates;
  const imported = Object.keys(hourlyUsd).length;
  if (imported > 0)
    writeRegion(
      dir,
      path,
      withSection(before, region, "savingsPlans", {
        source: savingsPlansFileUrl(region, plans.version),
        asOf: plans.publicationDate,
        note: `${region} SageMaker Savings Plans rates of real-time hosting instances (usage type Host:<type>) read from the AWS Price List Savings Plans file for AWSMachineLearningSavingsPlans (publicationDate ${plans.publicationDate}${plans.version ? `, version ${plans.version}` : ""}) by hostfit catalog import; every payment option's rate is the effective cost of an instance-hour, upfront share included`,
        hourlyUsd,
      }),
    );
  const counts = Object.fromEntries(
    SAVINGS_PLAN_COMMITMENTS.map((c) => [c, Object.values(hourlyUsd).filter((r) => r[c] !== undefined).length]),
  );
  const notInFile = catalog.instances.map((i) => i.instanceType).filter((t) => hourlyUsd[t] === undefined);
  const notInCatalog = [...plans.rates.keys()].filter((t) => !known.has(t));
  for (const c of plans.conflicts)
    io.stderr(
      `! ${c.instanceType}: the file has several ${c.commitment} rates (${c.ratesUsd.join(", ")} USD/h); left out\n`,
    );
  io.stderr(
    `${imported} instance types with Savings Plans rates in ${region} ${imported > 0 ? `written to ${path}` : "found: nothing written"}, ${notInFile.length} catalog types without any, ${notInCatalog.length} file types not in the catalog (file of ${plans.publicationDate})\n`,
  );
  emit(
    formatJson({
      catalog: { dir, id: catalog.id, region: catalog.region },
      region,
      file: imported > 0 ? path : null,
      savingsPlans: {
        file,
        version: plans.version,
        publicationDate: plans.publicationDate,
        instanceTypes: plans.rates.size,
        otherUsage: plans.otherUsage,
      },
      ratesByCommitment: counts,
      rates: hourlyUsd,
      notInFile,
      notInCatalog,
      conflicts: plans.conflicts,
      replaced: before?.savingsPlans ? { asOf: before.savingsPlans.asOf } : null,
    }),
    args,
    io,
  );
  return imported > 0 ? EXIT.ok : EXIT.someFailed;
}
