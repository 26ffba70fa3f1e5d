/**
 * The explorer page (issue 26) in real headless Chromium, opened from file:// with the network cut off: for the
 * public examples, after every scripted change (a slider past a flip point the CLI reports, a weight, isolation,
 * precision, the latency target, cold starts, availability, the profile) the page's ranking is the library's
 * `recommendAll` of the workload the page hands back as YAML: same winner, summary and monthly costs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { costLabel } from "../../src/format/labels.js";
import { OPTION_STYLE } from "../../src/format/svg.js";
import { recommendAll } from "../../src/library.js";
import { OutputSchema, type Output, type RankedResult } from "../../src/schema/output.js";
import { spawnCli } from "../cli/run-cli.js";
import { expectLocalOnly, launchChromium, openFile, type OpenedPage } from "./chromium.js";
import { countColor, decodePng } from "./png.js";

const EXAMPLES = ["examples/workloads.yaml", "examples/scenarios.yaml"] as const;
const tmp = mkdtempSync(join(tmpdir(), "hostfit-explore-browser-"));
let browser: Browser;
/** Each example's JSON run, whose sensitivity names the flip points. */
const reported = new Map<string, Output>();

const pageFile = (example: string) => join(tmp, `${example.replace(/\W/g, "-")}.html`);

beforeAll(async () => {
  const runs = await Promise.all(
    EXAMPLES.flatMap((example) => [
      spawnCli(["explore", example, "--out", pageFile(example)]),
      spawnCli(["recommend", example, "--format", "json"]),
    ]),
  );
  EXAMPLES.forEach((example, i) => {
    const [page, json] = [runs[2 * i]!, runs[2 * i + 1]!];
    expect({ status: page.status, stderr: page.stderr }).toEqual({ status: json.status, stderr: "" });
    reported.set(example, OutputSchema.parse(JSON.parse(json.stdout)));
  });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const open = (example: string, options = {}) => openFile(browser, pageFile(example), { offline: true, ...options });

const section = (name: string) => `section.workload[data-workload="${name}"]`;

interface Shown {
  readonly recommendation: string;
  readonly ranking: { option: string; rank: number | null; monthlyCostUsd: number | null }[];
  readonly summary: string;
  readonly yaml: string;
  /** The ranking table as the reader sees it: option and monthly cost of each row. */
  readonly rows: [string, string][];
  readonly spiderBest: string | null;
}

async function shown(page: Page, name: string): Promise<Shown> {
  const s = page.locator(section(name));
  const rows = await s.locator("table.ranking tbody tr").evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "");
      return [cells[1]!, cells[3]!] as [string, string];
    }),
  );
  const best = s.locator('svg.hf-spider g.hf-option[data-rank="1"]');
  return {
    recommendation: (await s.getAttribute("data-recommendation")) ?? "",
    ranking: JSON.parse((await s.getAttribute("data-ranking"))!),
    summary: await s
      .locator("p.summary")
      .textContent()
      .then((t) => t ?? ""),
    yaml: await s.locator("textarea").inputValue(),
    rows,
    spiderBest: (await best.count()) > 0 ? await best.getAttribute("data-option") : null,
  };
}

/** Checks the page against the library on the workload the page hands back, and returns the library's result. */
async function expectLibraryAgrees(page: Page, name: string): Promise<RankedResult> {
  const state = await shown(page, name);
  const output = recommendAll(state.yaml);
  expect(output.summary).toMatchObject({ workloads: 1, ok: 1, failed: 0 });
  const result = output.results[0] as RankedResult;
  expect(result.workload).toBe(name);
  expect(state.recommendation).toBe(result.recommendation ?? "");
  expect(state.summary).toBe(result.summary);
  expect(state.ranking).toEqual(
    result.ranking.map((o) => ({
      option: o.option,
      rank: o.rank,
      monthlyCostUsd: o.estimates?.monthlyCostUsd ?? null,
    })),
  );
  expect(state.rows).toEqual(
    result.ranking.map((o) => [
      o.option,
      o.estimates ? costLabel(o.estimates.monthlyCostUsd, o.estimates.priceConfirmed) : "—",
    ]),
  );
  expect(state.spiderBest).toBe(result.recommendation);
  return result;
}

// Moves a range control to a slider position (log10 of the value for log sliders) as a drag would.
async function slide(page: Page, name: string, control: string, position: number): Promise<void> {
  await page.locator(`${section(name)} [data-control="${control}"] input[type=range]`).evaluate((input, p) => {
    (input as HTMLInputElement).value = String(p);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }, position);
}

async function sliderPosition(page: Page, name: string, control: string): Promise<number> {
  return Number(await page.locator(`${section(name)} [data-control="${control}"] input[type=range]`).inputValue());
}

function expectClean({ errors, requests }: OpenedPage): void {
  expect(errors).toEqual([]);
  expectLocalOnly(requests);
  // Nothing but the page itself was even asked for.
  expect(requests.filter((url) => !url.startsWith("data:")).length).toBe(1);
}

describe.each(EXAMPLES)("the explorer page of %s", (example) => {
  test("as loaded: every workload ranked as the CLI ranks it; no request but the file, no console error", async () => {
    const opened = await open(example);
    const results = reported.get(example)!.results.filter((r): r is RankedResult => r.ok);
    expect(await opened.page.locator("section.workload").count()).toBe(results.length);
    for (const r of results) {
      const state = await shown(opened.page, r.workload);
      expect(state.recommendation).toBe(r.recommendation ?? "");
      expect(state.summary).toBe(r.summary);
      await expectLibraryAgrees(opened.page, r.workload);
    }
    expectClean(opened);
    await opened.page.close();
  });

  test("traffic past each flip point the CLI reports: the winner changes there and not before", async () => {
    const opened = await open(example);
    const { page } = opened;
    const flips = reported
      .get(example)!
      .results.flatMap((r) =>
        r.ok ? r.sensitivity.filter((s) => s.input === "traffic.requestsPerDay").map((s) => ({ r, s })) : [],
      );
    if (example === "examples/workloads.yaml") expect(flips.length).toBeGreaterThanOrEqual(2);
    for (const { r, s } of flips) {
      await page.click(`${section(r.workload)} button[data-action="reset"]`);
      const start = await sliderPosition(page, r.workload, "traffic");
      // The flip is marked on the slider, from the page's own analysis of the workload as the file gives it.
      const marks = page.locator(`${section(r.workload)} [data-control="traffic"] .flips span`);
      expect(await marks.evaluateAll((spans) => spans.map((m) => Number(m.getAttribute("data-flips-at"))))).toContain(
        s.flipsAt,
      );
      const before = Math.log10(s.flipsAt * (s.direction === "above" ? 0.995 : 1.005));
      const past = Math.log10(s.flipsAt * (s.direction === "above" ? 1.005 : 0.995));
      // Not before: the way from the workload's own volume to just short of the flip keeps the winner.
      for (const k of [0.25, 0.5, 0.75, 1]) {
        await slide(page, r.workload, "traffic", start + (before - start) * k);
        expect((await expectLibraryAgrees(page, r.workload)).recommendation).toBe(r.recommendation);
      }
      await slide(page, r.workload, "traffic", past);
      expect((await expectLibraryAgrees(page, r.workload)).recommendation).toBe(s.to);
    }
    expectClean(opened);
    await page.close();
  });

  test("a priority weight past its flip point, then isolation, precision, target, cold starts, availability, profile", async () => {
    const opened = await open(example);
    const { page } = opened;
    for (const r of reported.get(example)!.results) {
      if (!r.ok) continue;
      const name = r.workload;
      const weight = r.sensitivity.find((s) => s.input.startsWith("priorities."));
      if (weight) {
        const control = `weight-${weight.input.slice("priorities.".length)}`;
        await slide(page, name, control, Math.round(weight.flipsAt * 0.99 * 100) / 100);
        expect((await expectLibraryAgrees(page, name)).recommendation).toBe(r.recommendation);
        await slide(page, name, control, Math.round(weight.flipsAt * 1.01 * 100) / 100);
        expect((await expectLibraryAgrees(page, name)).recommendation).toBe(weight.to);
      }
      const s = section(name);
      await page.selectOption(`${s} [data-control="isolation"] select`, "instance");
      await expectLibraryAgrees(page, name);
      await page.selectOption(`${s} [data-control="precision"] select`, "int8");
      await expectLibraryAgrees(page, name);
      await page.check(`${s} [data-control="no-target"] input`);
      await expectLibraryAgrees(page, name);
      await page.uncheck(`${s} [data-control="no-target"] input`);
      await slide(page, name, "target", (await sliderPosition(page, name, "target")) - 0.5);
      await expectLibraryAgrees(page, name);
      await slide(page, name, "cold-start", 3);
      await expectLibraryAgrees(page, name);
      await page.selectOption(`${s} [data-control="availability"] select`, "1");
      await expectLibraryAgrees(page, name);
      await slide(page, name, "payload", (await sliderPosition(page, name, "payload")) + 0.3);
      await slide(page, name, "parameters", (await sliderPosition(page, name, "parameters")) - 0.3);
      await expectLibraryAgrees(page, name);
      await page.selectOption(`${s} [data-control="profile"] select`, "scalability-first");
      await expectLibraryAgrees(page, name);
      await page.click(`${s} button[data-action="reset"]`);
      expect((await expectLibraryAgrees(page, name)).recommendation).toBe(r.recommendation);
    }
    expectClean(opened);
    await page.close();
  });
});

describe("the explorer page by keyboard, on a phone's width, and its copy button", () => {
  test("arrow keys on the traffic slider re-rank at every step and cross the flip where the CLI puts it", async () => {
    const opened = await open("examples/workloads.yaml");
    const { page } = opened;
    const r = reported.get("examples/workloads.yaml")!.results.find((x) => x.ok && x.workload === "invoice-ocr")!;
    if (!r.ok) throw new Error("invoice-ocr is ranked");
    const flip = r.sensitivity.find((s) => s.input === "traffic.requestsPerDay" && s.direction === "above")!;
    const slider = page.locator(`${section("invoice-ocr")} [data-control="traffic"] input[type=range]`);
    await slider.focus();
    const steps: { perDay: number; winner: string }[] = [];
    for (let i = 0; i < 100 && !steps.some((s) => s.winner !== r.recommendation); i++) {
      await page.keyboard.press("ArrowRight");
      const state = await shown(page, "invoice-ocr");
      steps.push({ perDay: 10 ** (await slider.inputValue().then(Number)), winner: state.recommendation });
    }
    const first = steps.findIndex((s) => s.winner !== r.recommendation);
    expect(first).toBeGreaterThan(0);
    expect(steps[first]!.winner).toBe(flip.to);
    // flipsAt is rounded to 4 digits: it and the slider's values agree to that.
    expect(steps[first]!.perDay).toBeGreaterThanOrEqual(flip.flipsAt * 0.9995);
    expect(steps[first - 1]!.perDay).toBeLessThan(flip.flipsAt * 1.0005);
    await expectLibraryAgrees(page, "invoice-ocr");
    // A keyboard focus is visible.
    await page.keyboard.press("Tab");
    const outline = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return { style: style.outlineStyle, width: style.outlineWidth };
    });
    expect(outline).toEqual({ style: "solid", width: "3px" });
    expectClean(opened);
    await page.close();
  });

  test("420 px wide: no sideways scrolling of the page; controls, summary and charts fit", async () => {
    const opened = await open("examples/workloads.yaml", { viewport: { width: 420, height: 900 } });
    const { page } = opened;
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
    const s = page.locator(section("llm-platform"));
    for (const part of [
      "[data-control=traffic] input",
      "[data-control=profile] select",
      "p.summary",
      "svg.hf-spider",
    ]) {
      const box = (await s.locator(part).first().boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(420);
    }
    const image = decodePng(await s.locator("svg.hf-spider").screenshot());
    expect(countColor(image, OPTION_STYLE["inference-components"].color)).toBeGreaterThan(150);
    expectClean(opened);
    await page.close();
  });

  test("copy as YAML puts the edited workload on the clipboard; it ranks as the page does", async () => {
    const opened = await open("examples/workloads.yaml", { permissions: ["clipboard-read", "clipboard-write"] });
    const { page } = opened;
    await page.selectOption(`${section("legal-summarizer")} [data-control="precision"] select`, "int4");
    await page.click(`${section("legal-summarizer")} button[data-action="copy"]`);
    await expect
      .poll(() => page.locator(`${section("legal-summarizer")} [role=status]`).textContent())
      .toBe("Copied the edited workload as YAML.");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe((await shown(page, "legal-summarizer")).yaml);
    expect(copied).toMatch(
      /^workloads:\n {2}- name: legal-summarizer\n {4}model:\n {6}parameters: 70B\n {6}precision: int4\n/,
    );
    expect(copied).toContain("      request: 200KB\n");
    await expectLibraryAgrees(page, "legal-summarizer");
    expectClean(opened);
    await page.close();
  });
});
