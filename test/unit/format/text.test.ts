/** Markdown and plain-text reports: user strings stay text (issue 19). */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { formatPlanMarkdown } from "../../../src/format/plan-text.js";
import { codeSpan, escapeCell, formatMarkdown } from "../../../src/format/text.js";
import { OutputSchema, type Output } from "../../../src/schema/output.js";
import { FleetPlanSchema } from "../../../src/schema/plan.js";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/report/${name}`, import.meta.url), "utf8"));
const output = OutputSchema.parse(fixture("output.json"));

describe("escapeCell and codeSpan", () => {
  test.each([
    ["plain text (p95 12 ms, 3x cheaper)", "plain text (p95 12 ms, 3x cheaper)"], // what reports say: unchanged
    ["[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"], // no link
    ["<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"], // no raw HTML
    ["a|b\nc", "a\\|b c"], // no new cell, no new line
    ["*bold* _it_ ~~gone~~ `code` &amp; \\", "\\*bold\\* \\_it\\_ \\~\\~gone\\~\\~ \\`code\\` \\&amp; \\\\"],
  ])("escapeCell(%j) = %j", (text, expected) => {
    expect(escapeCell(text)).toBe(expected);
  });

  test.each([
    ["workloads[0].payload", "`workloads[0].payload`"],
    ["a`b", "``a`b``"], // a backtick inside: a longer fence
    ["`x", "`` `x ``"], // at an edge: padded
    ["k\n<script>", "`k <script>`"], // a line break folded; inside a code span HTML is text
  ])("codeSpan(%j) = %j", (text, expected) => {
    expect(codeSpan(text)).toBe(expected);
  });
});

describe("issue 19: a name or key with markup stays text in Markdown", () => {
  test("recommend --format markdown", () => {
    const ranked = output.results.find((r) => r.ok)!;
    const hostile: Output = {
      ...output,
      results: [
        { ...ranked, workload: "[x](javascript:alert(1)) <b>" },
        {
          workload: null,
          ok: false,
          issues: [
            { code: "unknown-key", path: 'workloads[1]["a\n<h1>x</h1>"]', message: 'unknown field "a\n<h1>x</h1>"' },
          ],
        },
      ],
    };
    const md = formatMarkdown(hostile);
    // Unescaped markup only inside the code span, where Markdown shows it as text.
    expect(md.replaceAll('`workloads[1]["a <h1>x</h1>"]`', "")).not.toMatch(/(?<!\\)(<b>|<h1>|\]\(javascript)/);
    expect(md).toContain("## \\[x\\](javascript:alert(1)) \\<b\\>");
    expect(md).toContain('- `workloads[1]["a <h1>x</h1>"]`: unknown field "a \\<h1\\>x\\</h1\\>"');
  });

  test("plan --format markdown", () => {
    const plan = FleetPlanSchema.parse(fixture("plan.json"));
    const md = formatPlanMarkdown({
      ...plan,
      issues: [{ code: "unknown-key", path: "x`y", message: "<script>alert(1)</script>" }],
    });
    expect(md).toContain("- ``x`y``: \\<script\\>alert(1)\\</script\\>");
  });
});
