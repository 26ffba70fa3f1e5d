import type { FitnessScores } from "../../schema/output.js";
import type { Workload } from "../../schema/workload.js";
import type { Assessment } from "./assess.js";
import { seenLatency } from "../sizing/coldstart.js";
import type { Candidate } from "../sizing/context.js";
import type { Knowledge } from "../types.js";
import { formatQuantity, formatUsd } from "../units.js";

// A copy over several accelerators is part of what to deploy (the container's tensor-parallel degree).
function placementText(c: Candidate): string {
  if (c.memorySizeMB !== undefined)
    return `${c.memorySizeMB} MB serverless${c.provisionedConcurrency ? ` with ${c.provisionedConcurrency} provisioned concurrency` : ""}`;
  const spread = c.acceleratorsPerCopy > 1 ? `, ${c.acceleratorsPerCopy} accelerators a copy` : "";
  return `${c.instanceCount > 1 ? `${c.instanceCount}x ` : ""}${c.instanceType}${spread}`;
}

/**
 * Compares one option with another in numbers, from the first's side: cost first, then latency as users see it,
 * cold starts, and what the rules' trade-off phrases name. A runner-up is compared with the winner; the winner
 * with the best alternative, which says what it gives up for what it gains.
 */
export function describeTradeoffs(
  a: Assessment,
  other: Assessment,
  fitness: FitnessScores,
  otherFitness: FitnessScores,
  workload: Workload,
  knowledge: Knowledge,
): string[] {
  const timed = workload.latency.target !== "none";
  const c = a.candidate as Candidate;
  const w = other.candidate as Candidate;
  const name = knowledge.rules.options[other.option].name;
  const gains: string[] = [];
  const losses: string[] = [];
  const ratio = c.monthlyCostUsd / w.monthlyCostUsd;
  if (ratio < 0.995)
    gains.push(
      `${ratio < 0.01 ? "under 1% of the cost of" : `${Math.min(99, Math.round((1 - ratio) * 100))}% cheaper than`} ${name} (${formatUsd(c.monthlyCostUsd)} vs ${formatUsd(w.monthlyCostUsd)} a month)`,
    );
  else if (ratio > 1.005)
    losses.push(
      `${ratio >= 2 ? `${ratio.toFixed(1)}x the cost of` : `${Math.round((ratio - 1) * 100)}% dearer than`} ${name} (${formatUsd(c.monthlyCostUsd)} vs ${formatUsd(w.monthlyCostUsd)} a month)`,
    );
  const p95 = seenLatency(c).p95Ms;
  const otherP95 = seenLatency(w).p95Ms;
  // Without a latency target (offline work) a request's latency is nobody's concern: no sentence compares it.
  if (timed && p95 < otherP95 * 0.9)
    gains.push(`faster: p95 ${formatQuantity(p95, "ms")} vs ${formatQuantity(otherP95, "ms")}`);
  else if (timed && p95 > otherP95 * 1.1)
    losses.push(`slower: p95 ${formatQuantity(p95, "ms")} vs ${formatQuantity(otherP95, "ms")}`);
  if (c.coldFraction > 0.001 && c.coldFraction > w.coldFraction * 1.5) {
    losses.push(
      `cold requests (${formatQuantity(c.coldFraction, "share")}) wait ~${formatQuantity(c.coldStartS * 1000, "ms")}`,
    );
  }
  for (const { fitness: id, margin, gain, loss } of knowledge.rules.tradeoffs) {
    if (loss && fitness[id] < otherFitness[id] - margin) losses.push(loss);
    else if (gain && fitness[id] > otherFitness[id] + margin) gains.push(gain);
  }
  if (gains.length === 0 && losses.length === 0) return [`on a par with ${name}`];
  if (gains.length === 0) return [capitalize(losses.join(", "))];
  if (losses.length === 0) return [capitalize(gains.join(", "))];
  return [`${capitalize(gains.join(", "))}, but ${losses.join(", ")}`];
}

// Within this share of a limit, the winner is said to sit close to it.
const CLOSE_TO_LIMIT = 0.8;

/**
 * The limits a placement sits close to, one clause each: its warm p95 against the target, and its copy's memory.
 * A winner that nears them has little room for growth.
 */
export function closeToLimits(c: Candidate, workload: Workload): string[] {
  const notes: string[] = [];
  const target = workload.latency.target;
  if (target !== "none" && c.p95Ms >= CLOSE_TO_LIMIT * target)
    notes.push(
      `its warm p95 (${formatQuantity(c.p95Ms, "ms")}) uses ${formatQuantity(c.p95Ms / target, "share")} of the ${formatQuantity(target, "ms")} target`,
    );
  if (c.memoryUtilization >= CLOSE_TO_LIMIT)
    notes.push(`the model fills ${formatQuantity(c.memoryUtilization, "share")} of a copy's memory`);
  return notes;
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

type Feasible = Assessment & { candidate: Candidate };

/** A measure of the placement itself on which a winner can lead every other feasible option outright. */
interface Strength {
  readonly beats: (winner: Feasible, other: Feasible, knowledge: Knowledge, workload: Workload) => boolean;
  readonly text: (c: Candidate) => string;
}

const isolationLevel = (a: Assessment, knowledge: Knowledge) =>
  knowledge.rules.options[a.option].limits.isolation.value ?? 0;

// In the order a summary gives them, at most two. Isolation is a reason only where the workload asks for some:
// more than a shared workload needs is not why it should pick an option.
const STRENGTHS: readonly Strength[] = [
  {
    beats: (w, o) => w.candidate.monthlyCostUsd < o.candidate.monthlyCostUsd,
    text: (c) => `lowest cost (${formatUsd(c.monthlyCostUsd)} a month)`,
  },
  {
    beats: (w, o, _knowledge, workload) =>
      workload.latency.target !== "none" && seenLatency(w.candidate).p95Ms < seenLatency(o.candidate).p95Ms,
    text: (c) => `fastest (p95 ${formatQuantity(seenLatency(c).p95Ms, "ms")} at peak)`,
  },
  {
    beats: (w, o, knowledge, workload) =>
      workload.isolation !== "shared" && isolationLevel(w, knowledge) > isolationLevel(o, knowledge),
    text: () => "strongest isolation",
  },
];

/** One sentence a person can act on: what to deploy and why, or why nothing fits. */
export function summarize(
  workload: Workload,
  winner: Assessment | null,
  others: readonly Assessment[],
  all: readonly Assessment[],
  knowledge: Knowledge,
): string {
  if (!winner) {
    // The most capable option's reason is the most telling one.
    const telling = ["single-model", "inference-components", "async", "batch-transform", "multi-model", "serverless"]
      .map((id) => all.find((a) => a.option === id))
      .find((a) => a && a.violations.length > 0);
    const reason = telling?.violations[0]?.message ?? "no option passes its limits";
    return `No hosting option can serve ${workload.name}: ${reason}.`;
  }
  const c = winner.candidate as Candidate;
  const name = knowledge.rules.options[winner.option].name;
  const leads =
    others.length === 0
      ? []
      : STRENGTHS.filter((s) => others.every((o) => s.beats(winner as Feasible, o as Feasible, knowledge, workload)));
  const why =
    leads.length > 0
      ? leads
          .slice(0, 2)
          .map((s) => s.text(c))
          .join(" and ")
      : workload.latency.target === "none"
        ? `${formatUsd(c.monthlyCostUsd)} a month`
        : `${formatUsd(c.monthlyCostUsd)} a month, p95 ${formatQuantity(seenLatency(c).p95Ms, "ms")} at peak`;
  const feasible = others.length + 1;
  const alone = feasible === 1 ? "the only feasible option" : `${feasible} of ${all.length} options feasible`;
  // A cost that rests on an estimated price says so wherever it is shown; here, in words.
  const estimated = c.priceConfirmed
    ? ""
    : `; ${c.memorySizeMB !== undefined ? "the serverless" : `${c.instanceType}'s`} price is an estimate, not read from AWS's price list`;
  return `Use ${name} on ${placementText(c)}: ${why}; ${alone}${estimated}.`;
}
