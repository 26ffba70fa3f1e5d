import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { articleFor, formatQuantity, formatUsd, mendArticles, roundOutput, trim } from "../../../src/core/units.js";

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

describe("trim", () => {
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
          expect(trim(x, 1)).toBe(trimmed(x, 1));
          expect(trim(x, 2)).toBe(trimmed(x, 2));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  test("agrees on ties and on values whose decimal is not what it looks like", () => {
    for (const x of [
      0.125, 0.375, 1.005, 2.675, 1.45, 0.05, 0.15, -0.125, -2.675, -0.001, 0, -0, 99999999.995, 1e21, 5e-324,
    ]) {
      expect(trim(x, 2)).toBe(trimmed(x, 2));
      expect(trim(x, 1)).toBe(trimmed(x, 1));
    }
  });
});

describe("formatQuantity: one figure, one reading", () => {
  test("a figure reads as its output value does: rounded to 4 significant digits first", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), (x) => {
        expect(formatQuantity(x, "GiB")).toBe(formatQuantity(roundOutput(x), "GiB"));
        expect(formatQuantity(x, "ms")).toBe(formatQuantity(roundOutput(x), "ms"));
        expect(formatUsd(Math.abs(x))).toBe(formatUsd(roundOutput(Math.abs(x))));
      }),
      { numRuns: 5_000 },
    );
  });

  test.each([
    [1234.5678, "ms", "1.24 s"], // as its output value, 1235 ms, reads
    [9.996, "ms", "10 ms"],
    [59_569.4, "USD", "$59,570"],
    [2305.26, "count", "2,305"],
    [12.345, "count", "12.35"],
    [61_800_000, "params", "61.8M"],
    [46_700_000_000, "params", "46.7B"],
    [7e9, "params", "7B"],
    [6_291_456, "B", "6.29 MB"],
    [0.0361, "share", "3.6%"],
  ])("%f %s reads %s", (x, unit, text) => {
    expect(formatQuantity(x, unit)).toBe(text);
  });

  test("money: whole dollars from $100 up, cents below, both as output rounds them", () => {
    expect(formatUsd(46_221.3)).toBe("$46,220");
    expect(formatUsd(72.219)).toBe("$72.22");
    expect(formatUsd(0.3449)).toBe("$0.34");
  });
});

describe("articles before figures", () => {
  test.each([
    ["800", "an"],
    ["8", "an"],
    ["80.5", "an"],
    ["11", "an"],
    ["18.2", "an"],
    ["11,500", "an"],
    ["18000", "an"],
    ["110", "a"],
    ["1,100", "a"],
    ["1800", "a"],
    ["6.29", "a"],
    ["0.5", "a"],
  ])("%s takes %s", (figure, article) => {
    expect(articleFor(figure)).toBe(article);
  });

  test("a filled-in sentence is mended, words are not", () => {
    expect(mendArticles("a 800 MB request exceeds a 6.29 MB limit; A 11 s wait")).toBe(
      "an 800 MB request exceeds a 6.29 MB limit; An 11 s wait",
    );
    expect(mendArticles("a apple")).toBe("a apple");
  });
});
