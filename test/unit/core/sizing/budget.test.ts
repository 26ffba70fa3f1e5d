/** What each option leaves of a workload's SLOs for compute: after overheads and transfer, within its processing limit. */
import { describe, expect, test } from "vitest";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { knowledge, parse } from "../../../property/helpers.js";

describe("sizing follow-ups", () => {
  test("fast-check: a loose target never lets sizing choose hardware on which a request outlasts the option's limit", () => {
    // Found by the plan property "every workload that shares an endpoint meets its SLOs there": a 30B int4 LLM
    // answering 1,337 tokens with a 16.7 min target was put on inference components on ml.g6e.xlarge, where a
    // request takes 69 s against the 60 s limit, because max-processing-time checked only the fastest instance
    // (a 1.2 s one). Pinned to ml.g6e.xlarge the same option was infeasible. The limit now bounds sizing too.
    const w = parse({
      name: "a",
      model: { parameters: 3e10, precision: "int4", kind: "llm", framework: "pytorch", count: 1 },
      payload: { request: 100, response: 100 },
      tokens: { input: 5606, output: 1337 },
      latency: { target: 1_000_000, coldStart: 100 },
      isolation: "shared",
      traffic: { pattern: "steady", requestsPerDay: 5960 },
    });
    for (const o of recommendWorkload(w, knowledge, { whatIf: false }).ranking) {
      if (!o.feasible || o.placement?.memorySizeMB !== undefined) continue;
      const pinned = recommendWorkload(
        { ...w, constraints: { ...w.constraints, options: [o.option], instanceTypes: [o.placement!.instanceType] } },
        knowledge,
        { whatIf: false },
      );
      expect(
        pinned.ranking.find((p) => p.option === o.option)!.violations,
        `${o.option} on ${o.placement!.instanceType}`,
      ).toEqual([]);
    }
  });
});
