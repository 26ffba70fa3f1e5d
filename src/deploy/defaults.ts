/**
 * What a deployment built without the rules and catalog it was sized with falls back to: the bundled ones' values
 * (a test keeps them equal to rules/deploy.yaml and catalog/catalog.yaml).
 */
import type { DeployRules } from "../schema/rules.js";
import type { ServerlessLimits } from "./context.js";

export const SERVERLESS_DEFAULTS: ServerlessLimits = {
  memorySizesMB: [1024, 2048, 3072, 4096, 5120, 6144],
  maxConcurrency: 200,
};

export const DEPLOY_RULES_DEFAULTS: DeployRules = {
  schemaVersion: 1,
  asOf: "2026-12-07",
  async: {
    invocationTimeoutS: {
      default: 900,
      max: 3600,
      source: "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpointAsync.html",
    },
    timeoutMargin: 1.5,
  },
  batch: {
    payloadMB: {
      default: 6,
      max: 100,
      source: "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateTransformJob.html",
    },
    invocationTimeoutS: {
      default: 600,
      max: 3600,
      source: "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ModelClientConfig.html",
    },
    invocationShare: 0.5,
    retries: 1,
  },
  containerStartup: {
    timeoutS: {
      min: 60,
      max: 3600,
      source: "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html",
    },
    floorS: 600,
  },
};
