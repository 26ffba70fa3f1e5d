/**
 * SageMaker Savings Plans rates from the AWS Price List "service price list file for a Savings Plan" of
 * AWSMachineLearningSavingsPlans (the format:
 * https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/reading-service-price-list-file-for-savings-plans.html;
 * the files: https://pricing.us-east-1.amazonaws.com/savingsPlan/v1.0/aws/AWSMachineLearningSavingsPlans/current/region_index.json
 * lists each Region's versionUrl). Pure: text in, rates out; the CLI does the file I/O.
 *
 * A file holds `products[]`, one per plan (productFamily "SageMakerSavingsPlans", attributes.purchaseTerm "1yr" or
 * "3yr", attributes.purchaseOption "No Upfront", "Partial Upfront" or "All Upfront"), and `terms.savingsPlan[]`,
 * one per plan SKU, whose `rates[]` give the plan's price for each usage type it discounts (discountedUsageType
 * such as "USE1-Host:ml.g5.xlarge", discountedServiceCode "AmazonSageMaker", unit "Hrs", discountedRate
 * { price, currency }). Every payment option has one such hourly rate: usage draws the plan's hourly commitment
 * down at it (https://docs.aws.amazon.com/savingsplans/latest/userguide/sp-applying.html), and an upfront payment
 * prepays that commitment (a one-time SavingsPlanUpfrontFee, https://docs.aws.amazon.com/cur/latest/userguide/cur-sp.html),
 * so the rate is the effective cost of an instance-hour with the upfront share included.
 */
import { z } from "zod";
import { HOURLY_USD_RANGE, type CommittedRates } from "../../schema/catalog.js";
import { HostfitError } from "../../schema/errors.js";
import { SAVINGS_PLAN_COMMITMENTS, type SavingsPlanCommitment } from "../../schema/ids.js";
import type { Issue } from "../../schema/issue.js";
import { PRICE_LIST_HEADER, readPriceList, usageTypePrefix } from "./pricing.js";

/** The price list files of SageMaker Savings Plans, by Region, and the version of one. */
export const SAVINGS_PLANS_INDEX_URL =
  "https://pricing.us-east-1.amazonaws.com/savingsPlan/v1.0/aws/AWSMachineLearningSavingsPlans/current/region_index.json";

/**
 * Where AWS publishes a Region's file of one version (its `version`, e.g. 20231027160516), as the Region index
 * lists it; the Region index itself when the version is not of that form.
 */
export function savingsPlansFileUrl(region: string, version: string | null): string {
  return version !== null && /^\d{14}$/.test(version)
    ? `https://pricing.us-east-1.amazonaws.com/savingsPlan/v1.0/aws/AWSMachineLearningSavingsPlans/${version}/${region}/index.json`
    : SAVINGS_PLANS_INDEX_URL;
}

const HINT = `pass the unedited index.json of a Region of the AWSMachineLearningSavingsPlans price list (${SAVINGS_PLANS_INDEX_URL})`;

const RateSchema = z.object({
  discountedSku: z.string().optional(),
  discountedUsageType: z.string(),
  discountedOperation: z.string().optional(),
  discountedServiceCode: z.string().optional(),
  rateCode: z.string().optional(),
  unit: z.string(),
  discountedRate: z.object({ price: z.string(), currency: z.string() }),
  discountedRegionCode: z.string().optional(),
});

const SavingsPlanFileSchema = z.object({
  ...PRICE_LIST_HEADER,
  regionCode: z.string().optional(),
  products: z.array(
    z.object({
      sku: z.string(),
      productFamily: z.string().optional(),
      serviceCode: z.string().optional(),
      attributes: z.record(z.string(), z.string()),
    }),
  ),
  terms: z.object({
    savingsPlan: z.array(z.object({ sku: z.string(), rates: z.array(RateSchema) })),
  }),
});

/** What a Savings Plans file holds for the catalog: its date, and each instance type's hosting rates in one Region. */
export interface SavingsPlanRates {
  readonly version: string | null;
  /** The file's publicationDate as YYYY-MM-DD: the source date of every rate read from it. */
  readonly publicationDate: string;
  readonly region: string;
  /** Instance types in name order, each with the rates the file gives it (a commitment it has none for is absent). */
  readonly rates: ReadonlyMap<string, CommittedRates>;
  /** An instance type and commitment with more than one distinct rate; left out of `rates`. */
  readonly conflicts: readonly {
    readonly instanceType: string;
    readonly commitment: SavingsPlanCommitment;
    readonly ratesUsd: readonly number[];
  }[];
  /** SageMaker usage the plans discount that is not instance hosting (training, notebooks, serverless...), counted. */
  readonly otherUsage: number;
}

function invalid(
  file: string | undefined,
  path: string,
  message: string,
  at: Pick<Issue, "line" | "column"> = {},
): HostfitError {
  const issue: Issue = {
    code: "invalid-savings-plans-file",
    path,
    message,
    hint: HINT,
    ...(file ? { file } : {}),
    ...at,
  };
  return new HostfitError("invalid-input", [issue]);
}

const TERMS: Record<string, string> = { "1yr": "1y", "3yr": "3y" };
const OPTIONS: Record<string, string> = {
  "No Upfront": "no-upfront",
  "Partial Upfront": "partial-upfront",
  "All Upfront": "all-upfront",
};

// A plan's commitment from its product attributes, or null for a product that is not a SageMaker plan we know.
function commitmentOf(
  product: z.infer<typeof SavingsPlanFileSchema>["products"][number],
): SavingsPlanCommitment | null {
  const family = product.productFamily ?? product.attributes.productFamily;
  if (family !== "SageMakerSavingsPlans") return null;
  const term = TERMS[product.attributes.purchaseTerm ?? ""];
  const option = OPTIONS[product.attributes.purchaseOption ?? ""];
  const id = `${term}-${option}`;
  return term && option && (SAVINGS_PLAN_COMMITMENTS as readonly string[]).includes(id)
    ? (id as SavingsPlanCommitment)
    : null;
}

const DECIMAL = /^\d{1,6}(\.\d{1,12})?$/;

/**
 * Reads the SageMaker Savings Plans rates of real-time hosting instances in one Region. A rate counts when its plan's
 * product is of productFamily "SageMakerSavingsPlans" with a known purchaseTerm and purchaseOption, its
 * discountedServiceCode (when given) is AmazonSageMaker, its unit is "Hrs", its currency USD, its
 * discountedUsageType is `<Region prefix>-Host:<ml.* type>`, and its discountedRegionCode (when given) is the Region.
 * @param where `region`, the Region to read (the file's regionCode, when it has one, must be the same); without it,
 * the file's regionCode, else `orElse`.
 * @throws HostfitError (code invalid-input) when the text is not JSON, not such a file, of another Region, or holds
 * a rate that is not a price.
 */
export function parseSavingsPlansFile(
  text: string,
  where: { readonly region?: string | undefined; readonly orElse: string },
  file?: string,
): SavingsPlanRates {
  const data = readPriceList(
    text,
    SavingsPlanFileSchema,
    { file: "the Savings Plans file", kind: "an AWS Savings Plans price list file" },
    (path, message, at) => invalid(file, path, message, at),
  );
  const region = where.region ?? data.regionCode ?? where.orElse;
  if (data.regionCode !== undefined && data.regionCode !== region)
    throw invalid(file, "regionCode", `the Savings Plans file is for ${data.regionCode}, not ${region}`);
  const plans = new Map<string, SavingsPlanCommitment>();
  for (const product of data.products) {
    const commitment = commitmentOf(product);
    if (commitment) plans.set(product.sku, commitment);
  }
  if (plans.size === 0)
    throw invalid(
      file,
      "products",
      'the file has no SageMaker Savings Plans (productFamily "SageMakerSavingsPlans" with a purchaseTerm and purchaseOption)',
    );
  const prefix = usageTypePrefix(region);
  const host = /^([A-Z0-9]+)-Host:(ml\.[a-z0-9-]+\.[a-z0-9-]+)$/;
  const found = new Map<string, Map<SavingsPlanCommitment, Set<number>>>();
  let otherUsage = 0;
  data.terms.savingsPlan.forEach((term, t) => {
    const commitment = plans.get(term.sku);
    if (!commitment) return;
    term.rates.forEach((rate, r) => {
      if (rate.discountedServiceCode !== undefined && rate.discountedServiceCode !== "AmazonSageMaker") return;
      const match = host.exec(rate.discountedUsageType);
      if (!match) {
        otherUsage++;
        return;
      }
      // A Region's file holds its own rates; where a rate names its Region or the usage type's prefix is known,
      // they must agree.
      if (rate.discountedRegionCode !== undefined && rate.discountedRegionCode !== region) return;
      if (prefix !== undefined && match[1] !== prefix) return;
      const path = `terms.savingsPlan[${t}].rates[${r}]`;
      if (rate.unit !== "Hrs")
        throw invalid(file, `${path}.unit`, `the rate of ${rate.discountedUsageType} is per "${rate.unit}", not "Hrs"`);
      if (rate.discountedRate.currency !== "USD")
        throw invalid(
          file,
          `${path}.discountedRate.currency`,
          `the rate of ${rate.discountedUsageType} is in ${rate.discountedRate.currency}, not USD`,
        );
      const text = rate.discountedRate.price;
      const usd = DECIMAL.test(text) ? Number(text) : NaN;
      if (!(usd >= HOURLY_USD_RANGE.min && usd <= HOURLY_USD_RANGE.max))
        throw invalid(
          file,
          `${path}.discountedRate.price`,
          `the ${commitment} rate of ${rate.discountedUsageType} is ${JSON.stringify(text.slice(0, 40))} USD an hour, not a decimal price between ${HOURLY_USD_RANGE.min} and ${HOURLY_USD_RANGE.max}`,
        );
      const byCommitment = found.get(match[2]!) ?? new Map<SavingsPlanCommitment, Set<number>>();
      const set = byCommitment.get(commitment) ?? new Set<number>();
      set.add(usd);
      byCommitment.set(commitment, set);
      found.set(match[2]!, byCommitment);
    });
  });
  const rates = new Map<string, CommittedRates>();
  const conflicts: SavingsPlanRates["conflicts"][number][] = [];
  for (const instanceType of [...found.keys()].sort()) {
    const byCommitment = found.get(instanceType)!;
    const row: Partial<Record<SavingsPlanCommitment, number>> = {};
    for (const commitment of SAVINGS_PLAN_COMMITMENTS) {
      const set = byCommitment.get(commitment);
      if (!set) continue;
      const values = [...set].sort((a, b) => a - b);
      if (values.length === 1) row[commitment] = values[0]!;
      else conflicts.push({ instanceType, commitment, ratesUsd: values });
    }
    if (Object.keys(row).length > 0) rates.set(instanceType, row);
  }
  return {
    version: data.version ?? null,
    publicationDate: data.publicationDate.slice(0, 10),
    region,
    rates,
    conflicts,
    otherUsage,
  };
}
