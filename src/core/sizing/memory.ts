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
  /** Parameters each token computes with: all of a dense model's, the active ones of a mixture of experts. */
  readonly parameters: number;
  /** Every weight the copy holds (all experts of a mixture). */
  readonly weightsBytes: number;
  /** Share of the weights one token reads: 1 for a dense model, active / total parameters for a mixture. */
  readonly activeShare: number;
  readonly isLlm: boolean;
  readonly architecture: Architecture;
  /** KV cache per token of context (bytes); 0 for non-LLMs. */
  readonly kvBytesPerToken: number;
  /** Tokens of context one sequence holds (prompt + generation, at least the minimum reserved). */
  readonly contextTokens: number;
  /** Weights + activations + runtime + one sequence of KV cache (GiB). */
  readonly copyGiB: number;
  /**
   * A multi-model group of models that differ in size: the memory one of its models takes in the cache on average
   * (the count-weighted mean of its members' copies), while `copyGiB`, the largest's, is what an instance must hold.
   */
  readonly cachedGiB?: number;
  readonly artifactBytes: number;
  /** A time per request the workload gives instead of the model's physics (see measured.ts). */
  readonly measured?: MeasuredTime;
  /** Factors the workload's own measurements set on the model's times (see measured.ts). */
  readonly corrections?: Corrections;
}

/** How much slower (above 1) or faster than the model the workload's own measurements found each kind of work. */
export interface TimeFactors {
  readonly prefill: number;
  readonly decode: number;
  readonly forward: number;
}

/** What one measured row found against the model on the hardware it was taken on. */
export interface MeasuredAgainstModel {
  readonly row: NonNullable<Workload["measured"]>[number];
  readonly unit: NonNullable<MeasuredTime["on"]>;
  readonly factors: TimeFactors;
}

/** A measured row's factors on the hardware it was taken on, and the rows' geometric mean elsewhere. */
export interface Corrections {
  /** Keyed by `unitKey` of the hardware one copy had where the row was measured. */
  readonly byUnit: ReadonlyMap<string, TimeFactors>;
  readonly elsewhere: TimeFactors;
  /** Each row against the model, for the result's assumptions. */
  readonly rows: readonly MeasuredAgainstModel[];
}

/** The key of a copy's hardware in {@link Corrections}: its device and how many of them (or vCPUs) it has. */
export function unitKey(unit: { readonly device: ComputeDevice; readonly devices: number }): string {
  return `${unit.device.id}:${unit.devices}`;
}

const NO_CORRECTION: TimeFactors = { prefill: 1, decode: 1, forward: 1 };

/** The factors the workload's measurements set on a copy's hardware: its own row's, else their mean. */
export function correctionsOn(
  footprint: Footprint,
  unit: { readonly device: ComputeDevice; readonly devices: number },
): TimeFactors {
  const c = footprint.corrections;
  return c ? (c.byUnit.get(unitKey(unit)) ?? c.elsewhere) : NO_CORRECTION;
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

/**
 * Parameters each token computes with: the model's own, or for a mixture of experts its `activeParameters`, else
 * `parameters x expertsPerToken / experts` (which leaves out the weights every token shares, such as attention:
 * ~10% under for Mixtral 8x7B).
 */
export function activeParameters(model: Workload["model"]): number {
  const a = model.architecture;
  if (a?.experts === undefined) return model.parameters;
  if (a.activeParameters !== undefined) return a.activeParameters;
  return a.expertsPerToken !== undefined ? (model.parameters * a.expertsPerToken) / a.experts : model.parameters;
}

/**
 * The weights `tokens` tokens read in one pass (bytes): all of a dense model's; of a mixture, each weight is read
 * when some token's experts hold it, so more tokens touch more experts until every one is read.
 */
export function weightsRead(footprint: Footprint, tokens: number): number {
  if (footprint.activeShare >= 1) return footprint.weightsBytes;
  return footprint.weightsBytes * (1 - (1 - footprint.activeShare) ** Math.max(1, tokens));
}

export function modelFootprint(workload: Workload, sizing: Sizing): Footprint {
  const { model } = workload;
  const m = sizing.memory;
  const weightsBytes = model.parameters * m.bytesPerParameter[model.precision];
  const isLlm = model.kind === "llm";
  const active = activeParameters(model);
  const given = model.architecture;
  // A mixture's attention and KV cache are those of a dense model of its active size.
  const architecture: Architecture =
    given?.layers !== undefined && given.hiddenSize !== undefined && given.heads !== undefined
      ? {
          layers: given.layers,
          hiddenSize: given.hiddenSize,
          heads: given.heads,
          kvHeads: given.kvHeads ?? given.heads,
          headDim: Math.max(1, Math.round(given.hiddenSize / given.heads)),
        }
      : deriveArchitecture(active, sizing);
  const kvBytesPerToken = isLlm
    ? 2 * architecture.layers * architecture.kvHeads * architecture.headDim * m.kvBytesPerElement[model.precision]
    : 0;
  const tokens = tokensOf(workload);
  const contextTokens = isLlm ? Math.max(m.minContextTokens, tokens.input + tokens.output) : 0;
  const copyBytes = weightsBytes * (1 + m.activationFraction) + kvBytesPerToken * contextTokens;
  return {
    parameters: active,
    weightsBytes,
    activeShare: active / model.parameters,
    isLlm,
    architecture,
    kvBytesPerToken,
    contextTokens,
    copyGiB: copyBytes / GiB + m.runtimeOverheadGiB,
    artifactBytes: model.artifactSize ?? weightsBytes,
  };
}
