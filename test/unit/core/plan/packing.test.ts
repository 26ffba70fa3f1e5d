import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { InstancePacker, packedInstances } from "../../../../src/core/plan/packing.js";

describe("copies packed whole onto instances", () => {
  test("copies that do not divide an instance each take one: two 4-accelerator copies on 6-accelerator instances", () => {
    expect(packedInstances([{ slots: 4, count: 2 }], 6)).toBe(2);
    // On 12 accelerators three fit one instance.
    expect(packedInstances([{ slots: 4, count: 3 }], 12)).toBe(1);
  });

  test("small copies fill what large ones leave: 8 + 4 and 6 + 6 + ... on 12-accelerator instances", () => {
    // 8+4 | 8+4 | 6+6 | 1: largest first, each copy on the fullest instance with room.
    expect(
      packedInstances(
        [
          { slots: 1, count: 1 },
          { slots: 6, count: 2 },
          { slots: 4, count: 2 },
          { slots: 8, count: 2 },
        ],
        12,
      ),
    ).toBe(4);
  });

  test("best fit: a copy goes to the fullest instance with room", () => {
    const packer = new InstancePacker(6);
    packer.add(4, 1); // [2 free]
    packer.add(1, 1); // [1 free]
    packer.add(3, 1); // new instance: [1, 3]
    packer.add(1, 1); // fullest with room: the first
    expect(packer.instances).toBe(2);
    packer.add(3, 1); // the second holds it
    expect(packer.instances).toBe(2);
  });

  test("property: runs of copies placed at once land as best fit places them one at a time", () => {
    // The reference: every copy on the fullest instance with room, else a new one.
    const oneAtATime = (perInstance: number, adds: readonly { slots: number; count: number }[]) => {
      const free: number[] = [];
      for (const { slots, count } of adds)
        for (let n = 0; n < count; n++) {
          const size = Math.min(slots, perInstance);
          let best = -1;
          for (let i = 0; i < free.length; i++)
            if (free[i]! >= size - 1e-9 && (best < 0 || free[i]! < free[best]!)) best = i;
          if (best < 0) free.push(perInstance - size);
          else free[best] = free[best]! - size;
        }
      return free.length;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.array(fc.record({ slots: fc.integer({ min: 1, max: 16 }), count: fc.integer({ min: 0, max: 40 }) }), {
          maxLength: 10,
        }),
        (perInstance, adds) => {
          const packer = new InstancePacker(perInstance);
          for (const a of adds) packer.add(a.slots, a.count);
          expect(packer.instances).toBe(oneAtATime(perInstance, adds));
        },
      ),
    );
  });

  test("a million copies place in a few steps: whole instances of them at once", () => {
    const packer = new InstancePacker(8);
    packer.add(3, 1_000_000); // two a 8-slot instance
    expect(packer.instances).toBe(500_000);
    packer.add(2, 500_001); // one in each instance's 2 free slots, the last on a new one
    expect(packer.instances).toBe(500_001);
  });

  test("property: never fewer instances than the slots fill, nor more than one per copy", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.array(fc.record({ slots: fc.integer({ min: 1, max: 16 }), count: fc.integer({ min: 0, max: 5 }) }), {
          maxLength: 12,
        }),
        (perInstance, copies) => {
          const fitted = copies.map((c) => ({ slots: Math.min(c.slots, perInstance), count: c.count }));
          const n = packedInstances(fitted, perInstance);
          const slots = fitted.reduce((s, c) => s + c.slots * c.count, 0);
          const total = fitted.reduce((s, c) => s + c.count, 0);
          expect(n).toBeGreaterThanOrEqual(Math.ceil(slots / perInstance - 1e-9));
          expect(n).toBeLessThanOrEqual(total);
        },
      ),
    );
  });

  test("a clone packs on from the same copies and leaves them where they are; used counts their slots", () => {
    const packer = new InstancePacker(6);
    packer.add(4, 1); // one instance, 2 slots free
    const trial = packer.clone();
    trial.add(2, 1); // fills that instance's free slots
    trial.add(4, 1); // a second instance
    expect([trial.instances, trial.used]).toEqual([2, 10]);
    expect([packer.instances, packer.used]).toEqual([1, 4]);
    packer.add(2, 1);
    expect(packer.instances).toBe(1);
  });
});
