import { describe, expect, test } from "vitest";
import { tokenLatency, withRange } from "../../../src/format/labels.js";

describe("figures with their ranges", () => {
  test("the unit is written once where all three share it", () => {
    expect(withRange(31, [25, 38], "ms")).toBe("31 ms (25-38)");
  });

  test("each figure keeps its unit where they differ", () => {
    expect(withRange(900, [600, 1400], "ms")).toMatch(/^900 ms \(600 ms-1\.4 s\)$/);
  });

  test("an LLM's token latencies, and nothing outside LLMs", () => {
    const estimates = { ttftMs: 588, perTokenMs: 30, range: { ttftMs: [400, 924], perTokenMs: [22, 36] } };
    expect(tokenLatency(estimates as never)).toBe("first token 588 ms (400-924), 30 ms (22-36) a token");
    expect(tokenLatency({ latencyMs: { p50: 1, p95: 2 } } as never)).toBeUndefined();
    expect(tokenLatency(undefined)).toBeUndefined();
  });
});
