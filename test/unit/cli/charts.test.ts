import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { chartFileStem, openChartFolder, spiderChartFiles, writeCharts } from "../../../src/cli/charts.js";
import { spiderChart } from "../../../src/format/spider-chart.js";
import { HostfitError } from "../../../src/schema/errors.js";
import { OutputSchema, type Output } from "../../../src/schema/output.js";

const output = OutputSchema.parse(
  JSON.parse(readFileSync(new URL("../../fixtures/report/output.json", import.meta.url), "utf8")),
);
const tmp = mkdtempSync(join(tmpdir(), "hostfit-charts-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("chartFileStem", () => {
  test.each([
    ["support-chat", "support-chat"], // already safe
    ["Support Chat v2", "Support-Chat-v2"], // spaces
    ['a/b\\c:d*e?f"g<h>i|j', "a-b-c-d-e-f-g-h-i-j"], // path separators and Windows-reserved characters
    ["../../etc/passwd", "etc-passwd"], // no way out of the folder
    [".hidden", "hidden"], // no hidden files
    ["café crème", "cafe-creme"], // accents dropped, not mangled
    ["模型", "workload"], // nothing left: a generic stem
    ["CON", "CON_"], // a Windows device name
    ["con.txt", "con_.txt"], // issue 19: Windows reserves device names whatever follows the first dot
    ["x".repeat(300), "x".repeat(80)], // bounded length
    [`<b>tenants</b> & "Acme's" models`, "b-tenants-b-Acme-s-models"], // markup and quotes
  ])("%j -> %j", (name, stem) => {
    expect(chartFileStem(name, new Set())).toBe(stem);
  });

  test("unique, case-insensitively, in order of appearance", () => {
    const taken = new Set<string>();
    expect(["a b", "a/b", "A-B", "a-b-2", "a b"].map((n) => chartFileStem(n, taken))).toEqual([
      "a-b",
      "a-b-2",
      "A-B-3",
      "a-b-2-2",
      "a-b-4",
    ]);
  });
});

describe("writeCharts", () => {
  test("writes each ranked workload's spider chart into a folder it creates; invalid workloads have none", () => {
    const dir = join(tmp, "nested", "charts");
    const written = writeCharts(output, openChartFolder(dir));
    const ranked = output.results.filter((r) => r.ok);
    expect(written).toEqual(spiderChartFiles(output).map((c) => join(dir, c.file)));
    expect(readdirSync(dir).sort()).toEqual([
      "b-tenants-b-Acme-s-models.svg",
      "fraud-scoring.svg",
      "invoice-ocr.svg",
      "too-big-to-host.svg",
    ]);
    expect(written).toHaveLength(ranked.length);
    for (const r of ranked) {
      if (!r.ok) continue;
      const file = spiderChartFiles(output).find((c) => c.workload === r.workload)!.file;
      expect(readFileSync(join(dir, file), "utf8")).toBe(spiderChart(r));
    }
  });

  test("workloads whose names collide get distinct files", () => {
    const r = output.results.find((x) => x.workload === "invoice-ocr")!;
    const twins: Output = {
      ...output,
      results: [r, { ...r, workload: "invoice ocr" }, { ...r, workload: "INVOICE-OCR" }],
    };
    expect(spiderChartFiles(twins).map((c) => c.file)).toEqual([
      "invoice-ocr.svg",
      "invoice-ocr-2.svg",
      "INVOICE-OCR-3.svg",
    ]);
  });

  test("a file in the way of the folder: an unwritable HostfitError naming the folder", () => {
    const blocker = join(tmp, "blocker");
    writeFileSync(blocker, "");
    let caught: unknown;
    try {
      openChartFolder(join(blocker, "charts"));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HostfitError);
    expect((caught as HostfitError).code).toBe("unwritable");
    expect((caught as HostfitError).issues[0]!.message).toBe(
      `cannot write charts to ${join(blocker, "charts")}: a file is in the way of that folder`,
    );
  });

  test("issue 19: a symbolic link already in the folder is replaced, and the file it points to left alone", () => {
    const dir = openChartFolder(join(tmp, "linked"));
    const target = join(tmp, "precious.txt");
    writeFileSync(target, "keep me");
    symlinkSync(target, join(dir, "fraud-scoring.svg"));
    writeCharts(output, dir);
    expect(readFileSync(target, "utf8")).toBe("keep me");
    expect(lstatSync(join(dir, "fraud-scoring.svg")).isSymbolicLink()).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith("-tmp"))).toEqual([]);
  });

  test("issue 19: a folder that cannot be made fails at once (Node's recursive mkdir spins forever under /proc)", () => {
    expect(() => openChartFolder("/proc/hostfit-no-such/charts")).toThrow(HostfitError);
  });
});
