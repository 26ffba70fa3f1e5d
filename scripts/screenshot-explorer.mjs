#!/usr/bin/env node
/**
 * Maintainer tooling: the README's picture of the explorer page, docs/explorer.png. Builds the page of
 * examples/workloads.yaml with the built CLI (run `npm run build` first), opens it in Debian's Chromium (as the
 * browser tests do; HOSTFIT_CHROMIUM overrides), moves llm-platform's traffic slider below its flip point so the
 * ranking shows a change, and shoots the top 780 px of that workload's section at 1280 px wide.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const root = new URL("..", import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), "hostfit-shot-"));
const page = join(tmp, "explore.html");
try {
  execFileSync(process.execPath, ["dist/cli/main.js", "explore", "examples/workloads.yaml", "--out", page], {
    cwd: root,
  });
  const browser = await chromium.launch({
    executablePath: process.env.HOSTFIT_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  const tab = await browser.newPage({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
  await tab.route(/.*/, (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort()));
  await tab.goto(pathToFileURL(page).href);
  const section = tab.locator('section.workload[data-workload="llm-platform"]');
  const slider = section.locator('[data-control="traffic"] input[type=range]');
  await slider.evaluate((input) => {
    input.value = String(Number(input.value) - 0.4);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  const top = await section.evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
  const box = await section.boundingBox();
  await tab.screenshot({
    path: join(root, "docs/explorer.png"),
    fullPage: true,
    clip: { x: box.x, y: top, width: box.width, height: Math.min(box.height, 780) },
  });
  await browser.close();
  console.error("wrote docs/explorer.png");
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
