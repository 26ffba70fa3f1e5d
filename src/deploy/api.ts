/**
 * The inputs of the SageMaker and Application Auto Scaling calls hostfit builds: the fields it sets, shaped as the
 * AWS SDK v3 commands take them, so that the published types stand alone without the SDK installed. Instance
 * types are strings (the SDK's list grows with every new family); every other enum is the subset hostfit uses.
 * test/unit/deploy/sdk.test.ts hands each to the SDK's own command: the compiler checks every field's type there,
 * and the loopback server that every field reaches the wire.
 */

export interface ContainerDefinition {
  Image?: string;
  ModelDataUrl?: string;
  Mode?: "SingleModel" | "MultiModel";
  MultiModelConfig?: { ModelCacheSetting?: "Enabled" | "Disabled" };
}

export interface VpcConfig {
  SecurityGroupIds: string[];
  Subnets: string[];
}

export interface CreateModelInput {
  ModelName: string;
  PrimaryContainer?: ContainerDefinition;
  ExecutionRoleArn?: string;
  EnableNetworkIsolation?: boolean;
  VpcConfig?: VpcConfig;
}

export interface ProductionVariant {
  VariantName: string;
  ModelName?: string;
  InstanceType?: string;
  InitialInstanceCount?: number;
  ModelDataDownloadTimeoutInSeconds?: number;
  ContainerStartupHealthCheckTimeoutInSeconds?: number;
  ServerlessConfig?: { MemorySizeInMB: number; MaxConcurrency: number; ProvisionedConcurrency?: number };
  ManagedInstanceScaling?: { Status?: "ENABLED" | "DISABLED"; MinInstanceCount?: number; MaxInstanceCount?: number };
  RoutingConfig?: { RoutingStrategy: "LEAST_OUTSTANDING_REQUESTS" | "RANDOM" };
}

export interface AsyncInferenceConfig {
  ClientConfig?: { MaxConcurrentInvocationsPerInstance?: number };
  OutputConfig: { S3OutputPath?: string; S3FailurePath?: string; KmsKeyId?: string };
}

export interface CreateEndpointConfigInput {
  EndpointConfigName: string;
  ProductionVariants: ProductionVariant[];
  ExecutionRoleArn?: string;
  AsyncInferenceConfig?: AsyncInferenceConfig;
  KmsKeyId?: string;
}

export interface CreateEndpointInput {
  EndpointName: string;
  EndpointConfigName: string;
}

export interface CreateInferenceComponentInput {
  InferenceComponentName: string;
  EndpointName: string;
  VariantName?: string;
  Specification: {
    ModelName?: string;
    ComputeResourceRequirements?: {
      NumberOfCpuCoresRequired?: number;
      NumberOfAcceleratorDevicesRequired?: number;
      MinMemoryRequiredInMb: number;
    };
    StartupParameters?: {
      ModelDataDownloadTimeoutInSeconds?: number;
      ContainerStartupHealthCheckTimeoutInSeconds?: number;
    };
  };
  RuntimeConfig?: { CopyCount: number };
}

export interface CreateTransformJobRequest {
  TransformJobName: string;
  ModelName: string;
  MaxConcurrentTransforms?: number;
  MaxPayloadInMB?: number;
  ModelClientConfig?: { InvocationsTimeoutInSeconds?: number; InvocationsMaxRetries?: number };
  BatchStrategy?: "MultiRecord" | "SingleRecord";
  TransformInput: {
    DataSource: { S3DataSource: { S3DataType: "S3Prefix" | "ManifestFile"; S3Uri: string } };
    SplitType?: "Line" | "None";
  };
  TransformOutput: { S3OutputPath: string; AssembleWith?: "Line" | "None"; KmsKeyId?: string };
  TransformResources: { InstanceType: string; InstanceCount: number };
}

/** The scalable dimensions of SageMaker resources hostfit scales. */
export type ScalableDimension =
  "sagemaker:variant:DesiredInstanceCount" | "sagemaker:inference-component:DesiredCopyCount";

export interface RegisterScalableTargetRequest {
  ServiceNamespace: "sagemaker";
  ResourceId: string;
  ScalableDimension: ScalableDimension;
  MinCapacity?: number;
  MaxCapacity?: number;
}

export interface TargetTrackingConfiguration {
  TargetValue: number;
  PredefinedMetricSpecification?: {
    PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" | "SageMakerInferenceComponentInvocationsPerCopy";
  };
  CustomizedMetricSpecification?: {
    MetricName?: string;
    Namespace?: string;
    Dimensions?: { Name: string; Value: string }[];
    Statistic?: "Average" | "Maximum" | "Minimum" | "Sum" | "SampleCount";
  };
  ScaleInCooldown?: number;
  ScaleOutCooldown?: number;
}

export interface StepScalingConfiguration {
  AdjustmentType?: "ChangeInCapacity" | "ExactCapacity" | "PercentChangeInCapacity";
  MetricAggregationType?: "Average" | "Maximum" | "Minimum";
  Cooldown?: number;
  StepAdjustments?: {
    MetricIntervalLowerBound?: number;
    MetricIntervalUpperBound?: number;
    ScalingAdjustment: number;
  }[];
}

export interface PutScalingPolicyRequest {
  PolicyName: string;
  ServiceNamespace: "sagemaker";
  ResourceId: string;
  ScalableDimension: ScalableDimension;
  PolicyType?: "TargetTrackingScaling" | "StepScaling";
  TargetTrackingScalingPolicyConfiguration?: TargetTrackingConfiguration;
  StepScalingPolicyConfiguration?: StepScalingConfiguration;
}
