/** The instances a workload may run on: its framework's hardware, narrowed by its constraints' globs and kinds. */
import { describe, expect, test } from "vitest";
import { allowedInstances } from "../../../../src/core/sizing/instances.js";
import { knowledge, parse } from "../../../property/helpers.js";

describe("issue 7 follow-ups in the core and the ndjson path", () => {
  test("a glob with many stars is matched in linear time by the core's filter too (no regular expression)", () => {
    const w = parse({
      name: "g",
      model: { parameters: "10M" },
      payload: "1KB",
      latency: "1s",
      isolation: "shared",
      traffic: { pattern: "steady", peakRps: 1 },
      constraints: { instanceTypes: ["ml.*.*"] },
    });
    const hostile = { ...w, constraints: { ...w.constraints, instanceTypes: [`${"*".repeat(40)}a`] } };
    expect(
      allowedInstances(
        hostile,
        knowledge.catalog.instances,
        new Map(knowledge.catalog.devices.map((d) => [d.id, d])),
        knowledge.rules.sizing,
      ).map((i) => i.instanceType),
    ).toEqual([]);
    expect(
      allowedInstances(
        w,
        knowledge.catalog.instances,
        new Map(knowledge.catalog.devices.map((d) => [d.id, d])),
        knowledge.rules.sizing,
      ),
    ).toHaveLength(knowledge.catalog.instances.length);
  });
});
