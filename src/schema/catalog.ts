import { z } from "zod";
import {
  AcceleratorKindSchema,
  InterconnectSchema,
  OptionIdSchema,
  PRECISIONS,
  RegionSchema,
  SAVINGS_PLAN_COMMITMENTS,
  type SavingsPlanCommitment,
} from "./ids.js";

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD");
const Url = z.string().regex(/^https:\/\/\S+$/, "an https:// URL");
const Id = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "a kebab-case id");
const Positive = z.number().positive().finite();
const NonNegative = z.number().nonnegative().finite();

/** Where AWS publishes the AmazonSageMaker offer file for a Region; the priceSource of prices imported from it. */
export function offerFileUrl(region: string): string {
  return `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonSageMaker/current/${region}/index.json`;
}

/**
 * The range an instance's hourly price may take (USD): SageMaker's cheapest instance costs about $0.05 an hour and
 * its dearest about $100, so a price outside a thousandth of a dollar to $1,000 is a typo or a unit mix-up.
 */
export const HOURLY_USD_RANGE = { min: 0.001, max: 1000 } as const;

/** Peak dense throughput per precision, in TFLOPS (TOPS for integer types); null where unsupported or unknown. */
export const ThroughputSchema = z.strictObject(
  Object.fromEntries(PRECISIONS.map((p) => [p, Positive.nullable()])) as Record<
    (typeof PRECISIONS)[number],
    z.ZodNullable<typeof Positive>
  >,
);

/** One accelerator or CPU core model: the specs the roofline model needs, with sources. */
export const ComputeDeviceSchema = z.strictObject({
  id: Id,
  name: z.string().min(1),
  kind: AcceleratorKindSchema,
  /** Usable device memory per device (GiB); null for CPUs, whose memory is the instance's. */
  memoryGiB: Positive.nullable(),
  /** Memory bandwidth per device (GB/s); for a CPU, per vCPU. */
  memoryBandwidthGBps: Positive,
  /** Dense peak throughput per device (TFLOPS); for a CPU, per vCPU. */
  tflops: ThroughputSchema,
  /** Device-to-device bandwidth for tensor parallelism (GB/s, one direction); null for CPUs. */
  interconnectGBps: Positive.nullable(),
  /** The link tensor parallelism runs over (its latency is in rules/sizing.yaml); absent on CPUs, PCIe if not given. */
  interconnect: InterconnectSchema.optional(),
  /** Share of peak compute and bandwidth sustained under constant load; below 1 for burstable CPUs (CPU credits). */
  sustainedFraction: z.number().gt(0).max(1),
  confirmed: z.boolean(),
  unconfirmedFields: z.array(z.string()),
  sources: z.array(Url).min(1),
  asOf: IsoDate,
  note: z.string().optional(),
});
export type ComputeDevice = z.infer<typeof ComputeDeviceSchema>;

const InstanceType = z.string().regex(/^ml\.[a-z0-9-]+\.[a-z0-9-]+$/, "an ml.* instance type");
const HourlyUsd = z
  .number()
  .min(HOURLY_USD_RANGE.min, `at least ${HOURLY_USD_RANGE.min} USD an hour`)
  .max(HOURLY_USD_RANGE.max, `at most ${HOURLY_USD_RANGE.max} USD an hour`);

export const InstanceSchema = z.strictObject({
  /** The SageMaker instance type, e.g. ml.g5.2xlarge; unique in a catalog. */
  instanceType: InstanceType,
  family: z.string().min(1),
  vcpus: z.number().int().positive(),
  memoryGiB: Positive,
  arch: z.enum(["amd64", "arm64"]),
  /** Id of the CPU model in `devices` (per-vCPU figures). */
  cpu: Id,
  /** The accelerator, or null for a CPU-only instance. */
  accelerator: z.strictObject({ device: Id, count: z.number().int().positive() }).nullable(),
  localNvmeGB: NonNegative.nullable(),
  networkGbps: Positive.nullable(),
  /** Hosting options whose API accepts this type. */
  options: z.array(OptionIdSchema),
  hourlyUsd: HourlyUsd,
  priceSource: Url,
  priceAsOf: IsoDate,
  priceConfirmed: z.boolean(),
  /** How the price was obtained when it is not a price-list figure. */
  priceNote: z.string().optional(),
  specSource: Url,
});
export type Instance = z.infer<typeof InstanceSchema>;

/** Where a price comes from: its source and date, whether read from a dated official price list, and caveats. */
const PRICE_PROVENANCE = {
  source: Url,
  asOf: IsoDate,
  confirmed: z.boolean(),
  note: z.string().optional(),
};

/**
 * Serverless provisioned concurrency: what keeping concurrency warm costs, and what requests it serves cost instead of
 * the on-demand rate. Without it, serverless cannot keep capacity warm.
 */
export const ProvisionedConcurrencyPricingSchema = z.strictObject({
  /** Per GB of configured memory per second, for each unit of concurrency provisioned. */
  usdPerGBSecond: Positive,
  /** Per GB of configured memory per second of a request served by provisioned concurrency. */
  durationUsdPerGBSecond: Positive,
  ...PRICE_PROVENANCE,
});
export type ProvisionedConcurrencyPricing = z.infer<typeof ProvisionedConcurrencyPricingSchema>;

export const ServerlessPricingSchema = z.strictObject({
  memorySizesMB: z.array(z.number().int().positive()).min(1),
  usdPerGBSecond: Positive,
  maxConcurrency: z.number().int().positive(),
  provisionedConcurrency: ProvisionedConcurrencyPricingSchema.optional(),
  /** vCPUs granted per GiB of configured memory (serverless scales CPU with memory). */
  vcpusPerGiB: Positive,
  /** Id of the CPU model serverless runs on. */
  cpu: Id,
  ...PRICE_PROVENANCE,
});
export type ServerlessPricing = z.infer<typeof ServerlessPricingSchema>;

export const DataProcessingPricingSchema = z.strictObject({
  inUsdPerGB: NonNegative,
  outUsdPerGB: NonNegative,
  ...PRICE_PROVENANCE,
});

/** Where a section of a Region's prices was read: the price list file's URL, its publication date, how. */
const PRICE_LIST = { source: Url, asOf: IsoDate, note: z.string().optional() };

/** One instance type's Savings Plans rates (USD per instance-hour), by commitment; a rate not published is absent. */
export const CommittedRatesSchema = z.strictObject(
  Object.fromEntries(SAVINGS_PLAN_COMMITMENTS.map((c) => [c, HourlyUsd.optional()])) as Record<
    SavingsPlanCommitment,
    z.ZodOptional<typeof HourlyUsd>
  >,
);
export type CommittedRates = z.infer<typeof CommittedRatesSchema>;

/**
 * The prices imported for one Region (catalog/prices/<region>.yaml): on-demand hosting prices from the AWS Price
 * List offer file for AmazonSageMaker, and SageMaker Savings Plans rates from the Savings Plans price list file for
 * AWSMachineLearningSavingsPlans, each section with its file's URL and publication date. Instance types are keys.
 */
export const RegionPricesSchema = z.strictObject({
  schemaVersion: z.literal(1),
  region: RegionSchema,
  /** On-demand real-time hosting prices (USD per instance-hour); absent for the catalog's own Region (instances.yaml). */
  onDemand: z.strictObject({ ...PRICE_LIST, hourlyUsd: z.record(InstanceType, HourlyUsd) }).optional(),
  /** Savings Plans rates, as effective USD per instance-hour (upfront payments spread over the term's hours). */
  savingsPlans: z.strictObject({ ...PRICE_LIST, hourlyUsd: z.record(InstanceType, CommittedRatesSchema) }).optional(),
});
export type RegionPrices = z.infer<typeof RegionPricesSchema>;

/** The whole catalog as the core receives it, after the files are merged. */
export const CatalogSchema = z.strictObject({
  schemaVersion: z.literal(1),
  id: Id,
  region: z.string().min(1),
  asOf: IsoDate,
  instances: z.array(InstanceSchema).min(1),
  devices: z.array(ComputeDeviceSchema).min(1),
  serverless: ServerlessPricingSchema,
  dataProcessing: DataProcessingPricingSchema,
  /** Prices imported per Region (catalog/prices/*.yaml), one entry per Region; absent when none were imported. */
  prices: z.array(RegionPricesSchema).optional(),
});
export type Catalog = z.infer<typeof CatalogSchema>;
