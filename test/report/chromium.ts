/**
 * Real headless Chromium for the page tests: Debian's /usr/bin/chromium driven by playwright-core (no browser is
 * downloaded), each page opened from file:// with every request and every script error recorded.
 */
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";

/** Debian's Chromium: HOSTFIT_CHROMIUM if set, else /usr/bin/chromium, else the first `chromium` on PATH. */
function findChromium(): string {
  if (process.env.HOSTFIT_CHROMIUM) return process.env.HOSTFIT_CHROMIUM;
  const candidates = [
    "/usr/bin/chromium",
    ...(process.env.PATH ?? "")
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, "chromium")),
  ];
  return candidates.find((path) => existsSync(path)) ?? "/usr/bin/chromium";
}
const CHROMIUM = findChromium();
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Launches the Chromium found.
 * @throws Error saying how to install one when there is none: the tests fail rather than skip.
 */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium), as .ci/run does, or set HOSTFIT_CHROMIUM`,
    );
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
}

/** A page opened from a file, with the requests it made and the script errors it met so far. */
export interface OpenedPage {
  readonly page: Page;
  readonly requests: string[];
  readonly errors: string[];
}

/** How a page is opened: its viewport, the permissions it holds, and whether requests off the machine fail. */
export interface OpenOptions {
  readonly viewport?: { readonly width: number; readonly height: number };
  readonly permissions?: string[];
  /** Abort every request but file: ones (data: URLs never reach the network); each is still recorded. */
  readonly offline?: boolean;
}

/** Opens a file in a new page that records every request and every script error. */
export async function openFile(browser: Browser, file: string, options: OpenOptions = {}): Promise<OpenedPage> {
  const page = await browser.newPage({
    viewport: options.viewport ?? { width: 1200, height: 900 },
    ...(options.permissions ? { permissions: options.permissions } : {}),
  });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  if (options.offline)
    await page.route(/.*/, (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort()));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  return { page, requests, errors };
}

/** Only the page itself, from file:// or loopback; nothing that would leave the machine. */
export function expectLocalOnly(requests: readonly string[]): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const url of requests)
    expect(url).toMatch(/^(file:|data:|about:|https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])[:/])/);
}
