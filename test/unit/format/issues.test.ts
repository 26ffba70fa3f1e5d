import { describe, expect, test } from "vitest";
import { formatIssue } from "../../../src/format/issues.js";

describe("formatIssue", () => {
  test("what is wrong, where and the hint, a line each", () => {
    expect(
      formatIssue({
        code: "invalid-enum",
        path: "workloads[0].isolation",
        line: 3,
        column: 5,
        message: "m",
        hint: "h",
        file: "f.yaml",
      }),
    ).toBe("✖ m\n  → at workloads[0].isolation (f.yaml:3:5)\n  hint: h");
  });

  test("issue 19: terminal escapes and invisible characters in a key or value are shown, not acted on", () => {
    const text = formatIssue({
      code: "invalid-enum",
      path: 'workloads[0].model["\u001b[2J"]',
      message: '"\u001b[2J\u001b[31mred" is not one of the values precision allows\r',
      hint: "fr\u200baud \u202eevil",
    });
    expect(text).toBe(
      '✖ "\\u001b[2J\\u001b[31mred" is not one of the values precision allows\\u000d\n' +
        '  → at workloads[0].model["\\u001b[2J"]\n' +
        "  hint: fr\\u200baud \\u202eevil",
    );
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u200b\u202e]/);
  });
});
