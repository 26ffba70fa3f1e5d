import type { OptionRules } from "../../schema/rules.js";
import type { Workload } from "../../schema/workload.js";
import type { SizingContext } from "./context.js";
import type { ComputeBudget } from "./performance.js";

// What the workload's SLOs leave for compute once the option's overheads and the payload's transfer are paid.

/** Time to move a request and its response between client and endpoint (ms). */
export function transferMs(workload: Pick<Workload, "payload">, ctx: Pick<SizingContext, "knowledge">): number {
  const bytes = workload.payload.request + (workload.payload.response ?? workload.payload.request);
  return bytes / (ctx.knowledge.rules.sizing.performance.clientBandwidthMBps * 1e3);
}

/**
 * What is left of the workload's SLOs for compute on an option, after its overheads and the payload transfer,
 * and within the option's processing time limit.
 */
export function budgetFor(option: OptionRules, ctx: SizingContext): ComputeBudget {
  const { latency } = ctx.workload;
  const overhead = option.overheadMs + transferMs(ctx.workload, ctx);
  const target = latency.target === "none" ? Infinity : latency.target;
  // Without response streaming the first token arrives with the last, so a TTFT SLO bounds the whole request.
  const streams = option.limits.streaming.value === 1;
  const firstToken = latency.ttft ?? Infinity;
  // A request's compute time must stay within the option's limit, at its p95 (as max-processing-time measures it)
  // and at whatever batch it runs: past the limit the request times out, and a loose target would otherwise let
  // sizing pick hardware on which one request in several does.
  const processingMs = option.limits.processingMs.value ?? Infinity;
  return {
    computeP95Ms: Math.min((streams ? target : Math.min(target, firstToken)) - overhead, processingMs),
    ttftMs: firstToken,
    perTokenMs: latency.perToken ?? Infinity,
  };
}
