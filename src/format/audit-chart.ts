import type { Audit } from "../schema/audit.js";
import { formatUsd } from "../core/units.js";
import { escapeXml, fixed, INK, OPTION_STYLE, svgOpen, truncate } from "./svg.js";

/** The before/after chart's geometry (SVG user units): label column, bar area, and each endpoint's row. */
export const AUDIT_CHART_GEOMETRY = { width: 640, left: 170, right: 560, top: 40, row: 46, bar: 16 } as const;

const G = AUDIT_CHART_GEOMETRY;

/**
 * Today's and hostfit's monthly cost of each audited endpoint as two bars, each in its option's colour, on one linear
 * scale from $0: the saving is the gap between them. Deterministic: fixed decimals, no randomness.
 */
export function auditChart(audit: Audit): string {
  const rows = audit.endpoints;
  const height = G.top + rows.length * G.row + 44;
  const max = Math.max(1, ...rows.flatMap((e) => [e.current.monthlyCostUsd, e.recommended.monthlyCostUsd]));
  const x = (usd: number) => G.left + (usd / max) * (G.right - G.left);
  const parts = [
    svgOpen(G.width, height, "hf-audit", "Monthly cost of each endpoint: today and as hostfit recommends"),
    `<text x="${G.left}" y="22" fill="${INK.text}" font-weight="600">Monthly cost: today (upper bar) and hostfit's (lower bar)</text>`,
    `<line x1="${G.left}" y1="${G.top - 6}" x2="${G.left}" y2="${fixed(G.top + rows.length * G.row)}" stroke="${INK.grid}"/>`,
  ];
  rows.forEach((e, i) => {
    const y = G.top + i * G.row;
    parts.push(
      `<text x="${G.left - 8}" y="${fixed(y + G.bar + 4)}" text-anchor="end" fill="${INK.text}">${escapeXml(truncate(e.endpoint, 24))}</text>`,
    );
    for (const [k, p, who] of [
      [0, e.current, "today"],
      [1, e.recommended, "hostfit"],
    ] as const) {
      const top = y + k * (G.bar + 2);
      const style = OPTION_STYLE[p.option];
      const end = x(p.monthlyCostUsd);
      parts.push(
        `<rect class="hf-bar" x="${G.left}" y="${fixed(top)}" width="${fixed(end - G.left)}" height="${G.bar}" fill="${style.color}" fill-opacity="${k === 0 ? "0.45" : "1"}"><title>${escapeXml(`${e.endpoint}, ${who}: ${p.option}, ${formatUsd(p.monthlyCostUsd)} a month`)}</title></rect>`,
        `<text x="${fixed(end + 6)}" y="${fixed(top + G.bar - 4)}" fill="${INK.muted}" font-size="11">${escapeXml(`${formatUsd(p.monthlyCostUsd)} ${p.option}`)}</text>`,
      );
    }
  });
  const footY = G.top + rows.length * G.row + 24;
  parts.push(
    `<text x="${G.left}" y="${footY}" fill="${INK.muted}" font-size="11">${escapeXml(`$0 to ${formatUsd(max)} a month; colours are hosting options, paler bars today's`)}</text>`,
    "</svg>",
  );
  return parts.join("");
}
