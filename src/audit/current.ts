/** Today's placement of each running endpoint, read from the account's describe-* outputs. Pure. */
import type { Account, Endpoint } from "../schema/account.js";
import type { OptionId } from "../schema/ids.js";

/** What an endpoint runs on today. */
export interface CurrentPlacement {
  readonly endpoint: string;
  readonly option: OptionId;
  /** An instance type, or `serverless-<MB>mb`. */
  readonly instanceType: string;
  /** Instances now (CurrentInstanceCount, else the config's InitialInstanceCount); 1 for serverless. */
  readonly instanceCount: number;
  /** Serverless: the memory size (MB) and the concurrency kept warm (0 for none). */
  readonly memorySizeMB?: number;
  readonly provisionedConcurrency?: number;
  /** The names it may be matched by besides its own: its models' and inference components'. */
  readonly modelNames: readonly string[];
  readonly componentNames: readonly string[];
  /** Inference components: copies in all, and accelerators each (for the why). */
  readonly copies?: number;
}

/** An endpoint whose placement the files do not tell, and what to add. */
export interface UnknownPlacement {
  readonly endpoint: string;
  readonly reason: string;
}

/**
 * Today's placement of one endpoint: its config's variants (one instance type; several variants of it are summed)
 * and, for the option, the config and its model: ServerlessConfig is serverless, AsyncInferenceConfig async, a variant
 * without a model (or with inference components on the endpoint) inference components, a container of Mode
 * MultiModel multi-model, anything else single-model.
 */
export function currentPlacement(endpoint: Endpoint, account: Account): CurrentPlacement | UnknownPlacement {
  const name = endpoint.EndpointName;
  const configName = endpoint.EndpointConfigName;
  const config = account.configs.find((c) => c.EndpointConfigName === configName);
  if (!config)
    return {
      endpoint: name,
      reason: `its endpoint config${configName ? ` "${configName}"` : ""} is not among the files: add the output of aws sagemaker describe-endpoint-config --endpoint-config-name ${configName ?? "<its config>"}`,
    };
  const variants = config.ProductionVariants;
  const types = [...new Set(variants.map((v) => v.InstanceType ?? (v.ServerlessConfig ? "serverless" : "?")))];
  if (types.length > 1)
    return {
      endpoint: name,
      reason: `its variants run on different hardware (${types.join(", ")}); hostfit audits an endpoint of one instance type`,
    };
  const live = (variant: string) => endpoint.ProductionVariants?.find((v) => v.VariantName === variant);
  const componentNames = [
    ...new Set([
      ...account.components.filter((c) => c.EndpointName === name).map((c) => c.InferenceComponentName),
      ...account.listed.filter((c) => c.EndpointName === name).map((c) => c.InferenceComponentName),
    ]),
  ];
  const components = account.components.filter((c) => c.EndpointName === name);
  const modelNames = [
    ...new Set([
      ...variants.flatMap((v) => (v.ModelName ? [v.ModelName] : [])),
      ...components.flatMap((c) => (c.Specification?.ModelName ? [c.Specification.ModelName] : [])),
    ]),
  ];
  const first = variants[0]!;
  const serverless = live(first.VariantName)?.CurrentServerlessConfig ?? first.ServerlessConfig;
  if (serverless)
    return {
      endpoint: name,
      option: "serverless",
      instanceType: `serverless-${serverless.MemorySizeInMB}mb`,
      instanceCount: 1,
      memorySizeMB: serverless.MemorySizeInMB,
      provisionedConcurrency: serverless.ProvisionedConcurrency ?? 0,
      modelNames,
      componentNames,
    };
  const instanceCount = variants.reduce(
    (n, v) => n + (live(v.VariantName)?.CurrentInstanceCount ?? v.InitialInstanceCount ?? 0),
    0,
  );
  const instanceType = first.InstanceType!;
  const base = { endpoint: name, instanceType, instanceCount, modelNames, componentNames };
  if (config.AsyncInferenceConfig || endpoint.AsyncInferenceConfig) return { ...base, option: "async" };
  if (componentNames.length > 0 || variants.every((v) => v.ModelName === undefined)) {
    const copies = components.reduce((n, c) => n + (c.RuntimeConfig?.CurrentCopyCount ?? 0), 0);
    return { ...base, option: "inference-components", ...(components.length > 0 ? { copies } : {}) };
  }
  const models = account.models.filter((m) => modelNames.includes(m.ModelName));
  const multi = models.some((m) => [m.PrimaryContainer, ...(m.Containers ?? [])].some((c) => c?.Mode === "MultiModel"));
  return { ...base, option: multi ? "multi-model" : "single-model" };
}

/** Whether the option could not be told apart without a describe-model file (multi-model or single-model). */
export function missingModels(placement: CurrentPlacement, account: Account): string[] {
  if (placement.option !== "single-model") return [];
  return placement.modelNames.filter((n) => !account.models.some((m) => m.ModelName === n));
}
