import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { roundOutput } from "../../../src/core/units.js";

describe("roundOutput", () => {
  const reference = (x: number) => (Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(4)) : 0);

  test("gives the very double Number(x.toPrecision(4)) gives, for any finite double", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        expect(roundOutput(x)).toBe(reference(x));
      }),
      { numRuns: 20_000 },
    );
  });

  test("agrees on ties, on powers of ten and just below them, where scaling is most fragile", () => {
    for (let e = -12; e <= 15; e++) {
      for (const m of [1, 1.2345, 1.00005, 2.5, 9.9995, 9.99949, 5.0005, 1234.5, 999.95]) {
        for (const x of [m * 10 ** e, -m * 10 ** e, 10 ** e, 10 ** e * (1 - 1e-15)]) expect(roundOutput(x)).toBe(reference(x));
      }
    }
  });

  test("maps zero, NaN and infinities to 0", () => {
    expect([0, -0, NaN, Infinity, -Infinity].map(roundOutput)).toEqual([0, 0, 0, 0, 0]);
  });
});
