import type { OptionId } from "../schema/ids.js";

// XML 1.0 forbids these control characters even when escaped, so an SVG holding one would not parse.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for XML and HTML content and double- or single-quoted attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(FORBIDDEN, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A number with a fixed count of decimals and no negative zero, so charts are byte-identical run to run. */
export function fixed(n: number, digits = 2): string {
  const s = (Number.isFinite(n) ? n : 0).toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** Shortens text to at most `max` characters (code points), ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** How each option is drawn in every chart: an Okabe-Ito colour (safe for colour-blind readers) and a dash pattern. */
export const OPTION_STYLE: Readonly<Record<OptionId, { readonly color: string; readonly dash: string }>> = {
  "single-model": { color: "#0072B2", dash: "" },
  "multi-model": { color: "#009E73", dash: "7 3" },
  "inference-components": { color: "#CC79A7", dash: "2 3" },
  serverless: { color: "#E69F00", dash: "7 3 2 3" },
  async: { color: "#D55E00", dash: "4 2" },
  "batch-transform": { color: "#56B4E9", dash: "10 4" },
};

/** The font stack of every chart; system fonts only, so a chart never fetches anything. */
export const CHART_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/** Colours shared by the charts and the HTML report. */
export const INK = { text: "#1f2328", muted: "#57606a", grid: "#d0d7de", background: "#ffffff" } as const;

/** The opening tag of a standalone, accessible SVG of the given size. */
export function svgOpen(width: number, height: number, className: string, label: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `role="img" aria-label="${escapeXml(label)}" class="hf-chart ${className}" font-family="${escapeXml(CHART_FONT)}" font-size="12">` +
    `<title>${escapeXml(label)}</title>` +
    `<rect class="hf-background" x="0" y="0" width="${width}" height="${height}" fill="${INK.background}"/>`
  );
}

/** Attributes drawing a dash pattern, or nothing for a solid line. */
export function dashAttr(dash: string): string {
  return dash ? ` stroke-dasharray="${dash}"` : "";
}
