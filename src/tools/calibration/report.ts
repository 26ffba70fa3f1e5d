#!/usr/bin/env node
/**
 * `npm run calibrate`: the roofline model's error against published LLM latency measurements, per hardware and
 * overall, plus leave-one-hardware-out and leave-one-engine-out errors (fitted without that group, so they show
 * how the model does on measurements it has not seen). `--fit` prints the fitted parameters for rules/sizing.yaml.
 */
import {
  estimateRanges,
  FITTED_PARAMETERS,
  MIN_RANGE_ROWS,
  hardwareFamily,
  fittedValues,
  fitSizing,
  predictMeasurement,
  summarizeErrors,
  type ErrorSummary,
  type Measurement,
  type Prediction,
} from "./predict.js";
import { loadCatalog } from "../../load/catalog.js";
import { loadMeasurements } from "./measurements.js";
import { fitMedia, loadMediaMeasurements, mediaValues, predictMedia, type MediaMeasurement } from "./media.js";
import { loadRules } from "../../load/rules.js";
import type { Sizing } from "../../schema/rules.js";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);

function table(title: string, rows: readonly ErrorSummary[]): string {
  const lines = [
    title,
    `${"group".padEnd(28)} ${"metric".padEnd(10)} ${"n".padStart(3)} ${"median".padStart(7)} ${"p90".padStart(7)}`,
  ];
  for (const r of rows)
    lines.push(
      `${r.group.padEnd(28)} ${r.metric.padEnd(10)} ${String(r.count).padStart(3)} ${pct(r.median)} ${pct(r.p90)}`,
    );
  return lines.join("\n");
}

function predictAll(measurements: readonly Measurement[], sizing: Sizing): Prediction[] {
  return measurements.flatMap((m) => predictMeasurement(m, sizing));
}

// Fits without each group in turn and predicts that group: the honest estimate of error on unseen data.
function heldOut(
  measurements: readonly Measurement[],
  sizing: Sizing,
  groupOf: (m: Measurement) => string,
): Prediction[] {
  const groups = [...new Set(measurements.map(groupOf))];
  return groups.flatMap((g) => {
    // Started from the full fit: a held-out fit only moves what the group's rows were holding in place.
    const fitted = fitSizing(
      measurements.filter((m) => groupOf(m) !== g),
      sizing,
      false,
    );
    return predictAll(
      measurements.filter((m) => groupOf(m) === g),
      fitted,
    );
  });
}

// Per hardware family and latency metric: rows, and the median and p90 error in sample and held out by source
// (fitted without the rows of each source in turn: how the model does on a source it has not seen).
function familyTable(heldOutBySource: readonly Prediction[]): string {
  const latency = (p: Prediction) => p.metric !== "throughput";
  const inSample = summarizeErrors(predictions.filter(latency), (p) => hardwareFamily(p.measurement));
  const held = summarizeErrors(heldOutBySource.filter(latency), (p) => hardwareFamily(p.measurement));
  const lines = [
    "Per hardware family: in sample, and leave-one-source-out (fitted without each source in turn)",
    `${"family".padEnd(14)} ${"metric".padEnd(6)} ${"rows".padStart(4)} ${"median".padStart(7)} ${"p90".padStart(7)}   ${"held-out median".padStart(15)} ${"p90".padStart(7)}`,
  ];
  for (const r of inSample.sort((a, b) => a.group.localeCompare(b.group) || a.metric.localeCompare(b.metric))) {
    const h = held.find((x) => x.group === r.group && x.metric === r.metric);
    lines.push(
      `${r.group.padEnd(14)} ${r.metric.padEnd(6)} ${String(r.count).padStart(4)} ${pct(r.median)} ${pct(r.p90)}   ${(h ? pct(h.median) : "n/a").padStart(15)} ${h ? pct(h.p90) : "    n/a"}${r.count < 5 ? "   (fewer than 5 rows)" : ""}`,
    );
  }
  return lines.join("\n");
}

const catalog = loadCatalog();
const rules = loadRules();
const { measurements, skipped } = loadMeasurements(catalog);
const fit = process.argv.includes("--fit");
const sizing = fit ? fitSizing(measurements, rules.sizing) : rules.sizing;
const predictions = predictAll(measurements, sizing);
const overall = summarizeErrors(predictions, () => "all");

console.log(
  `hostfit calibration: ${measurements.length} measurements used, ${skipped.length} rows skipped (no fixed batch or no usable metric)\n`,
);
console.log(
  table("Error of the current rules/sizing.yaml against every measurement", [
    ...summarizeErrors(predictions, (p) => p.measurement.hardware),
    ...overall,
  ]),
);
console.log();
console.log(
  table(
    "Leave-one-hardware-out (fitted without that hardware)",
    summarizeErrors(
      heldOut(measurements, sizing, (m) => m.hardware),
      (p) => p.measurement.hardware,
    ),
  ),
);
console.log();
const byEngine = heldOut(measurements, sizing, (m) => m.engine);
console.log(
  table("Leave-one-engine-out (fitted without that engine)", [
    ...summarizeErrors(byEngine, (p) => p.measurement.engine),
    ...summarizeErrors(byEngine, () => "all held out"),
  ]),
);
console.log(
  "\nFitted parameters and the rows that fix them" + (fit ? " (copy the values into rules/sizing.yaml):" : ":"),
);
for (const p of FITTED_PARAMETERS)
  console.log(
    `  ${p.path.join(".")}: ${Number(fittedValues(sizing)[p.path.join(".")]!.toPrecision(3))}`.padEnd(60) +
      `${measurements.filter(p.fixedBy).length} rows`,
  );
const bySource = heldOut(measurements, sizing, (m) => m.source);
console.log();
console.log(familyTable(bySource));
console.log(
  `\nEstimate ranges (estimateRange in rules/sizing.yaml): 10th-90th percentile of measured / predicted held out by source; fewer than ${MIN_RANGE_ROWS} rows get [0.5, 2]`,
);
for (const [kind, range] of Object.entries(estimateRanges(bySource)))
  console.log(
    `    ${kind}: { perTokenMs: [${range.perTokenMs.join(", ")}], ttftMs: [${range.ttftMs.join(", ")}], rows: { perTokenMs: ${range.rows.perTokenMs}, ttftMs: ${range.rows.ttftMs} } }`,
  );
const med = (metric: string) => overall.find((r) => r.metric === metric)?.median ?? 0;
console.log(
  `\nTargets: median TPOT error <= 20% (now ${pct(med("tpot")).trim()}), median TTFT error <= 35% (now ${pct(med("ttft")).trim()})`,
);

// Diffusion and speech: the work model's fit, per kind and hardware, in sample and held out by source.
const media = loadMediaMeasurements(catalog);
// Fitted on the rules as they are, whose memory efficiency the work model shares with LLM decode.
let mediaSizing = rules.sizing;
for (const kind of ["diffusion", "speech"] as const)
  if (fit) mediaSizing = fitMedia(media.measurements, kind, mediaSizing);
console.log(
  `\nDiffusion and speech (work model): ${media.measurements.length} measurements used, ${media.skipped.length} rows skipped (model, hardware or figures the model does not cover)`,
);
console.log(
  `${"kind / hardware".padEnd(34)} ${"rows".padStart(4)} ${"median".padStart(7)} ${"p90".padStart(7)}   ${"held-out median".padStart(15)}`,
);
for (const kind of ["diffusion", "speech"] as const) {
  const mine = media.measurements.filter((m) => m.kind === kind && m.notFitted === undefined);
  const heldOut = new Map<MediaMeasurement, number>();
  for (const source of new Set(mine.map((m) => m.source))) {
    const refit = fitMedia(
      mine.filter((m) => m.source !== source),
      kind,
      mediaSizing,
    );
    for (const m of mine.filter((x) => x.source === source)) heldOut.set(m, predictMedia(m, refit));
  }
  const groups = new Map<string, MediaMeasurement[]>();
  for (const m of mine) groups.set(`${kind} / ${m.device.id}`, [...(groups.get(`${kind} / ${m.device.id}`) ?? []), m]);
  groups.set(`${kind} / all`, mine);
  for (const [group, rows] of groups) {
    const inSample = rows.map((m) => Math.abs(predictMedia(m, mediaSizing) / m.seconds - 1)).sort((a, b) => a - b);
    const held = rows.map((m) => Math.abs(heldOut.get(m)! / m.seconds - 1)).sort((a, b) => a - b);
    const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * (xs.length - 1) + 0.5))]!;
    console.log(
      `${group.padEnd(34)} ${String(rows.length).padStart(4)} ${pct(q(inSample, 0.5))} ${pct(q(inSample, 0.9))}   ${pct(q(held, 0.5)).padStart(15)}`,
    );
  }
  // Rows of other stacks: how much faster (or slower) they run than the estimate of the stack hostfit times.
  const others = new Map<string, number[]>();
  for (const m of media.measurements.filter((x) => x.kind === kind && x.notFitted !== undefined))
    others.set(m.notFitted!, [...(others.get(m.notFitted!) ?? []), m.seconds / predictMedia(m, mediaSizing)]);
  for (const [reason, ratios] of others) {
    const sorted = ratios.sort((a, b) => a - b);
    console.log(
      `  not fitted, ${reason}: ${ratios.length} rows, measured / estimated median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)}`,
    );
  }
  if (fit)
    for (const [k, v] of Object.entries(mediaValues(mediaSizing, kind)))
      console.log(`  ${k}: ${Number(v.toPrecision(3))}`);
}
