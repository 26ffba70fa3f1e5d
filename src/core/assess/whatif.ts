import type { FitnessId, OptionId } from "../../schema/ids.js";
import { FITNESS_IDS } from "../../schema/vocabulary.js";
import type { BreakEven, CostCurve, Sensitivity } from "../../schema/output.js";
import type { Workload } from "../../schema/workload.js";
import type { Assessed } from "./assess.js";
import type { ScoredOption } from "./score.js";
import type { Knowledge } from "../types.js";
import { formatQuantity, groupThousands, roundOutput, withArticle } from "../units.js";

/** Re-ranks a changed workload (optionally with other weights): the core the what-if search runs on. */
export type Ranker = (workload: Workload, weights?: Readonly<Record<FitnessId, number>>) => ScoredOption[];

interface Base {
  readonly assessed: Assessed;
  readonly scored: readonly ScoredOption[];
  readonly weights: Readonly<Record<FitnessId, number>>;
}

const BISECTIONS = 12;
// Volumes for the cost curve and the traffic search: 1/1000x to 1000x in half-decades.
const CURVE_STEPS = [-6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6];

function top(scored: readonly ScoredOption[]): OptionId | null {
  return scored[0]?.assessment.option ?? null;
}

function feasibleOptions(scored: readonly ScoredOption[]): OptionId[] {
  return scored.map((s) => s.assessment.option);
}

/** The workload with every traffic volume it gives (requests, records, dataset size) times `factor`. */
export function scaleVolume(workload: Workload, factor: number): Workload {
  const t = workload.traffic;
  const scale = (v: number | undefined) => (v === undefined ? undefined : v * factor);
  const traffic = { ...t };
  for (const key of ["peakRps", "requestsPerDay", "requestsPerMonth", "records", "datasetSize"] as const) {
    const scaled = scale(t[key]);
    if (scaled === undefined) delete traffic[key];
    else traffic[key] = scaled;
  }
  return { ...workload, traffic };
}

interface Flip {
  readonly at: number;
  readonly to: OptionId | null;
  readonly feasible: readonly OptionId[];
}

/**
 * Walks away from x0 along `xs` (ordered outward) until the recommendation changes, then bisects in log space
 * between the last unchanged and the first changed value.
 */
function findFlip(
  x0: number,
  xs: readonly number[],
  baseTop: OptionId | null,
  rankAt: (x: number) => readonly ScoredOption[],
): Flip | null {
  let inside = x0;
  for (const x of xs) {
    const outcome = rankAt(x);
    if (top(outcome) === baseTop) {
      inside = x;
      continue;
    }
    let outside = x;
    let outsideOutcome = outcome;
    for (let i = 0; i < BISECTIONS; i++) {
      const mid = Math.sqrt(inside * outside);
      const midOutcome = rankAt(mid);
      if (top(midOutcome) === baseTop) inside = mid;
      else {
        outside = mid;
        outsideOutcome = midOutcome;
      }
    }
    return { at: roundOutput(outside), to: top(outsideOutcome), feasible: feasibleOptions(outsideOutcome) };
  }
  return null;
}

function outward(
  x0: number,
  factor: number,
  steps: number,
  min: number,
  max: number,
): { below: number[]; above: number[] } {
  const below: number[] = [];
  const above: number[] = [];
  for (let k = 1; k <= steps; k++) {
    if (x0 / factor ** k >= min) below.push(x0 / factor ** k);
    if (x0 * factor ** k <= max) above.push(x0 * factor ** k);
  }
  return { below, above };
}

function listText(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function outcomeText(flip: Flip, base: readonly OptionId[]): string {
  if (flip.to === null) return "no option is feasible";
  const lost = flip.feasible.length < base.length;
  return lost
    ? `only ${listText(flip.feasible)} remain${flip.feasible.length === 1 ? "s" : ""} feasible and ${flip.to} ranks first`
    : `${flip.to} ranks first`;
}

interface Dimension {
  readonly input: string;
  readonly x0: number;
  readonly factor: number;
  readonly steps: number;
  readonly min: number;
  readonly max: number;
  readonly rankAt: (x: number) => readonly ScoredOption[];
  readonly describe: (x: number) => string;
}

/**
 * What would change the answer: for traffic volume, latency target, payload, model size and each priority
 * weight, the nearest value at which the top option changes, and to what; plus the break-even volume of the
 * two cheapest options and each option's monthly cost over traffic volume. Found by search over the core.
 */
export function analyzeWhatIf(
  workload: Workload,
  knowledge: Knowledge,
  base: Base,
  rank: Ranker,
): { sensitivity: Sensitivity[]; breakEven: BreakEven | null; costCurve: CostCurve } {
  const baseTop = top(base.scored);
  const baseFeasible = feasibleOptions(base.scored);
  const days = knowledge.rules.sizing.billing.daysPerMonth;
  const perDay = base.assessed.load.requestsPerMonth / days;
  const sensitivity: Sensitivity[] = [];

  // Cost curve over volume; its samples also seed the traffic search.
  const samples = new Map<number, readonly ScoredOption[]>();
  const atVolume = (factor: number) => {
    let outcome = samples.get(factor);
    if (!outcome) {
      outcome = factor === 1 ? base.scored : rank(scaleVolume(workload, factor));
      samples.set(factor, outcome);
    }
    return outcome;
  };
  const factors = CURVE_STEPS.map((k) => 10 ** (k / 2));
  const curveOutcomes = factors.map(atVolume);
  const options = [...new Set(curveOutcomes.flatMap(feasibleOptions))].sort();
  const costAt = (outcome: readonly ScoredOption[], option: OptionId) =>
    outcome.find((s) => s.assessment.option === option)?.assessment.candidate.monthlyCostUsd ?? null;
  const costCurve: CostCurve = {
    requestsPerDay: factors.map((f) => roundOutput(perDay * f)),
    series: options.map((option) => ({
      option,
      monthlyCostUsd: curveOutcomes.map((o) => {
        const cost = costAt(o, option);
        return cost === null ? null : roundOutput(cost);
      }),
    })),
  };

  const dimensions: Dimension[] = [];
  if (perDay > 0) {
    dimensions.push({
      input: "traffic.requestsPerDay",
      x0: perDay,
      factor: Math.sqrt(10),
      steps: 6,
      min: 0,
      max: Infinity,
      rankAt: (x) => atVolume(x / perDay),
      describe: (x) => `~${groupThousands(Math.round(x))} requests/day`,
    });
  }
  const target = workload.latency.target;
  if (target !== "none") {
    dimensions.push({
      input: "latency.target",
      x0: target,
      factor: 4,
      steps: 5,
      min: 1,
      max: 7 * 86_400_000,
      rankAt: (x) => rank({ ...workload, latency: { ...workload.latency, target: x } }),
      describe: (x) => withArticle(`${formatQuantity(x, "ms")} latency target`),
    });
  }
  dimensions.push(
    {
      input: "payload.request",
      x0: workload.payload.request,
      factor: 4,
      steps: 6,
      min: 1,
      max: 4e9,
      rankAt: (x) => rank({ ...workload, payload: { ...workload.payload, request: x } }),
      describe: (x) => withArticle(`${formatQuantity(x, "B")} request payload`),
    },
    {
      input: "model.parameters",
      x0: workload.model.parameters,
      factor: 2,
      steps: 6,
      min: 1e5,
      max: 1e13,
      rankAt: (x) => rank({ ...workload, model: { ...workload.model, parameters: x } }),
      describe: (x) => `${formatQuantity(x, "params")} parameters`,
    },
  );

  for (const d of dimensions) {
    // Traffic walks the cost curve's own samples, so they are ranked once.
    const { below, above } =
      d.input === "traffic.requestsPerDay"
        ? {
            below: factors
              .filter((f) => f < 1)
              .reverse()
              .map((f) => perDay * f),
            above: factors.filter((f) => f > 1).map((f) => perDay * f),
          }
        : outward(d.x0, d.factor, d.steps, d.min, d.max);
    for (const [direction, xs] of [
      ["below", below],
      ["above", above],
    ] as const) {
      const flip = findFlip(d.x0, xs, baseTop, d.rankAt);
      if (!flip) continue;
      sensitivity.push({
        input: d.input,
        flipsAt: flip.at,
        direction,
        to: flip.to,
        message: `${direction} ${d.describe(flip.at)}, ${outcomeText(flip, baseFeasible)}`,
      });
    }
  }

  // Priority weights only re-score the options already sized, so they need no re-assessment.
  if (base.scored.length > 1) {
    for (const fitness of FITNESS_IDS) {
      const w0 = base.weights[fitness];
      const rankAt = (x: number) => rank(workload, { ...base.weights, [fitness]: x });
      const up = [2, 4, 8, 16, 32].map((f) => (w0 > 0 ? w0 * f : f));
      const flip = findFlip(w0 > 0 ? w0 : 1, up, baseTop, rankAt);
      if (!flip) continue;
      sensitivity.push({
        input: `priorities.${fitness}`,
        flipsAt: flip.at,
        direction: "above",
        to: flip.to,
        message: `weighting ${fitness} above ${formatQuantity(flip.at, "count")} (now ${formatQuantity(w0, "count")}), ${outcomeText(flip, baseFeasible)}`,
      });
    }
  }
  return { sensitivity, breakEven: breakEven(base.scored, perDay, factors, atVolume, costAt), costCurve };
}

function breakEven(
  scored: readonly ScoredOption[],
  perDay: number,
  factors: readonly number[],
  atVolume: (factor: number) => readonly ScoredOption[],
  costAt: (outcome: readonly ScoredOption[], option: OptionId) => number | null,
): BreakEven | null {
  const byCost = [...scored].sort(
    (x, y) => x.assessment.candidate.monthlyCostUsd - y.assessment.candidate.monthlyCostUsd,
  );
  const [a, b] = [byCost[0]?.assessment.option, byCost[1]?.assessment.option];
  if (!a || !b || perDay <= 0) return null;
  const diff = (factor: number) => {
    const outcome = atVolume(factor);
    const ca = costAt(outcome, a);
    const cb = costAt(outcome, b);
    return ca === null || cb === null ? null : ca - cb;
  };
  // Nearest crossing to the workload's own volume, searched outward both ways.
  const order = factors
    .map((f, i) => ({ f, i }))
    .sort((x, y) => Math.abs(Math.log(x.f)) - Math.abs(Math.log(y.f)) || x.f - y.f);
  for (const { i } of order) {
    for (const j of [i - 1, i + 1]) {
      if (j < 0 || j >= factors.length) continue;
      let lo = Math.min(factors[i]!, factors[j]!);
      let hi = Math.max(factors[i]!, factors[j]!);
      const dlo = diff(lo);
      const dhi = diff(hi);
      if (dlo === null || dhi === null || Math.sign(dlo) === Math.sign(dhi) || dlo === 0) continue;
      for (let k = 0; k < BISECTIONS + 3; k++) {
        const mid = Math.sqrt(lo * hi);
        const dm = diff(mid);
        if (dm === null) break;
        if (Math.sign(dm) === Math.sign(dlo)) lo = mid;
        else hi = mid;
      }
      const at = roundOutput(perDay * Math.sqrt(lo * hi));
      const cheaperBelow = dlo < 0 ? a : b;
      const cheaperAbove = cheaperBelow === a ? b : a;
      return {
        options: [a, b],
        requestsPerDay: at,
        message: `${a} and ${b} cost the same at ~${groupThousands(Math.round(at))} requests/day: ${cheaperBelow} is cheaper below, ${cheaperAbove} above`,
      };
    }
  }
  // No crossing: say how the two compare over the volumes where both are feasible. They may tie throughout, as two
  // options placed on the same instances do, and "stays cheaper" would then be false.
  const compared = factors.flatMap((f) => {
    const ca = costAt(atVolume(f), a);
    const cb = costAt(atVolume(f), b);
    return ca === null || cb === null
      ? []
      : [{ f, sign: Math.abs(ca - cb) <= 1e-9 * Math.max(ca, cb) ? 0 : Math.sign(ca - cb) }];
  });
  if (compared.length === 0) return null;
  const range = `${groupThousands(Math.round(perDay * compared[0]!.f))} to ${groupThousands(Math.round(perDay * compared[compared.length - 1]!.f))}`;
  const relation = compared.every((c) => c.sign === 0)
    ? `${a} and ${b} cost the same`
    : compared.every((c) => c.sign < 0)
      ? `${a} stays cheaper than ${b}`
      : compared.every((c) => c.sign <= 0)
        ? `${a} never costs more than ${b}`
        : `${a} is cheaper at this volume and ${b} at others (one of them infeasible in between)`;
  return { options: [a, b], requestsPerDay: null, message: `${relation} from ${range} requests/day` };
}
