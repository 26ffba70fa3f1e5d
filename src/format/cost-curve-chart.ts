import type { CostCurve } from "../schema/output.js";
import { dashAttr, escapeXml, fixed, INK, OPTION_STYLE, svgOpen, truncate } from "./svg.js";

/** The cost-curve chart's fixed geometry (SVG user units): the whole chart and its plot area. */
export const COST_CURVE_GEOMETRY = { width: 560, height: 390, left: 72, right: 540, top: 44, bottom: 272 } as const;

const G = COST_CURVE_GEOMETRY;
const LEGEND_TOP = 334;

/** Options for {@link costCurveChart}. */
export interface CostCurveChartOptions {
  /** The workload's own volume (requests per day): marked with a vertical line when given and in range. */
  readonly requestsPerDay?: number;
  /** A heading drawn above the plot, e.g. the workload's name. */
  readonly title?: string;
}

function trimmed(x: number): string {
  return String(Number(x.toPrecision(3)));
}

/** A tick label: 1, 10, 500, 1K, 20K, 1M, 0.01. */
export function compactNumber(n: number): string {
  for (const [size, suffix] of [
    [1e12, "T"],
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ] as const) {
    if (n >= size) return `${trimmed(n / size)}${suffix}`;
  }
  return trimmed(n);
}

/** Powers of ten covering [min, max], widened to at least one decade: [lowest exponent, highest exponent]. */
function decades(min: number, max: number): readonly [number, number] {
  const lo = Math.floor(Math.log10(min) + 1e-9);
  let hi = Math.ceil(Math.log10(max) - 1e-9);
  if (hi <= lo) hi = lo + 1;
  return [lo, hi];
}

/** Ticks on a log axis: every power of ten (every k-th past six decades), plus 2x and 5x on short ranges. */
function logTicks([lo, hi]: readonly [number, number]): number[] {
  const step = Math.ceil((hi - lo) / 6);
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e += step) ticks.push(10 ** e);
  if (hi - lo <= 2) {
    for (let e = lo; e < hi; e++) ticks.push(2 * 10 ** e, 5 * 10 ** e);
  }
  return ticks.sort((a, b) => a - b).map((t) => Number(t.toPrecision(12)));
}

function scale([lo, hi]: readonly [number, number], from: number, to: number): (v: number) => number {
  return (v) => from + ((Math.log10(v) - lo) / (hi - lo)) * (to - from);
}

function usable(v: number | null | undefined): v is number {
  return v !== null && v !== undefined && Number.isFinite(v) && v > 0;
}

/**
 * A line chart (SVG) of each option's monthly cost against requests per day, both axes log-scaled, with gaps
 * where a cost is null (the option is infeasible there) and a marker at the workload's own volume; pure and deterministic.
 */
export function costCurveChart(costCurve: CostCurve, options: CostCurveChartOptions = {}): string {
  // Log axes cannot show zero or negative values: such samples are left out like nulls.
  const order = costCurve.requestsPerDay
    .map((x, i) => ({ x, i }))
    .filter(({ x }) => usable(x))
    .sort((a, b) => a.x - b.x);
  const series = costCurve.series.map((s) => ({
    option: s.option,
    points: order.map(({ x, i }) => ({ x, y: s.monthlyCostUsd[i] ?? null })),
  }));
  const xs = order.map((p) => p.x);
  const ys = series.flatMap((s) => s.points.map((p) => p.y)).filter(usable);
  const hasData = ys.length > 0;
  const xDomain = xs.length > 0 ? decades(Math.min(...xs), Math.max(...xs)) : ([0, 1] as const);
  const yDomain = hasData ? decades(Math.min(...ys), Math.max(...ys)) : ([0, 1] as const);
  const sx = scale(xDomain, G.left, G.right);
  const sy = scale(yDomain, G.bottom, G.top);
  const marker = options.requestsPerDay;
  const showMarker = usable(marker) && xs.length > 0 && marker >= 10 ** xDomain[0] && marker <= 10 ** xDomain[1];

  const ranges = series.map((s) => {
    const costs = s.points.map((p) => p.y).filter(usable);
    return costs.length === 0
      ? `${s.option} infeasible throughout`
      : `${s.option} $${compactNumber(Math.min(...costs))} to $${compactNumber(Math.max(...costs))}`;
  });
  const label =
    `Monthly cost (USD, log scale) against requests per day (log scale)${options.title ? ` for ${options.title}` : ""}` +
    (series.length === 0 || !hasData ? ": no cost data" : `: ${ranges.join("; ")}`) +
    (showMarker ? `; the workload's own volume is ${compactNumber(marker)} requests/day` : "");

  const parts: string[] = [svgOpen(G.width, G.height, "hf-cost-curve", label)];
  if (options.title) {
    parts.push(
      `<text class="hf-heading" x="${G.width / 2}" y="24" text-anchor="middle" font-size="14" font-weight="600" fill="${INK.text}">${escapeXml(truncate(options.title, 64))}</text>`,
    );
  }

  // Grid and tick labels.
  parts.push(`<g class="hf-grid" stroke="${INK.grid}" stroke-width="1">`);
  const xTicks = xs.length > 0 ? logTicks(xDomain) : [];
  const yTicks = hasData ? logTicks(yDomain) : [];
  for (const t of xTicks)
    parts.push(`<line x1="${fixed(sx(t))}" y1="${G.top}" x2="${fixed(sx(t))}" y2="${G.bottom}"/>`);
  for (const t of yTicks)
    parts.push(`<line x1="${G.left}" y1="${fixed(sy(t))}" x2="${G.right}" y2="${fixed(sy(t))}"/>`);
  parts.push(
    `<rect x="${G.left}" y="${G.top}" width="${G.right - G.left}" height="${G.bottom - G.top}" fill="none" stroke="${INK.muted}"/>`,
  );
  parts.push("</g>");
  parts.push(`<g class="hf-ticks" fill="${INK.muted}" font-size="11">`);
  for (const t of xTicks)
    parts.push(
      `<text class="hf-x-tick" x="${fixed(sx(t))}" y="${G.bottom + 16}" text-anchor="middle">${compactNumber(t)}</text>`,
    );
  for (const t of yTicks)
    parts.push(
      `<text class="hf-y-tick" x="${G.left - 6}" y="${fixed(sy(t))}" dy="0.35em" text-anchor="end">$${compactNumber(t)}</text>`,
    );
  parts.push("</g>");
  parts.push(
    `<text class="hf-axis-title" x="${(G.left + G.right) / 2}" y="${G.bottom + 38}" text-anchor="middle" fill="${INK.text}">requests per day (log scale)</text>`,
    `<text class="hf-axis-title" x="16" y="${(G.top + G.bottom) / 2}" text-anchor="middle" fill="${INK.text}" transform="rotate(-90 16 ${(G.top + G.bottom) / 2})">monthly cost, USD (log scale)</text>`,
  );

  if (!hasData) {
    parts.push(
      `<text class="hf-empty" x="${(G.left + G.right) / 2}" y="${(G.top + G.bottom) / 2}" text-anchor="middle" fill="${INK.muted}">No cost data to chart</text>`,
    );
  }

  if (showMarker) {
    const x = fixed(sx(marker));
    parts.push(
      `<g class="hf-marker" data-requests-per-day="${marker}"><line x1="${x}" y1="${G.top}" x2="${x}" y2="${G.bottom}" stroke="${INK.text}" stroke-width="1.5" stroke-dasharray="3 3"/>` +
        `<text x="${x}" y="${G.top - 6}" text-anchor="middle" fill="${INK.text}" font-size="11">this workload: ${compactNumber(marker)}/day</text></g>`,
    );
  }

  for (const s of series) {
    const style = OPTION_STYLE[s.option];
    // A new subpath starts after every gap, so an infeasible stretch is never bridged.
    let path = "";
    let pen = false;
    const dots: string[] = [];
    for (const p of s.points) {
      if (!usable(p.y)) {
        pen = false;
        continue;
      }
      const x = fixed(sx(p.x));
      const y = fixed(sy(p.y));
      path += `${pen ? "L" : "M"}${x},${y} `;
      pen = true;
      dots.push(`<circle cx="${x}" cy="${y}" r="2.5" fill="${style.color}"/>`);
    }
    parts.push(
      `<g class="hf-option" data-option="${s.option}"><title>${escapeXml(ranges[series.indexOf(s)]!)}</title>`,
    );
    if (path)
      parts.push(
        `<path class="hf-series" d="${path.trim()}" fill="none" stroke="${style.color}" stroke-width="2.5" stroke-linejoin="round"${dashAttr(style.dash)}/>`,
      );
    parts.push(...dots, "</g>");
  }

  parts.push(`<g class="hf-legend" fill="${INK.text}">`);
  series.forEach((s, i) => {
    const style = OPTION_STYLE[s.option];
    const x = 36 + (i % 3) * 176;
    const y = LEGEND_TOP + Math.floor(i / 3) * 22;
    parts.push(
      `<g class="hf-legend-item"><line x1="${x}" y1="${y}" x2="${x + 26}" y2="${y}" stroke="${style.color}" stroke-width="3"${dashAttr(style.dash)}/>` +
        `<text x="${x + 32}" y="${y}" dy="0.35em">${escapeXml(s.option)}</text></g>`,
    );
  });
  parts.push("</g></svg>");
  return parts.join("\n");
}
