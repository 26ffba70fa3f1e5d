import { describe, expect, test } from "vitest";
import {
  isFailure,
  parseBytes,
  parseCount,
  parseDuration,
  parseTolerance,
  type Parsed,
} from "../../../src/schema/units.js";
import { issuesOf, withField } from "../workload-file.js";

/** The number a parser produced; fails the test with the parser's message when it produced a failure. */
function value(parsed: Parsed): number {
  if (isFailure(parsed)) throw new Error(`expected a number, got failure: ${parsed.error} (${parsed.hint})`);
  return parsed;
}

/** The failure a parser produced; fails the test when it produced a number. */
function failure(parsed: Parsed): { error: string; hint: string } {
  if (!isFailure(parsed)) throw new Error(`expected a failure, got ${parsed}`);
  return parsed;
}

describe("parseCount", () => {
  test.each([
    ["7B", 7e9], // billions: the usual way to write an LLM's parameter count
    ["350M", 350e6], // millions
    ["1.5K", 1500], // fractional amount with a suffix
    ["2.3K", 2300], // 2.3 * 1000 is not exact in binary floating point; the parser must still give 2300
    ["1T", 1e12], // trillions
    ["7b", 7e9], // suffixes are case-insensitive
    ["10m", 10e6], // lowercase m is millions for counts (not minutes)
    [1200, 1200], // a YAML number passes through
    ["1200", 1200], // a bare number in a string has no suffix: the count itself
    ["1e3", 1000], // exponent form
    ["2.5e2K", 250_000], // exponent form with a suffix
    [" 7B ", 7e9], // surrounding whitespace is ignored
    ["7 B", 7e9], // whitespace between amount and suffix
    [0.5, 0.5], // fractions are allowed (whole-number checks live in the schema)
  ] as const)("%o is %d", (input, expected) => {
    expect(value(parseCount(input))).toBe(expected);
  });

  test.each([
    ["7X", '"7X" is not a count'], // unknown suffix
    ["seven", '"seven" is not a count'], // no number at all
    ["", '"" is not a count'], // empty string
    ["-5M", '"-5M" must be greater than zero'], // negative
    [0, '"0" must be greater than zero'], // zero is not a count of anything
    ["1e400", '"1e400" is not a finite count'], // overflows to Infinity
  ] as const)("%o fails: %s", (input, message) => {
    const f = failure(parseCount(input));
    expect(f.error).toBe(message);
    expect(f.hint).toBe("use e.g. 7B, 350M or 1200");
  });
});

describe("parseBytes", () => {
  test.each([
    ["6MB", 6e6], // MB is decimal
    ["6MiB", 6_291_456], // MiB is binary: 6 * 2^20
    ["2GiB", 2 * 2 ** 30], // GiB is binary
    ["10KB", 10_000], // KB is decimal
    ["1KiB", 1024], // KiB is binary
    ["1.5GB", 1.5e9], // fractional amount
    ["3TB", 3e12], // terabytes
    ["1TiB", 2 ** 40], // tebibytes
    ["512B", 512], // explicit bytes
    [4096, 4096], // a YAML number is bytes
    ["12 MB", 12e6], // whitespace between amount and unit
    ["12mb", 12e6], // units are case-insensitive
    ["2gib", 2 * 2 ** 30], // lowercase binary unit
    [" 12MB\t", 12e6], // surrounding whitespace is ignored
    ["1e3", 1000], // exponent form, bare: bytes
    ["1e3KB", 1e6], // exponent form with a unit
    ["4096", 4096], // README: "a bare number is bytes" — also when it is quoted (JSON files quote freely)
  ] as const)("%o is %d bytes", (input, expected) => {
    expect(value(parseBytes(input))).toBe(expected);
  });

  test("an unknown unit names the value and suggests the units", () => {
    expect(parseBytes("12 parsecs")).toEqual({ error: '"12 parsecs" is not a size', hint: "use e.g. 12MB or 2GiB" });
  });

  test.each([
    ["12 parsecs", "is not a size"], // unknown unit
    ["", "is not a size"], // empty string
    ["MB", "is not a size"], // a unit without an amount
    ["0x10MB", "is not a size"], // hex is not a size
    ["1,5MB", "is not a size"], // a decimal comma is not a size
    ["-5MB", "must be greater than zero"], // negative
    ["0", "must be greater than zero"], // zero as a quoted bare number
    [0, "must be greater than zero"], // zero as a number
    ["0MB", "must be greater than zero"], // zero with a unit
    ["1e400MB", "is not a finite size"], // overflows to Infinity
    [Number.NaN, "is not a finite size"], // NaN from a computed input
    [Number.POSITIVE_INFINITY, "is not a finite size"], // Infinity
    [Number.NEGATIVE_INFINITY, "is not a finite size"], // -Infinity
    [{ value: 6, unit: "MB" }, "expected a size, got object"], // a mapping is not a size
    [null, "expected a size, got object"], // YAML `~`
    [true, "expected a size, got boolean"], // YAML `yes`/`true`
  ] as const)("%o fails: %s", (input, fragment) => {
    const f = failure(parseBytes(input));
    expect(f.error).toContain(fragment);
    expect(f.hint).toMatch(/^use e\.g\. /);
  });

  test("a long bad value is shortened in the message", () => {
    const f = failure(parseBytes(`${"9".repeat(100)} furlongs`));
    expect(f.error).toBe(`"${"9".repeat(40)}…" is not a size`);
  });
});

describe("parseDuration", () => {
  test.each([
    ["800ms", 800], // milliseconds
    ["30s", 30_000], // seconds
    ["4m", 240_000], // m is minutes for durations
    ["1h", 3_600_000], // hours
    ["1d", 86_400_000], // days
    ["1.5s", 1500], // fractional amount
    ["5min", 300_000], // long form of minutes
    ["5sec", 5000], // long form of seconds
    [250, 250], // a YAML number is milliseconds
    ["250", 250], // README: "a bare number is milliseconds" — also when quoted
    ["30 s", 30_000], // whitespace between amount and unit
    ["30S", 30_000], // units are case-insensitive
    ["800MS", 800], // uppercase milliseconds
    ["1e3ms", 1000], // exponent form with a unit
    ["1e3", 1000], // exponent form, bare: milliseconds
    // The words people write (issue 24): "10 seconds", "5 mins", "2 hours" were refused.
    ["10 seconds", 10_000],
    ["1 second", 1000],
    ["10 secs", 10_000],
    ["5 mins", 300_000],
    ["5 minutes", 300_000],
    ["1 minute", 60_000],
    ["2 hours", 7_200_000],
    ["2 hrs", 7_200_000],
    ["1 hr", 3_600_000],
    ["3 days", 259_200_000],
    ["1 Day", 86_400_000],
    ["250 milliseconds", 250],
    ["10 SECONDS", 10_000],
  ] as const)("%o is %d ms", (input, expected) => {
    expect(value(parseDuration(input))).toBe(expected);
  });

  test.each([
    ["soon", '"soon" is not a duration'], // no number
    ["5 fortnights", '"5 fortnights" is not a duration'], // unknown unit
    ["", '"" is not a duration'], // empty string
    ["-1s", '"-1s" must be greater than zero'], // negative
    [0, '"0" must be greater than zero'], // a latency target of zero cannot be met
    ["1e400h", '"1e400h" is not a finite duration'], // overflows to Infinity
    [Number.NaN, '"NaN" is not a finite duration'], // NaN
    [[800], "expected a duration, got object"], // a list is not a duration
  ] as const)("%o fails: %s", (input, message) => {
    const f = failure(parseDuration(input));
    expect(f.error).toBe(message);
    expect(f.hint).toBe("use e.g. 800ms, 30s or 4m");
  });
});

describe("parseTolerance", () => {
  test.each([
    [0, 0], // no cold start tolerated
    ["0s", 0], // zero with a unit
    ["0", 0], // zero as a quoted bare number
    ["30s", 30_000], // otherwise the same units as parseDuration
    ["10m", 600_000], // minutes
  ] as const)("%o is %d ms", (input, expected) => {
    expect(value(parseTolerance(input))).toBe(expected);
  });

  test("negative tolerances fail with a hint that shows 0 is allowed", () => {
    const f = failure(parseTolerance("-5s"));
    expect(f.error).toContain('"-5s"');
    expect(f.hint).toBe("use e.g. 0, 5s or 10m");
  });

  test("the message for a negative tolerance does not claim zero is refused", () => {
    // parseTolerance(0) succeeds, so "must be greater than zero" would contradict it.
    const f = failure(parseTolerance(-1));
    expect(f.error).not.toContain("greater than zero");
    expect(f.error).toMatch(/negative|zero or (more|greater)|at least 0/);
  });

  test.each([
    ["soon", "is not a duration"], // no number
    [Number.POSITIVE_INFINITY, "is not a finite duration"], // Infinity
    [{}, "expected a duration, got object"], // a mapping
  ] as const)("%o fails: %s", (input, fragment) => {
    expect(failure(parseTolerance(input)).error).toContain(fragment);
  });
});

describe("issue 7 follow-ups in the core and the ndjson path", () => {
  test("a size written in bits (3Mb) is refused instead of read as 3 MB, 8x off; a byte-order mark shifts no column", () => {
    expect(issuesOf(withField("payload", "    payload: 3Mb"))).toEqual([
      expect.objectContaining({
        path: "workloads[0].payload.request",
        message: '"3Mb" reads as megabits',
        hint: "write MB for bytes, e.g. 12MB",
      }),
    ]);
    expect(issuesOf(withField("payload", "    payload: 3MB"))).toEqual([]);
    const [issue] = issuesOf("\ufeffworkloads: 5\n");
    expect(issue).toMatchObject({ line: 1, column: 12 });
  });
});
