import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import { recommendAll } from "../../src/index.js";

const example = (name: string) => fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));
const expected = parse(readFileSync(example("expected.yaml"), "utf8")) as Record<string, string | string[] | null>;
const output = recommendAll(readFileSync(example("scenarios.yaml"), "utf8"));

describe("public scenarios rank as examples/expected.yaml says (public scenarios from ../shared/examples)", () => {
  test.each(Object.entries(expected))("%s", (name, want) => {
    const result = output.results.find((r) => r.workload === name);
    expect(result?.ok).toBe(true);
    if (!result?.ok) return;
    if (want === null) {
      expect(result.recommendation).toBeNull();
      expect(result.ranking.every((o) => !o.feasible && o.violations.length > 0)).toBe(true);
      expect(result.summary).toMatch(/^No hosting option can serve/);
    } else {
      expect([want].flat()).toContain(result.recommendation);
    }
  });

  test("the whole output matches its golden file", async () => {
    await expect(JSON.stringify(output, null, 2) + "\n").toMatchFileSnapshot("examples/expected.json");
  });
});
