/** SageMaker resource names for a workload's deployment: the name rule, the sanitized stem and its suffixes. */

/** The SageMaker name rule for models, endpoint configs, endpoints, inference components and transform jobs. */
export const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const NAME_MAX = 63;

// FNV-1a, 32 bits, in base 36: a short, stable fingerprint that keeps sanitized names distinct.
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, "0");
}

/**
 * A SageMaker-valid stem for every resource name of a workload, leaving `reserve` characters for suffixes. A name
 * that had to change (characters outside [a-zA-Z0-9-], or too long) gets a fingerprint of the original, so two
 * workloads never share names.
 */
export function nameStem(name: string, reserve = 0): string {
  const budget = NAME_MAX - reserve;
  const clean = name.replace(/[^a-zA-Z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (clean === name && clean.length <= budget && SAGEMAKER_NAME.test(clean)) return clean;
  const tag = fingerprint(name);
  const head = clean.slice(0, Math.max(0, budget - tag.length - 1)).replace(/-+$/, "");
  return head ? `${head}-${tag}` : `w${tag}`.slice(0, budget);
}

/** The names of one workload's models, endpoint configs, endpoints, inference components and transform jobs. */
export class Names {
  private readonly stem: string;
  constructor(
    base: string,
    private readonly models: number,
  ) {
    // Longest suffix: "-<models>-config".
    this.stem = nameStem(base, `-${models}-config`.length);
  }
  private join(...parts: (string | number)[]): string {
    return [this.stem, ...parts].join("-");
  }
  /** The stem of model i (1-based): the workload's own when it has one model. */
  private of(i: number): (string | number)[] {
    return this.models > 1 ? [i] : [];
  }
  endpoint(i = 1): string {
    return this.join(...this.of(i));
  }
  sharedEndpoint(): string {
    return this.stem;
  }
  config(i = 1): string {
    return this.join(...this.of(i), "config");
  }
  sharedConfig(): string {
    return this.join("config");
  }
  model(i = 1): string {
    return this.join(...this.of(i), "model");
  }
  sharedModel(): string {
    return this.join("model");
  }
  component(i = 1): string {
    return this.join(...this.of(i), "ic");
  }
  job(i = 1): string {
    return this.join(...this.of(i), "job");
  }
}
