/** `--quotas FILE` on the command line (issue 25): placements within the account's instance-type quotas. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { hostfit } from "./run-cli.js";

const QUOTAS = "test/fixtures/account/service-quotas.json";
const tmp = mkdtempSync(join(tmpdir(), "hostfit-quotas-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const LLM = [
  "workloads:",
  "  - name: chat-7b",
  "    model: { parameters: 7B, kind: llm, precision: fp16 }",
  "    tokens: { input: 500, output: 200 }",
  "    payload: { request: 4KB, response: 2KB }",
  "    latency: { target: 20s, ttft: 2s }",
  "    isolation: container",
  "    traffic: { pattern: steady, peakRps: 2 }",
  '    constraints: { options: [single-model], instanceTypes: ["ml.g5.xlarge"] }',
  "",
].join("\n");

describe.concurrent("hostfit recommend --quotas", () => {
  test("the only type allowed is over its quota: exit 1, the quota named on stdout, nothing on stderr", async () => {
    const run = await hostfit(["recommend", "-", "--no-what-if", "--format", "json", "--quotas", QUOTAS], LLM);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: "" });
    const single = JSON.parse(run.stdout).results[0].ranking.find(
      (o: { option: string }) => o.option === "single-model",
    );
    expect(single.violations[0]).toMatchObject({ rule: "instance-quota", limit: 0, actual: 2 });
    const free = await hostfit(["recommend", "-", "--no-what-if", "--format", "json"], LLM);
    expect(free.status).toBe(0);
  });

  test("an --out that is the quotas file or the config file is refused: exit 2, the file kept", async () => {
    const quotas = join(tmp, "quotas.json");
    const config = join(tmp, "hostfit.config.yaml");
    writeFileSync(quotas, readFileSync(QUOTAS, "utf8"));
    writeFileSync(config, "profile: cost-first\n");
    for (const [flags, file] of [
      [["--quotas", quotas, "--out", quotas], quotas],
      [["--config", config, "--out", config], config],
    ] as const) {
      const before = readFileSync(file, "utf8");
      const run = await hostfit(["recommend", "-", ...flags], LLM);
      expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: "" });
      expect(run.stderr).toContain(`which this command reads`);
      expect(readFileSync(file, "utf8")).toBe(before);
    }
  });

  test("a quotas file that is not a Service Quotas listing: exit 2, the file and place named", async () => {
    const file = join(tmp, "bad.json");
    writeFileSync(file, '{ "Quotas": [ { "QuotaName": "ml.g5.xlarge for endpoint usage", "Value": "zero" } ] }\n');
    const run = await hostfit(["recommend", "-", "--quotas", file], LLM);
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: "" });
    expect(run.stderr).toContain(`${file}:1:`);
    expect(run.stderr).toContain("Quotas[0]");
  });
});
