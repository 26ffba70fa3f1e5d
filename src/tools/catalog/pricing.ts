/**
 * Catalog refresh from the AWS Price List bulk offer file for AmazonSageMaker
 * (https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonSageMaker/current/<region>/index.json): reading
 * the on-demand real-time hosting price of each ml.* instance type, and rewriting the prices in the catalog's
 * YAML text in place, keeping its layout and comments. Pure: text in, text and a change report out; the CLI does
 * the file I/O.
 */
import { isDeepStrictEqual } from "node:util";
import {
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  parse as parseYaml,
  stringify,
  type Document,
  type Pair,
  type Scalar,
  type YAMLMap,
} from "yaml";
import { z } from "zod";
import { HOURLY_USD_RANGE, InstanceSchema, offerFileUrl } from "../../schema/catalog.js";
import type { Issue } from "../../schema/issue.js";
import { HostfitError } from "../../schema/errors.js";

export { offerFileUrl };

// Offer files of the global index name Regions by `location`; regional files also carry `regionCode`.
const LOCATIONS: Record<string, string> = {
  "us-east-1": "US East (N. Virginia)",
  "us-east-2": "US East (Ohio)",
  "us-west-1": "US West (N. California)",
  "us-west-2": "US West (Oregon)",
  "eu-west-1": "EU (Ireland)",
  "eu-central-1": "EU (Frankfurt)",
  "ap-northeast-1": "Asia Pacific (Tokyo)",
  "ap-southeast-1": "Asia Pacific (Singapore)",
  "ap-southeast-2": "Asia Pacific (Sydney)",
};

const PriceDimensionSchema = z.object({
  unit: z.string(),
  pricePerUnit: z.record(z.string(), z.string()),
  description: z.string().optional(),
});

/** The version and date every AWS price list file starts with (offer files and Savings Plans files alike). */
export const PRICE_LIST_HEADER = {
  // Copied into every imported row's note, so one short line of printable characters.
  version: z
    .string()
    .regex(/^[\x21-\x7e][\x20-\x7e]{0,63}$/, "one line of at most 64 printable characters")
    .optional(),
  publicationDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T/, "an ISO timestamp such as 2026-11-20T19:12:44Z")
    .refine((s) => isCalendarDate(s.slice(0, 10)), "a real calendar date such as 2026-11-20T19:12:44Z"),
};

const OfferFileSchema = z.object({
  offerCode: z.string().optional(),
  ...PRICE_LIST_HEADER,
  products: z.record(
    z.string(),
    z.object({
      productFamily: z.string().optional(),
      attributes: z.record(z.string(), z.string()),
    }),
  ),
  terms: z.object({
    OnDemand: z
      .record(
        z.string(),
        z.record(z.string(), z.object({ priceDimensions: z.record(z.string(), PriceDimensionSchema) })),
      )
      .optional(),
  }),
});

/** One instance type's on-demand hosting price as the offer file gives it. */
export interface OfferPrice {
  readonly instanceType: string;
  readonly hourlyUsd: number;
  /** The product SKU(s) the price was read from. */
  readonly skus: readonly string[];
}

/** What an offer file holds for the catalog: its date and every hosting price in one Region. */
export interface OfferPrices {
  readonly offerCode: string | null;
  readonly version: string | null;
  /** The file's publicationDate as YYYY-MM-DD: the source date of every price read from it. */
  readonly publicationDate: string;
  readonly region: string;
  readonly prices: readonly OfferPrice[];
  /** Instance types with more than one distinct hosting price in the Region; left out of `prices`. */
  readonly conflicts: readonly { readonly instanceType: string; readonly pricesUsd: readonly number[] }[];
}

/**
 * The prefix of a Region's usage types in AWS price lists and bills ("USE1-Host:ml.g5.xlarge" is us-east-1 hosting),
 * for the Regions hostfit knows; eu-west-1's is "EU". Our reading of AWS's price list files (assumption).
 */
const USAGE_TYPE_PREFIXES: Record<string, string> = {
  "us-east-1": "USE1",
  "us-east-2": "USE2",
  "us-west-1": "USW1",
  "us-west-2": "USW2",
  "eu-west-1": "EU",
  "eu-central-1": "EUC1",
  "ap-northeast-1": "APN1",
  "ap-southeast-1": "APS1",
  "ap-southeast-2": "APS2",
};

/** The usage-type prefix of a Region, or undefined for one hostfit does not know. */
export function usageTypePrefix(region: string): string | undefined {
  return USAGE_TYPE_PREFIXES[region];
}

/** Whether YYYY-MM-DD names a day of the calendar (2026-02-30 does not). */
export function isCalendarDate(date: string): boolean {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

// An offer file's price is a plain decimal string ("0.0560000000"); hex, exponents and the like are not prices.
const DECIMAL = /^\d{1,6}(\.\d{1,12})?$/;

function invalid(
  file: string | undefined,
  path: string,
  message: string,
  hint: string,
  at: Pick<Issue, "line" | "column"> = {},
): HostfitError {
  const issue: Issue = { code: "invalid-offer-file", path, message, hint, ...(file ? { file } : {}), ...at };
  return new HostfitError("invalid-input", [issue]);
}

/** What reading a price list file reports for a fault: the path in the file, a message, and the line and column. */
export type PriceListFault = (path: string, message: string, at?: Pick<Issue, "line" | "column">) => HostfitError;

/**
 * A price list file's JSON checked against its schema. Where the text is not JSON, the fault names the line and
 * column JSON.parse stopped at (a price list file is megabytes, and an offset is hard to find in it); where it is
 * not such a file, the first field the schema refuses.
 * @param names how messages name the file ("the offer file") and its kind ("an AWS Price List offer file").
 */
export function readPriceList<T>(
  text: string,
  schema: z.ZodType<T>,
  names: { readonly file: string; readonly kind: string },
  fault: PriceListFault,
): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw fault("", `${names.file} is not JSON: ${(error as Error).message}`, jsonErrorAt(text, error));
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw fault(first.path.join("."), `not ${names.kind}: ${first.message}`);
  }
  return parsed.data;
}

// Where JSON.parse stopped in `text`, as a line and column, read from the offset its message gives.
function jsonErrorAt(text: string, error: unknown): Pick<Issue, "line" | "column"> {
  const offset = /position (\d+)/.exec((error as Error).message)?.[1];
  if (offset === undefined) return {};
  const before = text.slice(0, Number(offset));
  const line = before.split("\n").length;
  return { line, column: before.length - before.lastIndexOf("\n") };
}

// A hosting price read from the offer file: 0 for none (a zero or missing USD price), else a decimal string within
// the catalog's range of hourly prices.
function hourlyPrice(text: string | undefined, sku: string, file: string | undefined): number {
  if (text === undefined) return 0;
  const usd = DECIMAL.test(text) ? Number(text) : NaN;
  if (usd === 0) return 0;
  if (!(usd >= HOURLY_USD_RANGE.min && usd <= HOURLY_USD_RANGE.max))
    throw invalid(
      file,
      `terms.OnDemand.${sku}`,
      `the hosting price of SKU ${sku} is ${JSON.stringify(text.slice(0, 40))} USD an hour, not a decimal price between ${HOURLY_USD_RANGE.min} and ${HOURLY_USD_RANGE.max}`,
      "pass the unedited index.json of the AmazonSageMaker offer (AWS Price List bulk API)",
    );
  return usd;
}

/**
 * Reads the on-demand real-time hosting prices of one Region from an AmazonSageMaker offer file. A product counts
 * when its productFamily is "ML Instance", its `component` attribute is "Hosting", its `instanceName` is an ml.*
 * type, it is in the Region (`regionCode`, or `location` in files without it), and its usagetype, when given, is
 * `<region prefix>-Host:<instance>`; the price is its OnDemand dimension in "Hrs" with a USD price above zero.
 * @throws HostfitError (code invalid-input) when the text is not JSON or not an offer file.
 */
export function parseOfferFile(text: string, region: string, file?: string): OfferPrices {
  const offer = readPriceList(
    text,
    OfferFileSchema,
    { file: "the offer file", kind: "an AWS Price List offer file" },
    (path, message, at) =>
      invalid(file, path, message, "pass the index.json of the AmazonSageMaker offer (AWS Price List bulk API)", at),
  );
  if (offer.offerCode !== undefined && offer.offerCode !== "AmazonSageMaker") {
    throw invalid(
      file,
      "offerCode",
      `the offer file is for ${offer.offerCode}, not AmazonSageMaker`,
      "download the AmazonSageMaker offer file",
    );
  }
  const location = LOCATIONS[region];
  const onDemand = offer.terms.OnDemand ?? {};
  const found = new Map<string, { prices: Set<number>; skus: string[] }>();
  for (const [sku, product] of Object.entries(offer.products)) {
    const a = product.attributes;
    const instance = a.instanceName;
    if (
      product.productFamily !== "ML Instance" ||
      a.component?.toLowerCase() !== "hosting" ||
      !instance ||
      !/^ml\.[a-z0-9-]+\.[a-z0-9-]+$/.test(instance)
    )
      continue;
    const inRegion =
      a.regionCode !== undefined ? a.regionCode === region : location !== undefined && a.location === location;
    if (!inRegion) continue;
    if (a.usagetype !== undefined && !new RegExp(`(^|-)Host:${instance.replace(/\./g, "\\.")}$`).test(a.usagetype))
      continue;
    const hourly = Object.values(onDemand[sku] ?? {})
      .flatMap((term) => Object.values(term.priceDimensions))
      .filter((d) => d.unit === "Hrs" || d.unit === "Hours")
      .map((d) => hourlyPrice(d.pricePerUnit.USD, sku, file))
      .filter((usd) => usd > 0);
    if (hourly.length === 0) continue;
    const entry = found.get(instance) ?? { prices: new Set<number>(), skus: [] };
    for (const usd of hourly) entry.prices.add(usd);
    entry.skus.push(sku);
    found.set(instance, entry);
  }
  const prices: OfferPrice[] = [];
  const conflicts: { instanceType: string; pricesUsd: number[] }[] = [];
  for (const [instanceType, { prices: set, skus }] of [...found.entries()].sort(([x], [y]) =>
    x < y ? -1 : x > y ? 1 : 0,
  )) {
    const values = [...set].sort((x, y) => x - y);
    if (values.length === 1) prices.push({ instanceType, hourlyUsd: values[0]!, skus: skus.sort() });
    else conflicts.push({ instanceType, pricesUsd: values });
  }
  return {
    offerCode: offer.offerCode ?? null,
    version: offer.version ?? null,
    publicationDate: offer.publicationDate.slice(0, 10),
    region,
    prices,
    conflicts,
  };
}

/** One catalog row after an import, with what it was before. */
export interface PriceChange {
  readonly instanceType: string;
  readonly fromUsd: number;
  readonly toUsd: number;
  readonly fromAsOf: string;
  readonly fromConfirmed: boolean;
}

/** What an import did to instances.yaml. */
export interface PriceImport {
  /** The new instances.yaml text (equal to the input when nothing changed). */
  readonly text: string;
  /** Rows whose price changed. */
  readonly changed: readonly PriceChange[];
  /** Rows whose price was already right; now dated and sourced from the offer file. */
  readonly confirmed: readonly PriceChange[];
  /** Rows already priced from a later confirmed source, left as they are. */
  readonly newer: readonly string[];
  /** Catalog instance types the offer file has no hosting price for (left as they are). */
  readonly notInOffer: readonly string[];
  /** Offer file instance types the catalog lacks (not added: their specs are not in the offer file). */
  readonly notInCatalog: readonly string[];
}

const scalar = (v: unknown): string => stringify(v, { lineWidth: 0 }).trimEnd();

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function pairOf(map: YAMLMap, key: string): Pair<Scalar, Scalar> | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<Scalar, Scalar> | undefined;
}

function yamlError(file: string, doc: Document): HostfitError {
  const first = doc.errors[0];
  return new HostfitError("invalid-catalog", [
    {
      code: "invalid-catalog",
      path: "",
      file,
      message: `cannot parse ${file}: ${first?.message ?? "not a mapping"}`,
      hint: "restore the file from the repository, or rebuild it with scripts/build-catalog.mjs",
    },
  ]);
}

/** Replaces one scalar value in place, keeping any trailing comment. */
function replaceValue(edits: Edit[], pair: Pair<Scalar, Scalar>, value: unknown): void {
  const range = pair.value?.range;
  if (!range) return;
  edits.push({ start: range[0], end: range[1], text: scalar(value) });
}

function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((x, y) => y.start - x.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/**
 * Rewrites `hourlyUsd`, `priceSource`, `priceAsOf`, `priceConfirmed` and `priceNote` of every catalog row the offer
 * file prices, editing the YAML text in place so comments and layout stay as scripts/build-catalog.mjs wrote them.
 * A row already confirmed from a later date is kept. The result is re-parsed and checked against the schema.
 * @throws HostfitError (code invalid-catalog) when instances.yaml cannot be parsed or the result would be invalid.
 */
export function applyOfferPrices(instancesText: string, offer: OfferPrices, file = "instances.yaml"): PriceImport {
  const doc = parseDocument(instancesText);
  const list = isMap(doc.contents) ? doc.contents.get("instances", true) : undefined;
  if (doc.errors.length > 0 || !isSeq(list)) throw yamlError(file, doc);
  const byType = new Map(offer.prices.map((p) => [p.instanceType, p]));
  const source = offerFileUrl(offer.region);
  const edits: Edit[] = [];
  const changed: PriceChange[] = [];
  const confirmed: PriceChange[] = [];
  const newer: string[] = [];
  const notInOffer: string[] = [];
  const seen = new Set<string>();
  const expected = parseYaml(instancesText) as { instances: Record<string, unknown>[] };
  list.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const type = String(pairOf(item, "instanceType")?.value?.value ?? "");
    seen.add(type);
    const price = byType.get(type);
    if (!price) {
      notInOffer.push(type);
      return;
    }
    const row = expected.instances[index]!;
    const before = { usd: Number(row.hourlyUsd), asOf: String(row.priceAsOf), confirmed: row.priceConfirmed === true };
    if (before.confirmed && before.asOf > offer.publicationDate) {
      newer.push(type);
      return;
    }
    const note = `${offer.region} on-demand real-time hosting price read from the AWS Price List offer file for AmazonSageMaker (publicationDate ${offer.publicationDate}${offer.version ? `, version ${offer.version}` : ""}, SKU ${price.skus.join(", ")}) by hostfit catalog import`;
    const values: Record<string, unknown> = {
      hourlyUsd: price.hourlyUsd,
      priceSource: source,
      priceAsOf: offer.publicationDate,
      priceConfirmed: true,
      priceNote: note,
    };
    for (const [key, value] of Object.entries(values)) {
      const pair = pairOf(item, key);
      if (pair) replaceValue(edits, pair, value);
      else if (key === "priceNote") {
        // Rows without a note get one on the line after priceConfirmed, at the same indent.
        const anchor = pairOf(item, "priceConfirmed");
        const keyStart = anchor?.key?.range?.[0];
        if (anchor && keyStart !== undefined) {
          const lineEnd = instancesText.indexOf("\n", anchor.value?.range?.[1] ?? keyStart);
          const indent = keyStart - instancesText.lastIndexOf("\n", keyStart) - 1;
          const at = lineEnd === -1 ? instancesText.length : lineEnd;
          edits.push({ start: at, end: at, text: `\n${" ".repeat(indent)}priceNote: ${scalar(value)}` });
        }
      }
    }
    Object.assign(row, values);
    const change = {
      instanceType: type,
      fromUsd: before.usd,
      toUsd: price.hourlyUsd,
      fromAsOf: before.asOf,
      fromConfirmed: before.confirmed,
    };
    (before.usd === price.hourlyUsd ? confirmed : changed).push(change);
  });
  const text = applyEdits(instancesText, edits);
  const back = parseYaml(text) as { instances?: unknown[] };
  const rows = z.array(InstanceSchema).safeParse(back.instances);
  if (!isDeepStrictEqual(back, expected) || !rows.success) {
    throw new HostfitError("invalid-catalog", [
      {
        code: "invalid-catalog",
        path: "instances",
        file,
        message: `the updated ${file} does not parse back to the imported prices`,
        hint: "report this as a bug; the catalog was not changed",
      },
    ]);
  }
  return {
    text,
    changed,
    confirmed,
    newer,
    notInOffer,
    notInCatalog: offer.prices.map((p) => p.instanceType).filter((t) => !seen.has(t)),
  };
}

/**
 * Moves catalog.yaml's `asOf` (the date of the price list the confirmed prices come from) to the offer file's
 * date when that is later, editing the text in place.
 * @returns the new text and the date before, or null when `asOf` stays.
 */
export function applyCatalogAsOf(
  catalogText: string,
  publicationDate: string,
  file = "catalog.yaml",
): { text: string; from: string } | null {
  const doc = parseDocument(catalogText);
  if (doc.errors.length > 0 || !isMap(doc.contents)) throw yamlError(file, doc);
  const pair = pairOf(doc.contents, "asOf");
  const from = pair?.value ? String(pair.value.value) : undefined;
  if (!pair || from === undefined || from >= publicationDate) return null;
  const edits: Edit[] = [];
  replaceValue(edits, pair, publicationDate);
  return { text: applyEdits(catalogText, edits), from };
}
