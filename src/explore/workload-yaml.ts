/**
 * A parsed workload written back as a workload file of one entry, for the explorer's "copy as YAML". Quantities
 * get units (`2MB`, `800ms`, `7B`) only where hostfit's own parser reads the text back as the very same number,
 * so the file ranks exactly as the page did; anything else is written as its plain number (bytes, ms, count).
 * A small emitter for this one shape: block mappings, flow lists of scalars, block lists of mappings.
 */
import { isFailure, parseBytes, parseCount, parseDuration, type Parsed } from "../schema/units.js";
import type { Workload } from "../schema/workload.js";

type Unit = "bytes" | "duration" | "count";

// Each field that holds a quantity, by its path (`[]` for any list element).
const UNITS: Readonly<Record<string, Unit>> = {
  "model.parameters": "count",
  "model.architecture.activeParameters": "count",
  "model.artifactSize": "bytes",
  "payload.request": "bytes",
  "payload.response": "bytes",
  "processingTime.value": "duration",
  "latency.target": "duration",
  "latency.ttft": "duration",
  "latency.perToken": "duration",
  "latency.coldStart": "duration",
  "traffic.requestsPerDay": "count",
  "traffic.requestsPerMonth": "count",
  "traffic.records": "count",
  "traffic.datasetSize": "bytes",
  "traffic.deadline": "duration",
  "measured[].p50": "duration",
  "measured[].p95": "duration",
  "measured[].ttft": "duration",
  "measured[].perToken": "duration",
};

// Suffixes tried largest first, each with its factor and the parser that reads it back.
const SUFFIXES: Readonly<Record<Unit, { parse: (v: unknown) => Parsed; units: readonly [string, number][] }>> = {
  bytes: {
    parse: parseBytes,
    units: [
      ["TB", 1e12],
      ["GB", 1e9],
      ["GiB", 2 ** 30],
      ["MB", 1e6],
      ["MiB", 2 ** 20],
      ["KB", 1e3],
      ["KiB", 2 ** 10],
      ["B", 1],
    ],
  },
  duration: {
    parse: parseDuration,
    units: [
      ["d", 86_400_000],
      ["h", 3_600_000],
      ["m", 60_000],
      ["s", 1000],
      ["ms", 1],
    ],
  },
  count: {
    parse: parseCount,
    units: [
      ["T", 1e12],
      ["B", 1e9],
      ["M", 1e6],
      ["K", 1e3],
    ],
  },
};

/**
 * A quantity in the shortest text with a unit that reads back as exactly `x` (the smaller unit on a tie: 200KB,
 * not 0.2MB); else the plain number.
 */
export function quantityText(x: number, unit: Unit): string {
  const { parse, units } = SUFFIXES[unit];
  let best: string | undefined;
  for (const [suffix, factor] of units) {
    if (x < factor) continue;
    const text = `${x / factor}${suffix}`;
    const back = parse(text);
    if (!isFailure(back) && back === x && (best === undefined || text.length <= best.length)) best = text;
  }
  return best ?? String(x);
}

const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

/** A string as a YAML scalar: plain where it cannot read as anything else, else JSON's quoting (valid YAML). */
export function scalarText(value: string): string {
  return /^[A-Za-z_][A-Za-z0-9_./*-]*$/.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
}

function leaf(value: unknown, path: string): string {
  if (typeof value === "string") return scalarText(value);
  if (typeof value === "number") {
    const unit = UNITS[path];
    return unit ? quantityText(value, unit) : String(value);
  }
  return String(value);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

// The lines of a mapping's entries at `indent` spaces.
function mappingLines(object: Record<string, unknown>, indent: number, path: string): string[] {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    const at = path ? `${path}.${key}` : key;
    const name = scalarText(key);
    if (isObject(value)) {
      if (Object.keys(value).length === 0) lines.push(`${pad}${name}: {}`);
      else lines.push(`${pad}${name}:`, ...mappingLines(value, indent + 2, at));
    } else if (Array.isArray(value)) {
      if (value.every((v) => !isObject(v) && !Array.isArray(v)))
        lines.push(`${pad}${name}: [${value.map((v) => leaf(v, `${at}[]`)).join(", ")}]`);
      else {
        lines.push(`${pad}${name}:`);
        for (const item of value) {
          const [first, ...rest] = mappingLines(item as Record<string, unknown>, indent + 4, `${at}[]`);
          lines.push(`${pad}  - ${first!.trimStart()}`, ...rest);
        }
      }
    } else lines.push(`${pad}${name}: ${leaf(value, at)}`);
  }
  return lines;
}

/** The workload as a workload file holding it alone (`workloads:` and one entry), ending with a newline. */
export function workloadYaml(workload: Workload): string {
  const [first, ...rest] = mappingLines(workload as unknown as Record<string, unknown>, 4, "");
  return ["workloads:", `  - ${first!.trimStart()}`, ...rest, ""].join("\n");
}
