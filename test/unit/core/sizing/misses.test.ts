/** Why an option has no candidate: each miss names what was missed. */
import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { knowledge, parse } from "../../../property/helpers.js";

describe("domain review of 2026-12-01", () => {
  test("a latency miss names what was missed: the p95 target, or the token SLO when the target is met", () => {
    // Every miss read "over the 30 s target or the token SLOs", even where the best p95 was 15 s.
    const w = parse({
      name: "llm",
      model: { parameters: 7e9, kind: "llm" },
      payload: { request: 8000, response: 2000 },
      tokens: { input: 1000, output: 300 },
      latency: { target: 60_000, ttft: 2000 },
      isolation: "container",
      traffic: { pattern: "steady", peakRps: 1 },
    });
    const ranking = recommendWorkload(w, knowledge, { whatIf: false }).ranking;
    // Async does not stream: the first token comes with the whole response, which no hardware changes.
    const async = ranking.find((o) => o.option === "async")!;
    expect(async.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(
        /^Asynchronous Inference does not stream responses, so the first token comes with the whole response \(best p95 [\d.]+ s\), not within 2 s$/,
      ),
    ]);
    // An option that streams misses it on the hardware: say so.
    const strict = recommendWorkload({ ...w, latency: { ...w.latency, ttft: 1 } }, knowledge, { whatIf: false });
    const single = strict.ranking.find((o) => o.option === "single-model")!;
    expect(single.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(
        /^no instance gives a first token within 1 ms on Real-time endpoint \(single model\) \(best p95 [\d.]+ m?s, within the target\)$/,
      ),
    ]);
  });
});
