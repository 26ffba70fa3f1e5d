/**
 * The explorer page (`hostfit explore`): one self-contained HTML file holding the workloads, the catalog, the rules
 * (each file's data and every expression's parsed tree) and the script that ranks them, which is hostfit's own core
 * bundled for the browser (dist/explore/app.bundle.js, built by scripts/build-explorer.mjs). Nothing is fetched.
 */
import type { Catalog } from "../schema/catalog.js";
import type { Issue } from "../schema/issue.js";
import type { AccountQuotas, InstanceQuota } from "../schema/quotas.js";
import type { Workload } from "../schema/workload.js";
import type { ExpressionTree } from "../load/compile-tree.js";
import type { RulesData } from "../load/compile-rules.js";
import { htmlDocument, REPORT_CSS, REPORT_FOOTER } from "../format/html.js";
import { escapeXml as esc } from "../format/svg.js";

/** What the page carries, as JSON: everything the core needs to rank each workload again. */
export interface ExplorerData {
  readonly catalog: Catalog;
  readonly rules: { readonly data: RulesData; readonly trees: Readonly<Record<string, ExpressionTree>> };
  readonly quotas?: {
    readonly endpoint: readonly (readonly [string, InstanceQuota])[];
    readonly transform: readonly (readonly [string, InstanceQuota])[];
  };
  /** The workloads to explore, parsed (base units, defaults filled in). */
  readonly workloads: readonly Workload[];
  /** The file's entries that could not be read, with why: listed, not explored. */
  readonly invalid: readonly { readonly label: string; readonly issues: readonly Issue[] }[];
}

/** Quotas as the page carries them (a Map is not JSON). */
export function quotasData(quotas: AccountQuotas): NonNullable<ExplorerData["quotas"]> {
  return { endpoint: [...quotas.endpoint], transform: [...quotas.transform] };
}

const CSS = `
main { max-width: 1400px; }
.explore { display: grid; grid-template-columns: minmax(260px, 360px) minmax(0, 1fr); gap: 8px 24px; align-items: start; }
@media (max-width: 820px) { .explore { grid-template-columns: minmax(0, 1fr); } }
form.controls fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 12px; padding: 8px 12px 10px; min-width: 0; }
form.controls legend { font-weight: 600; padding: 0 4px; }
.control { margin: 8px 0 4px; }
.control label { display: block; font-size: 14px; }
.control.check label { display: flex; gap: 8px; align-items: center; }
.control input[type=range], .control select { width: 100%; margin: 4px 0 0; font: inherit; }
.control output { display: block; font-size: 13px; font-variant-numeric: tabular-nums; }
.flips { position: relative; height: 0; margin: 0 8px; }
.flips span { position: absolute; top: -30px; width: 2px; height: 14px; background: var(--bad); transform: translateX(-1px); }
.flip-text { font-size: 13px; color: var(--bad); margin: 2px 0 0; }
.flip-text:empty { display: none; }
:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
.yaml { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; margin-top: 12px; }
.yaml details { flex: 1 1 100%; }
.yaml textarea { width: 100%; font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.findings p, .findings li, .flip-text { overflow-wrap: anywhere; }
.findings .charts figure { flex: 1 1 300px; max-width: 480px; }
button { font: inherit; padding: 4px 12px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--text); cursor: pointer; }
`;

// JSON inside a script element: `<` escaped, so no text of the data can close the element.
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/**
 * The explorer page for `data`, running `script` (the bundled app).
 * @throws Error when the script holds `</script`, which would end the element early.
 */
export function explorerPage(data: ExplorerData, script: string): string {
  if (/<\/script/i.test(script)) throw new Error("the explorer script holds </script and cannot be inlined");
  const n = data.workloads.length;
  const invalid =
    data.invalid.length === 0
      ? ""
      : `<section class="card invalid"><h2>Not explored</h2><p>These entries of the file could not be read; fix them and run again.</p><ul class="plain">${data.invalid
          .map(
            (e) =>
              `<li><strong>${esc(e.label)}</strong>: ${esc(e.issues.map((i) => `${i.path ? `${i.path}: ` : ""}${i.message}`).join("; "))}</li>`,
          )
          .join("")}</ul></section>`;
  return htmlDocument("hostfit explorer", `${REPORT_CSS}${CSS}`, [
    `<header><h1>hostfit explorer</h1><p class="meta">Catalog <code>${esc(data.catalog.id)}</code>, prices as of ${esc(data.catalog.asOf)}. ${n} workload${n === 1 ? "" : "s"}. ` +
      `Move a control and hostfit's own engine, inside this page and offline, ranks the hosting options again. ` +
      `A red mark on a slider is where the recommendation changes.</p><nav aria-label="Workloads"><ul id="workload-links"></ul></nav></header>`,
    `<main id="explorer">`,
    `<noscript><p>The explorer runs in JavaScript; <code>hostfit recommend --format html</code> writes the static report.</p></noscript>`,
    invalid,
    `</main>`,
    REPORT_FOOTER,
    `<script type="application/json" id="hostfit-data">${scriptJson(data)}</script>`,
    `<script>${script}</script>`,
  ]);
}
