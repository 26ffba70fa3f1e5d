/** Issue 6: catalog refresh from the AWS Price List offer file, and the price-age check. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { describe, expect, test } from "vitest";
import { daysBetween, stalePrices } from "../../../src/tools/catalog/check.js";
import { HostfitError } from "../../../src/schema/errors.js";
import {
  applyCatalogAsOf,
  applyOfferPrices,
  offerFileUrl,
  parseOfferFile,
  type OfferPrices,
} from "../../../src/tools/catalog/pricing.js";
import { loadCatalog } from "../../../src/load/catalog.js";
import type { Instance } from "../../../src/schema/catalog.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const OFFER_TEXT = readFileSync(`${ROOT}/test/fixtures/pricing/AmazonSageMaker-small.json`, "utf8");
const INSTANCES_TEXT = readFileSync(`${ROOT}/catalog/instances.yaml`, "utf8");
const CATALOG_TEXT = readFileSync(`${ROOT}/catalog/catalog.yaml`, "utf8");

function rows(text: string): Instance[] {
  return (parseYaml(text) as { instances: Instance[] }).instances;
}

function rowOf(text: string, type: string): Instance {
  return rows(text).find((r) => r.instanceType === type)!;
}

function offer(prices: OfferPrices["prices"], publicationDate = "2026-11-20"): OfferPrices {
  return { offerCode: "AmazonSageMaker", version: null, publicationDate, region: "us-east-1", prices, conflicts: [] };
}

function expectInvalid(text: string, message: RegExp): void {
  try {
    parseOfferFile(text, "us-east-1", "offer.json");
  } catch (error) {
    expect(error).toBeInstanceOf(HostfitError);
    expect((error as HostfitError).issues[0]).toMatchObject({ code: "invalid-offer-file", file: "offer.json" });
    expect((error as HostfitError).issues[0]!.message).toMatch(message);
    return;
  }
  throw new Error("expected a HostfitError");
}

describe("parseOfferFile", () => {
  const parsed = parseOfferFile(OFFER_TEXT, "us-east-1");

  test("reads the publication date and the on-demand real-time hosting price of each ml.* type in the Region", () => {
    expect(parsed.publicationDate).toBe("2026-11-20");
    expect(parsed.version).toBe("20261120191244");
    expect(parsed.prices.map((p) => [p.instanceType, p.hourlyUsd])).toEqual([
      ["ml.c7g.large", 0.0867],
      ["ml.g5.2xlarge", 1.515],
      ["ml.g7e.2xlarge", 4.2039],
      ["ml.m5.large", 0.115],
      ["ml.t2.medium", 0.056],
    ]);
    expect(parsed.prices.find((p) => p.instanceType === "ml.m5.large")!.skus).toEqual(["2H6QZRM5KN8W4E3T"]);
  });

  test("leaves out training, notebook, storage and other Regions' products, and types with conflicting prices", () => {
    expect(parsed.prices.map((p) => p.instanceType)).not.toContain("ml.t3.medium");
    expect(parsed.conflicts).toEqual([{ instanceType: "ml.inf2.xlarge", pricesUsd: [0.7582, 0.99] }]);
  });

  test("another Region gets its own prices", () => {
    expect(parseOfferFile(OFFER_TEXT, "us-west-2").prices.map((p) => [p.instanceType, p.hourlyUsd])).toEqual([
      ["ml.m5.large", 0.135],
    ]);
  });

  test("files without regionCode are matched on location", () => {
    const raw = JSON.parse(OFFER_TEXT) as { products: Record<string, { attributes: Record<string, string> }> };
    for (const p of Object.values(raw.products)) delete p.attributes.regionCode;
    expect(parseOfferFile(JSON.stringify(raw), "us-east-1").prices.map((p) => p.instanceType)).toContain("ml.m5.large");
    expect(parseOfferFile(JSON.stringify(raw), "us-west-2").prices.map((p) => [p.instanceType, p.hourlyUsd])).toEqual([
      ["ml.m5.large", 0.135],
    ]);
  });

  test.each([
    ["not json", /is not JSON/],
    ['{"products": {}, "terms": {}}', /not an AWS Price List offer file/], // no publicationDate
    [
      '{"offerCode": "AmazonEC2", "publicationDate": "2026-11-20T00:00:00Z", "products": {}, "terms": {}}',
      /for AmazonEC2, not AmazonSageMaker/,
    ],
  ])("rejects %j", (text, message) => {
    expectInvalid(text, message);
  });

  test("the offer file URL of a Region", () => {
    expect(offerFileUrl("us-east-1")).toBe(
      "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonSageMaker/current/us-east-1/index.json",
    );
  });
});

describe("applyOfferPrices", () => {
  const parsed = parseOfferFile(OFFER_TEXT, "us-east-1");
  const result = applyOfferPrices(INSTANCES_TEXT, parsed);

  test("reports changed and confirmed prices, with what they were", () => {
    expect(result.changed).toEqual([
      { instanceType: "ml.c7g.large", fromUsd: 0.087, toUsd: 0.0867, fromAsOf: "2026-07-20", fromConfirmed: false },
    ]);
    expect(result.confirmed.map((c) => c.instanceType)).toEqual(["ml.t2.medium", "ml.m5.large", "ml.g5.2xlarge"]);
    expect(result.notInCatalog).toEqual(["ml.g7e.2xlarge"]);
    expect(result.notInOffer).toHaveLength(rows(INSTANCES_TEXT).length - 4);
    expect(result.notInOffer).toContain("ml.inf2.xlarge"); // its prices conflict
  });

  test("priced rows get the price, the publication date, confirmed, the offer file URL and a note naming the SKU", () => {
    expect(rowOf(result.text, "ml.c7g.large")).toMatchObject({
      hourlyUsd: 0.0867,
      priceAsOf: "2026-11-20",
      priceConfirmed: true,
      priceSource: offerFileUrl("us-east-1"),
      priceNote: expect.stringMatching(
        /offer file for AmazonSageMaker \(publicationDate 2026-11-20, version 20261120191244, SKU 4KX8YEQ3RG2DB7VC\)/,
      ),
    });
  });

  test("every other row and every comment stay byte for byte", () => {
    const before = INSTANCES_TEXT.split("\n");
    const after = result.text.split("\n");
    expect(after).toHaveLength(before.length);
    const changedLines = before.filter((line, i) => line !== after[i]);
    // 4 rows x (source, date, note) + confirmed flags of 2 unconfirmed rows + 1 new price.
    expect(changedLines).toHaveLength(4 * 3 + 2 + 1);
    for (const [i, line] of before.entries()) {
      if (line.includes(" # ")) expect(after[i]!.slice(after[i]!.indexOf(" # "))).toBe(line.slice(line.indexOf(" # "))); // trailing comments kept
    }
    const original = new Map(rows(INSTANCES_TEXT).map((r) => [r.instanceType, r]));
    for (const r of rows(result.text)) {
      if (!["ml.c7g.large", "ml.t2.medium", "ml.m5.large", "ml.g5.2xlarge"].includes(r.instanceType))
        expect(r).toEqual(original.get(r.instanceType));
    }
  });

  test("importing the same file again changes nothing", () => {
    const again = applyOfferPrices(result.text, parsed);
    expect(again.text).toBe(result.text);
    expect(again.changed).toEqual([]);
    expect(again.confirmed).toHaveLength(4);
  });

  test("a row confirmed from a later date is kept", () => {
    const older = applyOfferPrices(
      result.text,
      offer([{ instanceType: "ml.m5.large", hourlyUsd: 0.2, skus: ["X"] }], "2026-10-01"),
    );
    expect(older.newer).toEqual(["ml.m5.large"]);
    expect(older.text).toBe(result.text);
  });

  test("a row without priceNote gets one after priceConfirmed", () => {
    const text = [
      "instances:",
      ...INSTANCES_TEXT.split("\n")
        .slice(7, 23)
        .filter((l) => !l.trimStart().startsWith("priceNote:"))
        .map((l) => l.replace(/ # .*$/, "")),
      "",
    ].join("\n");
    const out = applyOfferPrices(text, offer([{ instanceType: "ml.t2.medium", hourlyUsd: 0.05, skus: ["S1"] }]));
    expect(out.text.split("\n").find((l) => l.startsWith("    priceNote: "))).toMatch(/SKU S1/);
    expect(rows(out.text)[0]).toMatchObject({ hourlyUsd: 0.05, priceConfirmed: true });
  });

  test("a file that is not the catalog's instances list is refused", () => {
    expect(() => applyOfferPrices("devices: []\n", parsed)).toThrow(HostfitError);
  });
});

describe("applyCatalogAsOf", () => {
  test("moves asOf forward, keeping its comment", () => {
    const out = applyCatalogAsOf(CATALOG_TEXT, "2026-11-20")!;
    expect(out.from).toBe("2026-09-27");
    expect(out.text).toContain("asOf: 2026-11-20 # date of the price list the confirmed prices come from (YYYY-MM-DD)");
    expect(out.text.split("\n").filter((l, i) => l !== CATALOG_TEXT.split("\n")[i])).toHaveLength(1);
  });

  test("never moves it back", () => {
    expect(applyCatalogAsOf(CATALOG_TEXT, "2026-01-01")).toBeNull();
  });
});

describe("stalePrices", () => {
  const catalog = loadCatalog();

  test.each([
    ["2026-07-20", "2026-11-22", 125],
    ["2026-11-22", "2026-11-22", 0],
    ["2026-12-01", "2026-11-22", -9],
  ])("daysBetween(%s, %s) = %d", (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  test("flags every price dated more than the allowed days before today, serverless and data processing included", () => {
    const stale = stalePrices(catalog, "2026-11-22", 100);
    // The 14 estimated prices (2026-07-20), serverless (2022) and data processing (2023).
    expect(stale.map((s) => s.entry)).toEqual([
      ...catalog.instances.filter((i) => i.priceAsOf === "2026-07-20").map((i) => i.instanceType),
      "serverless",
      "dataProcessing",
    ]);
    expect(stale[0]).toMatchObject({ priceAsOf: "2026-07-20", ageDays: 125 });
  });

  test("nothing is stale when the allowed age covers every date", () => {
    expect(stalePrices(catalog, "2026-11-22", 100_000)).toEqual([]);
  });
});
