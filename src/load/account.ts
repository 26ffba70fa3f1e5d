/**
 * Reads an account as `hostfit audit --account` names it: one describe-* JSON file, or a folder of them. Each file
 * is recognised by its shape, not its name, and checked on its own: a file that is broken or of no known shape is an
 * issue, and the others are still read.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import {
  EndpointConfigSchema,
  EndpointSchema,
  InferenceComponentListSchema,
  InferenceComponentSchema,
  SageMakerModelSchema,
  type Account,
  type Endpoint,
  type EndpointConfig,
  type InferenceComponent,
  type SageMakerModel,
} from "../schema/account.js";
import { HostfitError } from "../schema/errors.js";
import type { Issue } from "../schema/issue.js";
import { readText } from "./files.js";
import { toIssues } from "./issues.js";
import { parseSource } from "./source.js";

/** The AWS CLI commands whose output an account folder holds, for the hints. */
export const ACCOUNT_COMMANDS =
  "aws sagemaker describe-endpoint, describe-endpoint-config, describe-model, describe-inference-component or list-inference-components";

type Kind = "endpoint" | "config" | "model" | "component" | "list";

const SCHEMAS: Record<Kind, z.ZodType> = {
  endpoint: EndpointSchema,
  config: EndpointConfigSchema,
  model: SageMakerModelSchema,
  component: InferenceComponentSchema,
  list: InferenceComponentListSchema,
};

const SUBJECTS: Record<Kind, string> = {
  endpoint: "the describe-endpoint output",
  config: "the describe-endpoint-config output",
  model: "the describe-model output",
  component: "the describe-inference-component output",
  list: "the list-inference-components output",
};

/**
 * Which describe-* output a value is, by the keys that only it has (SageMaker API reference response syntax):
 * an endpoint has EndpointArn and EndpointStatus; a config EndpointConfigName and ProductionVariants; a model ModelArn
 * and its container(s); an inference component InferenceComponentArn; the listing InferenceComponents.
 */
export function shapeOf(value: unknown): Kind | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const has = (key: string) => key in value;
  if (has("InferenceComponents")) return "list";
  if (has("InferenceComponentArn")) return "component";
  if (has("ModelArn") && (has("PrimaryContainer") || has("Containers"))) return "model";
  if (has("EndpointArn") && has("EndpointStatus")) return "endpoint";
  if (has("EndpointConfigName") && has("ProductionVariants")) return "config";
  return null;
}

/** An account being read, file by file. */
export interface MutableAccount {
  endpoints: Endpoint[];
  configs: EndpointConfig[];
  models: SageMakerModel[];
  components: InferenceComponent[];
  listed: { InferenceComponentName: string; EndpointName: string }[];
}

/** An account with nothing read yet. */
export function emptyAccount(): MutableAccount {
  return { endpoints: [], configs: [], models: [], components: [], listed: [] };
}

/** Adds one file's text to the account, or its issues to `issues`. */
export function addAccountFile(account: MutableAccount, text: string, file: string, issues: Issue[]): void {
  const source = parseSource(text, file);
  if (source.issues.length > 0) {
    issues.push(...source.issues.map((i) => ({ ...i, hint: i.hint ?? `pass the JSON of ${ACCOUNT_COMMANDS}` })));
    return;
  }
  const kind = shapeOf(source.value);
  if (kind === null) {
    issues.push({
      code: "unknown-shape",
      path: "",
      line: 1,
      column: 1,
      file,
      message: `${file} is none of the describe-* outputs hostfit audit reads`,
      hint: `pass the JSON that ${ACCOUNT_COMMANDS} prints (--output json)`,
    });
    return;
  }
  const schema = SCHEMAS[kind];
  const parsed = schema.safeParse(source.value);
  if (!parsed.success) {
    issues.push(...toIssues(parsed.error, schema, source.value, source, [], file, SUBJECTS[kind]));
    return;
  }
  if (kind === "endpoint") account.endpoints.push(parsed.data as Endpoint);
  else if (kind === "config") account.configs.push(parsed.data as EndpointConfig);
  else if (kind === "model") account.models.push(parsed.data as SageMakerModel);
  else if (kind === "component") account.components.push(parsed.data as InferenceComponent);
  else account.listed.push(...(parsed.data as z.infer<typeof InferenceComponentListSchema>).InferenceComponents);
}

/** The files an --account path stands for: the file itself, or a folder's *.json files in name order. */
export function accountFiles(path: string): string[] {
  let folder: boolean;
  try {
    folder = statSync(path).isDirectory();
  } catch {
    return [path]; // readText reports it
  }
  if (!folder) return [path];
  const files = readdirSync(path)
    .filter((name) => name.toLowerCase().endsWith(".json"))
    .sort()
    .map((name) => join(path, name));
  if (files.length === 0)
    throw new HostfitError("unreadable", [
      {
        code: "unreadable",
        path: "",
        file: path,
        message: `${path} holds no .json file`,
        hint: `save the output of ${ACCOUNT_COMMANDS} there, one file each`,
      },
    ]);
  return files;
}

/**
 * Reads an account: a describe-* file, or a folder of them. A file that cannot be read, parsed or recognised is an
 * issue with its place; the rest are read.
 * @throws HostfitError (unreadable) when the path is missing or a folder without JSON files.
 */
export function loadAccount(path: string): { account: Account; issues: Issue[] } {
  const account = emptyAccount();
  const issues: Issue[] = [];
  const files = accountFiles(path);
  for (const file of files) {
    let text: string;
    try {
      text = readText(file, "unreadable", `--account takes a folder of, or one, JSON output of ${ACCOUNT_COMMANDS}`);
    } catch (error) {
      // The path itself missing stops the run; one unreadable file in a folder does not.
      if (files.length === 1 || !(error instanceof HostfitError)) throw error;
      issues.push(...error.issues);
      continue;
    }
    addAccountFile(account, text, file, issues);
  }
  return { account, issues };
}
