/** The deployment being built (one workload on one option), the requests it collects, and shared helpers. */
import type {
  CreateEndpointConfigInput,
  CreateEndpointInput,
  CreateInferenceComponentInput,
  CreateModelInput,
  CreateTransformJobRequest,
  PutScalingPolicyRequest,
  RegisterScalableTargetRequest,
} from "./api.js";
import type { Instance } from "../schema/catalog.js";
import type { OptionId } from "../schema/ids.js";
import type { Issue } from "../schema/issue.js";
import type { Estimates, Placement } from "../schema/output.js";
import type { DeployRules } from "../schema/rules.js";
import { HostfitError } from "../schema/errors.js";
import type { Facts } from "./facts.js";
import type { Names } from "./names.js";
import type { Values } from "./values.js";

/** One SageMaker or Application Auto Scaling API call, with its input exactly as the SDK command takes it. */
export type DeployRequest =
  | { readonly service: "sagemaker"; readonly operation: "CreateModel"; readonly input: CreateModelInput }
  | {
      readonly service: "sagemaker";
      readonly operation: "CreateEndpointConfig";
      readonly input: CreateEndpointConfigInput;
    }
  | { readonly service: "sagemaker"; readonly operation: "CreateEndpoint"; readonly input: CreateEndpointInput }
  | {
      readonly service: "sagemaker";
      readonly operation: "CreateInferenceComponent";
      readonly input: CreateInferenceComponentInput;
    }
  | {
      readonly service: "sagemaker";
      readonly operation: "CreateTransformJob";
      readonly input: CreateTransformJobRequest;
    }
  | {
      readonly service: "application-autoscaling";
      readonly operation: "RegisterScalableTarget";
      readonly input: RegisterScalableTargetRequest;
    }
  | {
      readonly service: "application-autoscaling";
      readonly operation: "PutScalingPolicy";
      readonly input: PutScalingPolicyRequest;
    };

/** The serverless API's allowed MemorySizeInMB values and MaxConcurrency bound (the catalog's `serverless`). */
export interface ServerlessLimits {
  readonly memorySizesMB: readonly number[];
  readonly maxConcurrency: number;
}

export interface Context {
  readonly facts: Facts;
  readonly option: OptionId;
  readonly placement: Placement;
  readonly estimates: Estimates;
  readonly instance: Instance | undefined;
  readonly serverless: ServerlessLimits;
  readonly utilization: number;
  readonly limits: DeployRules;
  readonly names: Names;
  readonly values: Values;
  readonly requests: DeployRequest[];
  readonly notes: string[];
}

export const VARIANT = "AllTraffic";

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

export function notDeployable(path: string, message: string, hint: string): HostfitError {
  const issue: Issue = { code: "not-deployable", path, message, hint };
  return new HostfitError("not-deployable", [issue]);
}
