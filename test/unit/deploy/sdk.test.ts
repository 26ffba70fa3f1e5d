/**
 * Every generated request goes through the real AWS SDK v3 clients to a loopback HTTP stub: the SDK must build
 * and serialize it (JSON 1.1 protocol), with the operation's X-Amz-Target and a body equal to the input. A field
 * the SDK does not know would be dropped from the body and fail the comparison.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateInferenceComponentCommand,
  CreateModelCommand,
  CreateTransformJobCommand,
  SageMakerClient,
  type ProductionVariantInstanceType,
  type TransformInstanceType,
} from "@aws-sdk/client-sagemaker";
import {
  ApplicationAutoScalingClient,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  deploymentRequests,
  OPTION_IDS,
  type DeploymentPlan,
  type DeployRequest,
  type OptionId,
} from "../../../src/index.js";
import { DEPLOY_FIXTURE, rankedWorkloads, SCENARIOS } from "./helpers.js";

interface Received {
  readonly method: string;
  readonly url: string;
  readonly target: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
}

const received: Received[] = [];
let server: Server;
let sagemaker: SageMakerClient;
let autoscaling: ApplicationAutoScalingClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      received.push({
        method: req.method ?? "",
        url: req.url ?? "",
        target: req.headers["x-amz-target"] as string | undefined,
        contentType: req.headers["content-type"],
        body,
      });
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = {
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" },
    maxAttempts: 1,
  };
  sagemaker = new SageMakerClient(config);
  autoscaling = new ApplicationAutoScalingClient(config);
});

afterAll(async () => {
  sagemaker?.destroy();
  autoscaling?.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/**
 * hostfit's request types (src/deploy/api.ts) keep instance types as strings, the SDK as its enum of the day; every
 * other field must be assignable as it stands, which the compiler checks on each command below.
 */
type WithInstanceType<T, I> = T extends (infer E)[]
  ? WithInstanceType<E, I>[]
  : T extends object
    ? { [K in keyof T]: K extends "InstanceType" ? I : WithInstanceType<T[K], I> }
    : T;
const sdkTyped = <I, T>(input: T) => input as WithInstanceType<T, I>;

/** Sends one request with the SDK command its operation names. */
async function send(request: DeployRequest): Promise<void> {
  switch (request.operation) {
    case "CreateModel":
      await sagemaker.send(new CreateModelCommand(request.input));
      return;
    case "CreateEndpointConfig":
      await sagemaker.send(
        new CreateEndpointConfigCommand(sdkTyped<ProductionVariantInstanceType, typeof request.input>(request.input)),
      );
      return;
    case "CreateEndpoint":
      await sagemaker.send(new CreateEndpointCommand(request.input));
      return;
    case "CreateInferenceComponent":
      await sagemaker.send(new CreateInferenceComponentCommand(request.input));
      return;
    case "CreateTransformJob":
      await sagemaker.send(
        new CreateTransformJobCommand(sdkTyped<TransformInstanceType, typeof request.input>(request.input)),
      );
      return;
    case "RegisterScalableTarget":
      await autoscaling.send(new RegisterScalableTargetCommand(request.input));
      return;
    case "PutScalingPolicy":
      await autoscaling.send(new PutScalingPolicyCommand(request.input));
      return;
  }
}

const TARGET_PREFIX = { sagemaker: "SageMaker", "application-autoscaling": "AnyScaleFrontendService" } as const;

/** Sends every request of a plan in order and checks what reached the wire for each. */
async function sendPlan(plan: DeploymentPlan): Promise<void> {
  expect(plan.requests.length).toBeGreaterThan(0);
  for (const request of plan.requests) {
    const before = received.length;
    await send(request);
    expect(received).toHaveLength(before + 1);
    const wire = received[before]!;
    expect(wire.method).toBe("POST");
    expect(wire.target).toBe(`${TARGET_PREFIX[request.service]}.${request.operation}`);
    expect(wire.contentType).toBe("application/x-amz-json-1.1");
    expect(JSON.parse(wire.body)).toEqual(JSON.parse(JSON.stringify(request.input)));
  }
}

const fixture = rankedWorkloads(DEPLOY_FIXTURE);

describe("the SDK serializes every request (loopback stub)", () => {
  test("the fixture makes each of the six options a recommendation", () => {
    expect([...new Set(fixture.map((r) => r.result.recommendation))].sort()).toEqual([...OPTION_IDS].sort());
  });

  test("every field a placement can ask for reaches the wire", async () => {
    const before = received.length;
    for (const ranked of fixture) await sendPlan(deploymentRequests(ranked.result, ranked.workload));
    const wire = received
      .slice(before)
      .map((r) => r.body)
      .join("\n");
    for (const field of [
      "ProvisionedConcurrency",
      "ManagedInstanceScaling",
      "VpcConfig",
      "EnableNetworkIsolation",
      "KmsKeyId",
      "ModelClientConfig",
      "MinCapacity",
      "ContainerStartupHealthCheckTimeoutInSeconds",
    ])
      expect(wire, field).toContain(`"${field}"`);
  });

  test.each(OPTION_IDS.map((option) => [option]))("%s: the recommended placement", async (option: OptionId) => {
    const ranked = fixture.find((r) => r.result.recommendation === option)!;
    const plan = deploymentRequests(ranked.result, ranked.workload);
    expect(plan.option).toBe(option);
    await sendPlan(plan);
  });

  test.each(
    rankedWorkloads(SCENARIOS)
      .filter((r) => r.result.recommendation !== null)
      .map((r) => [r.workload.name, r]),
  )("examples/scenarios.yaml %s: the recommendation", async (_name, ranked) => {
    await sendPlan(deploymentRequests(ranked.result, ranked.workload));
  });

  // Every other feasible option of the examples too, where the model count keeps the request count small.
  const alternatives = rankedWorkloads(SCENARIOS)
    .filter((r) => r.workload.model.count <= 10)
    .flatMap((r) =>
      r.result.ranking
        .filter((o) => o.feasible && o.option !== r.result.recommendation)
        .map((o) => [r.workload.name, o.option, r] as const),
    );
  test.each(alternatives)("examples/scenarios.yaml %s: --option %s", async (_name, option, ranked) => {
    await sendPlan(deploymentRequests(ranked.result, ranked.workload, { option }));
  });
});
