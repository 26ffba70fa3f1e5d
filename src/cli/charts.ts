import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spiderChart } from "../format/spider-chart.js";
import { HostfitError } from "../schema/errors.js";
import type { Output } from "../schema/output.js";

const MAX_STEM = 80;
// Names Windows reserves for devices, in any case and with any extension.
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/**
 * A filesystem-safe file stem for a workload name: letters, digits, `.`, `_` and `-` only, no leading dot, at
 * most 80 characters, never a reserved device name, and unique (case-insensitively) among `taken`, which it joins.
 */
export function chartFileStem(name: string, taken: Set<string>): string {
  let stem = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, MAX_STEM)
    .replace(/[-.]+$/g, "");
  if (stem === "") stem = "workload";
  if (RESERVED.test(stem)) stem = `${stem}_`;
  let unique = stem;
  for (let n = 2; taken.has(unique.toLowerCase()); n++) unique = `${stem}-${n}`;
  taken.add(unique.toLowerCase());
  return unique;
}

/** The spider chart of every ranked workload, each with its file name (`<safe-name>.svg`), in output order. */
export function spiderChartFiles(output: Output): { workload: string; file: string; svg: string }[] {
  const taken = new Set<string>();
  return output.results.flatMap((r) =>
    r.ok ? [{ workload: r.workload, file: `${chartFileStem(r.workload, taken)}.svg`, svg: spiderChart(r) }] : [],
  );
}

/**
 * Writes each ranked workload's spider chart to `dir/<safe-name>.svg`, creating `dir`, and returns the paths written.
 * @throws HostfitError (`unwritable`) when the folder cannot be created or a file cannot be written.
 */
export function writeCharts(output: Output, dir: string): string[] {
  const written: string[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    for (const chart of spiderChartFiles(output)) {
      const path = join(dir, chart.file);
      writeFileSync(path, chart.svg);
      written.push(path);
    }
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const reason =
      e.code === "EEXIST" || e.code === "ENOTDIR"
        ? "a file is in the way of that folder"
        : e.code === "EACCES"
          ? "permission denied"
          : e.message;
    throw new HostfitError("unwritable", [
      {
        code: "unwritable",
        path: "",
        file: dir,
        message: `cannot write charts to ${dir}: ${reason}`,
        hint: "pass --charts a folder path that can be created and written",
      },
    ]);
  }
  return written;
}
