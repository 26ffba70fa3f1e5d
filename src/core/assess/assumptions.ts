import { QUOTAS_DOC } from "../../schema/vocabulary.js";
import type { Workload } from "../../schema/workload.js";
import { gravitonImage } from "../sizing/instances.js";
import { measuredAssumption, measuredRowsAssumption } from "../sizing/measured.js";
import type { Footprint } from "../sizing/memory.js";
import { onDemandReason, type CommittedPricing } from "../sizing/prices.js";
import { availabilityFloor } from "../sizing/option-fleet.js";
import { workAssumption } from "../sizing/work.js";
import type { Knowledge } from "../types.js";
import type { Assessment } from "./assess.js";

// What a committed workload's costs take for granted: the rates' file, that the commitment is used every hour, and
// where the winner stays on-demand.
function commitmentAssumption(pricing: CommittedPricing, winner: Assessment | undefined): string {
  const why = winner?.candidate
    ? onDemandReason(pricing, winner.candidate.instanceType, winner.option === "serverless")
    : undefined;
  const rates =
    pricing.source !== undefined
      ? `costs use the ${pricing.commitment} SageMaker Savings Plans rates of ${pricing.region} (${pricing.source}, ${pricing.asOf}), effective hourly rates with any upfront payment spread over the term; a commitment is paid every hour of the term whether used or not, so these costs hold for instance-hours covered by a commitment sized to them`
      : `${pricing.commitment} was asked for, but no Savings Plans rates were imported for ${pricing.region}: every cost is on-demand`;
  return why !== undefined && pricing.source !== undefined ? `${rates}; the winner is ${why}` : rates;
}

/**
 * What the estimates take for granted that the workload does not say: where a measured time was taken, what a
 * request's time follows, and whose runtime an LLM on Neuron is timed for. Present only when there is any.
 */
export function assumptionsOf(
  workload: Workload,
  footprint: Footprint,
  scored: readonly { readonly assessment: Assessment }[],
  knowledge: Knowledge,
  pricing?: CommittedPricing,
): { assumptions?: string[] } {
  const lines: string[] = [];
  if (pricing) lines.push(commitmentAssumption(pricing, scored[0]?.assessment));
  const measured = measuredAssumption(footprint) ?? measuredRowsAssumption(footprint);
  if (measured) lines.push(measured);
  else {
    const work = workAssumption(workload, knowledge.rules.sizing);
    if (work) lines.push(work);
  }
  const winner = scored[0]?.assessment;
  const floor = winner ? availabilityFloor(winner.option, workload, knowledge.rules.sizing) : 1;
  if (winner?.candidate && !winner.candidate.scalesToZero && floor > 1)
    lines.push(
      `an always-on real-time endpoint keeps at least ${floor} instances, so that one Availability Zone's outage does not take it down (${knowledge.rules.sizing.availability.source}); set availability: { minInstances: 1 } to accept one`,
    );
  const winnerType = winner?.candidate?.instanceType;
  if (winnerType && knowledge.catalog.instances.find((i) => i.instanceType === winnerType)?.arch === "arm64")
    lines.push(gravitonImage(winnerType));
  // Accounts often start with an endpoint quota of 0 for accelerated types; without the account's quotas, say so.
  if (
    !knowledge.quotas &&
    winner?.candidate &&
    winner.candidate.acceleratorKind !== "cpu" &&
    winner.option !== "serverless"
  )
    lines.push(
      `${winnerType} is taken as launchable: accounts often start with a quota of 0 instances of GPU and Neuron types "for ${winner.option === "batch-transform" ? "transform job" : "endpoint"} usage", and a deploy over the quota fails with ResourceLimitExceeded (${QUOTAS_DOC}); check with aws service-quotas list-service-quotas --service-code sagemaker and pass the output with --quotas`,
    );
  const onNeuron = scored.some((s) => {
    const kind = s.assessment.candidate?.acceleratorKind;
    return kind === "inferentia" || kind === "trainium";
  });
  if (footprint.isLlm && !footprint.measured && !footprint.corrections && onNeuron) {
    const stack = knowledge.rules.sizing.performance.neuronServingStackMs;
    lines.push(
      `Inferentia and Trainium token times are the Neuron runtime's (AWS's LMI / NxD Inference containers); Hugging Face's TGI and vLLM Neuron containers measured about ${stack.decodeStep} ms more a token and ${stack.prefill} ms more to the first token`,
    );
  }
  return lines.length > 0 ? { assumptions: lines } : {};
}
