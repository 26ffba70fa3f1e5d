import type { Catalog } from "../../schema/catalog.js";

/** A price whose source date is older than the allowed age. */
export interface StalePrice {
  /** The instance type, or `serverless` / `dataProcessing` for the catalog-wide prices. */
  readonly entry: string;
  readonly priceAsOf: string;
  readonly ageDays: number;
}

const DAY_MS = 86_400_000;

/** Whole days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * Every price in the catalog dated more than `maxAgeDays` before `today` (YYYY-MM-DD): instance rows in catalog
 * order, then serverless and data processing. Pure: the caller supplies today's date.
 */
export function stalePrices(catalog: Catalog, today: string, maxAgeDays: number): StalePrice[] {
  const dated = [
    ...catalog.instances.map((i) => ({ entry: i.instanceType, priceAsOf: i.priceAsOf })),
    { entry: "serverless", priceAsOf: catalog.serverless.asOf },
    { entry: "dataProcessing", priceAsOf: catalog.dataProcessing.asOf },
  ];
  return dated.map((d) => ({ ...d, ageDays: daysBetween(d.priceAsOf, today) })).filter((d) => d.ageDays > maxAgeDays);
}
