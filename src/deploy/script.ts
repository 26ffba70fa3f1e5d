import type { DeploymentPlan, DeployRequest } from "./requests.js";

/** `CreateEndpointConfig` -> `create-endpoint-config`, the AWS CLI's name for an operation. */
export function cliOperation(operation: string): string {
  return operation.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

// POSIX shell single quotes: nothing inside is special except the quote itself.
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** One request as an AWS CLI command reading its input from --cli-input-json. */
export function cliCommand(request: DeployRequest): string {
  return `aws ${request.service} ${cliOperation(request.operation)} --cli-input-json ${shellQuote(JSON.stringify(request.input))}`;
}

// The endpoint a request needs InService: the one an inference component joins, or whose variant scales.
function endpointNeeded(request: DeployRequest): string | undefined {
  if (request.operation === "CreateInferenceComponent") return request.input.EndpointName;
  if (request.operation === "RegisterScalableTarget")
    return /^endpoint\/([^/]+)\/variant\//.exec(request.input.ResourceId ?? "")?.[1];
  return undefined;
}

/**
 * A deployment plan as a shell script of `aws ... --cli-input-json` commands, in order, with a wait for each
 * endpoint before the requests that need it InService; placeholders and notes are comments at the top.
 */
export function formatDeployCli(plan: DeploymentPlan): string {
  const lines = [
    "#!/bin/sh",
    `# hostfit deploy: workload ${JSON.stringify(plan.workload)} on ${plan.option}`,
    "set -e",
  ];
  if (plan.placeholders.length > 0) {
    lines.push("# Replace these placeholders first (or set them in the workload's deploy: section):");
    for (const p of plan.placeholders) lines.push(`#   ${p.name} (${p.field}): ${p.description}`);
  }
  for (const note of plan.notes) lines.push(`# Note: ${note}`);
  const created = new Set<string>();
  for (const request of plan.requests) {
    const endpoint = endpointNeeded(request);
    if (endpoint !== undefined && created.delete(endpoint)) {
      lines.push(`aws sagemaker wait endpoint-in-service --endpoint-name ${shellQuote(endpoint)}`);
    }
    lines.push(cliCommand(request));
    if (request.operation === "CreateEndpoint" && request.input.EndpointName) created.add(request.input.EndpointName);
  }
  return `${lines.join("\n")}\n`;
}
