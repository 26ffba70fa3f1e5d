/**
 * The explorer's controls as data: each reads one input of a parsed workload and writes it back changed, as the
 * what-if analysis changes it, so that the page ranks exactly the workload `recommend()` would be given. Range
 * controls carry their scale and bounds (fixed from the workload as the file gives it, so a slider does not move
 * under the hand) and the sensitivity input whose flip points they mark.
 */
import type { Knowledge } from "../core/types.js";
import { weightsFor } from "../core/assess/score.js";
import { scaleVolume } from "../core/assess/whatif.js";
import { describeLoad } from "../core/sizing/traffic.js";
import { formatQuantity, roundOutput } from "../core/units.js";
import type { FitnessId, ProfileId } from "../schema/ids.js";
import type { Sensitivity } from "../schema/output.js";
import { FITNESS_IDS, ISOLATION_LEVELS, PRECISIONS, PROFILE_IDS } from "../schema/vocabulary.js";
import type { Workload } from "../schema/workload.js";

/** A slider: `log` and `linear` move over [min, max]; `steps` moves over the listed values one by one. */
export interface RangeControl {
  readonly kind: "range";
  readonly id: string;
  readonly label: string;
  readonly scale: "log" | "linear" | "steps";
  readonly min: number;
  readonly max: number;
  readonly steps?: readonly number[];
  /** The sensitivity input (`traffic.requestsPerDay`...) whose flip points the slider marks. */
  readonly sensitivity?: string;
  readonly get: (w: Workload) => number;
  readonly set: (w: Workload, x: number) => Workload;
  readonly format: (x: number) => string;
  /** Disabled while this holds (a latency target of `none`). */
  readonly disabled?: (w: Workload) => boolean;
}

export interface SelectControl {
  readonly kind: "select";
  readonly id: string;
  readonly label: string;
  readonly choices: readonly { readonly value: string; readonly label: string }[];
  readonly get: (w: Workload) => string;
  readonly set: (w: Workload, value: string) => Workload;
}

export interface CheckControl {
  readonly kind: "check";
  readonly id: string;
  readonly label: string;
  readonly get: (w: Workload) => boolean;
  readonly set: (w: Workload, on: boolean) => Workload;
}

export type Control = RangeControl | SelectControl | CheckControl;

/** Controls under one heading. */
export interface ControlGroup {
  readonly legend: string;
  readonly controls: readonly Control[];
}

/** The position of `x` on a range control's slider (log10 for log scales, the index for steps). */
export function toSlider(control: RangeControl, x: number): number {
  if (control.scale === "log") return Math.log10(x);
  if (control.scale === "linear") return x;
  const steps = control.steps!;
  // The nearest listed value: a workload's own value is always listed, so an exact match is found.
  let best = 0;
  for (let i = 1; i < steps.length; i++) if (Math.abs(steps[i]! - x) < Math.abs(steps[best]! - x)) best = i;
  return best;
}

/** The value at a slider position, rounded to 4 significant digits as the output is, so the YAML reads well. */
export function fromSlider(control: RangeControl, position: number): number {
  if (control.scale === "log") return roundOutput(10 ** position);
  if (control.scale === "linear") return Math.round(position * 100) / 100;
  return control.steps![Math.round(position)]!;
}

/** The slider's own bounds and step for its input element. */
export function sliderBounds(control: RangeControl): { min: number; max: number; step: string } {
  if (control.scale === "steps") return { min: 0, max: control.steps!.length - 1, step: "1" };
  const [min, max] = [toSlider(control, control.min), toSlider(control, control.max)];
  // "any": arrow keys move a hundredth of the range (Chromium), and a test may set any value.
  return { min, max, step: control.scale === "log" ? "any" : "0.01" };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

// A log slider around the workload's own value x0: `spread` times either way, within [lo, hi]; values shown in `unit`.
function logSlider(
  fields: Pick<RangeControl, "id" | "label" | "get" | "set"> & Partial<Pick<RangeControl, "sensitivity" | "disabled">>,
  [x0, spread, lo, hi]: readonly [number, number, number, number],
  unit: string,
): RangeControl {
  return {
    kind: "range",
    scale: "log",
    min: clamp(x0 / spread, lo, hi),
    max: clamp(x0 * spread, lo, hi),
    format: (x) => formatQuantity(x, unit),
    ...fields,
  };
}

/** Requests (or records) a day, as the what-if analysis measures traffic volume. */
export function requestsPerDay(w: Workload, knowledge: Knowledge): number {
  return describeLoad(w, knowledge.rules).requestsPerMonth / knowledge.rules.sizing.billing.daysPerMonth;
}

// The bounds the workload schema puts on each volume (records are whole jobs' worth, at least one).
const VOLUME_BOUNDS = {
  peakRps: [Number.MIN_VALUE, 1e9],
  requestsPerDay: [Number.MIN_VALUE, 1e15],
  requestsPerMonth: [Number.MIN_VALUE, 1e15],
  records: [1, 1e15],
  datasetSize: [1, 1e18],
} as const;

// Scaled volumes to 4 significant digits (as the output rounds), within the schema's bounds.
function roundVolumes(w: Workload): Workload {
  const traffic = { ...w.traffic };
  for (const [key, [lo, hi]] of Object.entries(VOLUME_BOUNDS) as [
    keyof typeof VOLUME_BOUNDS,
    readonly [number, number],
  ][]) {
    const v = traffic[key];
    if (v !== undefined) traffic[key] = clamp(roundOutput(v), lo, hi);
  }
  return { ...w, traffic };
}

// Cold-start tolerances a person picks among (ms); the workload's own is added.
const COLD_STARTS = [0, 1e3, 5e3, 1e4, 3e4, 6e4, 12e4, 3e5, 6e5, 18e5, 36e5];
const MIN_INSTANCES = [1, 2, 3, 4, 6, 8];

function weightControl(
  fitness: FitnessId,
  knowledge: Knowledge,
  original: Workload,
  sensitivity: readonly Sensitivity[],
): RangeControl {
  const weights = (w: Workload) => weightsFor(w, knowledge, {});
  const flips = sensitivity.filter((s) => s.input === `priorities.${fitness}`).map((s) => s.flipsAt);
  const max = Math.max(10, ...flips.map((x) => Math.ceil(x * 1.25)), weights(original)[fitness]);
  return {
    kind: "range",
    id: `weight-${fitness}`,
    label: `Weight of ${fitness}`,
    scale: "linear",
    min: 0,
    max,
    sensitivity: `priorities.${fitness}`,
    get: (w) => weights(w)[fitness],
    set: (w, x) => {
      const next = { ...weights(w), [fitness]: x };
      // Five zeros leave nothing to rank by (the schema refuses them): the weight moved keeps a little.
      if (FITNESS_IDS.every((f) => next[f] === 0)) next[fitness] = 0.01;
      return { ...w, priorities: next };
    },
    format: (x) => formatQuantity(x, "count"),
  };
}

/**
 * The controls of one workload: traffic volume, latency target and cold-start tolerance, payload, model size and
 * precision, isolation, availability, the profile and each priority weight. `sensitivity` is the analysis of the
 * workload as given; weight sliders reach past its flip points.
 */
export function controlsFor(
  original: Workload,
  knowledge: Knowledge,
  sensitivity: readonly Sensitivity[],
): ControlGroup[] {
  const perDay0 = requestsPerDay(original, knowledge);
  const target0 = original.latency.target === "none" ? 1000 : original.latency.target;
  const request0 = original.payload.request;
  const parameters0 = original.model.parameters;
  const active = original.model.architecture?.activeParameters ?? 1e5;
  const coldStarts = [...new Set([...COLD_STARTS, original.latency.coldStart])].sort((a, b) => a - b);
  const availability0 = knowledge.rules.sizing.availability.minInstances;
  const minInstances = [...new Set([...MIN_INSTANCES, original.availability?.minInstances ?? availability0])].sort(
    (a, b) => a - b,
  );
  const traffic: Control[] =
    perDay0 > 0
      ? [
          {
            ...logSlider(
              {
                id: "traffic",
                label: "Traffic volume",
                sensitivity: "traffic.requestsPerDay",
                get: (w) => requestsPerDay(w, knowledge),
                set: (w, x) => roundVolumes(scaleVolume(w, x / requestsPerDay(w, knowledge))),
              },
              [perDay0, 1000, 0, Infinity],
              "count",
            ),
            format: (x) =>
              `${formatQuantity(x, "count")} ${original.traffic.pattern === "offline" ? "records" : "requests"}/day`,
          },
        ]
      : [];
  return [
    {
      legend: "Traffic and latency",
      controls: [
        ...traffic,
        {
          kind: "check",
          id: "no-target",
          label: "No latency target",
          get: (w) => w.latency.target === "none",
          set: (w, on) => ({ ...w, latency: { ...w.latency, target: on ? "none" : target0 } }),
        },
        logSlider(
          {
            id: "target",
            label: "Latency target (p95)",
            sensitivity: "latency.target",
            get: (w) => (w.latency.target === "none" ? target0 : w.latency.target),
            set: (w, x) => ({ ...w, latency: { ...w.latency, target: x } }),
            disabled: (w) => w.latency.target === "none",
          },
          [target0, 1024, 1, 7 * 86_400_000],
          "ms",
        ),
        {
          kind: "range",
          id: "cold-start",
          label: "Cold-start tolerance",
          scale: "steps",
          min: coldStarts[0]!,
          max: coldStarts[coldStarts.length - 1]!,
          steps: coldStarts,
          get: (w) => w.latency.coldStart,
          set: (w, x) => ({ ...w, latency: { ...w.latency, coldStart: x } }),
          format: (x) => (x === 0 ? "none" : formatQuantity(x, "ms")),
        },
      ],
    },
    {
      legend: "Model and payload",
      controls: [
        logSlider(
          {
            id: "payload",
            label: "Request payload",
            sensitivity: "payload.request",
            get: (w) => w.payload.request,
            set: (w, x) => ({ ...w, payload: { ...w.payload, request: x } }),
          },
          [request0, 4096, 1, 4e9],
          "B",
        ),
        logSlider(
          {
            id: "parameters",
            label: "Model size (parameters)",
            sensitivity: "model.parameters",
            get: (w) => w.model.parameters,
            set: (w, x) => ({ ...w, model: { ...w.model, parameters: x } }),
          },
          [parameters0, 64, Math.max(1e5, active), 1e13],
          "params",
        ),
        {
          kind: "select",
          id: "precision",
          label: "Precision",
          choices: PRECISIONS.map((p) => ({ value: p, label: p })),
          get: (w) => w.model.precision,
          set: (w, v) => ({ ...w, model: { ...w.model, precision: v as Workload["model"]["precision"] } }),
        },
      ],
    },
    {
      legend: "Hosting needs",
      controls: [
        {
          kind: "select",
          id: "isolation",
          label: "Isolation",
          choices: ISOLATION_LEVELS.map((l) => ({ value: l, label: l })),
          get: (w) => w.isolation,
          set: (w, v) => ({ ...w, isolation: v as Workload["isolation"] }),
        },
        {
          kind: "select",
          id: "availability",
          label: "Availability (least instances always on)",
          choices: [
            { value: "", label: `default (${availability0})` },
            ...minInstances.map((n) => ({ value: String(n), label: String(n) })),
          ],
          get: (w) => (w.availability === undefined ? "" : String(w.availability.minInstances)),
          set: (w, v) => {
            const { availability: _, ...rest } = w;
            return v === "" ? rest : { ...rest, availability: { minInstances: Number(v) } };
          },
        },
      ],
    },
    {
      legend: "Priorities",
      controls: [
        {
          kind: "select",
          id: "profile",
          label: "Profile",
          choices: [...PROFILE_IDS.map((p) => ({ value: p, label: p })), { value: "custom", label: "custom weights" }],
          get: (w) => (typeof w.priorities === "string" ? w.priorities : "custom"),
          // "custom" keeps the weights the profile gave, for the sliders to change.
          set: (w, v) => ({
            ...w,
            priorities: v === "custom" ? weightsFor(w, knowledge, {}) : (v as ProfileId),
          }),
        },
        ...FITNESS_IDS.map((f) => weightControl(f, knowledge, original, sensitivity)),
      ],
    },
  ];
}
