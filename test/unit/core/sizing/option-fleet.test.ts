/** How one option's fleet follows the load: one fleet or job per model where the option hosts one model an endpoint. */
import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { knowledge, offlineVision, parse } from "../../../property/helpers.js";

describe("domain review of 2026-12-01", () => {
  const offline = offlineVision;
  const cost = (w: ReturnType<typeof parse>, option: string) =>
    recommendWorkload(w, knowledge, { whatIf: false }).ranking.find((r) => r.option === option)?.estimates
      ?.monthlyCostUsd;

  test("batch transform runs one job per model over its share of the records, as every other option splits the load", () => {
    // Each of count models' jobs was sized for the whole dataset and billed count times: 10 models of 100M records
    // cost $217.6 against $21.76 for one, and the recommendation moved from batch to async on that alone.
    const one = cost(offline("one", 1, { records: 1e8 }), "batch-transform")!;
    const ten = cost(offline("ten", 10, { records: 1e8 }), "batch-transform")!;
    expect(ten).toBeGreaterThanOrEqual(one);
    expect(ten).toBeLessThan(1.2 * one); // the same work, and nine more job start-ups
  });
});
