/**
 * Human units for workload files: counts (`7B`), sizes (`6MB`, `2GiB`) and durations (`800ms`, `4m`).
 * Each parser returns a number in base units (count, bytes, milliseconds) or a ParseFailure
 * carrying a message and a hint; none of them throws.
 */

export interface ParseFailure {
  readonly error: string;
  readonly hint: string;
}

export type Parsed = number | ParseFailure;

export function isFailure(p: Parsed): p is ParseFailure {
  return typeof p !== "number";
}

const COUNT_SUFFIX: Record<string, number> = { "": 1, K: 1e3, M: 1e6, B: 1e9, G: 1e9, T: 1e12 };

const SIZE_UNIT: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KIB: 2 ** 10,
  MIB: 2 ** 20,
  GIB: 2 ** 30,
  TIB: 2 ** 40,
};

const BIT_PREFIX: Record<string, string> = { K: "kilo", M: "mega", G: "giga", T: "tera" };

// Durations as people write them, in any case: 800ms, 30s, 30 sec, 30 seconds, 5m, 5 mins, 2 hours, 1 day.
const DURATION_UNIT: Record<string, number> = {
  MS: 1,
  MSEC: 1,
  MSECS: 1,
  MILLISECOND: 1,
  MILLISECONDS: 1,
  S: 1e3,
  SEC: 1e3,
  SECS: 1e3,
  SECOND: 1e3,
  SECONDS: 1e3,
  M: 60e3,
  MIN: 60e3,
  MINS: 60e3,
  MINUTE: 60e3,
  MINUTES: 60e3,
  H: 3600e3,
  HR: 3600e3,
  HRS: 3600e3,
  HOUR: 3600e3,
  HOURS: 3600e3,
  D: 86400e3,
  DAY: 86400e3,
  DAYS: 86400e3,
};

// One number (plain or exponent form), optional spaces, then an alphabetic unit.
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*([a-z]*)$/i;

function describe(value: unknown): string {
  const text = typeof value === "string" ? value : String(value);
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(shown);
}

function quantity(
  value: unknown,
  units: Record<string, number>,
  bareUnit: number,
  what: string,
  example: string,
  allowZero = false,
): Parsed {
  let amount: number;
  let scale = bareUnit;
  if (typeof value === "number") {
    amount = value;
  } else if (typeof value === "string") {
    const m = QUANTITY.exec(value.trim());
    const unit = m?.[2]?.toUpperCase() ?? "";
    // A quoted bare number ("4096") means the same as the number.
    const known = m ? (unit === "" ? bareUnit : units[unit]) : undefined;
    if (!m || known === undefined) {
      return { error: `${describe(value)} is not ${what}`, hint: `use e.g. ${example}` };
    }
    amount = Number(m[1]);
    scale = known;
  } else {
    return { error: `expected ${what}, got ${typeof value}`, hint: `use e.g. ${example}` };
  }
  const result = amount * scale;
  if (!Number.isFinite(result)) {
    return { error: `${describe(value)} is not a finite ${what.replace(/^an? /, "")}`, hint: `use e.g. ${example}` };
  }
  if (result < 0 || (result === 0 && !allowZero)) {
    return {
      error: `${describe(value)} must be ${allowZero ? "zero or more" : "greater than zero"}`,
      hint: `use e.g. ${example}`,
    };
  }
  return result;
}

/** Parses a count such as `7B`, `350M`, `10M`, `1.5K` or a plain number. */
export function parseCount(value: unknown): Parsed {
  return quantity(value, COUNT_SUFFIX, 1, "a count", "7B, 350M or 1200");
}

/** Parses a size in bytes: decimal units B KB MB GB TB, binary KiB MiB GiB TiB; a bare number is bytes. */
export function parseBytes(value: unknown): Parsed {
  // A capital prefix and a small b (3Mb) is how bits are written: taken for bytes it would be 8x off.
  const bits = typeof value === "string" ? /\d\s*(([KMGT])i?)b$/.exec(value.trim()) : null;
  if (bits)
    return {
      error: `${describe(value)} reads as ${BIT_PREFIX[bits[2]!]}bits`,
      hint: `write ${bits[1]}B for bytes, e.g. 12MB`,
    };
  return quantity(value, SIZE_UNIT, 1, "a size", "12MB or 2GiB");
}

/**
 * Parses a duration in milliseconds: ms, s, m, h, d, or the words (seconds, secs, minutes, mins, hours, hrs, days),
 * in any case; a bare number is milliseconds.
 */
export function parseDuration(value: unknown): Parsed {
  return quantity(value, DURATION_UNIT, 1, "a duration", "800ms, 30s or 4m");
}

/** Like parseDuration, but zero is allowed (a tolerance of none). */
export function parseTolerance(value: unknown): Parsed {
  return quantity(value, DURATION_UNIT, 1, "a duration", "0, 5s or 10m", true);
}

/**
 * A whole number with comma thousands separators, as `toLocaleString("en-US")` writes it, without the cost of a
 * locale lookup on every call (that method is used where the digits would not be plain).
 */
export function groupThousands(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString("en-US");
  const digits = String(Math.abs(n));
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ",";
    out += digits[i];
  }
  return n < 0 ? `-${out}` : out;
}
