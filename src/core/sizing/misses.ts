import type { Instance } from "../../schema/catalog.js";
import type { OptionId } from "../../schema/ids.js";
import { ACCELERATOR_KINDS } from "../../schema/vocabulary.js";
import type { OptionRules } from "../../schema/rules.js";
import type { Violation } from "../../schema/output.js";
import type { Workload } from "../../schema/workload.js";
import { formatQuantity, roundHundredths } from "../units.js";
import type { SizingContext } from "./context.js";

// Why an option has no candidate, as violations a user can act on.

// What a latency miss is: the p95 target, or (with the target met or absent) the time-to-first-token or per-token SLO.
function missMessage(
  name: string,
  streams: boolean,
  target: number | "none",
  bestP95: number | null,
  latency: Workload["latency"],
): string {
  const p95 = formatQuantity(bestP95 ?? 0, "ms");
  if (target !== "none" && (bestP95 ?? Infinity) > target)
    return `best p95 on ${name} is ${p95}, over the ${formatQuantity(target, "ms")} target`;
  // Without streaming the first token comes with the whole response: that, not the hardware, is the reason.
  if (!streams && latency.ttft !== undefined)
    return `${name} does not stream responses, so the first token comes with the whole response (best p95 ${p95}), not within ${formatQuantity(latency.ttft, "ms")}`;
  const slos = [
    latency.ttft !== undefined ? `a first token within ${formatQuantity(latency.ttft, "ms")}` : "",
    latency.perToken !== undefined ? `a token every ${formatQuantity(latency.perToken, "ms")}` : "",
  ].filter((s) => s !== "");
  if (slos.length > 0)
    return `no instance gives ${slos.join(" and ")} on ${name}${target === "none" ? "" : ` (best p95 ${p95}, within the target)`}`;
  return `no instance finishes the work within the deadline on ${name}`;
}

/**
 * Why an option has no candidate: nothing eligible, nothing the model fits on, or nothing fast enough. Where
 * something fits it is eligible too, so the eligible instances are looked for only when nothing fits.
 */
export function explainMiss(
  optionId: OptionId,
  option: OptionRules,
  ctx: SizingContext,
  fastest: number | null,
  bestP95: number | null,
): Violation[] {
  const { workload, footprint } = ctx;
  if (fastest === null) {
    // Memory over the largest serverless size is the max-memory constraint's to report.
    if (option.hosting === "serverless") return [];
    const eligible = ctx.allowed.filter((i) => i.options.includes(optionId));
    if (eligible.length === 0) {
      // Where the framework runs on some hardware only, that is half the reason.
      const { framework } = workload.model;
      const { runsOn, source } = ctx.knowledge.rules.sizing.frameworks[framework];
      const restricted = runsOn.length < ACCELERATOR_KINDS.length;
      return [
        {
          rule: `${optionId}-eligible-instance`,
          limit: null,
          actual: null,
          unit: "",
          message: `no instance type that ${option.name} accepts is allowed by the workload's constraints${restricted ? ` and runs ${framework} (on ${runsOn.join(", ")} only)` : ""}`,
          hint: restricted
            ? `widen constraints.instanceTypes or constraints.accelerators to include ${runsOn.join(" or ")} instances`
            : "widen constraints.instanceTypes or constraints.accelerators",
          ...(restricted && source ? { source } : {}),
        },
      ];
    }
    const largest = eligible.reduce((best, i) => Math.max(best, capacityGiB(i, ctx)), 0);
    const source = eligible.find((i) => capacityGiB(i, ctx) === largest)?.specSource;
    return [
      {
        rule: `${optionId}-model-fits`,
        limit: roundHundredths(largest),
        actual: roundHundredths(footprint.copyGiB),
        unit: "GiB",
        message: `needs ${formatQuantity(footprint.copyGiB, "GiB")} per copy; the largest that ${option.name} can give one copy is ${formatQuantity(largest, "GiB")}`,
        hint: "quantize the model (fp8, int8, int4) or allow larger instance types",
        ...(source ? { source } : {}),
      },
    ];
  }
  const target = workload.latency.target;
  // Where even the fastest request takes longer than the option allows, the constraint on the processing limit
  // says so; the target is reported beside it only where it is missed too.
  // (Nor are the token SLOs said to be missed then: the processing limit alone may have ruled every instance out.)
  const limitSays =
    fastest * ctx.knowledge.rules.sizing.performance.p95OverP50 > (option.limits.processingMs.value ?? Infinity) &&
    ctx.knowledge.rules.constraints.some((c) => c.limit === "processingMs");
  if (limitSays && (target === "none" || (bestP95 ?? 0) <= target)) return [];
  return [
    {
      rule: `${optionId}-latency-target`,
      limit: target === "none" ? null : roundHundredths(target),
      actual: bestP95 === null ? null : roundHundredths(bestP95),
      unit: "ms",
      message: missMessage(option.name, option.limits.streaming.value === 1, target, bestP95, workload.latency),
      hint: "relax the latency target, quantize the model, or allow faster hardware",
    },
  ];
}

// The most memory one copy can have on this instance (GiB): all its accelerators, or its RAM.
function capacityGiB(instance: Instance, ctx: SizingContext): number {
  const { memory } = ctx.knowledge.rules.sizing;
  if (!instance.accelerator) return instance.memoryGiB - memory.hostReserveGiB;
  const device = ctx.devices.get(instance.accelerator.device);
  return (device?.memoryGiB ?? 0) * (1 - memory.deviceReserveFraction) * instance.accelerator.count;
}
