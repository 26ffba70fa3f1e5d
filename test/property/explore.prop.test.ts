/**
 * The explorer page's edits (issue 26): any sequence of control moves on any workload leaves a workload the schema
 * accepts, and "copy as YAML" writes it so that hostfit reads back exactly the workload the page ranked.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { controlsFor, fromSlider, sliderBounds, type Control } from "../../src/explore/controls.js";
import { quantityText, scalarText, workloadYaml } from "../../src/explore/workload-yaml.js";
import { parseWorkloads } from "../../src/load/workloads.js";
import type { Workload } from "../../src/schema/workload.js";
import { constrainedWorkloadArb, workloadArb } from "../arbitraries.js";
import { knowledge, parse } from "./helpers.js";

const RUNS = Number(process.env.RUNS ?? 150);

// A control moved to a share u in [0, 1) of its range, or of its choices.
function move(control: Control, w: Workload, u: number): Workload {
  if (control.kind === "check") return control.set(w, u < 0.5);
  if (control.kind === "select") return control.set(w, control.choices[Math.floor(u * control.choices.length)]!.value);
  const { min, max } = sliderBounds(control);
  return control.set(w, fromSlider(control, min + u * (max - min)));
}

function readBack(yaml: string): Workload {
  const parsed = parseWorkloads(yaml, "edited.yaml", knowledge.catalog);
  expect(parsed.fileIssues).toEqual([]);
  const entry = parsed.entries[0]!;
  if (!entry.ok) throw new Error(`the YAML does not read back:\n${yaml}\n${JSON.stringify(entry.issues)}`);
  return entry.workload;
}

describe("explorer edits and copy as YAML", () => {
  test("any moves of any controls: a valid workload, and its YAML reads back as the same workload", () => {
    fc.assert(
      fc.property(
        fc.oneof(workloadArb, constrainedWorkloadArb),
        fc.array(fc.tuple(fc.nat(), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })), {
          maxLength: 8,
        }),
        (input, moves) => {
          const original = parse(input);
          const controls = controlsFor(original, knowledge, []).flatMap((g) => g.controls);
          let w = original;
          for (const [pick, u] of moves) w = move(controls[pick % controls.length]!, w, u);
          expect(readBack(workloadYaml(w))).toEqual(w);
        },
      ),
      { numRuns: RUNS },
    );
  });

  test.each([
    [2e6, "bytes", "2MB"], // decimal units first
    [2 ** 30, "bytes", "1GiB"], // the shortest text: not 1.073741824GB
    [1234567, "bytes", "1234567B"], // not 1.234567MB
    [1.5e6, "bytes", "1.5MB"],
    [2e5, "bytes", "200KB"], // as short as 0.2MB: the smaller unit
    [800, "duration", "800ms"],
    [90_000, "duration", "90s"], // not 1.5m
    [0.5, "duration", "0.5"], // under the smallest unit: the plain number of ms
    [7e9, "count", "7B"],
    [123, "count", "123"], // a count under a thousand has no suffix
  ] as const)("quantityText(%d, %s) is %s", (x, unit, text) => {
    expect(quantityText(x, unit)).toBe(text);
  });

  test.each([
    ["support-chat", "support-chat"], // plain
    ["ml.g5.*", "ml.g5.*"], // a glob stays plain
    ["yes", '"yes"'], // would read as a boolean in YAML 1.1
    ["12", '"12"'], // would read as a number
    ["a: b", '"a: b"'], // would read as a mapping
    ['<b>"x"</b> & y', '"<b>\\"x\\"</b> & y"'], // JSON's quoting is YAML's double-quoted scalar
  ])("scalarText(%j) is %s", (value, text) => {
    expect(scalarText(value)).toBe(text);
  });
});
