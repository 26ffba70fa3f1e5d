/**
 * Issue 19, data loss: what the CLI leaves on disk when it writes --out, --charts and a catalog import: an input is
 * never overwritten, a file is replaced whole or not at all (a killed run included), a path that cannot be written
 * fails before the work, and an import writes every catalog file or none.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { stringify } from "yaml";
import { mixedFleet } from "../../bench/fleet.js";
import { SMALL_W } from "../property/helpers.js";
import { ROOT, spawnCli as hostfit } from "./run-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "hostfit-issue19-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const W = SMALL_W;
const OFFER = join(ROOT, "test/fixtures/pricing/AmazonSageMaker-small.json");

describe("--out that is an input", () => {
  test("recommend in.ndjson --format ndjson --out in.ndjson is refused and the input kept", async () => {
    const input = join(tmp, "in.ndjson");
    writeFileSync(input, `${JSON.stringify(W)}\n`);
    const run = await hostfit(["recommend", input, "--format", "ndjson", "--out", input]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`✖ --out ${input} is ${input}, which this command reads`);
    expect(readFileSync(input, "utf8")).toBe(`${JSON.stringify(W)}\n`);
  });

  test("an --out that is a rules file is refused, whatever the path it is named by", async () => {
    const rules = join(tmp, "rules");
    cpSync(join(ROOT, "rules"), rules, { recursive: true });
    const before = readFileSync(join(rules, "fitness.yaml"), "utf8");
    const input = join(tmp, "w.json");
    writeFileSync(input, JSON.stringify({ workloads: [W] }));
    const run = await hostfit(["recommend", input, "--rules", rules, "--out", `${rules}/../rules/fitness.yaml`]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("which this command reads");
    expect(readFileSync(join(rules, "fitness.yaml"), "utf8")).toBe(before);
  });
});

describe("--out is replaced whole or not at all", () => {
  test("a run killed mid-write leaves the previous report as it was; the next run replaces it", async () => {
    const input = join(tmp, "fleet.yaml");
    writeFileSync(input, stringify({ workloads: mixedFleet(20_000, 42) }));
    const out = join(tmp, "report.json");
    writeFileSync(out, "the previous report\n");
    const temp = join(tmp, ".report.json.hostfit-tmp");
    const child = spawn(process.execPath, ["dist/cli/main.js", "recommend", input, "--out", out], { cwd: ROOT });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("close", (_, signal) => resolve(signal)));
    // Killed once results are being written: the temporary file has grown.
    for (let i = 0; i < 6000 && !(existsSync(temp) && readFileSync(temp).length > 100_000); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(readFileSync(temp).length).toBeGreaterThan(100_000);
    child.kill("SIGTERM");
    expect(await exited).toBe("SIGTERM");
    expect(readFileSync(out, "utf8")).toBe("the previous report\n");

    const small = join(tmp, "small.json");
    writeFileSync(small, JSON.stringify({ workloads: [W] }));
    const run = await hostfit(["recommend", small, "--out", out]);
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8"))).toMatchObject({ summary: { workloads: 1, ok: 1 } });
    expect(existsSync(temp)).toBe(false);
  }, 120_000);

  test("a run that fails on its output keeps the previous report and leaves no temporary file", async () => {
    const input = join(tmp, "one.json");
    writeFileSync(input, JSON.stringify({ workloads: [W] }));
    const out = join(tmp, "kept.html");
    writeFileSync(out, "previous");
    // A file where the charts folder should be fails the run after --out was opened.
    const blocker = join(tmp, "blocker");
    writeFileSync(blocker, "");
    const run = await hostfit(["recommend", input, "--format", "html", "--out", out, "--charts", join(blocker, "c")]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("cannot write charts to");
    expect(readFileSync(out, "utf8")).toBe("previous");
    expect(readdirSync(tmp).filter((f) => f.endsWith("hostfit-tmp"))).toEqual([]);
  });
});

describe("an output that cannot be written fails before the work", () => {
  test.each([
    ["recommend html", ["recommend", "--format", "html"]],
    ["recommend markdown", ["recommend", "--format", "markdown"]],
    ["plan", ["plan"]],
  ])("%s with --out in a missing folder: exit 2 and no charts written", async (_, command) => {
    const input = join(tmp, "one.json");
    writeFileSync(input, JSON.stringify({ workloads: [W] }));
    const charts = join(tmp, `charts-${command.join("-")}`);
    const extra = command[0] === "recommend" ? ["--charts", charts] : [];
    const run = await hostfit([...command, input, "--out", join(tmp, "no-such-folder", "out"), ...extra]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("its folder does not exist");
    expect(existsSync(charts)).toBe(false);
  });

  test("--charts where no folder can be made ends at once with exit 2", async () => {
    const input = join(tmp, "one.json");
    writeFileSync(input, JSON.stringify({ workloads: [W] }));
    const run = await hostfit(["recommend", input, "--format", "html", "--charts", "/proc/hostfit-new/charts"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("cannot write charts to /proc/hostfit-new/charts");
  });
});

describe("catalog import writes every file or none, from values it has checked", () => {
  const catalogCopy = (name: string): string => {
    const dir = join(tmp, name);
    mkdirSync(dir);
    for (const f of ["catalog.yaml", "devices.yaml", "instances.yaml"]) cpSync(join(ROOT, "catalog", f), join(dir, f));
    return dir;
  };
  const texts = (dir: string) => ["catalog.yaml", "instances.yaml"].map((f) => readFileSync(join(dir, f), "utf8"));

  test("catalog.yaml that cannot be written: instances.yaml is left as it was too", async () => {
    const dir = catalogCopy("blocked");
    const before = texts(dir);
    mkdirSync(join(dir, ".catalog.yaml.hostfit-tmp")); // nothing can be written in its place
    const run = await hostfit(["catalog", "import", "--pricing", OFFER, "--catalog", dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`cannot write ${join(dir, "catalog.yaml")}`);
    expect(texts(dir)).toEqual(before);
    expect(existsSync(join(dir, ".instances.yaml.hostfit-tmp"))).toBe(false);
  });

  const offerWith = (edit: (offer: Record<string, unknown>) => void): string => {
    const offer = JSON.parse(readFileSync(OFFER, "utf8")) as Record<string, unknown>;
    edit(offer);
    const file = join(tmp, `offer-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(offer));
    return file;
  };
  // Every USD price of the offer file's on-demand terms set to `usd`.
  const priced = (usd: string) =>
    offerWith((offer) => {
      const terms = (offer.terms as { OnDemand: Record<string, Record<string, { priceDimensions: object }>> }).OnDemand;
      for (const sku of Object.values(terms))
        for (const term of Object.values(sku))
          for (const d of Object.values(term.priceDimensions) as { pricePerUnit: { USD: string } }[])
            d.pricePerUnit.USD = usd;
    });

  test.each([
    ["0x10", "a hex price (Number() reads $16)"],
    ["1e308", "an exponent past any price"],
    ["5e-324", "the smallest double"],
    ["2000.00", "a decimal past the catalog's range"],
  ])("an offer price of %s (%s) is refused and nothing written", async (usd) => {
    const dir = catalogCopy(`price-${usd}`);
    const before = texts(dir);
    const run = await hostfit(["catalog", "import", "--pricing", priced(usd), "--catalog", dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("not a decimal price between 0.001 and 1000");
    expect(texts(dir)).toEqual(before);
  });

  test.each([
    ["publicationDate", "9999-99-99T", "a real calendar date"],
    ["publicationDate", "2999-01-01T00:00:00Z", "after today"],
    ["version", "2026\n1120", "one line of at most 64 printable characters"],
  ])("an offer %s of %j is refused with a clear issue and nothing written", async (field, value, message) => {
    const dir = catalogCopy(`field-${field}-${value.length}`);
    const before = texts(dir);
    const run = await hostfit([
      "catalog",
      "import",
      "--pricing",
      offerWith((o) => (o[field] = value)),
      "--catalog",
      dir,
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain("internal error");
    expect(texts(dir)).toEqual(before);
  });
});

describe("issue 19: bounded input", () => {
  test("recommend /dev/zero is refused once past the input limit, not read until memory runs out", async () => {
    const run = await hostfit(["recommend", "/dev/zero"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "✖ /dev/zero holds more than 256 MB, the most a workload file may\n  → at /dev/zero\n" +
        "  hint: split it, stream it as JSON Lines with --format ndjson, or raise HOSTFIT_MAX_INPUT_MB\n",
    );
  });

  test("HOSTFIT_MAX_INPUT_MB sets the limit, for a file and for standard input", async () => {
    const file = join(tmp, "two-mb.yaml");
    const text = `# ${"x".repeat(2_000_000)}\nworkloads:\n  - { name: a, model: { parameters: 5M }, payload: 4KB, latency: 300ms, isolation: shared, traffic: { pattern: steady, peakRps: 3 } }\n`;
    writeFileSync(file, text);
    process.env.HOSTFIT_MAX_INPUT_MB = "1";
    try {
      const [fromFile, fromStdin] = await Promise.all([hostfit(["validate", file]), hostfit(["validate", "-"], text)]);
      expect([fromFile.status, fromStdin.status]).toEqual([2, 2]);
      expect(fromFile.stderr).toContain(`✖ ${file} holds more than 1 MB`);
      expect(fromStdin.stderr).toContain("✖ <stdin> holds more than 1 MB");
    } finally {
      delete process.env.HOSTFIT_MAX_INPUT_MB;
    }
    expect((await hostfit(["validate", file])).status).toBe(0);
  });
});
