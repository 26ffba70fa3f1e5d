/** Human-readable quantities for messages: bytes, durations, memory, money. Pure and locale-independent. */
import { groupThousands } from "../schema/units.js";

export { groupThousands };

// Exact powers of ten (10^k is a double exactly up to 10^22).
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * `x` to at most `digits` decimals, trailing zeros dropped: `Number(x.toFixed(digits)).toString()`, without the
 * decimal round trip where scaling is exact enough (see {@link roundOutput}); near a tie, toFixed decides.
 */
export function trim(x: number, digits: number): string {
  const scaled = Math.abs(x) * POW10[digits]!;
  if (scaled < 1e8 && Math.abs(scaled - Math.floor(scaled) - 0.5) >= 1e-7) {
    const m = Math.round(scaled);
    return String((x < 0 && m !== 0 ? -m : m) / POW10[digits]!);
  }
  return Number(x.toFixed(digits)).toString();
}

// A value in the largest of `units` it reaches, to 2 decimals: bytes (`6.29 MB`), parameters (`61.8M`).
function scaled(value: number, units: readonly (readonly [number, string])[], separator: string, base: string): string {
  for (const [scale, name] of units)
    if (Math.abs(value) >= scale) return `${trim(value / scale, 2)}${separator}${name}`;
  return `${trim(value, 0)}${base}`;
}

const BYTE_UNITS = [
  [1e12, "TB"],
  [1e9, "GB"],
  [1e6, "MB"],
  [1e3, "KB"],
] as const;

// Parameter counts as people write them: 61.8M, 7B, 46.7B.
const PARAMETER_UNITS = [
  [1e12, "T"],
  [1e9, "B"],
  [1e6, "M"],
  [1e3, "K"],
] as const;

function duration(ms: number): string {
  if (ms >= 3_600_000) return `${trim(ms / 3_600_000, 2)} h`;
  if (ms >= 60_000) return `${trim(ms / 60_000, 1)} min`;
  if (ms >= 1000) return `${trim(ms / 1000, 2)} s`;
  return `${trim(ms, ms < 10 ? 2 : 0)} ms`;
}

const LEVELS = ["shared", "container", "instance"];

/**
 * Formats a value in a rules unit (B, ms, GiB, count, params, flag, level, USD, or share: a fraction as a
 * percentage) for a sentence. The value is first rounded as output rounds it ({@link roundOutput}), so a figure
 * in a sentence reads as the same figure in the JSON, a table or a chart.
 */
export function formatQuantity(raw: number, unit: string): string {
  const value = unit === "level" || unit === "flag" ? raw : roundOutput(raw);
  switch (unit) {
    case "B":
      return scaled(value, BYTE_UNITS, " ", " B");
    case "ms":
      return duration(value);
    case "GiB":
      return `${trim(value, 1)} GiB`;
    case "USD":
      return `$${groupThousands(Math.round(value))}`;
    case "level":
      return LEVELS[value] ?? String(value);
    case "flag":
      return value ? "yes" : "no";
    case "share":
      return `${trim(value * 100, value < 0.1 ? 1 : 0)}%`;
    case "params":
      return scaled(value, PARAMETER_UNITS, "", "");
    case "count":
      return Math.abs(value) >= 1000 ? groupThousands(Math.round(value)) : trim(value, 2);
    default:
      return trim(value, 2);
  }
}

/**
 * "an" before a figure read aloud with a vowel sound (8, 11, 18, 80..., 11,000, 18 million), "a" otherwise: "an
 * 800 MB request", "a 110 MB request".
 */
export function articleFor(figure: string): "a" | "an" {
  const digits = /^[\d,]+/.exec(figure)?.[0];
  if (digits === undefined) return /^[aeiou]/i.test(figure) ? "an" : "a";
  const leading = digits.split(",")[0]!;
  const group = digits.includes(",")
    ? leading
    : digits.length % 3 === 0
      ? digits.slice(0, 3)
      : digits.slice(0, digits.length % 3);
  return group.startsWith("8") || group === "11" || group === "18" ? "an" : "a";
}

/** A phrase that starts with a figure, with its article: "an 800 MB request payload". */
export function withArticle(phrase: string): string {
  return `${articleFor(phrase)} ${phrase}`;
}

/** Mends "a" before a figure that takes "an" in a filled-in sentence ("a 800 MB request"). */
export function mendArticles(sentence: string): string {
  return sentence.replace(/\b([Aa]) (?=\d)([\d,.]+)/g, (whole, a: string, figure: string) =>
    articleFor(figure) === "an" ? `${a}n ${figure}` : whole,
  );
}

/** Money for a sentence: whole dollars with thousands separators from $100 up, cents below. */
export function formatUsd(raw: number): string {
  const x = roundOutput(raw);
  return x >= 100 ? formatQuantity(x, "USD") : `$${x.toFixed(2)}`;
}

/**
 * The exponent e with 10^e <= abs < 10^(e+1), found by comparing with exact powers of ten (log10 is slower and can
 * land one off next to a power); undefined outside 10^-19 .. 10^22, where roundOutput's scaling would not be exact.
 */
function decimalExponent(abs: number): number | undefined {
  if (abs >= 1) {
    if (abs >= POW10[22]!) return undefined;
    let e = 0;
    while (POW10[e + 1]! <= abs) e++;
    return e;
  }
  for (let k = 1; k <= 19; k++) if (abs * POW10[k]! >= 1) return -k;
  return undefined;
}

/**
 * Rounds for output: 4 significant digits, so goldens stay stable and numbers stay readable. The same double as
 * `Number(x.toPrecision(4))`, without the string: the 4-digit integer m is found by scaling, and m times (or over)
 * an exact power of ten is correctly rounded, as parsing the decimal is. Near a tie, or far out of range, it
 * asks toPrecision, whose tie rule decides.
 */
export function roundOutput(x: number): number {
  if (!Number.isFinite(x) || x === 0) return 0;
  const abs = Math.abs(x);
  const e = decimalExponent(abs);
  if (e === undefined) return Number(x.toPrecision(4));
  const k = 3 - e;
  const scaled = k >= 0 ? abs * POW10[k]! : abs / POW10[-k]!;
  const fraction = scaled - Math.floor(scaled);
  if (Math.abs(fraction - 0.5) < 1e-7) return Number(x.toPrecision(4));
  const m = Math.round(scaled);
  const rounded = k >= 0 ? m / POW10[k]! : m * POW10[-k]!;
  return x < 0 ? -rounded : rounded;
}

/** Bytes in a GiB. */
export const GiB = 2 ** 30;

/** Rounds to hundredths: the limits and figures a violation compares. */
export function roundHundredths(x: number): number {
  return Math.round(x * 100) / 100;
}
