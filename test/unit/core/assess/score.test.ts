/** Scoring the feasible options: the fitness inputs each candidate gives, weighted and put in rank order. */
import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { knowledge, parse } from "../../../property/helpers.js";

describe("domain review of 2026-12-01", () => {
  test("an option gets the scalability of scaling to zero only where its placement does", () => {
    // Async kept two instances warm for a diffusion model that tolerates no cold start, at single-model's cost and 4x
    // its latency, yet ranked first on the credit for a scale to zero it was not doing ("single-model scales worse").
    const w = parse({
      name: "sdxl",
      model: { parameters: 3.5e9, precision: "fp16", kind: "diffusion", framework: "pytorch" },
      payload: { request: 2000, response: 2e6 },
      latency: { target: 15_000 },
      isolation: "container",
      traffic: { pattern: "diurnal", peakRps: 2 },
    });
    const r = recommendWorkload(w, knowledge, { whatIf: false });
    const async = r.ranking.find((o) => o.option === "async")!;
    expect(async.placement!.scalesToZero).toBe(false);
    expect(r.recommendation).toBe("single-model");
  });
});
