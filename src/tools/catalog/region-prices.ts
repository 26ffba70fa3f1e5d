/**
 * The prices file of one Region (catalog/prices/<region>.yaml): its two sections, on-demand hosting prices and
 * SageMaker Savings Plans rates, each replaced whole by an import of its price list file and written with a comment
 * on every key. Pure: data in, text out; the CLI does the file I/O.
 */
import { isDeepStrictEqual } from "node:util";
import { parse as parseYaml, stringify } from "yaml";
import { RegionPricesSchema, type CommittedRates, type RegionPrices } from "../../schema/catalog.js";
import { HostfitError } from "../../schema/errors.js";
import { SAVINGS_PLAN_COMMITMENTS } from "../../schema/ids.js";

const scalar = (v: unknown): string => stringify(v, { lineWidth: 0 }).trimEnd();

type Section<K extends "onDemand" | "savingsPlans"> = NonNullable<RegionPrices[K]>;

/** The Region's prices with one section replaced (the other kept as it was). */
export function withSection<K extends "onDemand" | "savingsPlans">(
  existing: RegionPrices | undefined,
  region: string,
  key: K,
  section: Section<K>,
): RegionPrices {
  const onDemand = key === "onDemand" ? (section as Section<"onDemand">) : existing?.onDemand;
  const savingsPlans = key === "savingsPlans" ? (section as Section<"savingsPlans">) : existing?.savingsPlans;
  return {
    schemaVersion: 1,
    region,
    ...(onDemand ? { onDemand } : {}),
    ...(savingsPlans ? { savingsPlans } : {}),
  };
}

function provenance(lines: string[], s: { source: string; asOf: string; note?: string | undefined }): void {
  lines.push(`  source: ${scalar(s.source)} # the price list file read (URL)`);
  lines.push(`  asOf: ${scalar(s.asOf)} # its publicationDate (YYYY-MM-DD)`);
  if (s.note !== undefined) lines.push(`  note: ${scalar(s.note)} # how the prices were read (text)`);
}

function flowRates(rates: CommittedRates): string {
  const parts = SAVINGS_PLAN_COMMITMENTS.filter((c) => rates[c] !== undefined).map((c) => `${c}: ${scalar(rates[c])}`);
  return `{ ${parts.join(", ")} }`;
}

/**
 * The text of a Region's prices file, instance types in name order, checked to parse back to the same data.
 * @throws HostfitError (code invalid-catalog) when it would not (a bug: nothing is written).
 */
export function renderRegionPrices(prices: RegionPrices): string {
  const lines = [
    `# hostfit prices for ${prices.region}, written by hostfit catalog import; fields and units: catalog/README.md.`,
    "# Each section is replaced whole by the next import of its price list file; edit the file it came from, not this.",
    "schemaVersion: 1 # prices file format version (integer; bumped on a breaking change)",
    `region: ${prices.region} # the AWS Region every price here applies to`,
  ];
  if (prices.onDemand) {
    lines.push("onDemand: # on-demand real-time hosting prices (AWS Price List offer file for AmazonSageMaker)");
    provenance(lines, prices.onDemand);
    lines.push("  hourlyUsd: # instance type: its on-demand price (USD per instance-hour)");
    for (const type of Object.keys(prices.onDemand.hourlyUsd).sort())
      lines.push(`    ${type}: ${scalar(prices.onDemand.hourlyUsd[type])}`);
  }
  if (prices.savingsPlans) {
    lines.push(
      "savingsPlans: # SageMaker Savings Plans rates (AWS Price List Savings Plans file, AWSMachineLearningSavingsPlans)",
    );
    provenance(lines, prices.savingsPlans);
    lines.push(
      "  hourlyUsd: # instance type: its rate by commitment (effective USD per instance-hour, any upfront share included)",
    );
    for (const type of Object.keys(prices.savingsPlans.hourlyUsd).sort())
      lines.push(`    ${type}: ${flowRates(prices.savingsPlans.hourlyUsd[type]!)}`);
  }
  const text = `${lines.join("\n")}\n`;
  const back = RegionPricesSchema.safeParse(parseYaml(text));
  if (!back.success || !isDeepStrictEqual(back.data, prices))
    throw new HostfitError("invalid-catalog", [
      {
        code: "invalid-catalog",
        path: "",
        message: `the prices file of ${prices.region} does not parse back to the imported prices`,
        hint: "report this as a bug; the catalog was not changed",
      },
    ]);
  return text;
}
