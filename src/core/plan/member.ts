import type { OptionId } from "../../schema/ids.js";
import type { Workload } from "../../schema/workload.js";
import { idleProbability } from "../sizing/coldstart.js";
import { timedByWork } from "../sizing/work.js";
import type { Candidate } from "../sizing/context.js";
import type { Assessment } from "../assess/assess.js";
import type { Load } from "../sizing/traffic.js";
import type { Knowledge } from "../types.js";

// A workload as the fleet planner sees it, and what both the grouping and the plan's lower bound read of it.

/**
 * One workload as the planner sees it. `best` is its recommendation (the individual baseline); `alone` is its
 * cheapest feasible option, which the plan uses when sharing does not pay, since a plan minimises cost.
 */
export interface Member {
  readonly workload: Workload;
  readonly load: Load;
  readonly assessments: readonly Assessment[];
  readonly best: Assessment & { candidate: Candidate };
  readonly alone: Assessment & { candidate: Candidate };
  /** Its cheapest option is serverless, but the Region's quota left it none: it may share, whatever `alone` is. */
  readonly movedOffServerless: boolean;
  readonly individualUsd: number;
  readonly dedicatedUsd: number;
  /** Whether the dedicated baseline puts it on serverless (no real-time endpoint of its own is feasible). */
  readonly dedicatedServerless: boolean;
}

// Workloads share a multi-model endpoint only within this ratio of latency targets (a latency class).
export const LATENCY_CLASS_RATIO = 10;

export function feasible(member: Member, option: OptionId): (Assessment & { candidate: Candidate }) | undefined {
  const a = member.assessments.find((x) => x.option === option);
  return a?.candidate ? (a as Assessment & { candidate: Candidate }) : undefined;
}

export function hardwareKind(m: Member): "gpu" | "cpu" {
  return feasible(m, "multi-model")!.candidate.acceleratorsPerCopy > 0 ? "gpu" : "cpu";
}

/**
 * Whether a workload's requests do work of their own kind: an LLM's generations, work a request asks for (diffusion
 * steps, audio), or a time given outright or corrected by measurements. A multi-model group neither scales such
 * requests to another model's nor sizes them to a looser target than their own (`groupTarget`).
 */
export function fixedWork(w: Workload): boolean {
  return (
    w.model.kind === "llm" || timedByWork(w.model.kind) || w.processingTime !== undefined || w.measured !== undefined
  );
}

// Multi-model groups hold one framework on one kind of hardware (see `compatible`).
export function mmeClass(m: Member): string {
  return `${m.workload.model.framework}/${hardwareKind(m)}`;
}

// The share of the month one of the member's models is loaded on its candidate: all of it where the candidate
// keeps it warm (the option could rest, but the workload does not tolerate its cold start); else its active hours
// times the share of them with a request within the idle window.
export function loadedShareOf(m: Member, c: Candidate, knowledge: Knowledge): number {
  if (!c.scalesToZero) return 1;
  const option = knowledge.rules.options[c.option];
  const upShare = 1 - idleProbability(m.load.meanRps / m.workload.model.count, option.idleReleaseS ?? 0);
  return activeShareOf(m, c, knowledge) * upShare;
}

// Models loaded all but this share of the month count as loaded all of it on an inference component: their slots
// are held throughout, which prices them no lower than the rounding their rare absences could save.
export const STEADY_LOADED_SHARE = 0.99;

export function activeShareOf(m: Member, c: Candidate, knowledge: Knowledge): number {
  return knowledge.rules.options[c.option].scaleToZero ? m.load.activeHoursPerDay / 24 : 1;
}
