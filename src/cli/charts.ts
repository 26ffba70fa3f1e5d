import { closeSync, openSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { spiderChart } from "../format/spider-chart.js";
import { HostfitError } from "../schema/errors.js";
import type { Output } from "../schema/output.js";
import { makeFolder, PendingFile, pendingPath } from "./output.js";

const MAX_STEM = 80;
// Names Windows reserves for devices, in any case and whatever follows the first dot.
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

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
  if (RESERVED.test(stem)) stem = stem.replace(/^[^.]*/, "$&_");
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

// Why a charts folder cannot be made or written, in words.
function chartsUnwritable(dir: string, error: unknown): HostfitError {
  const e = error as NodeJS.ErrnoException;
  const reason =
    e.code === "EEXIST" || e.code === "ENOTDIR"
      ? "a file is in the way of that folder"
      : e.code === "EACCES"
        ? "permission denied"
        : e.message;
  return new HostfitError("unwritable", [
    {
      code: "unwritable",
      path: "",
      file: dir,
      message: `cannot write charts to ${dir}: ${reason}`,
      hint: "pass --charts a folder path that can be created and written",
    },
  ]);
}

/**
 * Creates the charts folder (and its parents) and checks that a file can be written in it, before any work.
 * @throws HostfitError (`unwritable`) when it cannot.
 */
export function openChartFolder(dir: string): string {
  const probe = pendingPath(join(dir, "charts"));
  try {
    makeFolder(dir);
    closeSync(openSync(probe, "w"));
    unlinkSync(probe);
  } catch (error) {
    throw chartsUnwritable(dir, error);
  }
  return dir;
}

/**
 * Writes each ranked workload's spider chart to `dir/<safe-name>.svg` (a folder `openChartFolder` made) and returns
 * the paths written. Each file is written whole through a temporary file and replaces what is there, a symbolic
 * link included, without following it.
 * @throws HostfitError (`unwritable`) when a file cannot be written.
 */
export function writeCharts(output: Output, dir: string): string[] {
  const written: string[] = [];
  for (const chart of spiderChartFiles(output)) {
    const path = join(dir, chart.file);
    const file = new PendingFile(path, { followLink: false });
    file.write(chart.svg);
    file.commit();
    written.push(path);
  }
  return written;
}
