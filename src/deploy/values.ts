/** Account-specific values of the requests: the workload's `deploy:` values, or named placeholders to fill in. */
import type { Facts } from "./facts.js";

/** A value left for the user to fill in: the token as it appears in the requests, and what to put there. */
export interface DeployPlaceholder {
  readonly name: string;
  /** The `deploy:` field of the workload that replaces it. */
  readonly field: string;
  readonly description: string;
}

const PLACEHOLDER = {
  role: {
    name: "<ROLE_ARN>",
    field: "deploy.roleArn",
    description: "ARN of the IAM execution role SageMaker assumes to pull the container image and the model artifacts",
  },
  image: {
    name: "<IMAGE_URI>",
    field: "deploy.imageUri",
    description: "URI of the inference container image in Amazon ECR, in the same Region as the endpoint",
  },
  model: {
    name: "<MODEL_DATA_URL>",
    field: "deploy.modelDataUrl",
    description: "S3 URL of the model archive (model.tar.gz)",
  },
  modelPrefix: {
    name: "<MODEL_DATA_PREFIX>",
    field: "deploy.modelDataUrl",
    description:
      "S3 prefix under which model N's archive is N/model.tar.gz; or set deploy.modelDataUrl with {model} where the model's number goes",
  },
  mme: {
    name: "<MODEL_DATA_URL>",
    field: "deploy.modelDataUrl",
    description: "S3 prefix holding every model's .tar.gz; TargetModel in InvokeEndpoint is the key relative to it",
  },
  output: {
    name: "<S3_OUTPUT_PATH>",
    field: "deploy.s3OutputPath",
    description: "S3 prefix for results (async responses and failures, or batch output)",
  },
  input: {
    name: "<S3_INPUT_PATH>",
    field: "deploy.s3InputPath",
    description: "S3 prefix of the batch input: one record per line",
  },
  subnets: {
    name: "<SUBNET_ID>",
    field: "deploy.subnets",
    description:
      "private VPC subnet IDs the isolated model's containers run in, in two Availability Zones or more (VpcConfig.Subnets)",
  },
  securityGroups: {
    name: "<SECURITY_GROUP_ID>",
    field: "deploy.securityGroupIds",
    description: "VPC security group IDs for the isolated model's containers (VpcConfig.SecurityGroupIds)",
  },
  kmsKey: {
    name: "<KMS_KEY_ARN>",
    field: "deploy.kmsKeyId",
    description: "KMS key ARN that encrypts the endpoint instances' ML storage volumes (CreateEndpointConfig.KmsKeyId)",
  },
} satisfies Record<string, DeployPlaceholder>;

/** Placeholders in use and the values that replace them. */
export class Values {
  readonly used = new Map<string, DeployPlaceholder>();
  constructor(private readonly facts: Facts) {}
  private take(given: string | undefined, placeholder: DeployPlaceholder): string {
    if (given !== undefined && given !== "") return given;
    this.used.set(placeholder.name, placeholder);
    return placeholder.name;
  }
  role(): string {
    return this.take(this.facts.deploy.roleArn, PLACEHOLDER.role);
  }
  image(description?: string): string {
    return this.take(
      this.facts.deploy.imageUri,
      description ? { ...PLACEHOLDER.image, description } : PLACEHOLDER.image,
    );
  }
  /** The archive of model i; with several models, `{model}` in the URL stands for the model's number. */
  modelData(i: number): string {
    const given = this.facts.deploy.modelDataUrl;
    if (this.facts.models === 1) return this.take(given, PLACEHOLDER.model);
    if (given === undefined || given === "")
      return `${this.take(undefined, PLACEHOLDER.modelPrefix)}/${i}/model.tar.gz`;
    return given.replaceAll("{model}", String(i));
  }
  modelPrefix(): string {
    return this.take(this.facts.deploy.modelDataUrl, PLACEHOLDER.mme);
  }
  output(): string {
    return this.take(this.facts.deploy.s3OutputPath, PLACEHOLDER.output);
  }
  input(): string {
    return this.take(this.facts.deploy.s3InputPath, PLACEHOLDER.input);
  }
  subnets(): string[] {
    const given = this.facts.deploy.subnets;
    return given && given.length > 0 ? given : [this.take(undefined, PLACEHOLDER.subnets)];
  }
  securityGroups(): string[] {
    const given = this.facts.deploy.securityGroupIds;
    return given && given.length > 0 ? given : [this.take(undefined, PLACEHOLDER.securityGroups)];
  }
  kmsKey(): string {
    return this.take(this.facts.deploy.kmsKeyId, PLACEHOLDER.kmsKey);
  }
}
