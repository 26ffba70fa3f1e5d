import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { COST_CURVE_GEOMETRY as G, compactNumber, costCurveChart } from "../../../src/format/cost-curve-chart.js";
import { OutputSchema, type CostCurve } from "../../../src/schema/output.js";
import { coordinates, xmlProblems } from "./xml.js";

const output = OutputSchema.parse(
  JSON.parse(readFileSync(new URL("../../fixtures/report/output.json", import.meta.url), "utf8")),
);

function fixtureCurve(name: string): CostCurve {
  const r = output.results.find((x) => x.workload === name);
  if (!r?.ok || !r.costCurve) throw new Error(`no cost curve for ${name} in the fixture`);
  return r.costCurve;
}

/** The path of one option's line, as a list of subpaths of [x, y] points (one per unbroken stretch). */
function subpaths(svg: string, option: string): [number, number][][] {
  const group = new RegExp(`<g class="hf-option" data-option="${option}">[\\s\\S]*?</g>`).exec(svg)?.[0] ?? "";
  const d = /<path class="hf-series" d="([^"]*)"/.exec(group)?.[1];
  if (d === undefined) return [];
  return d
    .split("M")
    .filter(Boolean)
    .map((sub) =>
      [...sub.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as [number, number]),
    );
}

function dots(svg: string, option: string): number {
  const group = new RegExp(`<g class="hf-option" data-option="${option}">[\\s\\S]*?</g>`).exec(svg)?.[0] ?? "";
  return (group.match(/<circle /g) ?? []).length;
}

const SIMPLE: CostCurve = {
  requestsPerDay: [10, 100, 1000, 10000],
  series: [
    { option: "serverless", monthlyCostUsd: [1, 10, 100, 1000] },
    { option: "single-model", monthlyCostUsd: [500, 500, 500, 500] },
  ],
};

describe("costCurveChart", () => {
  test("one line per option with a dot per sample, a legend entry each, well-formed", () => {
    const curve = fixtureCurve("invoice-ocr");
    const svg = costCurveChart(curve);
    expect(svg.match(/<path class="hf-series"/g)).toHaveLength(curve.series.length);
    for (const s of curve.series) expect(dots(svg, s.option)).toBe(s.monthlyCostUsd.filter((c) => c !== null).length);
    expect(svg.match(/class="hf-legend-item"/g)).toHaveLength(curve.series.length);
    expect(xmlProblems(svg)).toEqual([]);
  });

  test("both axes are logarithmic: a tenfold step is the same distance anywhere", () => {
    const svg = costCurveChart(SIMPLE);
    const [line] = subpaths(svg, "serverless");
    expect(line).toHaveLength(4);
    const dx = line!.slice(1).map(([x], i) => x - line![i]![0]);
    const dy = line!.slice(1).map(([, y], i) => y - line![i]![1]);
    for (const d of dx) expect(d).toBeCloseTo(dx[0]!, 1);
    for (const d of dy) expect(d).toBeCloseTo(dy[0]!, 1);
    expect(dx[0]).toBeGreaterThan(0);
    expect(dy[0]).toBeLessThan(0); // dearer is higher up
    // The flat line is flat.
    const [flat] = subpaths(svg, "single-model");
    expect(new Set(flat!.map(([, y]) => y)).size).toBe(1);
  });

  test("readable tick labels: powers of ten with K/M suffixes and dollars on the cost axis", () => {
    const svg = costCurveChart(SIMPLE);
    const xTicks = [...svg.matchAll(/class="hf-x-tick"[^>]*>([^<]*)</g)].map((m) => m[1]);
    const yTicks = [...svg.matchAll(/class="hf-y-tick"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(xTicks).toEqual(["10", "100", "1K", "10K"]);
    expect(yTicks).toEqual(["$1", "$10", "$100", "$1K"]);
    // Short ranges get 2x and 5x ticks; very long ones skip decades.
    const short = costCurveChart({
      requestsPerDay: [120, 900],
      series: [{ option: "async", monthlyCostUsd: [30, 40] }],
    });
    expect([...short.matchAll(/class="hf-x-tick"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual([
      "100",
      "200",
      "500",
      "1K",
    ]);
    expect([...short.matchAll(/class="hf-y-tick"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual([
      "$10",
      "$20",
      "$50",
      "$100",
    ]);
    const long = costCurveChart({
      requestsPerDay: [0.18, 1.8e5],
      series: [{ option: "serverless", monthlyCostUsd: [0.0008, 805] }],
    });
    expect([...long.matchAll(/class="hf-y-tick"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual([
      "$0.0001",
      "$0.01",
      "$1",
      "$100",
    ]);
  });

  test.each([
    [1, "1"],
    [0.01, "0.01"],
    [500, "500"],
    [1000, "1K"],
    [21_600, "21.6K"],
    [2e6, "2M"],
    [6.83e9, "6.83B"],
    [1e12, "1T"],
  ])("compactNumber(%d) is %s", (n, text) => {
    expect(compactNumber(n)).toBe(text);
  });

  test("a null inside a series breaks the line into two; nulls at the end just end it early", () => {
    const curve = fixtureCurve("invoice-ocr");
    const svg = costCurveChart(curve);
    const mme = curve.series.find((s) => s.option === "multi-model")!.monthlyCostUsd;
    expect(mme[5]).toBeNull(); // the hand-made gap in the fixture
    expect(subpaths(svg, "multi-model").map((p) => p.length)).toEqual([5, 7]);
    expect(subpaths(svg, "serverless").map((p) => p.length)).toEqual([11]);
    expect(subpaths(svg, "async").map((p) => p.length)).toEqual([13]);
  });

  test("a series infeasible at every volume: no line, still in the legend, said so in the label", () => {
    const svg = costCurveChart({
      requestsPerDay: [10, 100],
      series: [
        { option: "async", monthlyCostUsd: [5, 6] },
        { option: "serverless", monthlyCostUsd: [null, null] },
      ],
    });
    expect(subpaths(svg, "serverless")).toEqual([]);
    expect(dots(svg, "serverless")).toBe(0);
    expect(svg).toContain(">serverless</text>");
    expect(svg).toContain("serverless infeasible throughout");
  });

  test("zero or negative costs and volumes cannot sit on a log axis and are left out like nulls", () => {
    const svg = costCurveChart({
      requestsPerDay: [0, 10, 100, 1000],
      series: [{ option: "async", monthlyCostUsd: [1, 0, 5, -2] }],
    });
    expect(subpaths(svg, "async").map((p) => p.length)).toEqual([1]);
    expect(xmlProblems(svg)).toEqual([]);
  });

  test("the workload's own volume is marked when given and in range, and only then", () => {
    const curve = fixtureCurve("invoice-ocr");
    const at = curve.requestsPerDay[6]!;
    const svg = costCurveChart(curve, { requestsPerDay: at });
    const marker = /<g class="hf-marker" data-requests-per-day="([\d.]+)"><line x1="([\d.]+)"/.exec(svg);
    expect(Number(marker?.[1])).toBe(at);
    // The marker sits exactly on that sample's dots.
    expect(subpaths(svg, "async")[0]![6]![0]).toBe(Number(marker?.[2]));
    expect(svg).toContain("this workload: 180/day");
    expect(svg).toContain("the workload&#39;s own volume is 180 requests/day");
    expect(costCurveChart(curve)).not.toContain("hf-marker");
    expect(costCurveChart(curve, { requestsPerDay: 1e12 })).not.toContain("hf-marker");
    expect(costCurveChart(curve, { requestsPerDay: 0 })).not.toContain("hf-marker");
  });

  test("every coordinate lies inside the viewBox, the lines inside the plot area", () => {
    for (const [name, curve] of [
      ["invoice-ocr", fixtureCurve("invoice-ocr")],
      ["simple", SIMPLE],
    ] as const) {
      const svg = costCurveChart(curve, { requestsPerDay: curve.requestsPerDay[1]!, title: name });
      expect(svg).toContain(`viewBox="0 0 ${G.width} ${G.height}"`);
      const { xs, ys } = coordinates(svg);
      expect(Math.min(...xs, ...ys)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...xs)).toBeLessThanOrEqual(G.width);
      expect(Math.max(...ys)).toBeLessThanOrEqual(G.height);
      for (const s of curve.series) {
        for (const [x, y] of subpaths(svg, s.option).flat()) {
          expect(x).toBeGreaterThanOrEqual(G.left);
          expect(x).toBeLessThanOrEqual(G.right);
          expect(y).toBeGreaterThanOrEqual(G.top);
          expect(y).toBeLessThanOrEqual(G.bottom);
        }
      }
    }
  });

  test("empty curves: no volumes, no series, or only nulls draw an empty frame with a note", () => {
    for (const curve of [
      { requestsPerDay: [], series: [] },
      { requestsPerDay: [1, 10], series: [] },
      { requestsPerDay: [1, 10], series: [{ option: "async", monthlyCostUsd: [null, null] }] },
    ] satisfies CostCurve[]) {
      const svg = costCurveChart(curve);
      expect(svg).toContain("No cost data to chart");
      expect(svg).not.toContain('class="hf-series"');
      expect(svg).toContain(": no cost data");
      expect(xmlProblems(svg)).toEqual([]);
    }
  });

  test("a single volume still gives a readable one-decade axis and a dot", () => {
    const svg = costCurveChart({ requestsPerDay: [100], series: [{ option: "single-model", monthlyCostUsd: [100] }] });
    expect(dots(svg, "single-model")).toBe(1);
    expect([...svg.matchAll(/class="hf-x-tick"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(["100", "200", "500", "1K"]);
  });

  test("the title is escaped and the chart is accessible", () => {
    const svg = costCurveChart(SIMPLE, { title: `<b>"A&B's"</b>` });
    expect(svg).not.toContain("<b>");
    expect(svg).toContain("&lt;b&gt;&quot;A&amp;B&#39;s&quot;&lt;/b&gt;");
    expect(svg).toMatch(
      /^<svg [^>]*role="img" aria-label="Monthly cost \(USD, log scale\) against requests per day \(log scale\) for &lt;b&gt;/,
    );
    expect(svg).toContain("<title>Monthly cost (USD, log scale) against requests per day (log scale) for ");
    expect(svg).toContain("serverless $1 to $1K; single-model $500 to $500");
    expect(xmlProblems(svg)).toEqual([]);
  });

  test("deterministic: byte-identical for the same curve and for a copy", () => {
    const curve = fixtureCurve("invoice-ocr");
    expect(costCurveChart(curve, { requestsPerDay: 180 })).toBe(
      costCurveChart(structuredClone(curve), { requestsPerDay: 180 }),
    );
  });

  test("golden: the fixture's invoice-ocr curve", async () => {
    await expect(
      costCurveChart(fixtureCurve("invoice-ocr"), { requestsPerDay: 180, title: "invoice-ocr" }),
    ).toMatchFileSnapshot("../../golden/report/invoice-ocr.cost-curve.svg");
  });
});
