import { join } from "node:path";
import { z } from "zod";
import type { Catalog, ComputeDevice } from "../../schema/catalog.js";
import { ComputeDeviceSchema } from "../../schema/catalog.js";
import { PrecisionSchema } from "../../schema/ids.js";
import type { Issue } from "../../schema/issue.js";
import type { Measurement } from "./predict.js";
import { HostfitError } from "../../schema/errors.js";
import { BUNDLED_CATALOG_DIR, readDataFile, readText } from "../../load/files.js";

const MappingSchema = z.strictObject({
  schemaVersion: z.literal(1),
  defaultInputTokens: z.number().int().positive(),
  hardware: z.record(z.string(), z.string()),
  extraDevices: z.array(ComputeDeviceSchema),
  neuronServingStacks: z.array(z.string().min(1)),
  firstTokenAfterDecodeStep: z.array(z.string().min(1)),
  superseded: z.array(z.strictObject({ engine: z.string().min(1), reason: z.string().min(1) })),
  precision: z.record(z.string(), PrecisionSchema),
  models: z.record(
    z.string(),
    z.strictObject({
      parameters: z.number().positive(),
      layers: z.number().int().positive(),
      hiddenSize: z.number().int().positive(),
      heads: z.number().int().positive(),
      kvHeads: z.number().int().positive(),
      source: z.string().url(),
    }),
  ),
  mediaHardware: z.record(z.string(), z.string()),
  mediaNotFitted: z.array(z.strictObject({ match: z.string().min(1), reason: z.string().min(1) })),
  mediaModels: z.record(
    z.string(),
    z.strictObject({
      kind: z.enum(["diffusion", "speech"]),
      parameters: z.number().positive(),
      guidance: z.boolean().optional(),
      source: z.string().url(),
    }),
  ),
});
export type Mapping = z.infer<typeof MappingSchema>;

/** Reads mapping.yaml: how the calibration CSVs' hardware, precision and model names map onto hostfit's. */
export function loadMapping(dir: string): Mapping {
  const issues: Issue[] = [];
  const mapping = readDataFile(dir, "mapping.yaml", MappingSchema, "invalid-catalog", issues);
  if (!mapping) throw new HostfitError("invalid-catalog", issues);
  return mapping.data;
}

/** Splits CSV text into rows of fields (RFC 4180 quoting). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      if (row.some((f) => f !== "")) rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== "")) rows.push(row);
  return rows;
}

export function byPrefix<T>(table: Record<string, T>, value: string): T | undefined {
  // The longest matching prefix wins, so "fp16/bf16" is not read as "fp16".
  const key = Object.keys(table)
    .filter((k) => value.startsWith(k))
    .sort((a, b) => b.length - a.length)[0];
  return key === undefined ? undefined : table[key];
}

const number = (s: string | undefined) => (s === undefined || s.trim() === "" ? undefined : Number(s));

/** The measurement files, each with the columns of llm-latency.csv; neuron-latency.csv adds two of its own. */
export const MEASUREMENT_FILES = ["llm-latency.csv", "neuron-latency.csv"] as const;

/** A CSV row that calibration does not use, and why. */
export interface SkippedRow {
  readonly file: string;
  readonly row: number;
  readonly reason: string;
}

/** Reads the bundled latency measurements and maps each usable row onto the catalog's devices. */
export function loadMeasurements(
  catalog: Catalog,
  dir = join(BUNDLED_CATALOG_DIR, "calibration"),
): { measurements: Measurement[]; skipped: SkippedRow[] } {
  const mapping = loadMapping(dir);
  const devices = new Map<string, ComputeDevice>([...catalog.devices, ...mapping.extraDevices].map((d) => [d.id, d]));
  const measurements: Measurement[] = [];
  const skipped: SkippedRow[] = [];
  for (const file of MEASUREMENT_FILES) {
    const [header, ...rows] = parseCsv(readText(join(dir, file)));
    rows.forEach((r, i) => {
      const get = (name: string) => r[header!.indexOf(name)] ?? "";
      const read = readRow(get, mapping, devices);
      if (typeof read === "string") skipped.push({ file, row: i + 2, reason: read });
      else measurements.push({ ...read, id: `${file}:${i + 2}` });
    });
  }
  return { measurements, skipped };
}

// One CSV row as a measurement, or the reason it cannot be one.
function readRow(
  get: (column: string) => string,
  mapping: Mapping,
  devices: ReadonlyMap<string, ComputeDevice>,
): Omit<Measurement, "id"> | string {
  const batchText = get("batch_or_concurrency");
  // The requests in flight; what follows in brackets (the compiled batch, replicas) is read from its own column.
  const batch = /^(?:batch|concurrency) (\d+)(?: \(.*\))?$/.exec(batchText)?.[1];
  const model = byPrefix(mapping.models, get("model"));
  const deviceId = byPrefix(mapping.hardware, get("hardware"));
  const device = deviceId === undefined ? undefined : devices.get(deviceId);
  const precision = byPrefix(mapping.precision, get("precision"));
  if (!batch) return `load "${batchText}" has no fixed batch`;
  if (!model) return "unknown model";
  if (!device) return "unknown hardware";
  if (!precision) return "unknown precision";
  const engine = get("engine");
  const superseded = mapping.superseded.find((s) => engine.startsWith(s.engine));
  if (superseded) return `superseded engine: ${superseded.reason}`;
  let tpot = number(get("tpot_ms"));
  let tokensPerS = number(get("tokens_per_s"));
  const ttft = number(get("ttft_ms"));
  const input = number(get("input_tokens"));
  const output = number(get("output_tokens"));
  // llama.cpp's batch-1 generation benchmark reports decode speed only: its inverse is the TPOT.
  if (tpot === undefined && input === undefined && output === undefined && Number(batch) === 1 && tokensPerS) {
    tpot = 1000 / tokensPerS;
    tokensPerS = undefined;
  }
  if (tpot === undefined && ttft === undefined && (tokensPerS === undefined || !input || !output))
    return "no latency and no throughput with known token counts";
  // TGI's own benchmarks and llmperf divide a request's whole time by its tokens; a row says so where it can.
  const definition = get("tpot_definition");
  return {
    model: get("model"),
    hardware: get("hardware").replace(/\s*\(.*$/, ""),
    engine: engine.replace(/\s*\(.*$/, ""),
    device,
    devices: Number.parseInt(get("accel_count"), 10),
    precision,
    parameters: model.parameters,
    architecture: { layers: model.layers, hiddenSize: model.hiddenSize, heads: model.heads, kvHeads: model.kvHeads },
    batch: Number(batch),
    closedLoop: batchText.startsWith("concurrency"),
    replicas: number(get("replicas")) ?? 1,
    staticScheduler: get("scheduler") === "static",
    decodeBatch: number(get("decode_batch")) ?? Number(batch),
    inputTokens: input ?? mapping.defaultInputTokens,
    outputTokens: output ?? 128,
    ...(tpot !== undefined ? { tpotMs: tpot } : {}),
    ...(ttft !== undefined ? { ttftMs: ttft } : {}),
    ...(tokensPerS !== undefined && tpot === undefined ? { tokensPerS } : {}),
    servingStack:
      (device.kind === "inferentia" || device.kind === "trainium") &&
      mapping.neuronServingStacks.some((prefix) => engine.startsWith(prefix)),
    firstTokenAfterDecodeStep: mapping.firstTokenAfterDecodeStep.some((prefix) => engine.startsWith(prefix)),
    amortizedPrefill: definition ? definition === "request-average" : engine.startsWith("TGI"),
    source: get("source_url"),
  };
}
