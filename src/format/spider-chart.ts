import type { FitnessId } from "../schema/ids.js";
import { FITNESS_IDS } from "../schema/vocabulary.js";
import type { FitnessScores, RankedOption, RankedResult } from "../schema/output.js";
import { dashAttr, escapeXml, fixed, INK, OPTION_STYLE, svgOpen, truncate } from "./svg.js";

/** Axis labels of the five fitness functions, in the order the axes are drawn (clockwise from the top). */
export const FITNESS_LABELS: Readonly<Record<FitnessId, string>> = {
  modelSize: "Model size",
  latency: "Latency",
  isolation: "Isolation",
  cost: "Cost",
  scalability: "Scalability",
};

/** The spider chart's fixed geometry (SVG user units), exported so tests can check where points land. */
export const SPIDER_GEOMETRY = {
  width: 440,
  height: 420,
  cx: 220,
  cy: 206,
  radius: 120,
  rings: [0.25, 0.5, 0.75, 1],
} as const;

const G = SPIDER_GEOMETRY;
const LEGEND_TOP = 362;

/** Options for {@link spiderChart}. */
export interface SpiderChartOptions {
  /** How many feasible options to compare, best first (default 3). */
  readonly top?: number;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

/** The point at `value` (0 = centre, 1 = outer ring) on the axis of fitness number `axis`. */
function vertex(axis: number, value: number): readonly [number, number] {
  const angle = -Math.PI / 2 + (axis * 2 * Math.PI) / FITNESS_IDS.length;
  return [G.cx + G.radius * value * Math.cos(angle), G.cy + G.radius * value * Math.sin(angle)];
}

function points(values: readonly number[]): string {
  return values
    .map((v, axis) =>
      vertex(axis, v)
        .map((c) => fixed(c))
        .join(","),
    )
    .join(" ");
}

function scoresText(fitness: FitnessScores): string {
  return FITNESS_IDS.map((f) => `${FITNESS_LABELS[f].toLowerCase()} ${fixed(fitness[f])}`).join(", ");
}

function axisLabel(axis: number, id: FitnessId): string {
  const [x, y] = vertex(axis, 1 + 16 / G.radius);
  const dx = x - G.cx;
  const anchor = Math.abs(dx) < 1 ? "middle" : dx > 0 ? "start" : "end";
  // Labels above the centre sit on their baseline; those below hang from their top.
  const dy = y < G.cy - 1 ? "0" : y > G.cy + 1 ? "0.8em" : "0.35em";
  return `<text x="${fixed(x)}" y="${fixed(y)}" dy="${dy}" text-anchor="${anchor}">${escapeXml(FITNESS_LABELS[id])}</text>`;
}

/**
 * A radar chart (SVG) of the five fitness scores of a result's best feasible options, one coloured polygon
 * each over grid rings at 0.25, 0.5, 0.75 and 1, with axis labels and a legend; pure and deterministic.
 */
export function spiderChart(result: RankedResult, options: SpiderChartOptions = {}): string {
  const shown = result.ranking
    .filter((o): o is RankedOption & { fitness: FitnessScores } => o.feasible && o.fitness !== undefined)
    .slice(0, Math.max(0, options.top ?? 3));
  const name = result.workload;
  const label =
    shown.length === 0
      ? `Fitness scores for ${name}: no feasible option`
      : `Fitness scores of the top ${shown.length === 1 ? "option" : `${shown.length} options`} for ${name}: ` +
        shown.map((o, i) => `${i + 1}. ${o.option} (${scoresText(o.fitness)})`).join("; ");

  const parts: string[] = [svgOpen(G.width, G.height, "hf-spider", label)];
  parts.push(
    `<text class="hf-heading" x="${G.cx}" y="24" text-anchor="middle" font-size="14" font-weight="600" fill="${INK.text}">${escapeXml(truncate(name, 56))}</text>`,
  );

  // Grid: rings as pentagons so a score of exactly 1 lands on the outer ring's corner, then the spokes.
  parts.push(`<g class="hf-grid" fill="none" stroke="${INK.grid}" stroke-width="1">`);
  for (const level of G.rings)
    parts.push(`<polygon class="hf-ring" data-level="${level}" points="${points(FITNESS_IDS.map(() => level))}"/>`);
  FITNESS_IDS.forEach((_, axis) => {
    const [x, y] = vertex(axis, 1);
    parts.push(`<line class="hf-spoke" x1="${fixed(G.cx)}" y1="${fixed(G.cy)}" x2="${fixed(x)}" y2="${fixed(y)}"/>`);
  });
  parts.push("</g>");
  parts.push(`<g class="hf-ring-labels" fill="${INK.muted}" font-size="9">`);
  // Ring values sit mid-edge between the first and last spokes, clear of the points that land on spokes.
  for (const level of G.rings) {
    const [x0, y0] = vertex(0, level);
    const [x1, y1] = vertex(FITNESS_IDS.length - 1, level);
    parts.push(
      `<text x="${fixed((x0 + x1) / 2 - 2)}" y="${fixed((y0 + y1) / 2 - 2)}" text-anchor="end">${level}</text>`,
    );
  }
  parts.push("</g>");
  parts.push(
    `<g class="hf-axis-labels" fill="${INK.text}">${FITNESS_IDS.map((id, axis) => axisLabel(axis, id)).join("")}</g>`,
  );

  if (shown.length === 0) {
    parts.push(
      `<text class="hf-empty" x="${G.cx}" y="${LEGEND_TOP}" text-anchor="middle" fill="${INK.muted}">No feasible option to chart</text>`,
    );
  }
  // The best option is drawn last, on top of the others.
  for (const [i, o] of [...shown.entries()].reverse()) {
    const style = OPTION_STYLE[o.option];
    const values = FITNESS_IDS.map((f) => clamp01(o.fitness[f]));
    parts.push(`<g class="hf-option" data-option="${o.option}" data-rank="${i + 1}">`);
    parts.push(`<title>${escapeXml(`${i + 1}. ${o.option}: ${scoresText(o.fitness)}`)}</title>`);
    parts.push(
      `<polygon class="hf-series" points="${points(values)}" fill="${style.color}" fill-opacity="0.14" stroke="${style.color}" stroke-width="2.5" stroke-linejoin="round"${dashAttr(style.dash)}/>`,
    );
    values.forEach((v, axis) => {
      const [x, y] = vertex(axis, v);
      parts.push(`<circle cx="${fixed(x)}" cy="${fixed(y)}" r="3.5" fill="${style.color}"/>`);
    });
    parts.push("</g>");
  }

  parts.push(`<g class="hf-legend" fill="${INK.text}">`);
  shown.forEach((o, i) => {
    const style = OPTION_STYLE[o.option];
    const y = LEGEND_TOP + i * 20;
    parts.push(
      `<g class="hf-legend-item"><line x1="120" y1="${y}" x2="146" y2="${y}" stroke="${style.color}" stroke-width="3"${dashAttr(style.dash)}/>` +
        `<text x="154" y="${y}" dy="0.35em">${escapeXml(`${i + 1}. ${o.option}`)} · score ${fixed(o.score ?? 0)}</text></g>`,
    );
  });
  parts.push("</g></svg>");
  return parts.join("\n");
}
