import type { ComputeDevice } from "../../schema/catalog.js";
import { ISOLATION_LEVELS, OPTION_IDS, type FitnessId, type OptionId, type ProfileId } from "../../schema/ids.js";
import type { FitnessScores, RankedOption, RankedResult, Violation } from "../../schema/output.js";
import type { Workload } from "../../schema/workload.js";
import { checkConstraints, readsCandidate, type WorkloadFacts } from "./constraints.js";
import { describeTradeoffs, summarize } from "./explain.js";
import { scoreFitness, weightedScore, type FitnessInputs } from "./fitness.js";
import { modelFootprint, type Footprint } from "../sizing/memory.js";
import { allowedInstances } from "../sizing/fit.js";
import { sizeOption, type Candidate, type OptionSizing, type SizingContext } from "../sizing/size-option.js";
import { describeLoad, peakInFlight, type Load } from "../sizing/traffic.js";
import { analyzeWhatIf } from "./whatif.js";
import type { Knowledge } from "../types.js";
import { formatQuantity, roundOutput } from "../units.js";

export interface RecommendOptions {
  /** Overrides the workload's own priorities. */
  readonly profile?: ProfileId;
  /** Also compute sensitivity, break-even and the cost curve (about a hundred re-rankings; off by default in the core). */
  readonly whatIf?: boolean;
}

/** One option after sizing and hard checks, before scoring. */
export interface Assessment {
  readonly option: OptionId;
  /** Its sizing; for an option a hard limit rules out, `chosen` may be any candidate that meets the SLOs, or null. */
  readonly sizing: OptionSizing;
  readonly violations: readonly Violation[];
  readonly candidate: Candidate | null;
}

const deviceIndex = new WeakMap<Knowledge["catalog"], ReadonlyMap<string, ComputeDevice>>();

// The index is derived from the catalog alone, so memoizing on the catalog object keeps the core pure.
function devicesOf(catalog: Knowledge["catalog"]): ReadonlyMap<string, ComputeDevice> {
  let index = deviceIndex.get(catalog);
  if (!index) {
    index = new Map(catalog.devices.map((d) => [d.id, d]));
    deviceIndex.set(catalog, index);
  }
  return index;
}

// `endpoints`: how many endpoints the models take on the option (one each where it hosts one model per endpoint).
function workloadFacts(
  workload: Workload,
  load: Load,
  footprint: Footprint,
  sizing: OptionSizing,
  candidate: Candidate | null,
  endpoints: number,
  p95OverP50: number,
): WorkloadFacts {
  const c = workload.constraints;
  const latencyMs = candidate?.p50Ms ?? sizing.fastestComputeMs ?? 0;
  return {
    requestBytes: workload.payload.request,
    responseBytes: workload.payload.response ?? workload.payload.request,
    // A processing time limit cuts requests off, so the tail counts: one request's p95 (as sizing's budget holds it).
    processingMs: (workload.processingTime ?? sizing.fastestComputeMs ?? 0) * p95OverP50,
    memoryGiB: footprint.copyGiB,
    // A concurrency limit is per endpoint: each takes its share of the load.
    peakConcurrency: peakInFlight(load, latencyMs) / endpoints,
    modelCount: workload.model.count,
    isolation: ISOLATION_LEVELS.indexOf(workload.isolation),
    streaming: Number(c.streaming),
    networkIsolation: Number(c.networkIsolation),
    needsAccelerator: Number(c.accelerators !== undefined && !c.accelerators.includes("cpu")),
    needsSync: Number(c.invocation === "sync"),
    online: Number(load.online),
  };
}

// Sizes one option and checks its hard limits in a workload's sizing context. Which candidate is the cheapest
// matters only to an option that can be feasible, or to a limit that reads the candidate (the cost cap, a
// concurrency limit): without those, sizing first finds only whether some candidate meets the SLOs, and finds
// the cheapest once no limit rules the option out.
function assessOne(option: OptionId, ctx: SizingContext): Assessment {
  const { workload, load, footprint, knowledge } = ctx;
  const rules = knowledge.rules.options[option];
  const cap = workload.constraints.maxMonthlyUsd;
  const settleLater = cap === undefined && !readsCandidate(rules, knowledge.rules.constraints);
  let sizing = sizeOption(option, ctx, settleLater ? "any" : "cheapest");
  const violations: Violation[] = [];
  const allowedOptions = workload.constraints.options;
  if (allowedOptions && !allowedOptions.includes(option)) {
    violations.push({
      rule: `${option}-excluded`,
      limit: null,
      actual: null,
      unit: "",
      message: `${rules.name} is not in constraints.options`,
      hint: "add it to constraints.options to consider it",
    });
  }
  violations.push(
    ...checkConstraints(
      option,
      rules,
      workloadFacts(
        workload,
        load,
        footprint,
        sizing,
        sizing.chosen,
        rules.modelsPerEndpoint > 1 ? 1 : workload.model.count,
        knowledge.rules.sizing.performance.p95OverP50,
      ),
      knowledge.rules.constraints,
    ),
  );
  violations.push(...sizing.violations);
  if (settleLater && violations.length === 0) sizing = sizeOption(option, ctx, "cheapest");
  const candidate = sizing.chosen;
  if (candidate && cap !== undefined && candidate.monthlyCostUsd > cap) {
    violations.push({
      rule: `${option}-max-monthly-cost`,
      limit: cap,
      actual: roundOutput(candidate.monthlyCostUsd),
      unit: "USD",
      message: `costs ${formatQuantity(candidate.monthlyCostUsd, "USD")} a month, over the ${formatQuantity(cap, "USD")} cap`,
      hint: "raise constraints.maxMonthlyUsd or relax the latency target",
    });
  }
  return { option, sizing, violations, candidate: violations.length === 0 ? candidate : null };
}

/** The context every option of one workload is sized in: its load, footprint, allowed instances and fit table. */
export function sizingContext(workload: Workload, knowledge: Knowledge): SizingContext {
  const devices = devicesOf(knowledge.catalog);
  return {
    workload,
    load: describeLoad(workload, knowledge.rules),
    footprint: modelFootprint(workload, knowledge.rules.sizing),
    knowledge,
    devices,
    allowed: allowedInstances(workload, knowledge.catalog.instances, devices, knowledge.rules.sizing),
    // Present from the start, so every context keeps one shape when sizing fills them in.
    fit: undefined,
    perf: undefined,
  };
}

/** The assessment of every option for one workload: its load, footprint and sized, checked options. */
export interface Assessed {
  readonly load: Load;
  readonly footprint: Footprint;
  readonly assessments: Assessment[];
}

/** Sizes every option and checks its hard limits in a context built for the workload (see {@link sizingContext}). */
export function assessInContext(ctx: SizingContext): Assessed {
  return { load: ctx.load, footprint: ctx.footprint, assessments: OPTION_IDS.map((option) => assessOne(option, ctx)) };
}

/** Sizes every option and checks its hard limits; pure, and the basis for ranking and what-if analysis. */
export function assessOptions(workload: Workload, knowledge: Knowledge): Assessed {
  return assessInContext(sizingContext(workload, knowledge));
}

/**
 * Assesses a what-if variant of the workload `base` was built for, exactly as {@link assessOptions} would. A
 * variant that keeps the base's own model, tokens, processing time and constraints (changing traffic, latency or
 * payload) fits every instance as the base does: it shares the base's footprint, allowed instances and fit
 * table; one that keeps its latency and payload too (changing traffic) has the same compute budgets and shares
 * the performance estimates. Only its load and what follows from it are worked out anew.
 */
export function assessVariant(workload: Workload, base: SizingContext): Assessed {
  const was = base.workload;
  const sameFit =
    workload.model === was.model &&
    workload.tokens === was.tokens &&
    workload.processingTime === was.processingTime &&
    workload.constraints === was.constraints;
  if (!sameFit) return assessOptions(workload, base.knowledge);
  const sameBudget = workload.latency === was.latency && workload.payload === was.payload;
  return assessInContext({
    ...base,
    workload,
    load: describeLoad(workload, base.knowledge.rules),
    perf: sameBudget ? base.perf : undefined,
  });
}

/** Sizes and checks one option alone, exactly as {@link assessOptions} would: for callers that need only one. */
export function assessOption(workload: Workload, knowledge: Knowledge, option: OptionId): Assessment {
  return assessOne(option, sizingContext(workload, knowledge));
}

export function weightsFor(
  workload: Workload,
  knowledge: Knowledge,
  options: RecommendOptions,
): Record<FitnessId, number> {
  const priorities = options.profile ?? workload.priorities;
  if (typeof priorities === "string") return knowledge.rules.profiles[priorities];
  // Unnamed fitness functions keep the balanced weight, so a partial object shifts emphasis without erasing.
  return {
    ...knowledge.rules.profiles.balanced,
    ...Object.fromEntries(Object.entries(priorities).filter(([, v]) => v !== undefined)),
  };
}

function fitnessInputs(
  workload: Workload,
  load: Load,
  footprint: Footprint,
  a: Assessment,
  candidate: Candidate,
  bestCost: number,
  knowledge: Knowledge,
): FitnessInputs {
  const rules = knowledge.rules.options[a.option];
  const target = workload.latency.target;
  return {
    paramsB: footprint.parameters / 1e9,
    memoryUtilization: candidate.memoryUtilization,
    acceleratorsPerCopy: candidate.acceleratorsPerCopy,
    preferredMinParamsB: rules.preferredParamsB.min,
    preferredMaxParamsB: rules.preferredParamsB.max,
    hasTarget: Number(target !== "none"),
    bestP95Ms: a.sizing.bestP95Ms ?? candidate.p95Ms,
    targetMs: target === "none" ? 0 : target,
    coldFraction: candidate.coldFraction,
    coldStartS: candidate.coldStartS,
    coldToleranceS: workload.latency.coldStart / 1000,
    isolationRequired: ISOLATION_LEVELS.indexOf(workload.isolation),
    isolationOffered: rules.limits.isolation.value ?? 0,
    monthlyCostUsd: candidate.monthlyCostUsd,
    bestMonthlyCostUsd: bestCost,
    scaleToZero: Number(candidate.scalesToZero),
    perModelScaling: Number(rules.perModelScaling),
    scalingSpeed: rules.scalingSpeed,
    modelsPerEndpoint: rules.modelsPerEndpoint,
    modelCount: workload.model.count,
    variability: load.variability,
  };
}

// One feasible option's entry, built in its output key order. Serverless placements and LLM estimates have
// fields of their own in the middle of that order, so each shape is a literal of its own: spreading the optional
// fields in cost 6% of a ranking.
function rankedEntry(
  a: Assessment,
  candidate: Candidate,
  load: Load,
  footprint: Footprint,
  streams: boolean,
  scored: Pick<RankedOption, "rank" | "score" | "fitness" | "tradeoffs">,
): RankedOption {
  const perf = candidate.performance;
  // Without response streaming the first token arrives with the whole response.
  const ttftMs = streams ? perf.ttftMs : candidate.p50Ms;
  const placement: RankedOption["placement"] =
    candidate.memorySizeMB !== undefined
      ? {
          instanceType: candidate.instanceType,
          instanceCount: candidate.instanceCount,
          acceleratorsPerCopy: candidate.acceleratorsPerCopy,
          copiesPerInstance: candidate.copiesPerInstance,
          memorySizeMB: candidate.memorySizeMB,
          maxConcurrency: candidate.maxConcurrency,
          scalesToZero: candidate.scalesToZero,
        }
      : {
          instanceType: candidate.instanceType,
          instanceCount: candidate.instanceCount,
          acceleratorsPerCopy: candidate.acceleratorsPerCopy,
          copiesPerInstance: candidate.copiesPerInstance,
          scalesToZero: candidate.scalesToZero,
        };
  const monthlyCostUsd = roundOutput(candidate.monthlyCostUsd);
  const costPerMillionRequestsUsd = roundOutput(
    load.requestsPerMonth > 0 ? (candidate.monthlyCostUsd / load.requestsPerMonth) * 1e6 : 0,
  );
  const latencyMs = { p50: roundOutput(candidate.p50Ms), p95: roundOutput(candidate.p95Ms) };
  const coldStartS = roundOutput(candidate.coldStartS);
  const coldFraction = roundOutput(candidate.coldFraction);
  const memoryGiB = roundOutput(footprint.copyGiB);
  const throughputRpsPerInstance = roundOutput(candidate.throughputRpsPerInstance);
  const requestsPerMonth = roundOutput(load.requestsPerMonth);
  const priceConfirmed = candidate.priceConfirmed;
  const estimates: RankedOption["estimates"] =
    perf.ttftMs !== undefined && ttftMs !== undefined && perf.perTokenMs !== undefined
      ? {
          monthlyCostUsd,
          costPerMillionRequestsUsd,
          latencyMs,
          ttftMs: roundOutput(ttftMs),
          perTokenMs: roundOutput(candidate.perTokenMs ?? perf.perTokenMs),
          coldStartS,
          coldFraction,
          memoryGiB,
          throughputRpsPerInstance,
          requestsPerMonth,
          priceConfirmed,
        }
      : {
          monthlyCostUsd,
          costPerMillionRequestsUsd,
          latencyMs,
          coldStartS,
          coldFraction,
          memoryGiB,
          throughputRpsPerInstance,
          requestsPerMonth,
          priceConfirmed,
        };
  return {
    option: a.option,
    feasible: true,
    placement,
    estimates,
    violations: [],
    rank: scored.rank,
    score: scored.score,
    fitness: scored.fitness,
    tradeoffs: scored.tradeoffs,
  };
}

// The scores rounded for output, in their own key order.
function roundScores(fitness: FitnessScores): RankedOption["fitness"] & object {
  const out: Record<string, number> = {};
  for (const k in fitness) out[k] = roundOutput(fitness[k as FitnessId]);
  return out as RankedOption["fitness"] & object;
}

/** A feasible option with its fitness scores and weighted score. */
export interface ScoredOption {
  readonly a: Assessment & { candidate: Candidate };
  readonly fitness: FitnessScores;
  readonly score: number;
}

/**
 * The order of scored options: higher score, then lower cost, then option id. Scores that differ only by
 * floating-point noise (equal weighted sums added up in another order) are ties for cost and id to decide;
 * compared unrounded, the noise decided, and raising a weight could swap two options it changed equally. Nine
 * decimals is far finer than the four digits shown.
 */
export function rankOrder(x: ScoredOption, y: ScoredOption): number {
  return (
    Math.round(y.score * 1e9) - Math.round(x.score * 1e9) ||
    x.a.candidate.monthlyCostUsd - y.a.candidate.monthlyCostUsd ||
    (x.a.option < y.a.option ? -1 : 1)
  );
}

/** Scores the feasible options and sorts them in {@link rankOrder}. */
export function scoreOptions(
  workload: Workload,
  knowledge: Knowledge,
  assessed: Assessed,
  weights: Readonly<Record<FitnessId, number>>,
): ScoredOption[] {
  const { load, footprint, assessments } = assessed;
  const feasible = assessments.filter((a): a is Assessment & { candidate: Candidate } => a.candidate !== null);
  const bestCost = Math.min(...feasible.map((a) => a.candidate.monthlyCostUsd));
  const scored = feasible.map((a) => {
    const fitness = scoreFitness(
      knowledge.rules.fitness,
      fitnessInputs(workload, load, footprint, a, a.candidate, bestCost, knowledge),
    );
    return { a, fitness, score: weightedScore(fitness, weights) };
  });
  return scored.sort(rankOrder);
}

/**
 * Ranks the six hosting options for one validated workload: feasible options by weighted fitness score
 * (ties by lower cost, then option id), then infeasible ones with the limits they break. With `whatIf`, also
 * searches the core for the inputs that would change the answer, the break-even volume and the cost curve.
 * Pure and deterministic.
 */
export function recommendWorkload(
  workload: Workload,
  knowledge: Knowledge,
  options: RecommendOptions = {},
): RankedResult {
  const ctx = sizingContext(workload, knowledge);
  const assessed = assessInContext(ctx);
  const { load, footprint, assessments } = assessed;
  const weights = weightsFor(workload, knowledge, options);
  const scored = scoreOptions(workload, knowledge, assessed, weights);

  const winner = scored[0];
  const ranking: RankedOption[] = scored.map(({ a, fitness, score }, i) =>
    rankedEntry(a, a.candidate, load, footprint, knowledge.rules.options[a.option].limits.streaming.value === 1, {
      rank: i + 1,
      score: roundOutput(score),
      fitness: roundScores(fitness),
      tradeoffs: winner && i > 0 ? describeTradeoffs(a, winner.a, fitness, winner.fitness, knowledge) : [],
    }),
  );
  for (const a of assessments) {
    if (a.candidate) continue;
    ranking.push({
      option: a.option,
      rank: null,
      feasible: false,
      score: null,
      tradeoffs: [],
      violations: [...a.violations],
    });
  }
  const result: RankedResult = {
    workload: workload.name,
    ok: true,
    recommendation: winner ? winner.a.option : null,
    summary: summarize(
      workload,
      winner ? winner.a : null,
      scored.slice(1).map((s) => s.a),
      assessments,
      knowledge,
    ),
    sensitivity: [],
    ranking,
  };
  if (!options.whatIf) return result;
  // Re-weighting the same workload re-scores its existing assessment; any other change re-assesses.
  const rank = (w: Workload, wts = weightsFor(w, knowledge, options)) =>
    scoreOptions(w, knowledge, w === workload ? assessed : assessVariant(w, ctx), wts);
  return { ...result, ...analyzeWhatIf(workload, knowledge, { assessed, scored, weights }, rank) };
}
