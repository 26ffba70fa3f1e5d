/**
 * The explorer page's script (bundled by scripts/build-explorer.mjs): compiles the rules the page carries with the
 * same compiler `loadRules` uses, builds each workload's controls, and on every change ranks the edited workload
 * with `recommendWorkload` (the core `recommend()` runs) and redraws its summary, charts, ranking, trade-offs and
 * the flip points the sensitivity analysis finds.
 */
import { recommendWorkload } from "../core/assess/recommend.js";
import type { Knowledge } from "../core/types.js";
import { recommendationBadge, resultBody } from "../format/html.js";
import { compileRules } from "../load/compile-rules.js";
import { compileTree } from "../load/compile-tree.js";
import type { RankedResult } from "../schema/output.js";
import type { Workload } from "../schema/workload.js";
import {
  controlsFor,
  fromSlider,
  sliderBounds,
  toSlider,
  type CheckControl,
  type Control,
  type RangeControl,
  type SelectControl,
} from "./controls.js";
import type { ExplorerData } from "./page.js";
import { workloadYaml } from "./workload-yaml.js";

function knowledgeOf(data: ExplorerData): Knowledge {
  const { trees } = data.rules;
  const rules = compileRules(data.rules.data, (source, vocabulary) => {
    if (!Object.hasOwn(trees, source)) throw new Error(`the page carries no parsed tree for "${source}"`);
    return compileTree(source, trees[source]!, vocabulary);
  });
  const quotas = data.quotas && { endpoint: new Map(data.quotas.endpoint), transform: new Map(data.quotas.transform) };
  return { catalog: data.catalog, rules, ...(quotas ? { quotas } : {}) };
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Applies an edit to the workload of a section, which then ranks it again and redraws. */
type Change = (edit: (w: Workload) => Workload) => void;

/** One control on the page: its element, and how it shows a workload and the current flip points. */
interface Shown {
  readonly sync: (w: Workload, result: RankedResult) => void;
}

function rangeControl(control: RangeControl, id: string, parent: HTMLElement, change: Change): Shown {
  const bounds = sliderBounds(control);
  const input = element("input", {
    type: "range",
    id,
    min: String(bounds.min),
    max: String(bounds.max),
    step: bounds.step,
    "aria-describedby": `${id}-flips`,
  });
  const output = element("output", { for: id, id: `${id}-value` });
  const marks = element("div", { class: "flips", "aria-hidden": "true" });
  const list = element("datalist", { id: `${id}-ticks` });
  const flipText = element("p", { class: "flip-text", id: `${id}-flips` });
  if (control.sensitivity) input.setAttribute("list", `${id}-ticks`);
  controlBox(control, parent, element("label", { for: id }, control.label), input, marks, output, flipText, list);
  input.addEventListener("input", () => change((w) => control.set(w, fromSlider(control, Number(input.value)))));
  return {
    sync(w, result) {
      const value = control.get(w);
      const position = toSlider(control, value);
      // The slider under the hand keeps its own position; the value it stands for is shown beside it.
      if (document.activeElement !== input) input.value = String(position);
      input.disabled = control.disabled?.(w) ?? false;
      output.textContent = control.format(value);
      input.setAttribute("aria-valuetext", control.format(value));
      const flips = result.sensitivity.filter((s) => s.input === control.sensitivity);
      const inside = flips.filter((s) => s.flipsAt >= control.min && s.flipsAt <= control.max);
      list.replaceChildren(...inside.map((s) => element("option", { value: String(toSlider(control, s.flipsAt)) })));
      marks.replaceChildren(
        ...inside.map((s) => {
          const share = (toSlider(control, s.flipsAt) - bounds.min) / (bounds.max - bounds.min);
          return element("span", {
            style: `left: ${(share * 100).toFixed(2)}%`,
            "data-flips-at": String(s.flipsAt),
            title: s.message,
          });
        }),
      );
      flipText.textContent = flips.map((s) => `Changes ${s.message}.`).join(" ");
    },
  };
}

// A control's box in its fieldset; `data-control` names it for a reader's tools and the tests.
function controlBox(control: Control, parent: HTMLElement, ...children: Node[]): void {
  const box = element("div", { class: `control ${control.kind}`, "data-control": control.id });
  box.append(...children);
  parent.append(box);
}

function selectControl(control: SelectControl, id: string, parent: HTMLElement, change: Change): Shown {
  const select = element("select", { id });
  select.append(...control.choices.map((c) => element("option", { value: c.value }, c.label)));
  controlBox(control, parent, element("label", { for: id }, control.label), select);
  select.addEventListener("change", () => change((w) => control.set(w, select.value)));
  return { sync: (w) => void (select.value = control.get(w)) };
}

function checkControl(control: CheckControl, id: string, parent: HTMLElement, change: Change): Shown {
  const input = element("input", { type: "checkbox", id });
  const label = element("label", { for: id });
  label.append(input, document.createTextNode(control.label));
  controlBox(control, parent, label);
  input.addEventListener("change", () => change((w) => control.set(w, input.checked)));
  return { sync: (w) => void (input.checked = control.get(w)) };
}

function showControl(control: Control, id: string, parent: HTMLElement, change: Change): Shown {
  if (control.kind === "range") return rangeControl(control, id, parent, change);
  if (control.kind === "select") return selectControl(control, id, parent, change);
  return checkControl(control, id, parent, change);
}

/** A workload's section: its controls, and its findings redrawn on every change. */
function explore(original: Workload, knowledge: Knowledge, index: number, main: HTMLElement): void {
  const id = `w-${index + 1}`;
  const rank = (w: Workload) => recommendWorkload(w, knowledge, { whatIf: true });
  let workload = original;
  let result = rank(workload);

  const section = element("section", { class: "card workload", id, "data-workload": original.name });
  const heading = element("h2");
  const badge = element("span");
  heading.append(document.createTextNode(`${original.name} `), badge);
  const summary = element("p", { class: "summary", "aria-live": "polite" });
  const layout = element("div", { class: "explore" });
  const form = element("form", { class: "controls", "aria-label": `What if: ${original.name}` });
  form.addEventListener("submit", (e) => e.preventDefault());
  const findings = element("div", { class: "findings" });
  layout.append(form, findings);

  const yaml = element("textarea", {
    readonly: "",
    rows: "12",
    id: `${id}-yaml`,
    "aria-label": "The edited workload as YAML",
  });
  const details = element("details");
  details.append(element("summary", {}, "The edited workload as YAML"), yaml);
  const copy = element("button", { type: "button", "data-action": "copy" }, "Copy as YAML");
  const reset = element("button", { type: "button", "data-action": "reset" }, "Reset to the file's values");
  const status = element("span", { role: "status", class: "muted" });
  const actions = element("div", { class: "yaml" });
  actions.append(copy, reset, status, details);
  section.append(heading, summary, layout, actions);
  main.append(section);

  const shown: Shown[] = [];
  const change = (edit: (w: Workload) => Workload) => {
    workload = edit(workload);
    result = rank(workload);
    status.textContent = "";
    redraw();
  };
  for (const group of controlsFor(original, knowledge, result.sensitivity)) {
    const fieldset = element("fieldset");
    fieldset.append(element("legend", {}, group.legend));
    for (const control of group.controls) shown.push(showControl(control, `${id}-${control.id}`, fieldset, change));
    form.append(fieldset);
  }

  function redraw(): void {
    badge.innerHTML = recommendationBadge(result);
    summary.textContent = result.summary;
    findings.innerHTML = resultBody(result);
    yaml.value = workloadYaml(workload);
    // What the page ranked, as numbers: for a reader's tools and the browser tests.
    section.dataset.ranking = JSON.stringify(
      result.ranking.map((o) => ({
        option: o.option,
        rank: o.rank,
        monthlyCostUsd: o.estimates?.monthlyCostUsd ?? null,
      })),
    );
    section.dataset.recommendation = result.recommendation ?? "";
    for (const s of shown) s.sync(workload, result);
  }

  reset.addEventListener("click", () => change(() => original));
  copy.addEventListener("click", () => {
    const text = yaml.value;
    const fallback = () => {
      details.open = true;
      yaml.focus();
      yaml.select();
      status.textContent = "Selected below: press Ctrl+C (⌘C) to copy.";
    };
    if (!navigator.clipboard) return fallback();
    navigator.clipboard
      .writeText(text)
      .then(() => (status.textContent = "Copied the edited workload as YAML."), fallback);
  });
  redraw();
}

function main(): void {
  const data = JSON.parse(document.getElementById("hostfit-data")!.textContent!) as ExplorerData;
  const knowledge = knowledgeOf(data);
  const root = document.getElementById("explorer")!;
  const links = document.getElementById("workload-links")!;
  data.workloads.forEach((w, i) => {
    explore(w, knowledge, i, root);
    const item = element("li");
    item.append(element("a", { href: `#w-${i + 1}` }, w.name));
    links.append(item);
  });
}

main();
