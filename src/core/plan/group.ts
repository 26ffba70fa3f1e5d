import type { OptionId } from "../../schema/ids.js";
import type { Candidate } from "../sizing/context.js";
import type { Member } from "./member.js";

// A group: members that share one endpoint, sized as one candidate, and the sums the grouping compares.

export interface Group {
  readonly option: OptionId;
  readonly members: Member[];
  readonly candidate: Candidate;
  readonly why: string;
}

export function modelsOf(members: readonly Member[]): number {
  return members.reduce((n, m) => n + m.workload.model.count, 0);
}

export function sumUsd(members: readonly Member[], pick: (m: Member) => number): number {
  return members.reduce((n, m) => n + pick(m), 0);
}

export function aloneUsd(m: Member): number {
  return m.alone.candidate.monthlyCostUsd;
}

// Data processing is billed per request whatever the packing: what a candidate costs beyond its instances.
export function dataCost(c: Candidate, hours: number): number {
  return Math.max(0, c.monthlyCostUsd - c.averageInstances * c.hourlyUsd * hours);
}
