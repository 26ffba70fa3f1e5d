import { describe, expect, test } from "vitest";
import { cpuMultiModelExtra, type CpuMmeShares } from "../../../../src/core/plan/cpu-multi-model-bound.js";

// Workloads of one class, each an endpoint floor of 100 unless given, at the default size ratio of 10.
// Serving takes no more of an endpoint than the memory its models take, unless given (`busy`).
const cpu = (
  parameters: number,
  share: number,
  over: number,
  off: number,
  floorUsd = 100,
  busy = share,
): CpuMmeShares => ({ mmeClass: "xgboost/cpu", parameters, share, busy, over, off, floorUsd });
const extra = (members: CpuMmeShares[]) => cpuMultiModelExtra(members, 10);

describe("CPU multi-model endpoints in the lower bound", () => {
  test("a workload held to such an endpoint pays its floor beyond its share, or its way elsewhere if less", () => {
    // On one: an endpoint of 100 for a share of 10, so 90 more. Elsewhere: 50 more, or 200.
    expect(extra([cpu(3e8, 10, 0, 50)])).toBeCloseTo(50, 9);
    expect(extra([cpu(3e8, 10, 0, 200)])).toBeCloseTo(90, 9);
  });

  test("workloads free to go elsewhere fill the floor of one within the size ratio", () => {
    // The 30 of a workload that goes anywhere for nothing more fills the floor too: 100 - 10 - 30.
    expect(extra([cpu(3e8, 10, 0, 200), cpu(1e8, 30, 0, 0)])).toBeCloseTo(60, 9);
  });

  test("workloads beyond the size ratio of each other are on two endpoints, each with its floor", () => {
    // 300M and 10M parameters cannot share: (100 - 10) + (100 - 30).
    expect(extra([cpu(3e8, 10, 0, Infinity), cpu(1e7, 30, 0, Infinity)])).toBeCloseTo(160, 9);
    // Within the ratio they can: 100 - 40.
    expect(extra([cpu(3e8, 10, 0, Infinity), cpu(3e7, 30, 0, Infinity)])).toBeCloseTo(60, 9);
  });

  test("a workload fills the floor at its cost over its least there, where that costs less than the floor left", () => {
    // The second pays 20 more on the endpoint and fills 50 of it: 20 + (100 - 10 - 50) = 60, not 90.
    expect(extra([cpu(3e8, 10, 0, Infinity), cpu(1e8, 50, 20, 0)])).toBeCloseTo(60, 9);
    // Where it would pay 80 more there, it stays away: 90.
    expect(extra([cpu(3e8, 10, 0, Infinity), cpu(1e8, 50, 80, 0)])).toBeCloseTo(90, 9);
  });

  test("an endpoint's floor is at least each member's: a member that needs a dearer one fills none cheaper", () => {
    // The second fills the first's floor only on an endpoint of 300: 300 - 10 - 150 = 140. Apart: 100 - 10 = 90.
    expect(extra([cpu(3e8, 10, 0, Infinity), cpu(2e8, 150, 0, 0, 300)])).toBeCloseTo(90, 9);
  });

  test("each class has endpoints of its own; a floor covered by the shares adds nothing", () => {
    const other = { ...cpu(3e8, 10, 0, Infinity), mmeClass: "sklearn/cpu" };
    expect(extra([cpu(3e8, 10, 0, Infinity), other])).toBeCloseTo(180, 9);
    expect(extra([cpu(3e8, 150, 0, Infinity)])).toBe(0);
  });

  test("a busy workload pays its serving time on such an endpoint, beyond its memory, or its way elsewhere", () => {
    // Memory 10, serving 100: 90 more on one; 60 more elsewhere. With the floor's 90 left at weight 1 - w, the
    // greatest over the weights is 60 (at w = 1 it pays 90 on one or 60 elsewhere; at w = 0, 90 or 60 again).
    expect(extra([cpu(3e8, 10, 0, 60, 100, 100)])).toBeCloseTo(60, 9);
    // Two busy ones, each 10 of memory and 100 of serving, that cannot go elsewhere: 180, more than the floor's 80.
    expect(extra([cpu(3e8, 10, 0, Infinity, 100, 100), cpu(2e8, 10, 0, Infinity, 100, 100)])).toBeCloseTo(180, 9);
  });
});
