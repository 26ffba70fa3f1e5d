/**
 * What `hostfit audit` reads of a running account: the JSON the AWS CLI prints for `aws sagemaker describe-endpoint`,
 * `describe-endpoint-config`, `describe-model`, `describe-inference-component` and `list-inference-components`
 * (SageMaker API reference, DescribeEndpoint and the others), and of `aws cloudwatch get-metric-data`. Only the
 * fields the audit reads are checked; every other field AWS adds is kept and ignored.
 */
import { z } from "zod";

const Name = z.string().min(1);
const Count = z.number().int().min(0);

/** ProductionVariantServerlessConfig: memory (MB), concurrency, and the concurrency kept warm. */
export const ServerlessConfigSchema = z.looseObject({
  MemorySizeInMB: z.number().int().positive(),
  MaxConcurrency: z.number().int().positive(),
  ProvisionedConcurrency: z.number().int().positive().optional(),
});

/** A ProductionVariant of an endpoint config: the model and the instances (or serverless memory) it runs on. */
export const ConfigVariantSchema = z.looseObject({
  VariantName: Name,
  /** Absent on an endpoint that hosts inference components. */
  ModelName: Name.optional(),
  InitialInstanceCount: Count.optional(),
  InstanceType: Name.optional(),
  ServerlessConfig: ServerlessConfigSchema.optional(),
  ManagedInstanceScaling: z
    .looseObject({
      Status: z.string().optional(),
      MinInstanceCount: Count.optional(),
      MaxInstanceCount: Count.optional(),
    })
    .optional(),
});

/** `aws sagemaker describe-endpoint-config`. */
export const EndpointConfigSchema = z.looseObject({
  EndpointConfigName: Name,
  ProductionVariants: z.array(ConfigVariantSchema).min(1),
  /** Present on an asynchronous endpoint's config. */
  AsyncInferenceConfig: z.looseObject({}).optional(),
});
export type EndpointConfig = z.infer<typeof EndpointConfigSchema>;

/** `aws sagemaker describe-endpoint`: the endpoint, its config's name and each variant's instances now. */
export const EndpointSchema = z.looseObject({
  EndpointName: Name,
  EndpointArn: Name,
  EndpointStatus: Name,
  EndpointConfigName: Name.optional(),
  ProductionVariants: z
    .array(
      z.looseObject({
        VariantName: Name,
        CurrentInstanceCount: Count.optional(),
        DesiredInstanceCount: Count.optional(),
        CurrentServerlessConfig: ServerlessConfigSchema.optional(),
      }),
    )
    .optional(),
  AsyncInferenceConfig: z.looseObject({}).optional(),
});
export type Endpoint = z.infer<typeof EndpointSchema>;

const ContainerSchema = z.looseObject({
  Image: z.string().optional(),
  /** MultiModel: the container serves many model archives under one S3 prefix (a multi-model endpoint). */
  Mode: z.enum(["SingleModel", "MultiModel"]).optional(),
  ModelDataUrl: z.string().optional(),
});

/** `aws sagemaker describe-model`: its container(s), whose Mode tells a multi-model endpoint's model. */
export const SageMakerModelSchema = z
  .looseObject({
    ModelName: Name,
    ModelArn: Name,
    ExecutionRoleArn: z.string().optional(),
    PrimaryContainer: ContainerSchema.optional(),
    Containers: z.array(ContainerSchema).optional(),
  })
  .refine((m) => m.PrimaryContainer !== undefined || (m.Containers?.length ?? 0) > 0, {
    message: "a model has a PrimaryContainer or Containers",
    params: { code: "missing-field", hint: "pass the whole output of aws sagemaker describe-model" },
  });
export type SageMakerModel = z.infer<typeof SageMakerModelSchema>;

/** `aws sagemaker describe-inference-component`: its endpoint, model, resources per copy and copies. */
export const InferenceComponentSchema = z.looseObject({
  InferenceComponentName: Name,
  InferenceComponentArn: Name,
  EndpointName: Name,
  VariantName: Name.optional(),
  Specification: z
    .looseObject({
      ModelName: Name.optional(),
      ComputeResourceRequirements: z
        .looseObject({
          NumberOfCpuCoresRequired: z.number().nonnegative().optional(),
          NumberOfAcceleratorDevicesRequired: z.number().nonnegative().optional(),
          MinMemoryRequiredInMb: z.number().int().nonnegative().optional(),
        })
        .optional(),
    })
    .optional(),
  RuntimeConfig: z.looseObject({ CurrentCopyCount: Count.optional(), DesiredCopyCount: Count.optional() }).optional(),
});
export type InferenceComponent = z.infer<typeof InferenceComponentSchema>;

/** `aws sagemaker list-inference-components`: which components each endpoint hosts. */
export const InferenceComponentListSchema = z.looseObject({
  InferenceComponents: z.array(
    z.looseObject({
      InferenceComponentName: Name,
      EndpointName: Name,
      VariantName: Name.optional(),
    }),
  ),
});
export type InferenceComponentList = z.infer<typeof InferenceComponentListSchema>;

/** Everything read from an account's describe-* files, by kind. */
export interface Account {
  readonly endpoints: readonly Endpoint[];
  readonly configs: readonly EndpointConfig[];
  readonly models: readonly SageMakerModel[];
  readonly components: readonly InferenceComponent[];
  /** Components named by list-inference-components (without their details). */
  readonly listed: readonly { readonly InferenceComponentName: string; readonly EndpointName: string }[];
}

/** The metrics the audit reads, as the README's query file names them. */
export const METRICS = ["Invocations", "ModelLatency"] as const;
export type MetricName = (typeof METRICS)[number];

/** One series of a get-metric-data export: Invocations (Sum per period) or ModelLatency (Average, microseconds). */
export interface MetricSeries {
  readonly endpoint: string;
  readonly variant: string;
  readonly metric: MetricName;
  /** Seconds since the epoch, one per value. */
  readonly timestamps: readonly number[];
  readonly values: readonly number[];
}

/** One series of `aws cloudwatch get-metric-data` as written: its Label names the endpoint, variant and metric (README). */
export const MetricDataResultSchema = z
  .looseObject({
    Id: z.string(),
    Label: z.string().optional(),
    Timestamps: z.array(z.string()),
    Values: z.array(z.number().finite()),
    StatusCode: z.string().optional(),
  })
  .refine((r) => r.Timestamps.length === r.Values.length, {
    message: "Timestamps and Values must be as long as each other",
    params: { code: "invalid-value", hint: "pass the output of aws cloudwatch get-metric-data as it printed it" },
  });

/** `aws cloudwatch get-metric-data --output json`. */
export const MetricDataSchema = z.looseObject({ MetricDataResults: z.array(MetricDataResultSchema) });
