import type { Catalog, Instance } from "../../schema/catalog.js";
import type { Commitment, SavingsPlanCommitment } from "../../schema/ids.js";
import type { Workload } from "../../schema/workload.js";
import type { Knowledge } from "../types.js";

// What a workload's instance-hours are paid at: on-demand, or a SageMaker Savings Plans commitment of the catalog's
// Region. A committed run sizes on a copy of the catalog whose hourlyUsd is the committed rate, so every cost sizing
// and planning add up (fleets, batch jobs, bounds) is at that rate with no code of its own.

/** How a committed run was priced: the rates' source, and each instance type's on-demand rate beside its own. */
export interface CommittedPricing {
  readonly commitment: SavingsPlanCommitment;
  readonly region: string;
  /** The Savings Plans file the rates come from and its date; absent when none was imported for the Region. */
  readonly source?: string;
  readonly asOf?: string;
  /** Each instance type's on-demand rate (USD per instance-hour). */
  readonly onDemandUsd: ReadonlyMap<string, number>;
  /** The instance types priced at their Savings Plans rate; the rest stay on-demand, there being no rate for them. */
  readonly committed: ReadonlySet<string>;
}

/** The knowledge a workload is sized with at its commitment, and how that was priced (absent on-demand). */
export interface PricedKnowledge {
  readonly knowledge: Knowledge;
  readonly pricing?: CommittedPricing;
}

/** The commitment a workload is priced at: the run's (options, config, --commitment), else its own, else on-demand. */
export function commitmentOf(workload: Workload, runCommitment?: Commitment): Commitment {
  return runCommitment ?? workload.pricing?.commitment ?? "on-demand";
}

const priced = new WeakMap<Catalog, Map<SavingsPlanCommitment, { catalog: Catalog; pricing: CommittedPricing }>>();

// The catalog at one commitment, built once per catalog and commitment (memoized on the catalog, so the core stays
// pure): rows with a rate are copied with it and its provenance, rows without one are kept as they are.
function committedCatalog(
  catalog: Catalog,
  commitment: SavingsPlanCommitment,
): { catalog: Catalog; pricing: CommittedPricing } {
  let byCommitment = priced.get(catalog);
  if (!byCommitment) {
    byCommitment = new Map();
    priced.set(catalog, byCommitment);
  }
  const known = byCommitment.get(commitment);
  if (known) return known;
  const plans = catalog.prices?.find((p) => p.region === catalog.region)?.savingsPlans;
  const onDemandUsd = new Map<string, number>();
  const committed = new Set<string>();
  const instances = catalog.instances.map((instance): Instance => {
    onDemandUsd.set(instance.instanceType, instance.hourlyUsd);
    const rate = plans?.hourlyUsd[instance.instanceType]?.[commitment];
    if (rate === undefined || !plans) return instance;
    committed.add(instance.instanceType);
    return {
      ...instance,
      hourlyUsd: rate,
      priceSource: plans.source,
      priceAsOf: plans.asOf,
      priceConfirmed: true,
      priceNote: `${catalog.region} SageMaker Savings Plans rate, ${commitment} (on-demand ${instance.hourlyUsd} USD/h)`,
    };
  });
  const pricing: CommittedPricing = {
    commitment,
    region: catalog.region,
    ...(plans ? { source: plans.source, asOf: plans.asOf } : {}),
    onDemandUsd,
    committed,
  };
  const entry = { catalog: { ...catalog, instances }, pricing };
  byCommitment.set(commitment, entry);
  return entry;
}

/** The knowledge to size a workload with at a commitment: the same one on-demand, else one on the committed catalog. */
export function pricedKnowledge(knowledge: Knowledge, commitment: Commitment): PricedKnowledge {
  if (commitment === "on-demand") return { knowledge };
  const { catalog, pricing } = committedCatalog(knowledge.catalog, commitment);
  return {
    knowledge: knowledge.quotas
      ? { rules: knowledge.rules, catalog, quotas: knowledge.quotas }
      : { rules: knowledge.rules, catalog },
    pricing,
  };
}

/**
 * Why a cost of a committed run is on-demand, or undefined where it is at the Savings Plans rate: serverless (no
 * rate imported for it), or an instance type the Region's Savings Plans file gave no rate for.
 */
export function onDemandReason(
  pricing: CommittedPricing,
  instanceType: string,
  serverless: boolean,
): string | undefined {
  if (serverless)
    return "priced on-demand: hostfit imports Savings Plans rates for instance hosting only, not for Serverless Inference";
  if (pricing.committed.has(instanceType)) return undefined;
  return pricing.source === undefined
    ? `priced on-demand: no Savings Plans rates were imported for ${pricing.region} (hostfit catalog import --savings-plans <file> --region ${pricing.region})`
    : `priced on-demand: the Savings Plans file of ${pricing.asOf} gives no ${pricing.commitment} rate for ${instanceType} in ${pricing.region}`;
}

/** The catalog an output names: its id and date, and the Region when the run chose one. */
export function catalogOf(knowledge: Knowledge): { id: string; asOf: string; region?: string } {
  const { id, asOf, region } = knowledge.catalog;
  return knowledge.region !== undefined ? { id, asOf, region } : { id, asOf };
}

/** The winner's monthly cost in one Region a workload allows, or why it cannot be told. */
export interface RegionCostFigure {
  readonly region: string;
  readonly monthlyCostUsd: number | null;
  readonly asOf?: string;
  readonly reason?: string;
}

/**
 * What a placement costs in each Region listed, cheapest first (unknown last, then by name): its instance-hours at
 * the Region's rate for its type (the commitment's where imported, else on-demand) in place of the rate it was
 * priced at; data processing and serverless as priced (no per-Region rates are imported for them).
 */
export function costInRegions(
  regions: readonly string[],
  catalog: Catalog,
  placement: { readonly instanceType: string; readonly hourlyUsd: number; readonly instanceHours: number },
  monthlyCostUsd: number,
  commitment: Commitment,
): RegionCostFigure[] {
  const rest = monthlyCostUsd - placement.instanceHours * placement.hourlyUsd;
  const figures = [...new Set(regions)].map((region): RegionCostFigure => {
    if (region === catalog.region) return { region, monthlyCostUsd, asOf: catalog.asOf };
    const prices = catalog.prices?.find((p) => p.region === region);
    const onDemand = prices?.onDemand?.hourlyUsd[placement.instanceType];
    if (placement.instanceHours === 0) return { region, monthlyCostUsd, reason: "serverless: priced as in the run" };
    if (onDemand === undefined || !prices?.onDemand)
      return {
        region,
        monthlyCostUsd: null,
        reason: prices?.onDemand
          ? `${placement.instanceType} has no on-demand price imported for ${region}`
          : `no prices imported for ${region} (hostfit catalog import --pricing <offer file> --region ${region})`,
      };
    const committed =
      commitment === "on-demand" ? undefined : prices.savingsPlans?.hourlyUsd[placement.instanceType]?.[commitment];
    return {
      region,
      monthlyCostUsd: rest + placement.instanceHours * (committed ?? onDemand),
      asOf: committed !== undefined ? prices.savingsPlans!.asOf : prices.onDemand.asOf,
      ...(commitment !== "on-demand" && committed === undefined
        ? { reason: `no ${commitment} rate imported for ${placement.instanceType} in ${region}: on-demand` }
        : {}),
    };
  });
  return figures.sort(
    (a, b) =>
      (a.monthlyCostUsd ?? Infinity) - (b.monthlyCostUsd ?? Infinity) ||
      (a.region < b.region ? -1 : a.region > b.region ? 1 : 0),
  );
}
