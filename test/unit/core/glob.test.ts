/** Instance type globs: `*` any run of characters, `?` exactly one, everything else itself, over the whole name. */
import { describe, expect, test } from "vitest";
import { globMatches } from "../../../src/core/glob.js";

describe("issue 7: hostile input", () => {
  test.each([
    ["ml.g5.*", "ml.g5.2xlarge", true],
    ["ml.g5.?xlarge", "ml.g5.2xlarge", true],
    ["ml.*.xlarge", "ml.g5.xlarge", true],
    ["ml.*.xlarge", "ml.g5.2xlarge", false],
    ["*", "", true],
    ["?", "", false],
    ["ml.g5.*", "ml.g4dn.xlarge", false],
    ["ml.g5", "ml.g5.xlarge", false],
    ["**a", "ml.g5.xlarge", false],
    ["*xlarge*", "ml.g5.2xlarge", true],
  ] as const)("globMatches(%s, %s) is %s", (glob, text, expected) => {
    expect(globMatches(glob, text)).toBe(expected);
  });
});
