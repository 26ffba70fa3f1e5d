import { z } from "zod";
import {
  AcceleratorKindSchema,
  CommitmentSchema,
  FITNESS_IDS,
  FrameworkSchema,
  IsolationLevelSchema,
  ModelKindSchema,
  OptionIdSchema,
  PrecisionSchema,
  ProfileIdSchema,
  RegionSchema,
  TrafficPatternSchema,
} from "./ids.js";
import {
  groupThousands,
  isFailure,
  parseBytes,
  parseCount,
  parseDuration,
  parseTolerance,
  type Parsed,
} from "./units.js";
import type { IssueCode } from "./issue.js";

/** A number or a string with a unit, parsed to base units; failures carry our issue code and hint. */
function unit(parse: (v: unknown) => Parsed, code: IssueCode, description: string) {
  return z
    .union([z.number(), z.string()])
    .transform((value, ctx) => {
      const parsed = parse(value);
      if (isFailure(parsed)) {
        ctx.addIssue({ code: "custom", message: parsed.error, params: { code, hint: parsed.hint } });
        return z.NEVER;
      }
      return parsed;
    })
    .meta({ description });
}

const Count = unit(parseCount, "invalid-count", "A count: a number or a string with a K/M/B/T suffix, e.g. 7B.");
// At least a byte: a 5e-324-byte payload once turned a dataset into infinitely many records.
const Bytes = unit(
  parseBytes,
  "invalid-size",
  "A size: B, KB, MB, GB (decimal) or KiB, MiB, GiB (binary), e.g. 6MB.",
).refine((bytes) => bytes >= 1, {
  message: "a size is at least 1 byte",
  params: { code: "invalid-size", hint: "use e.g. 12MB or 2GiB" },
  abort: true,
});
const Duration = unit(
  parseDuration,
  "invalid-duration",
  "A duration: ms, s, m, h or d, e.g. 800ms; a bare number is ms.",
).refine((ms) => ms <= WORKLOAD_RANGES.durationMs.max, {
  message: "a duration is at most a year",
  params: { code: "out-of-range", hint: "durations are in ms unless a unit is given: e.g. 800ms, 2s, 6h" },
});
const WholeCount = Count.pipe(z.number().int("must be a whole number"));

/**
 * The physical range of each quantity a workload gives, far past any real workload and far from double overflow,
 * so that every figure computed from them stays finite.
 */
export const WORKLOAD_RANGES = {
  /** Parameters: the largest published models have about 2 trillion. */
  parameters: { min: 1, max: 1e13 },
  /**
   * Distinct models of one shape: multi-model endpoints have no documented cap but hold "thousands"; past 100,000
   * the plan's groups and the deploy requests (one model, or endpoint, each) mean nothing. Split larger fleets.
   */
  modelCount: { min: 1, max: 100_000 },
  /** A request or response: async inference takes up to 1 GB and a batch record 100 MB; 1 TB bounds both. */
  payloadBytes: { min: 1, max: 1e12 },
  /** Any duration: a year (ms). */
  durationMs: { min: 0, max: 365 * 24 * 3_600_000 },
  /** Prompt or answer tokens of one request. */
  tokens: { min: 1, max: 10_000_000 },
} as const;

// A quantity within its range, refused with an out-of-range issue that says the range.
function within<T extends z.ZodType<number>>(
  schema: T,
  { min, max }: { readonly min: number; readonly max: number },
  what: string,
) {
  return schema.refine((x) => x >= min && x <= max, {
    message: `${what} must be between ${groupThousands(min)} and ${groupThousands(max)}`,
    params: { code: "out-of-range", hint: `${what} past that range is a typo or a unit mix-up` },
  });
}

/**
 * Fields written either as an object or as a scalar standing for the object's main field, by that field's key.
 * A preprocess has no JSON Schema of its own, so `schema workload` reads this to offer both forms.
 */
export const SCALAR_SHORTHANDS = new WeakMap<object, string>();

// A scalar stands for the object's main field; wrapping it keeps one schema and one set of paths.
function scalarOr<T extends z.ZodType>(key: string, object: T) {
  const schema = z.preprocess((v) => (typeof v === "string" || typeof v === "number" ? { [key]: v } : v), object);
  SCALAR_SHORTHANDS.set(schema, key);
  return schema;
}

export const ArchitectureSchema = z
  .strictObject({
    layers: z.number().int().positive().optional(),
    hiddenSize: z.number().int().positive().optional(),
    heads: z.number().int().positive().optional(),
    kvHeads: z.number().int().positive().optional().meta({ description: "Key/value heads (GQA); defaults to heads." }),
    experts: z
      .number()
      .int()
      .min(2)
      .max(1024)
      .optional()
      .meta({ description: "Mixture of experts: experts per layer (all held in memory)." }),
    expertsPerToken: z.number().int().positive().max(1024).optional().meta({
      description: "Mixture of experts: experts each token is routed to; with `experts`, gives the active share.",
    }),
    activeParameters: within(Count, WORKLOAD_RANGES.parameters, "activeParameters").optional().meta({
      description: "Mixture of experts: parameters each token computes with (e.g. 12.9B of Mixtral 8x7B's 46.7B).",
    }),
  })
  .refine(
    (a) =>
      [a.layers, a.hiddenSize, a.heads].every((v) => v === undefined) ||
      [a.layers, a.hiddenSize, a.heads].every((v) => v !== undefined),
    {
      message: "layers, hiddenSize and heads describe the shape together: give all three or none",
      params: { code: "missing-field", hint: "e.g. { layers: 32, hiddenSize: 4096, heads: 32 }" },
    },
  )
  .refine((a) => a.expertsPerToken === undefined || (a.experts !== undefined && a.expertsPerToken <= a.experts), {
    message: "expertsPerToken needs experts, and at most that many",
    params: { code: "invalid-value", hint: "e.g. { experts: 8, expertsPerToken: 2 }" },
  })
  .refine((a) => a.activeParameters === undefined || a.experts !== undefined, {
    message: "activeParameters describes a mixture of experts: give experts too",
    params: { code: "missing-field", hint: "e.g. { experts: 8, activeParameters: 12.9B }" },
  });

export const ModelSchema = z
  .strictObject({
    parameters: within(Count, WORKLOAD_RANGES.parameters, "parameters").meta({
      description: "Parameter count, e.g. 7B.",
    }),
    precision: PrecisionSchema.default("fp16"),
    kind: ModelKindSchema.default("other"),
    framework: FrameworkSchema.default("other"),
    count: within(WholeCount, WORKLOAD_RANGES.modelCount, "model.count")
      .default(1)
      .meta({ description: "Distinct models of this shape (e.g. per-tenant fine-tunes)." }),
    architecture: ArchitectureSchema.optional(),
    artifactSize: Bytes.optional().meta({ description: "Size of model.tar.gz in S3; defaults to the weights' size." }),
  })
  .refine((m) => (m.architecture?.activeParameters ?? 0) <= m.parameters, {
    message: "activeParameters cannot exceed parameters",
    path: ["architecture", "activeParameters"],
    params: { code: "out-of-range", hint: "parameters counts every expert; activeParameters those one token uses" },
  });

export const PayloadSchema = scalarOr(
  "request",
  z.strictObject({
    request: within(Bytes, WORKLOAD_RANGES.payloadBytes, "a payload"),
    response: within(Bytes, WORKLOAD_RANGES.payloadBytes, "a payload")
      .optional()
      .meta({ description: "Defaults to the request size." }),
  }),
);

export const TokensSchema = z.strictObject({
  input: z.number().int().min(WORKLOAD_RANGES.tokens.min).max(WORKLOAD_RANGES.tokens.max).default(512),
  output: z.number().int().min(WORKLOAD_RANGES.tokens.min).max(WORKLOAD_RANGES.tokens.max).default(256),
});

/** The fields of `work` each model kind reads; the others are refused for it. */
export const WORK_FIELDS = {
  diffusion: ["steps", "width", "height", "guidance"],
  speech: ["audioSeconds"],
} as const;

/**
 * What one request asks the model to do, where time follows it rather than the model alone: images (diffusion)
 * and audio (speech). Defaults are in rules/sizing.yaml, with their sources.
 */
export const WorkSchema = z.strictObject({
  steps: z.number().int().min(1).max(1000).optional().meta({ description: "Diffusion: denoising steps." }),
  width: z.number().int().min(64).max(8192).optional().meta({ description: "Diffusion: image width (pixels)." }),
  height: z.number().int().min(64).max(8192).optional().meta({ description: "Diffusion: image height (pixels)." }),
  guidance: z
    .boolean()
    .optional()
    .meta({ description: "Diffusion: classifier-free guidance, two denoiser passes a step (default true)." }),
  audioSeconds: z
    .number()
    .positive()
    .max(7 * 24 * 3600)
    .optional()
    .meta({ description: "Speech: seconds of audio one request transcribes." }),
});

// Duration first, so a bad value is reported as a bad duration rather than as "not none".
const Target = z.union([Duration, z.literal("none")]);

/**
 * A measured time per request (its p50): alone, it is taken to hold on every instance type's own hardware; with
 * `on`, the instance type it was measured on, from which sizing scales it to the others.
 */
export const ProcessingTimeSchema = scalarOr(
  "value",
  z.strictObject({
    value: Duration.meta({ description: "Measured time per request (p50)." }),
    on: z
      .string()
      .regex(/^ml\.[a-z0-9-]+\.[a-z0-9-]+$/, "an instance type like ml.g5.xlarge")
      .optional()
      .meta({ description: "The instance type the time was measured on." }),
  }),
);

/** Figures the workload's own load test (or Inference Recommender) measured on one instance type. */
export const MeasuredRowSchema = z
  .strictObject({
    instanceType: z
      .string()
      .regex(/^ml\.[a-z0-9-]+\.[a-z0-9-]+$/, "an instance type like ml.g5.xlarge")
      .meta({ description: "Where the figures were measured." }),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(1)
      .meta({ description: "Requests in flight on one copy while measuring (default 1)." }),
    p50: Duration.optional().meta({
      description: "Model latency p50 (the container's time, as CloudWatch ModelLatency).",
    }),
    p95: Duration.optional().meta({ description: "Model latency p95." }),
    ttft: Duration.optional().meta({ description: "LLMs: time to first token." }),
    perToken: Duration.optional().meta({ description: "LLMs: time per output token." }),
    throughputRps: z
      .number()
      .positive()
      .max(1e9)
      .optional()
      .meta({ description: "Requests a second one instance served." }),
    atCapacity: z.boolean().default(false).meta({
      description:
        "The throughput is the most the instance sustained (as Inference Recommender's MaxInvocations): compared with the model's at its largest batch.",
    }),
  })
  .refine((r) => [r.p50, r.p95, r.ttft, r.perToken, r.throughputRps].some((v) => v !== undefined), {
    message: "a measured row needs at least one figure: p50, p95, ttft, perToken or throughputRps",
    params: { code: "missing-field", hint: "e.g. { instanceType: ml.g5.2xlarge, p95: 2.1s }" },
  });

export const LatencySchema = scalarOr(
  "target",
  z.strictObject({
    target: Target.meta({ description: "p95 end-to-end SLO, or `none`." }),
    ttft: Duration.optional(),
    perToken: Duration.optional(),
    coldStart: unit(parseTolerance, "invalid-duration", "A duration; 0 allowed.")
      .default(0)
      .meta({ description: "Longest acceptable delay for a cold request (default 0)." }),
  }),
);

// Volumes far past any real workload but far from double overflow: 1e308 requests per second once made the
// cost curve's request counts infinite (null in the JSON output).
const MAX_RPS = 1e9;
const MAX_VOLUME = 1e15;
const MAX_RUNS_PER_MONTH = 1e5;

export const TrafficSchema = z
  .strictObject({
    pattern: TrafficPatternSchema,
    peakRps: z.number().positive().max(MAX_RPS).optional(),
    requestsPerDay: Count.pipe(z.number().max(MAX_VOLUME)).optional(),
    requestsPerMonth: Count.pipe(z.number().max(MAX_VOLUME)).optional(),
    // 5e-324 hours once made the active-hours request rate, and so the instance count, infinite.
    activeHoursPerDay: z.number().min(0.01).max(24).optional(),
    // At least one: 5e-324 records once made the cost per record, and so a cost ratio, infinite.
    records: Count.pipe(z.number().min(1).max(MAX_VOLUME)).optional(),
    datasetSize: Bytes.pipe(z.number().max(MAX_VOLUME * 1e3)).optional(),
    // A deadline of 5e-324 ms once made the batch instance count infinite; no job finishes in under a second.
    deadline: Duration.refine((ms) => ms >= 1000, {
      message: "a deadline is at least 1s",
      params: { code: "out-of-range", hint: "e.g. 6h or 24h" },
    }).optional(),
    runsPerMonth: z
      .number()
      .positive()
      .max(MAX_RUNS_PER_MONTH)
      .optional()
      .meta({ description: "Offline: jobs per month (default 1)." }),
  })
  .superRefine((t, ctx) => {
    const volumes = [t.peakRps, t.requestsPerDay, t.requestsPerMonth, t.records, t.datasetSize];
    if (volumes.every((v) => v === undefined)) {
      ctx.addIssue({
        code: "custom",
        message: "traffic needs a volume",
        params: {
          code: "missing-volume",
          hint: "add peakRps, requestsPerDay, requestsPerMonth, or for offline work records or datasetSize",
        },
      });
    }
  });

// Weights are relative; a cap keeps their weighted sum (and the what-if search's 32x) finite: 1e308 overflowed it
// and every score came out 0.
const Weight = z
  .number()
  .nonnegative()
  .finite()
  .refine((w) => w <= 1e6, {
    message: "a weight is at most 1,000,000",
    params: {
      code: "out-of-range",
      hint: "weights are relative (only their ratios count), e.g. { latency: 3, cost: 1 }",
    },
  });

const WeightsSchema = z
  .strictObject(
    Object.fromEntries(FITNESS_IDS.map((f) => [f, Weight.optional()])) as Record<
      (typeof FITNESS_IDS)[number],
      z.ZodOptional<z.ZodNumber>
    >,
  )
  // Unnamed weights keep the balanced profile's 1, so only five zeros leave nothing to rank by ({} is balanced).
  .refine((w) => FITNESS_IDS.some((f) => (w[f] ?? 1) > 0), {
    message: "at least one weight must be positive",
    params: { code: "invalid-weights", hint: "e.g. { latency: 3, cost: 2 }" },
  });

export const PrioritiesSchema = z.union([ProfileIdSchema, WeightsSchema]);

/** Entries constraints.instanceTypes may list. */
export const MAX_INSTANCE_TYPE_ENTRIES = 1000;

/** Wildcards an instance type glob may hold. */
export const MAX_GLOB_STARS = 3;

export const ConstraintsSchema = z.strictObject({
  instanceTypes: z
    .array(
      z
        .string()
        .max(64)
        .regex(/^[a-z0-9.*?-]+$/, "an instance type or glob like ml.g5.*")
        // Each `*` becomes `.*`; many of them backtrack exponentially (`**********a` took seconds).
        .refine((glob) => glob.split("*").length - 1 <= MAX_GLOB_STARS, {
          message: `an instance type glob may hold at most ${MAX_GLOB_STARS} \`*\``,
          params: { code: "invalid-glob", hint: "e.g. ml.g5.* or ml.*.xlarge" },
        }),
    )
    .min(1)
    // The catalog has a few hundred types; 20,000 entries once took 23 s to check against it.
    .max(MAX_INSTANCE_TYPE_ENTRIES, `at most ${MAX_INSTANCE_TYPE_ENTRIES} instance types or globs`)
    .optional(),
  accelerators: z.array(AcceleratorKindSchema).min(1).optional(),
  options: z.array(OptionIdSchema).min(1).optional(),
  acceleratorsPerCopy: z.number().int().positive().optional(),
  maxMonthlyUsd: z.number().positive().finite().optional(),
  streaming: z.boolean().default(false),
  invocation: z.enum(["sync", "async", "any"]).default("any"),
  networkIsolation: z.boolean().default(false),
  cpuArchitecture: z.enum(["x86_64", "arm64", "any"]).default("any").meta({
    description: "The container image's CPU architecture: arm64 allows Graviton instances only, x86_64 rules them out.",
  }),
  regions: z.array(RegionSchema).min(1).max(40).optional().meta({
    description:
      "AWS Regions the workload may run in: the result compares the winner's monthly cost in each whose prices were imported.",
  }),
});

/** How the workload's instance-hours are paid. */
export const PricingSchema = z.strictObject({
  commitment: CommitmentSchema.default("on-demand").meta({
    description:
      "on-demand, or a SageMaker Savings Plans commitment (1y-no-upfront ... 3y-all-upfront) whose imported rates every cost then uses.",
  }),
});

/** Account-specific values for `hostfit deploy`; each one left out stays a named placeholder in the requests. */
export const DeploySchema = z.strictObject({
  roleArn: z.string().optional().meta({ description: "IAM execution role ARN SageMaker assumes." }),
  imageUri: z.string().optional().meta({ description: "Inference container image URI (ECR)." }),
  modelDataUrl: z.string().optional().meta({
    description:
      "S3 URL of model.tar.gz; the S3 prefix of every archive for multi-model; with model.count > 1 elsewhere, {model} stands for the model's number.",
  }),
  s3OutputPath: z
    .string()
    .optional()
    .meta({ description: "S3 prefix for async responses and failures, or batch output." }),
  s3InputPath: z
    .string()
    .optional()
    .meta({ description: "S3 prefix of the batch transform input (one record per line)." }),
  endpointName: z
    .string()
    .optional()
    .meta({ description: "Base of every resource name; defaults to the workload name (made SageMaker-valid)." }),
  subnets: z
    .array(z.string().min(1))
    .min(1)
    .max(16)
    .optional()
    .meta({ description: "With network isolation: VPC subnet IDs the model's containers run in (two AZs or more)." }),
  securityGroupIds: z
    .array(z.string().min(1))
    .min(1)
    .max(5)
    .optional()
    .meta({ description: "With network isolation: VPC security group IDs for the model's containers." }),
  kmsKeyId: z
    .string()
    .optional()
    .meta({ description: "With network isolation: KMS key that encrypts the instances' storage volumes." }),
});

/**
 * Control, bidirectional and invisible characters (zero-width spaces and joiners, direction marks, the byte-order
 * mark, the soft hyphen), which make names lie about themselves in reports: "fr\u200baud" would sit beside "fraud".
 */
export const UNSAFE_NAME =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

export const WorkloadSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(200)
      .refine((n) => !UNSAFE_NAME.test(n), {
        message: "name contains control, bidirectional or invisible characters",
        params: { code: "invalid-name", hint: "use letters, digits, dashes and spaces" },
      }),
    model: ModelSchema,
    payload: PayloadSchema,
    tokens: TokensSchema.optional(),
    work: WorkSchema.optional(),
    measured: z.array(MeasuredRowSchema).min(1).max(100).optional(),
    availability: z
      .strictObject({
        minInstances: z.number().int().min(1).max(100).meta({
          description:
            "Instances an always-on real-time endpoint keeps at least (default 2, across Availability Zones).",
        }),
      })
      .optional(),
    processingTime: ProcessingTimeSchema.optional(),
    latency: LatencySchema,
    isolation: IsolationLevelSchema,
    traffic: TrafficSchema,
    priorities: PrioritiesSchema.default("balanced"),
    constraints: ConstraintsSchema.default({
      streaming: false,
      invocation: "any",
      networkIsolation: false,
      cpuArchitecture: "any",
    }),
    deploy: DeploySchema.optional(),
    endpoint: z
      .string()
      .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, "a SageMaker endpoint name: letters, digits and dashes, at most 63")
      .optional()
      .meta({
        description:
          "hostfit audit: the running SageMaker endpoint that hosts this workload (default: the endpoint of the workload's name).",
      }),
    pricing: PricingSchema.optional(),
  })
  .superRefine((w, ctx) => {
    if (w.measured && w.processingTime)
      ctx.addIssue({
        code: "custom",
        path: ["measured"],
        message: "give processingTime or measured rows, not both",
        params: {
          code: "invalid-value",
          hint: "measured rows carry the time a request took on the instance type named",
        },
      });
    // A field of `work` that the model's kind does not read would be ignored: refuse it instead.
    const reads: readonly string[] = (WORK_FIELDS as Record<string, readonly string[]>)[w.model.kind] ?? [];
    for (const field of Object.keys(w.work ?? {}))
      if (!reads.includes(field))
        ctx.addIssue({
          code: "custom",
          path: ["work", field],
          message: `work.${field} does not apply to a ${w.model.kind} model`,
          params: {
            code: "invalid-value",
            hint: "work takes steps, width, height and guidance for diffusion models, audioSeconds for speech models",
          },
        });
  });

/** A validated workload, every quantity in base units (count, bytes, milliseconds). */
export type Workload = z.infer<typeof WorkloadSchema>;
/** A workload as a user writes it, before units are parsed and defaults applied. */
export type WorkloadInput = z.input<typeof WorkloadSchema>;

/** The top level of a workload file; each entry is validated on its own so one bad workload loses nothing. */
export const WorkloadFileSchema = z.strictObject({
  /** The JSON Schema the file declares for editors (`hostfit schema`); read by them, not by hostfit. */
  $schema: z.string().optional(),
  workloads: z.array(z.unknown()).min(1),
});
