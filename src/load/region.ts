/** The catalog as priced in one Region: its own, or another whose on-demand prices were imported. */
import { offerFileUrl, type Catalog, type Instance } from "../schema/catalog.js";
import { HostfitError } from "../schema/errors.js";

const byRegion = new WeakMap<Catalog, Map<string, Catalog>>();

/**
 * The catalog with the prices of `region`: the catalog itself for its own Region; for another, the instance types
 * its imported on-demand prices (prices/<region>.yaml) cover, each at that price and dated by its file, and the
 * Region's Savings Plans rates. Serverless and data-processing prices are the catalog's own Region's (none are
 * imported per Region), marked unconfirmed there. Built once per catalog and Region.
 * @throws HostfitError (code invalid-input, issue unknown-region) when no on-demand prices were imported for it.
 */
export function catalogForRegion(catalog: Catalog, region: string): Catalog {
  if (region === catalog.region) return catalog;
  let known = byRegion.get(catalog);
  if (!known) {
    known = new Map();
    byRegion.set(catalog, known);
  }
  const cached = known.get(region);
  if (cached) return cached;
  const onDemand = catalog.prices?.find((p) => p.region === region)?.onDemand;
  const instances = onDemand
    ? catalog.instances.flatMap((instance): Instance[] => {
        const hourlyUsd = onDemand.hourlyUsd[instance.instanceType];
        return hourlyUsd === undefined
          ? []
          : [
              {
                ...instance,
                hourlyUsd,
                priceSource: onDemand.source,
                priceAsOf: onDemand.asOf,
                priceConfirmed: true,
                priceNote: `${region} on-demand real-time hosting price (prices/${region}.yaml)`,
              },
            ];
      })
    : [];
  if (instances.length === 0) {
    const imported = (catalog.prices ?? []).filter((p) => p.onDemand).map((p) => p.region);
    throw new HostfitError("invalid-input", [
      {
        code: "unknown-region",
        path: "region",
        message: `no prices were imported for ${region}: the catalog has ${[catalog.region, ...imported].join(", ")}`,
        hint: `download ${offerFileUrl(region)} and run hostfit catalog import --pricing <that file> --region ${region}`,
      },
    ]);
  }
  const borrowed = (note: string | undefined) =>
    `${catalog.region}'s price, taken for ${region} (none imported for it)${note ? `; ${note}` : ""}`;
  const regional: Catalog = {
    ...catalog,
    region,
    asOf: onDemand!.asOf,
    instances,
    serverless: { ...catalog.serverless, confirmed: false, note: borrowed(catalog.serverless.note) },
    dataProcessing: { ...catalog.dataProcessing, confirmed: false, note: borrowed(catalog.dataProcessing.note) },
  };
  known.set(region, regional);
  return regional;
}
