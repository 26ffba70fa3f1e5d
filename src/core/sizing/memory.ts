import type { ComputeDevice } from "../../schema/catalog.js";
import type { AcceleratorKind } from "../../schema/ids.js";
import type { Workload } from "../../schema/workload.js";
import type { Sizing } from "../../schema/rules.js";
import { GiB } from "../units.js";

export interface Architecture {
  readonly layers: number;
  readonly hiddenSize: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
}

/** How much memory one copy of the model needs, and what it is made of. */
export interface Footprint {
  readonly parameters: number;
  readonly weightsBytes: number;
  readonly isLlm: boolean;
  readonly architecture: Architecture;
  /** KV cache per token of context (bytes); 0 for non-LLMs. */
  readonly kvBytesPerToken: number;
  /** Tokens of context one sequence holds (prompt + generation, at least the minimum reserved). */
  readonly contextTokens: number;
  /** Weights + activations + runtime + one sequence of KV cache (GiB). */
  readonly copyGiB: number;
  readonly artifactBytes: number;
  /** A time per request the workload gives instead of the model's physics (see measured.ts). */
  readonly measured?: MeasuredTime;
}

/** A measured time per request (ms), with the hardware it was measured on where the workload names it. */
export interface MeasuredTime {
  readonly ms: number;
  /** One copy's hardware there (a ComputeUnit): the time scales from it to other hardware by the physics. */
  readonly on?: {
    readonly kind: AcceleratorKind;
    readonly device: ComputeDevice;
    readonly devices: number;
    readonly freeBytes: number;
  };
  readonly instanceType?: string;
}

// The lengths TokensSchema defaults to, for a workload that gives no tokens at all.
const DEFAULT_TOKENS = { input: 512, output: 256 } as const;

/** An LLM request's prompt and answer lengths in tokens: the workload's own, or the defaults when it gives none. */
export function tokensOf(workload: Workload): { readonly input: number; readonly output: number } {
  return workload.tokens ?? DEFAULT_TOKENS;
}

/**
 * Derives a dense transformer's shape from its parameter count: 12 * layers * hidden^2 parameters with
 * hidden / layers fixed, as the Llama family has.
 */
export function deriveArchitecture(parameters: number, sizing: Sizing): Architecture {
  const { widthPerLayer, headDim, maxKvHeads } = sizing.architecture;
  const hidden = Math.cbrt((widthPerLayer * parameters) / 12);
  const layers = Math.max(1, Math.round(hidden / widthPerLayer));
  const heads = Math.max(1, Math.round(hidden / headDim));
  return { layers, hiddenSize: Math.round(hidden), heads, kvHeads: Math.min(heads, maxKvHeads), headDim };
}

export function modelFootprint(workload: Workload, sizing: Sizing): Footprint {
  const { model } = workload;
  const m = sizing.memory;
  const weightsBytes = model.parameters * m.bytesPerParameter[model.precision];
  const isLlm = model.kind === "llm";
  const given = model.architecture;
  const architecture: Architecture = given
    ? {
        layers: given.layers,
        hiddenSize: given.hiddenSize,
        heads: given.heads,
        kvHeads: given.kvHeads ?? given.heads,
        headDim: Math.max(1, Math.round(given.hiddenSize / given.heads)),
      }
    : deriveArchitecture(model.parameters, sizing);
  const kvBytesPerToken = isLlm
    ? 2 * architecture.layers * architecture.kvHeads * architecture.headDim * m.kvBytesPerElement[model.precision]
    : 0;
  const tokens = tokensOf(workload);
  const contextTokens = isLlm ? Math.max(m.minContextTokens, tokens.input + tokens.output) : 0;
  const copyBytes = weightsBytes * (1 + m.activationFraction) + kvBytesPerToken * contextTokens;
  return {
    parameters: model.parameters,
    weightsBytes,
    isLlm,
    architecture,
    kvBytesPerToken,
    contextTokens,
    copyGiB: copyBytes / GiB + m.runtimeOverheadGiB,
    artifactBytes: model.artifactSize ?? weightsBytes,
  };
}
