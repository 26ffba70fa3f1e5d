/**
 * From a ranked result to the AWS API requests that create its placement: SageMaker CreateModel,
 * CreateEndpointConfig, CreateEndpoint, CreateInferenceComponent or CreateTransformJob, and Application Auto
 * Scaling RegisterScalableTarget and PutScalingPolicy where the option scales. Pure and deterministic: names
 * derive from the workload name, account-specific values come from the workload's `deploy:` section or stay
 * as named placeholders. The request shapes are the AWS SDK v3 input types (type-only imports: the SDK is a
 * dev dependency and nothing here needs it at run time).
 */
import { gravitonImage } from "../core/sizing/instances.js";
import type { Catalog } from "../schema/catalog.js";
import type { OptionId } from "../schema/ids.js";
import type { DeployRules } from "../schema/rules.js";
import type { Estimates, Placement, RankedOption, RankedResult } from "../schema/output.js";
import { HostfitError } from "../schema/errors.js";
import type { Workload } from "../schema/workload.js";
import { deployAsync } from "./async.js";
import { deployBatch } from "./batch.js";
import { notDeployable, type Context, type DeployRequest } from "./context.js";
import { factsOf } from "./facts.js";
import { deployInferenceComponents } from "./inference-components.js";
import { Names } from "./names.js";
import { DEPLOY_RULES_DEFAULTS, SERVERLESS_DEFAULTS } from "./defaults.js";
import { deployMultiModel, deployServerless, deploySingleModel } from "./realtime.js";
import { Values, type DeployPlaceholder } from "./values.js";

export type { DeployRequest } from "./context.js";
export type { DeployPlaceholder } from "./values.js";

/** The requests that create one workload's placement on one option, in the order to send them. */
export interface DeploymentPlan {
  readonly workload: string;
  readonly option: OptionId;
  readonly requests: DeployRequest[];
  readonly placeholders: DeployPlaceholder[];
  /** Steps the requests cannot express (waits, CloudWatch alarms, container settings), one sentence each. */
  readonly notes: string[];
}

/** How to deploy: which option, and the catalog and utilization the result was sized with. */
export interface DeployOptions {
  /** The option to deploy; defaults to the result's recommendation. */
  readonly option?: OptionId;
  /**
   * The catalog the result was sized on: gives vCPUs and host memory for inference-component requirements, and the
   * serverless memory sizes and MaxConcurrency bound; without it, the bundled catalog's serverless values apply.
   */
  readonly catalog?: Catalog;
  /** Share of an instance's throughput that scaling policies aim at (rules' sizing.performance.targetUtilization). */
  readonly targetUtilization?: number;
  /** The API limits and margins the requests keep (the rules' `deploy`); without it, the bundled rules'. */
  readonly rules?: DeployRules;
}

const DEFAULT_TARGET_UTILIZATION = 0.7;

const DEPLOYERS: Record<OptionId, (ctx: Context) => void> = {
  serverless: deployServerless,
  "single-model": deploySingleModel,
  "multi-model": deployMultiModel,
  "inference-components": deployInferenceComponents,
  async: deployAsync,
  "batch-transform": deployBatch,
};

function chosenOption(
  result: RankedResult,
  option: OptionId | undefined,
): RankedOption & { placement: Placement; estimates: Estimates } {
  const id = option ?? result.recommendation;
  const feasible = result.ranking.filter((r) => r.feasible).map((r) => r.option);
  if (id === null) {
    throw notDeployable(
      "recommendation",
      `workload "${result.workload}" has no feasible hosting option, so there is nothing to deploy`,
      "see each option's violations in `hostfit recommend`, and relax the constraint that fails",
    );
  }
  const entry = result.ranking.find((r) => r.option === id);
  if (!entry || !entry.feasible || !entry.placement || !entry.estimates) {
    const why = entry?.violations[0]?.message;
    throw notDeployable(
      "option",
      `option "${id}" is infeasible for workload "${result.workload}"${why ? `: ${why}` : ""}`,
      feasible.length > 0
        ? `deploy one of the feasible options: ${feasible.join(", ")}`
        : "no option is feasible for this workload",
    );
  }
  return entry as RankedOption & { placement: Placement; estimates: Estimates };
}

/**
 * The AWS API requests that create a ranked result's placement: the recommendation, or `options.option`. Pass
 * the parsed workload the result came from for names, payload-based batch limits, model count, network isolation
 * and the `deploy:` values; without it, every account value is a placeholder. Pure and deterministic.
 * @throws HostfitError (code not-deployable) when the option is infeasible, the workload has no recommendation,
 * the workload is not the result's, or a batch record is over 100 MB.
 */
export function buildDeployment(
  result: RankedResult,
  workload?: Workload,
  options: DeployOptions = {},
): DeploymentPlan {
  // JavaScript callers can pass anything: what is not a ranked result is said to be so, not a TypeError.
  if (result === null || typeof result !== "object" || !Array.isArray((result as { ranking?: unknown }).ranking)) {
    throw new HostfitError("invalid-input", [
      {
        code: "invalid-input",
        path: "result",
        message: `result must be a ranked result, got ${result === null ? "null" : typeof result}`,
        hint: "pass what recommend() returned for the workload",
      },
    ]);
  }
  if (workload && workload.name !== result.workload) {
    throw notDeployable(
      "name",
      `the workload is "${workload.name}" but the result is for "${result.workload}"`,
      "pass the workload the result was computed from",
    );
  }
  const entry = chosenOption(result, options.option);
  const facts = factsOf(result, workload);
  const perModelUrl = entry.option !== "multi-model" && facts.models > 1;
  if (perModelUrl && facts.deploy.modelDataUrl && !facts.deploy.modelDataUrl.includes("{model}")) {
    throw notDeployable(
      "deploy.modelDataUrl",
      `the workload has ${facts.models} models, each deployed on its own, but deploy.modelDataUrl has no {model} for the model's number`,
      "write e.g. s3://bucket/models/{model}/model.tar.gz",
    );
  }
  const ctx: Context = {
    facts,
    option: entry.option,
    placement: entry.placement,
    estimates: entry.estimates,
    instance: options.catalog?.instances.find((i) => i.instanceType === entry.placement.instanceType),
    serverless: options.catalog?.serverless ?? SERVERLESS_DEFAULTS,
    utilization: options.targetUtilization ?? DEFAULT_TARGET_UTILIZATION,
    limits: options.rules ?? DEPLOY_RULES_DEFAULTS,
    names: new Names(facts.deploy.endpointName || facts.name, facts.models),
    values: new Values(facts),
    requests: [],
    notes: [],
  };
  DEPLOYERS[entry.option](ctx);
  // An isolated workload's instances keep their storage volumes under the customer's KMS key.
  if (facts.networkIsolation)
    for (const r of ctx.requests)
      if (r.operation === "CreateEndpointConfig" && !r.input.ProductionVariants?.some((v) => v.ServerlessConfig))
        r.input.KmsKeyId = ctx.values.kmsKey();
  if (ctx.instance?.arch === "arm64") ctx.notes.push(`${gravitonImage(ctx.instance.instanceType)}.`);
  if (
    ctx.requests.some((r) => r.operation === "CreateInferenceComponent" || r.operation === "RegisterScalableTarget")
  ) {
    ctx.notes.unshift(
      "Send the requests after a CreateEndpoint only once that endpoint is InService (aws sagemaker wait endpoint-in-service --endpoint-name NAME).",
    );
  }
  return {
    workload: result.workload,
    option: entry.option,
    requests: ctx.requests,
    placeholders: [...ctx.values.used.values()],
    notes: ctx.notes,
  };
}
