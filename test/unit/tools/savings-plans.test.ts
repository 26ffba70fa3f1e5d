/**
 * Issue 25, item 3: SageMaker Savings Plans rates read from a file of the published format (products[] and
 * terms.savingsPlan[].rates[], https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/reading-service-price-list-file-for-savings-plans.html),
 * and the Region's prices file written from them. The fixtures hold four catalog types (and one the catalog lacks)
 * at the six commitments, in us-east-1 and eu-west-1; their rates are the fixture's, checked here by hand.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, test } from "vitest";
import { RegionPricesSchema } from "../../../src/schema/catalog.js";
import { HostfitError } from "../../../src/schema/errors.js";
import { renderRegionPrices, withSection } from "../../../src/tools/catalog/region-prices.js";
import { parseSavingsPlansFile, savingsPlansFileUrl } from "../../../src/tools/catalog/savings-plans.js";

const FIXTURES = join(import.meta.dirname, "../../fixtures/pricing");
const US = readFileSync(join(FIXTURES, "AWSMachineLearningSavingsPlans-us-east-1-small.json"), "utf8");
const EU = readFileSync(join(FIXTURES, "AWSMachineLearningSavingsPlans-eu-west-1-small.json"), "utf8");

function issueOf(run: () => unknown): { path: string; message: string; line?: number; column?: number } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HostfitError);
    return (error as HostfitError).issues[0]!;
  }
  throw new Error("expected a HostfitError");
}

describe("parseSavingsPlansFile", () => {
  const us = parseSavingsPlansFile(US, { orElse: "us-east-1" }, "us.json");

  test("the file's date, version and Region", () => {
    expect([us.publicationDate, us.version, us.region]).toEqual(["2026-12-01", "20261201180411", "us-east-1"]);
  });

  test.each([
    // instance type, commitment, rate in the file (USD/h)
    ["ml.m5.large", "1y-no-upfront", 0.0828], // "0.0828" under USE1-Host:ml.m5.large, plan 1yr No Upfront
    ["ml.m5.large", "1y-partial-upfront", 0.07935],
    ["ml.m5.large", "1y-all-upfront", 0.077625],
    ["ml.m5.large", "3y-no-upfront", 0.0575],
    ["ml.m5.large", "3y-partial-upfront", 0.05405],
    ["ml.m5.large", "3y-all-upfront", 0.052325],
    ["ml.g5.xlarge", "1y-no-upfront", 1.01376],
    ["ml.g5.xlarge", "3y-all-upfront", 0.64064],
    ["ml.g5.2xlarge", "3y-no-upfront", 0.7575],
  ] as const)("%s %s: %f", (type, commitment, usd) => {
    expect(us.rates.get(type)?.[commitment]).toBe(usd);
  });

  test("a rate the file does not give stays absent; every other commitment is there", () => {
    expect(Object.keys(us.rates.get("ml.g5.2xlarge")!)).toEqual([
      "1y-no-upfront",
      "1y-partial-upfront",
      "1y-all-upfront",
      "3y-no-upfront",
      "3y-all-upfront",
    ]);
  });

  test("hosting only: training, notebook and serverless usage are counted and left out", () => {
    expect([...us.rates.keys()]).toEqual([
      "ml.c5.xlarge",
      "ml.g5.2xlarge",
      "ml.g5.xlarge",
      "ml.g7e.2xlarge",
      "ml.m5.large",
    ]);
    expect(us.otherUsage).toBe(18); // 3 other usage types x 6 plans
    expect(us.conflicts).toEqual([]);
  });

  test("the Region comes from --region, else the file's regionCode; another Region's file is refused", () => {
    expect(parseSavingsPlansFile(EU, { orElse: "us-east-1" }).region).toBe("eu-west-1");
    expect(parseSavingsPlansFile(EU, { orElse: "us-east-1" }).rates.get("ml.m5.large")?.["1y-no-upfront"]).toBe(
      0.09288,
    );
    expect(issueOf(() => parseSavingsPlansFile(EU, { region: "us-east-1", orElse: "us-east-1" }))).toMatchObject({
      path: "regionCode",
      message: "the Savings Plans file is for eu-west-1, not us-east-1",
    });
  });

  test("a file without regionCode keeps the rates whose usage type has the Region's prefix", () => {
    const raw = JSON.parse(US) as { regionCode?: string };
    delete raw.regionCode;
    const text = JSON.stringify(raw);
    expect(parseSavingsPlansFile(text, { orElse: "us-east-1" }).rates.size).toBe(5);
    expect(parseSavingsPlansFile(text, { region: "us-west-2", orElse: "us-east-1" }).rates.size).toBe(0);
  });

  test("two rates for one type and commitment are a conflict, left out", () => {
    const raw = JSON.parse(US) as { terms: { savingsPlan: { rates: Record<string, unknown>[] }[] } };
    const rates = raw.terms.savingsPlan[0]!.rates;
    rates.push({ ...rates[0], discountedRate: { price: "0.09", currency: "USD" } });
    const parsed = parseSavingsPlansFile(JSON.stringify(raw), { orElse: "us-east-1" });
    expect(parsed.conflicts).toEqual([
      { instanceType: "ml.m5.large", commitment: "1y-no-upfront", ratesUsd: [0.0828, 0.09] },
    ]);
    expect(parsed.rates.get("ml.m5.large")?.["1y-no-upfront"]).toBeUndefined();
    expect(parsed.rates.get("ml.m5.large")?.["1y-partial-upfront"]).toBe(0.07935);
  });

  test("a file that is not JSON: the line and column where the parser stopped", () => {
    const broken = '{\n  "formatVersion": "v1.0",\n  "products": [1 2]\n}\n';
    expect(issueOf(() => parseSavingsPlansFile(broken, { orElse: "us-east-1" }, "sp.json"))).toMatchObject({
      file: "sp.json",
      line: 3,
      column: 18, // the 2 after "[1 "
    });
  });

  test.each([
    ["not JSON", "{", "", "the Savings Plans file is not JSON"],
    [
      "an offer file",
      readFileSync(join(FIXTURES, "AmazonSageMaker-small.json"), "utf8"),
      "products",
      "not an AWS Savings Plans price list file",
    ],
    [
      "a price that is not one",
      US.replace('"price": "0.0828"', '"price": "0x10"'),
      "terms.savingsPlan[0].rates[0].discountedRate.price",
      'the 1y-no-upfront rate of USE1-Host:ml.m5.large is "0x10" USD an hour',
    ],
    [
      "a rate in another currency",
      US.replace(/("price": "0\.0828",\s*"currency": )"USD"/, '$1"CNY"'),
      "terms.savingsPlan[0].rates[0].discountedRate.currency",
      "the rate of USE1-Host:ml.m5.large is in CNY, not USD",
    ],
    [
      "no SageMaker plan",
      US.replaceAll('"SageMakerSavingsPlans"', '"ComputeSavingsPlans"'),
      "products",
      "the file has no SageMaker Savings Plans",
    ],
  ])("refused: %s", (_name, text, path, message) => {
    const issue = issueOf(() => parseSavingsPlansFile(text, { orElse: "us-east-1" }, "f.json"));
    expect(issue.path).toBe(path);
    expect(issue.message).toContain(message);
  });

  test("the source URL is the Region's file of the version, as the Region index lists it", () => {
    expect(savingsPlansFileUrl("eu-west-1", "20261201180411")).toBe(
      "https://pricing.us-east-1.amazonaws.com/savingsPlan/v1.0/aws/AWSMachineLearningSavingsPlans/20261201180411/eu-west-1/index.json",
    );
    expect(savingsPlansFileUrl("eu-west-1", null)).toMatch(/\/current\/region_index\.json$/);
  });
});

describe("renderRegionPrices", () => {
  const section = {
    source: "https://example.com/sp.json",
    asOf: "2026-12-01",
    note: "n",
    hourlyUsd: { "ml.m5.large": { "1y-no-upfront": 0.0828, "3y-all-upfront": 0.052325 } },
  };

  test("a file that parses back to the data, types in order, a comment on every key", () => {
    const prices = withSection(
      withSection(undefined, "eu-west-1", "onDemand", {
        source: "https://example.com/od.json",
        asOf: "2026-11-20",
        hourlyUsd: { "ml.m5.large": 0.129, "ml.c5.xlarge": 0.23 },
      }),
      "eu-west-1",
      "savingsPlans",
      section,
    );
    const text = renderRegionPrices(prices);
    expect(RegionPricesSchema.parse(parseYaml(text))).toEqual(prices);
    expect(text.indexOf("ml.c5.xlarge: 0.23")).toBeLessThan(text.indexOf("ml.m5.large: 0.129"));
    expect(text).toContain("    ml.m5.large: { 1y-no-upfront: 0.0828, 3y-all-upfront: 0.052325 }");
    for (const line of text.split("\n").filter((l) => /^ {0,2}[a-zA-Z]+:/.test(l))) expect(line).toContain(" # ");
  });

  test("replacing one section keeps the other", () => {
    const first = withSection(undefined, "us-east-1", "savingsPlans", section);
    const next = withSection(first, "us-east-1", "savingsPlans", { ...section, asOf: "2026-12-02" });
    expect(next.savingsPlans?.asOf).toBe("2026-12-02");
    expect(next.onDemand).toBeUndefined();
  });
});
