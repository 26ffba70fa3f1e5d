/** The load a workload's traffic puts on its hosting. */
import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { knowledge, offlineVision } from "../../../property/helpers.js";

describe("domain review of 2026-12-01", () => {
  const offline = offlineVision;

  test("an offline workload without a deadline is sized as with the documented default of 24 h, on every option", () => {
    // Only batch transform applied the default; endpoints spread the work over the month, so restating the default
    // changed the answer (single-model went from 1 instance for 164 h to 10 within the day).
    const implicit = recommendWorkload(offline("implicit", 1, { records: 1e8 }), knowledge, { whatIf: false });
    const explicit = recommendWorkload(offline("implicit", 1, { records: 1e8, deadline: 86_400_000 }), knowledge, {
      whatIf: false,
    });
    expect(implicit).toEqual(explicit);
  });
});
