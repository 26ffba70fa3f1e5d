/** Fleet sizing: instances at peak and on average, for online load and offline runs. */
import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { knowledge, offlineVision } from "../../../property/helpers.js";

describe("domain review of 2026-12-01", () => {
  const offline = offlineVision;

  test("an offline endpoint that can rest between runs never costs more than one that stays up", () => {
    // 5,000 short runs a month: an idle release after each added up to more than the month, and inference
    // components on two ml.c7g.large cost $211.8, more than both up all month ($127) or single-model ($66.71).
    const r = recommendWorkload(offline("runs", 1, { records: 1000, runsPerMonth: 5000 }), knowledge, {
      whatIf: false,
    });
    const single = r.ranking.find((o) => o.option === "single-model")!;
    for (const option of ["inference-components", "async"]) {
      const o = r.ranking.find((x) => x.option === option)!;
      const hourly = knowledge.catalog.instances.find((i) => i.instanceType === o.placement!.instanceType)!.hourlyUsd;
      expect(o.estimates!.monthlyCostUsd, option).toBeLessThanOrEqual(o.placement!.instanceCount * hourly * 730 + 1);
      if (o.placement!.instanceType === single.placement!.instanceType)
        expect(o.estimates!.monthlyCostUsd).toBeLessThanOrEqual(single.estimates!.monthlyCostUsd * (1 + 1e-9));
    }
  });
});
