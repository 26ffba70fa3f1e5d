/**
 * The HTML report in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core; no browser
 * is downloaded): the page from the real CLI and a fleet page, loaded from file://, checked for visible charts,
 * for requests that leave the machine, for markup injected through names, and for pixels actually drawn.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { formatHtml } from "../../src/format/html.js";
import { OPTION_STYLE } from "../../src/format/svg.js";
import { OutputSchema, type Output } from "../../src/schema/output.js";
import { FleetPlanSchema } from "../../src/schema/plan.js";
import { countColor, countColors, decodePng, inkShare } from "./png.js";
import { expectLocalOnly, launchChromium, openFile } from "./chromium.js";
import { ROOT, spawnCli } from "../cli/run-cli.js";

const PAGE_BACKGROUNDS = ["#f6f8fa", "#ffffff"];
const NASTY = `<b>tenants</b> & "Acme's" models`;

const tmp = mkdtempSync(join(tmpdir(), "hostfit-browser-"));
let browser: Browser;
let scenarios: Output;

const open = (file: string) => openFile(browser, file);

beforeAll(async () => {
  const [html, json, launched] = await Promise.all([
    spawnCli([
      "recommend",
      "examples/scenarios.yaml",
      "--format",
      "html",
      "--out",
      join(tmp, "report.html"),
      "--charts",
      join(tmp, "charts"),
    ]),
    spawnCli(["recommend", "examples/scenarios.yaml", "--no-what-if"]),
    launchChromium(),
  ]);
  browser = launched;
  expect({ status: html.status, stderr: html.stderr }).toEqual({ status: 1, stderr: "" });
  scenarios = OutputSchema.parse(JSON.parse(json.stdout));
  const fixture = (name: string) => JSON.parse(readFileSync(join(ROOT, "test/fixtures/report", name), "utf8"));
  writeFileSync(
    join(tmp, "fleet.html"),
    formatHtml(OutputSchema.parse(fixture("output.json")), FleetPlanSchema.parse(fixture("plan.json"))),
  );
  writeFileSync(join(tmp, "blank.html"), "<!doctype html><html><body></body></html>");
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("the HTML report in headless Chromium", () => {
  test("the CLI's report: a visible spider chart per workload with a feasible option, cost curves, only local requests", async () => {
    const { page, requests, errors } = await open(join(tmp, "report.html"));
    const feasible = scenarios.results.filter((r) => r.ok && r.ranking.some((o) => o.feasible));
    expect(feasible.length).toBe(7);
    const spiders = page.locator("svg.hf-spider");
    expect(await spiders.count()).toBe(feasible.length);
    // The cost curve always includes the workload's own volume, so every workload with a feasible option has one.
    const curves = page.locator("svg.hf-cost-curve");
    expect(await curves.count()).toBe(feasible.length);
    for (const charts of [spiders, curves]) {
      for (let i = 0; i < (await charts.count()); i++) {
        const chart = charts.nth(i);
        expect(await chart.isVisible()).toBe(true);
        const box = await chart.boundingBox();
        expect(box!.width).toBeGreaterThan(300);
        expect(box!.height).toBeGreaterThan(200);
      }
    }
    expect(await page.locator("section.workload").count()).toBe(scenarios.results.length);
    expect(await page.locator("section.workload h2").allTextContents()).toEqual(
      scenarios.results.map(
        (r) => `${r.workload} ${r.ok && r.recommendation ? r.recommendation : "no feasible option"}`,
      ),
    );
    expect(errors).toEqual([]);
    expectLocalOnly(requests);
    await page.close();
  });

  test("every spider chart draws its best option's colour; the full page has ink and every charted colour", async () => {
    const { page } = await open(join(tmp, "report.html"));
    const spiders = page.locator("svg.hf-spider");
    for (let i = 0; i < (await spiders.count()); i++) {
      const chart = spiders.nth(i);
      const best = (await chart
        .locator('g.hf-option[data-rank="1"]')
        .getAttribute("data-option")) as keyof typeof OPTION_STYLE;
      const image = decodePng(await chart.screenshot());
      expect(countColor(image, OPTION_STYLE[best].color)).toBeGreaterThan(150);
    }
    const full = decodePng(await page.screenshot({ fullPage: true }));
    expect(full.height).toBeGreaterThan(5_000);
    expect(inkShare(full, PAGE_BACKGROUNDS)).toBeGreaterThan(0.03);
    const charted = [
      ...new Set(
        scenarios.results.flatMap((r) =>
          r.ok
            ? r.ranking
                .filter((o) => o.feasible)
                .slice(0, 3)
                .map((o) => o.option)
            : [],
        ),
      ),
    ];
    expect(charted.length).toBeGreaterThan(3);
    for (const count of countColors(
      full,
      charted.map((o) => OPTION_STYLE[o].color),
    ))
      expect(count).toBeGreaterThan(300);
    await page.close();
  });

  test("control: the same pixel checks fail on a blank page", async () => {
    const { page } = await open(join(tmp, "blank.html"));
    const blank = decodePng(await page.screenshot({ fullPage: true }));
    expect(inkShare(blank, PAGE_BACKGROUNDS)).toBe(0);
    expect(
      countColors(
        blank,
        Object.values(OPTION_STYLE).map((s) => s.color),
      ),
    ).toEqual([0, 0, 0, 0, 0, 0]);
    await page.close();
  });

  test("a --charts SVG file renders on its own", async () => {
    const { page, requests, errors } = await open(join(tmp, "charts", "llm-platform.svg"));
    const image = decodePng(await page.screenshot());
    expect(countColor(image, OPTION_STYLE["inference-components"].color)).toBeGreaterThan(150);
    expect(await page.locator("svg text", { hasText: "Scalability" }).count()).toBe(1);
    expect(errors).toEqual([]);
    expectLocalOnly(requests);
    await page.close();
  });

  test("the fleet page: a row per endpoint, totals, unplaced workloads; names shown as text, never as markup", async () => {
    const { page, requests, errors } = await open(join(tmp, "fleet.html"));
    const plan = FleetPlanSchema.parse(JSON.parse(readFileSync(join(ROOT, "test/fixtures/report/plan.json"), "utf8")));
    const fleet = page.locator("section#fleet");
    expect(await fleet.isVisible()).toBe(true);
    expect(await fleet.locator("table.endpoints tbody tr").count()).toBe(plan.endpoints.length);
    expect(await fleet.locator("table.endpoints tbody tr td:first-child").allTextContents()).toEqual(
      plan.endpoints.map((e) => e.id),
    );
    expect(await fleet.locator("table.endpoints tbody tr").first().locator("td").nth(3).textContent()).toBe(
      `${NASTY}, invoice-ocr (801 models)`,
    );
    expect(await fleet.locator("dl.totals dd").allTextContents()).toEqual([
      "$10,470",
      "$75,160",
      "$10,500",
      "86.1%",
      "$9,980",
    ]);
    expect(await fleet.locator("ul.unplaced li").count()).toBe(plan.unplaced.length);
    // The name arrives as text: no <b> element was created from it anywhere on the page.
    expect(await page.locator("b").count()).toBe(0);
    expect(await page.locator("section.workload h2").nth(1).textContent()).toBe(`${NASTY} multi-model`);
    expect(await page.locator("svg.hf-spider").count()).toBe(3);
    const image = decodePng(await fleet.screenshot());
    expect(inkShare(image, PAGE_BACKGROUNDS)).toBeGreaterThan(0.02);
    expect(errors).toEqual([]);
    expectLocalOnly(requests);
    await page.close();
  });
});
