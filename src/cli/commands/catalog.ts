import { join, sep } from "node:path";
import { stalePrices } from "../../tools/catalog/check.js";
import { loadCatalog } from "../../load/catalog.js";
import { HostfitError } from "../../schema/errors.js";
import { BUNDLED_CATALOG_DIR, isDirectory, readText } from "../../load/files.js";
import { applyCatalogAsOf, applyOfferPrices, parseOfferFile } from "../../tools/catalog/pricing.js";
import { formatJson } from "../../format/json.js";
import type { Args } from "../args.js";
import { UsageError } from "../args.js";
import { EXIT } from "../exit-codes.js";
import { emit, type Io } from "../io.js";
import { writeFilesAtomically } from "../output.js";
import { importRegionOnDemand, importSavingsPlans } from "./catalog-prices.js";
import { checkStagedCatalog, refuseFutureOffer } from "./catalog-staging.js";

/**
 * `hostfit catalog list|check|import`: the instance table; the entries whose price is unconfirmed (and, with
 * --max-age-days, older than that); or a price refresh from an AWS Price List offer file.
 */
export function catalogCommand(args: Args, io: Io): number {
  const sub = args.positionals[0] ?? "list";
  if (sub === "import") return importPrices(args, io);
  const catalog = loadCatalog(args.catalog);
  if (sub === "list") {
    const rows = catalog.instances.map((i) => ({
      instanceType: i.instanceType,
      vcpus: i.vcpus,
      memoryGiB: i.memoryGiB,
      accelerator: i.accelerator ? `${i.accelerator.count} x ${i.accelerator.device}` : null,
      hourlyUsd: i.hourlyUsd,
      priceAsOf: i.priceAsOf,
      priceConfirmed: i.priceConfirmed,
      options: i.options,
    }));
    emit(
      formatJson({ catalog: { id: catalog.id, asOf: catalog.asOf, region: catalog.region }, instances: rows }),
      args,
      io,
    );
    return EXIT.ok;
  }
  if (sub === "check") {
    const unconfirmed = catalog.instances
      .filter((i) => !i.priceConfirmed)
      .map((i) => ({
        instanceType: i.instanceType,
        hourlyUsd: i.hourlyUsd,
        priceAsOf: i.priceAsOf,
        note: i.priceNote ?? "",
      }));
    for (const u of unconfirmed)
      io.stderr(`! ${u.instanceType}: price ${u.hourlyUsd} USD/h unconfirmed (${u.priceAsOf})\n`);
    if (args.maxAgeDays === undefined) {
      emit(formatJson({ catalog: { id: catalog.id, asOf: catalog.asOf }, unconfirmedPrices: unconfirmed }), args, io);
      return unconfirmed.length > 0 ? EXIT.someFailed : EXIT.ok;
    }
    // The one clock read of the catalog commands: ages are counted to today's UTC date.
    const today = new Date().toISOString().slice(0, 10);
    const stale = stalePrices(catalog, today, args.maxAgeDays);
    for (const s of stale)
      io.stderr(`! ${s.entry}: price dated ${s.priceAsOf} is ${s.ageDays} days old (over ${args.maxAgeDays})\n`);
    emit(
      formatJson({
        catalog: { id: catalog.id, asOf: catalog.asOf },
        unconfirmedPrices: unconfirmed,
        today,
        maxAgeDays: args.maxAgeDays,
        stalePrices: stale,
      }),
      args,
      io,
    );
    return unconfirmed.length > 0 || stale.length > 0 ? EXIT.someFailed : EXIT.ok;
  }
  throw new UsageError(`unknown catalog command "${sub}": expected list, check or import`);
}

/**
 * Without --catalog, import updates the bundled catalog: in a source checkout that is the point, but in an installed
 * package it would rewrite files npm owns (and the next install would undo it). There it must be told where.
 */
export function refuseInstalledCatalog(dir: string): void {
  if (!dir.split(sep).includes("node_modules")) return;
  throw new UsageError(
    `catalog import without --catalog would rewrite the installed package's own catalog (${dir}): copy it (cp -r "${dir}" ./catalog) and pass --catalog ./catalog`,
  );
}

/** The catalog folder an import writes: --catalog's, else the bundled one in a source checkout. */
function importFolder(args: Args): string {
  const dir = args.catalog ?? BUNDLED_CATALOG_DIR;
  if (args.catalog === undefined) refuseInstalledCatalog(dir);
  if (!isDirectory(dir))
    throw new UsageError(
      `catalog import writes a catalog folder (catalog.yaml, devices.yaml, instances.yaml); ${dir} is not a folder`,
    );
  return dir;
}

/**
 * `hostfit catalog import --pricing FILE [--catalog DIR]`: updates instances.yaml (and catalog.yaml's asOf) from an
 * AmazonSageMaker offer file, reports each change on stderr and the whole import as JSON on stdout. Exit 1 when the
 * file prices none of the catalog's instance types in the catalog's Region.
 */
function importPrices(args: Args, io: Io): number {
  if ((args.pricing === undefined) === (args.savingsPlans === undefined))
    throw new UsageError(
      args.pricing === undefined
        ? "catalog import needs --pricing FILE, an AmazonSageMaker offer file (index.json), or --savings-plans FILE, an AWSMachineLearningSavingsPlans file"
        : "catalog import reads one file at a time: --pricing or --savings-plans",
    );
  const dir = importFolder(args);
  const catalog = loadCatalog(dir);
  if (args.savingsPlans !== undefined) return importSavingsPlans(args.savingsPlans, dir, catalog, args, io);
  const pricing = args.pricing!;
  if (args.region !== undefined && args.region !== catalog.region)
    return importRegionOnDemand(pricing, dir, catalog, args.region, args, io);
  const offer = parseOfferFile(readText(pricing), catalog.region, pricing);
  const instancesPath = join(dir, "instances.yaml");
  const catalogPath = join(dir, "catalog.yaml");
  const instancesText = readText(instancesPath);
  const catalogText = readText(catalogPath);
  refuseFutureOffer(offer.publicationDate, pricing);
  const result = applyOfferPrices(instancesText, offer, instancesPath);
  const imported = result.changed.length + result.confirmed.length;
  const asOf = imported > 0 ? applyCatalogAsOf(catalogText, offer.publicationDate, catalogPath) : null;
  const edits = [
    ...(result.text !== instancesText ? [{ path: instancesPath, text: result.text }] : []),
    ...(asOf ? [{ path: catalogPath, text: asOf.text }] : []),
  ];
  // The edited catalog is loaded as a whole before anything is written, and then every file is written or none.
  checkStagedCatalog(dir, edits);
  writeFilesAtomically(edits);
  for (const c of result.changed)
    io.stderr(
      `~ ${c.instanceType}: ${c.fromUsd} -> ${c.toUsd} USD/h (was ${c.fromConfirmed ? "confirmed" : "unconfirmed"}, ${c.fromAsOf})\n`,
    );
  for (const c of offer.conflicts)
    io.stderr(
      `! ${c.instanceType}: the offer file has several hosting prices (${c.pricesUsd.join(", ")} USD/h); kept the catalog's\n`,
    );
  io.stderr(
    `${result.changed.length} prices changed, ${result.confirmed.length} confirmed unchanged, ${result.notInOffer.length} catalog types not in the offer file, ${result.notInCatalog.length} offer types not in the catalog (offer file of ${offer.publicationDate}, ${offer.region})\n`,
  );
  emit(
    formatJson({
      catalog: {
        dir,
        id: catalog.id,
        region: catalog.region,
        asOf: asOf ? { from: asOf.from, to: offer.publicationDate } : { from: catalog.asOf, to: catalog.asOf },
      },
      offer: {
        file: pricing,
        offerCode: offer.offerCode,
        version: offer.version,
        publicationDate: offer.publicationDate,
        hostingPrices: offer.prices.length,
      },
      changed: result.changed,
      confirmed: result.confirmed,
      newer: result.newer,
      notInOffer: result.notInOffer,
      notInCatalog: result.notInCatalog,
      conflicts: offer.conflicts,
    }),
    args,
    io,
  );
  return imported > 0 ? EXIT.ok : EXIT.someFailed;
}
