import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { OPTION_IDS, type OptionId } from "../../../src/schema/ids.js";
import { OutputSchema, type FitnessScores, type RankedOption, type RankedResult } from "../../../src/schema/output.js";
import { SPIDER_GEOMETRY as G, spiderChart } from "../../../src/format/spider-chart.js";
import { coordinates, xmlProblems } from "./xml.js";

const output = OutputSchema.parse(
  JSON.parse(readFileSync(new URL("../../fixtures/report/output.json", import.meta.url), "utf8")),
);

function fixtureResult(name: string): RankedResult {
  const r = output.results.find((x) => x.workload === name);
  if (!r?.ok) throw new Error(`no ranked ${name} in the fixture`);
  return r;
}

function option(id: OptionId, rank: number | null, fitness?: FitnessScores): RankedOption {
  return {
    option: id,
    rank,
    feasible: fitness !== undefined,
    score: fitness ? Object.values(fitness).reduce((a, b) => a + b, 0) / 5 : null,
    ...(fitness ? { fitness } : {}),
    tradeoffs: [],
    violations: fitness ? [] : [{ rule: "r", limit: 1, actual: 2, unit: "GiB", message: "too big" }],
  };
}

/** A ranked result whose feasible options have the given scores, best first; the rest infeasible. */
function result(workload: string, scores: readonly FitnessScores[]): RankedResult {
  const ranking = OPTION_IDS.map((id, i) => option(id, i < scores.length ? i + 1 : null, scores[i]));
  return {
    workload,
    ok: true,
    recommendation: ranking[0]!.feasible ? ranking[0]!.option : null,
    summary: "s",
    sensitivity: [],
    ranking,
  };
}

const ALL = (v: number): FitnessScores => ({ modelSize: v, latency: v, isolation: v, cost: v, scalability: v });

function polygons(svg: string, cls: string): [number, number][][] {
  return [...svg.matchAll(new RegExp(`<polygon class="${cls}"[^>]* points="([^"]*)"`, "g"))].map(([, pts]) =>
    pts!.split(" ").map((p) => p.split(",").map(Number) as [number, number]),
  );
}

describe("spiderChart", () => {
  test("the top 3 feasible options: one 5-point polygon each, 4 rings, 5 spokes, 5 axis labels, a 3-entry legend", () => {
    const svg = spiderChart(fixtureResult("invoice-ocr"));
    const series = polygons(svg, "hf-series");
    expect(series).toHaveLength(3);
    for (const points of series) expect(points).toHaveLength(5);
    expect(polygons(svg, "hf-ring")).toHaveLength(4);
    expect([...svg.matchAll(/data-level="([\d.]+)"/g)].map((m) => Number(m[1]))).toEqual([0.25, 0.5, 0.75, 1]);
    expect(svg.match(/class="hf-spoke"/g)).toHaveLength(5);
    for (const label of ["Model size", "Latency", "Isolation", "Cost", "Scalability"])
      expect(svg).toContain(`>${label}</text>`);
    expect(svg.match(/class="hf-legend-item"/g)).toHaveLength(3);
    expect(xmlProblems(svg)).toEqual([]);
  });

  test("the legend lists options best first; the best polygon is drawn last, on top", () => {
    const r = fixtureResult("invoice-ocr");
    const svg = spiderChart(r);
    const top3 = r.ranking
      .filter((o) => o.feasible)
      .slice(0, 3)
      .map((o) => o.option);
    const legend = [...svg.matchAll(/<text[^>]*>(\d)\. ([a-z-]+) · score/g)].map((m) => `${m[1]}. ${m[2]}`);
    expect(legend).toEqual(top3.map((o, i) => `${i + 1}. ${o}`));
    const drawn = [...svg.matchAll(/<g class="hf-option" data-option="([a-z-]+)"/g)].map((m) => m[1]);
    expect(drawn).toEqual([...top3].reverse());
  });

  test("a score of 1 lands on the outer ring's corner, 0 on the centre, 0.5 on the middle ring", () => {
    const svg = spiderChart(result("w", [{ modelSize: 1, latency: 0, isolation: 1, cost: 0.5, scalability: 0 }]));
    const [points] = polygons(svg, "hf-series");
    const outer = polygons(svg, "hf-ring")[3]!;
    const middle = polygons(svg, "hf-ring")[1]!;
    expect(points![0]).toEqual(outer[0]);
    expect(points![2]).toEqual(outer[2]);
    expect(points![3]).toEqual(middle[3]);
    expect(points![1]).toEqual([G.cx, G.cy]);
    expect(points![4]).toEqual([G.cx, G.cy]);
    // The outer ring is at the chart's radius, and model size points straight up.
    expect(outer[0]).toEqual([G.cx, G.cy - G.radius]);
    for (const [x, y] of outer) expect(Math.hypot(x - G.cx, y - G.cy)).toBeCloseTo(G.radius, 1);
  });

  test("every coordinate lies inside the viewBox, for all-ones and all-zeros alike", () => {
    for (const svg of [
      spiderChart(result("w", [ALL(1), ALL(0), ALL(0.5)])),
      spiderChart(fixtureResult("invoice-ocr")),
    ]) {
      expect(svg).toContain(`viewBox="0 0 ${G.width} ${G.height}"`);
      const { xs, ys } = coordinates(svg);
      expect(xs.length).toBeGreaterThan(30);
      expect(Math.min(...xs, ...ys)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...xs)).toBeLessThanOrEqual(G.width);
      expect(Math.max(...ys)).toBeLessThanOrEqual(G.height);
    }
  });

  test("no feasible option: the grid and a note, no polygon, an honest label", () => {
    const svg = spiderChart(fixtureResult("too-big-to-host"));
    expect(polygons(svg, "hf-series")).toEqual([]);
    expect(polygons(svg, "hf-ring")).toHaveLength(4);
    expect(svg).toContain("No feasible option to chart");
    expect(svg).toContain('aria-label="Fitness scores for too-big-to-host: no feasible option"');
    expect(xmlProblems(svg)).toEqual([]);
  });

  test("one feasible option: one polygon, one legend entry, labelled as the top option", () => {
    const svg = spiderChart(result("solo", [ALL(0.8)]));
    expect(polygons(svg, "hf-series")).toHaveLength(1);
    expect(svg.match(/class="hf-legend-item"/g)).toHaveLength(1);
    expect(svg).toContain(
      "Fitness scores of the top option for solo: 1. serverless (model size 0.80, latency 0.80, isolation 0.80, cost 0.80, scalability 0.80)",
    );
  });

  test("`top` chooses how many options are compared", () => {
    const six = result("w", [ALL(1), ALL(0.9), ALL(0.8), ALL(0.7), ALL(0.6), ALL(0.5)]);
    expect(polygons(spiderChart(six, { top: 5 }), "hf-series")).toHaveLength(5);
    expect(polygons(spiderChart(six, { top: 1 }), "hf-series")).toHaveLength(1);
    expect(polygons(spiderChart(six), "hf-series")).toHaveLength(3);
  });

  test("a workload name with <, &, quotes and control characters is escaped everywhere", () => {
    const name = `<script>alert("x")</script> & 'q'\u0007`;
    const svg = spiderChart(result(name, [ALL(1)]));
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("\u0007");
    const escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;\uFFFD";
    expect(svg).toContain(`aria-label="Fitness scores of the top option for ${escaped}:`);
    expect(svg).toContain(`<title>Fitness scores of the top option for ${escaped}:`);
    expect(svg).toContain(`>${escaped}</text>`);
    expect(xmlProblems(svg)).toEqual([]);
  });

  test("a long name is shortened in the visible heading but kept whole in the accessible label", () => {
    const name = "x".repeat(120);
    const svg = spiderChart(result(name, [ALL(1)]));
    expect(svg).toContain(`>${"x".repeat(55)}…</text>`);
    expect(svg).toContain(`for ${name}:`);
  });

  test("accessible: role img, an aria-label and a <title> naming each option's scores", () => {
    const svg = spiderChart(fixtureResult("fraud-scoring"));
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*role="img" aria-label="Fitness scores of the top 2 options for fraud-scoring: 1\. single-model \(model size 1\.00, latency 0\.90/,
    );
    expect(svg).toMatch(/<title>Fitness scores of the top 2 options for fraud-scoring: /);
  });

  test("deterministic: the same result gives byte-identical SVG, and a copy of it too", () => {
    const r = fixtureResult("invoice-ocr");
    expect(spiderChart(r)).toBe(spiderChart(structuredClone(r)));
    expect(spiderChart(r)).not.toMatch(/\d\.\d{3,}/); // fixed two-decimal coordinates, no float noise
  });

  test("golden: the chart of the fixture's invoice-ocr", async () => {
    await expect(spiderChart(fixtureResult("invoice-ocr"))).toMatchFileSnapshot(
      "../../golden/report/invoice-ocr.spider.svg",
    );
  });
});
