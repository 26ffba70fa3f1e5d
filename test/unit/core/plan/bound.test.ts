import { describe, expect, test } from "vitest";
import { endpointFloors, type IcShares } from "../../../../src/core/plan/bound.js";
import { knowledge } from "../../../property/helpers.js";

// The floor of always-up inference-component endpoints, on hand-computed cases: one ml.p4de.24xlarge month is M.
const type = "ml.p4de.24xlarge";
const M = knowledge.catalog.instances.find((i) => i.instanceType === type)!.hourlyUsd * 730;
// Every figure but the floor counts the member's data processing, `data` (0 unless given).
const member = (least: number, second: number, resident: boolean, share = least, data = 0): IcShares => ({
  least: least + data,
  resident,
  second: second + data,
  byType: new Map([[type, share + data]]),
  floor: 2,
  dataUsd: data,
});

describe("endpoint floors in the lower bound", () => {
  test("two always-loaded copies at an eighth of an instance each: they go elsewhere (0.8 M) or keep 2 up", () => {
    // Up: 2 M, less their 0.2 M, less what a filler saves (its least 0.15 M, taking 0.3 M of the room): 1.65 M.
    // Elsewhere: each pays 0.5 M instead of 0.1 M: 0.8 M. The bound adds the lesser.
    const extra = endpointFloors(
      [member(0.1 * M, 0.5 * M, true), member(0.1 * M, 0.5 * M, true), member(0.15 * M, 0.2 * M, false, 0.3 * M)],
      knowledge,
    );
    expect(extra).toBeCloseTo(0.8 * M, 6);
  });

  test("data processing, paid wherever a workload is, fills no instance", () => {
    // As the first case, but elsewhere dear (2 M each): 2 M up, less the copies' 0.2 M of instances (not their
    // 0.1 M of data), less what the filler saves (0.15 M of instances for 0.3 M of room; its data it pays anyway).
    const extra = endpointFloors(
      [
        member(0.1 * M, 2 * M, true, 0.1 * M, 0.05 * M),
        member(0.1 * M, 2 * M, true, 0.1 * M, 0.05 * M),
        member(0.15 * M, 0.2 * M, false, 0.3 * M, 0.1 * M),
      ],
      knowledge,
    );
    expect(extra).toBeCloseTo(1.65 * M, 6);
  });

  test("fillers that would pay as much elsewhere close the room: nothing to add", () => {
    const fillers = Array.from({ length: 4 }, () => member(0.5 * M, 0.5 * M, false));
    expect(endpointFloors([member(0.1 * M, 0.5 * M, true), ...fillers], knowledge)).toBeCloseTo(0, 6);
  });

  test("copies that may rest at zero, or already fill the floor, add nothing", () => {
    expect(endpointFloors([member(0.1 * M, 0.5 * M, false)], knowledge)).toBe(0);
    expect(endpointFloors([member(1.2 * M, 2 * M, true), member(0.9 * M, 2 * M, true)], knowledge)).toBe(0);
  });
});
