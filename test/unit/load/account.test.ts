/**
 * hostfit audit's account files (issue 25): each describe-* output known by its shape, checked against the AWS SDK's
 * own output types (the compiler fails on a field the SDK does not have, or of another type), and read one file at a
 * time so that a broken file never stops the others.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ContainerMode,
  EndpointStatus,
  ProductionVariantInstanceType,
  type DescribeEndpointConfigOutput,
  type DescribeEndpointOutput,
  type DescribeInferenceComponentOutput,
  type DescribeModelOutput,
  type ListInferenceComponentsOutput,
} from "@aws-sdk/client-sagemaker";
import { afterAll, describe, expect, test } from "vitest";
import { addAccountFile, emptyAccount, loadAccount, shapeOf } from "../../../src/load/account.js";
import type { Issue } from "../../../src/schema/issue.js";
import tenantEndpoint from "../../fixtures/account/sagemaker/tenant-scoring.endpoint.json" with { type: "json" };
import tenantConfig from "../../fixtures/account/sagemaker/tenant-scoring.config.json" with { type: "json" };
import tenantModel from "../../fixtures/account/sagemaker/tenant-scoring.model.json" with { type: "json" };
import icEndpoint from "../../fixtures/account/inference-components/llm-platform.endpoint.json" with { type: "json" };
import icConfig from "../../fixtures/account/inference-components/llm-platform.config.json" with { type: "json" };
import icList from "../../fixtures/account/inference-components/llm-platform.inference-components.json" with { type: "json" };
import summarizer from "../../fixtures/account/inference-components/summarizer.inference-component.json" with { type: "json" };

const SAGEMAKER = "test/fixtures/account/sagemaker";
const COMPONENTS = "test/fixtures/account/inference-components";
const tmp = mkdtempSync(join(tmpdir(), "hostfit-account-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The SDK type as the AWS CLI prints it: timestamps as ISO strings, enums as the strings they are. */
type AsJson<T> = T extends Date
  ? string
  : T extends string
    ? string
    : T extends number | boolean | undefined
      ? T
      : T extends readonly (infer E)[]
        ? AsJson<E>[]
        : T extends object
          ? { [K in keyof T]: AsJson<T[K]> }
          : T;

/** `J` with every key the SDK type `S` lacks mapped to never: a field AWS does not return fails to compile. */
type Known<S, J> = J extends readonly (infer E)[]
  ? NonNullable<S> extends readonly (infer T)[]
    ? readonly Known<T, E>[]
    : never
  : J extends object
    ? { [K in keyof J]: K extends keyof NonNullable<S> ? Known<NonNullable<S>[K], J[K]> : never }
    : J;

/** Type-checks a fixture against an SDK output type: each field known, each of its type. */
function asSdk<S>() {
  return <J extends AsJson<S>>(json: J & Known<S, J>): J => json;
}

describe("fixtures are what the SDK's output types describe", () => {
  test.each([
    // each kind of file, typed by the SDK's own DescribeXOutput at compile time
    ["describe-endpoint", asSdk<DescribeEndpointOutput>()(tenantEndpoint)],
    ["describe-endpoint-config", asSdk<DescribeEndpointConfigOutput>()(tenantConfig)],
    ["describe-model", asSdk<DescribeModelOutput>()(tenantModel)],
    ["describe-endpoint (inference components)", asSdk<DescribeEndpointOutput>()(icEndpoint)],
    ["describe-endpoint-config (inference components)", asSdk<DescribeEndpointConfigOutput>()(icConfig)],
    ["list-inference-components", asSdk<ListInferenceComponentsOutput>()(icList)],
    ["describe-inference-component", asSdk<DescribeInferenceComponentOutput>()(summarizer)],
  ])("%s", (_, json) => expect(shapeOf(json)).not.toBeNull());

  test("every enum value in the fixtures is one the SDK knows (its enums are strings in JSON)", () => {
    const values = (o: Record<string, string>) => Object.values(o);
    for (const dir of [SAGEMAKER, COMPONENTS]) {
      for (const name of readdirSync(dir)) {
        const text = readFileSync(join(dir, name), "utf8");
        for (const [, type] of text.matchAll(/"InstanceType": "([^"]+)"/g))
          expect(values(ProductionVariantInstanceType)).toContain(type);
        for (const [, mode] of text.matchAll(/"Mode": "([^"]+)"/g)) expect(values(ContainerMode)).toContain(mode);
        for (const [, status] of text.matchAll(/"EndpointStatus": "([^"]+)"/g))
          expect(values(EndpointStatus)).toContain(status);
      }
    }
  });
});

describe("shapeOf", () => {
  test.each([
    [{ EndpointName: "a", EndpointArn: "arn", EndpointStatus: "InService", ProductionVariants: [] }, "endpoint"], // EndpointArn + EndpointStatus
    [{ EndpointConfigName: "c", ProductionVariants: [] }, "config"], // a config has no EndpointArn
    [{ ModelName: "m", ModelArn: "arn", PrimaryContainer: {} }, "model"],
    [{ ModelName: "m", ModelArn: "arn", Containers: [] }, "model"], // an inference pipeline's model
    [{ InferenceComponentName: "i", InferenceComponentArn: "arn", EndpointName: "e" }, "component"],
    [{ InferenceComponents: [] }, "list"],
    [{ Quotas: [] }, null], // a Service Quotas listing is no describe-* output
    [[{ EndpointName: "a" }], null], // a list
    ["text", null],
  ])("%j is %s", (value, kind) => expect(shapeOf(value)).toBe(kind));
});

describe("loadAccount", () => {
  test("the fixture folder: four endpoints, their configs and models", () => {
    const { account, issues } = loadAccount(SAGEMAKER);
    expect(issues).toEqual([]);
    expect(account.endpoints.map((e) => e.EndpointName).sort()).toEqual([
      "fraud-prod",
      "invoice-classifier",
      "support-chat",
      "tenant-scoring",
    ]);
    expect(account.configs).toHaveLength(4);
    expect(account.models.find((m) => m.ModelName === "tenant-scoring-mme")?.PrimaryContainer?.Mode).toBe("MultiModel");
  });

  test("inference components: the described ones with their resources, and the listed names", () => {
    const { account, issues } = loadAccount(COMPONENTS);
    expect(issues).toEqual([]);
    expect(account.components.map((c) => c.InferenceComponentName).sort()).toEqual(["qa-bot", "summarizer"]);
    expect(account.components.find((c) => c.InferenceComponentName === "summarizer")).toMatchObject({
      Specification: { ComputeResourceRequirements: { NumberOfAcceleratorDevicesRequired: 2 } },
      RuntimeConfig: { CurrentCopyCount: 2 },
    });
    expect(account.listed.map((c) => c.InferenceComponentName)).toEqual(["qa-bot", "summarizer"]);
  });

  test("a broken file and a file of no known shape are issues with their place; the other files are read", () => {
    const dir = join(tmp, "mixed");
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(SAGEMAKER).filter((n) => n.startsWith("fraud-prod")))
      writeFileSync(join(dir, name), readFileSync(join(SAGEMAKER, name)));
    // A comma missing at the end of line 2: the next key starts on line 3, column 3.
    writeFileSync(join(dir, "broken.json"), '{\n  "EndpointName": "x"\n  "EndpointArn": "arn"\n}\n');
    writeFileSync(join(dir, "quotas.json"), '{ "Quotas": [] }\n');
    writeFileSync(join(dir, "notes.txt"), "not read: only .json files are");
    const { account, issues } = loadAccount(dir);
    expect(account.endpoints.map((e) => e.EndpointName)).toEqual(["fraud-prod"]);
    expect(issues.map((i) => [i.code, i.file, i.line, i.column])).toEqual([
      ["invalid-yaml", join(dir, "broken.json"), 3, 3],
      ["unknown-shape", join(dir, "quotas.json"), 1, 1],
    ]);
    expect(issues[1]!.hint).toContain("aws sagemaker describe-endpoint");
  });

  test("a field of the wrong type: the path, line and column in that file", () => {
    const account = emptyAccount();
    const issues: Issue[] = [];
    const text = readFileSync(join(SAGEMAKER, "fraud-prod.config.json"), "utf8").replace(
      '"InitialInstanceCount": 2',
      '"InitialInstanceCount": "two"',
    );
    addAccountFile(account, text, "fraud-prod.config.json", issues);
    expect(account.configs).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      file: "fraud-prod.config.json",
      path: "ProductionVariants[0].InitialInstanceCount",
      line: 8,
    });
  });

  test("a path that does not exist stops the run; a folder without JSON says what to put there", () => {
    expect(() => loadAccount(join(tmp, "nowhere"))).toThrow(/cannot read .*nowhere: no such file/);
    const empty = join(tmp, "empty");
    mkdirSync(empty, { recursive: true });
    expect(() => loadAccount(empty)).toThrow(/holds no \.json file/);
  });
});
