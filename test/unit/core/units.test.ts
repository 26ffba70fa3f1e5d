import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { formatQuantity, roundOutput } from "../../../src/core/units.js";

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
        for (const x of [m * 10 ** e, -m * 10 ** e, 10 ** e, 10 ** e * (1 - 1e-15)])
          expect(roundOutput(x)).toBe(reference(x));
      }
    }
  });

  test("maps zero, NaN and infinities to 0", () => {
    expect([0, -0, NaN, Infinity, -Infinity].map(roundOutput)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe("formatQuantity", () => {
  // The plain formatting it must match: toFixed's decimal rounding with trailing zeros dropped.
  const trimmed = (x: number, digits: number) => Number(x.toFixed(digits)).toString();

  test("writes any double at 1 and 2 decimals exactly as toFixed, parsed back, would", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
          fc.integer().map((n) => n / 1000),
        ),
        (x) => {
          expect(formatQuantity(x, "GiB")).toBe(`${trimmed(x, 1)} GiB`);
          expect(formatQuantity(x, "count")).toBe(trimmed(x, 2));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  test("agrees on ties and on values whose decimal is not what it looks like", () => {
    for (const x of [
      0.125, 0.375, 1.005, 2.675, 1.45, 0.05, 0.15, -0.125, -2.675, -0.001, 0, -0, 99999999.995, 1e21, 5e-324,
    ]) {
      expect(formatQuantity(x, "count")).toBe(trimmed(x, 2));
      expect(formatQuantity(x, "GiB")).toBe(`${trimmed(x, 1)} GiB`);
    }
    expect(formatQuantity(1234.5678, "ms")).toBe("1.23 s");
    expect(formatQuantity(9.996, "ms")).toBe("10 ms");
  });
});
