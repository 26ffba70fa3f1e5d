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
});

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

function byPrefix<T>(table: Record<string, T>, value: string): T | undefined {
  // The longest matching prefix wins, so "fp16/bf16" is not read as "fp16".
  const key = Object.keys(table)
    .filter((k) => value.startsWith(k))
    .sort((a, b) => b.length - a.length)[0];
  return key === undefined ? undefined : table[key];
}

const number = (s: string | undefined) => (s === undefined || s.trim() === "" ? undefined : Number(s));

/** Reads the bundled latency measurements and maps each usable row onto the catalog's devices. */
export function loadMeasurements(
  catalog: Catalog,
  dir = join(BUNDLED_CATALOG_DIR, "calibration"),
): { measurements: Measurement[]; skipped: { row: number; reason: string }[] } {
  const issues: Issue[] = [];
  const mapping = readDataFile(dir, "mapping.yaml", MappingSchema, "invalid-catalog", issues);
  if (!mapping) throw new HostfitError("invalid-catalog", issues);
  const devices = new Map<string, ComputeDevice>(
    [...catalog.devices, ...mapping.data.extraDevices].map((d) => [d.id, d]),
  );
  const [header, ...rows] = parseCsv(readText(join(dir, "llm-latency.csv")));
  const col = (name: string) => header!.indexOf(name);
  const measurements: Measurement[] = [];
  const skipped: { row: number; reason: string }[] = [];
  rows.forEach((r, i) => {
    const get = (name: string) => r[col(name)] ?? "";
    const batchText = get("batch_or_concurrency");
    const batch = /^(?:batch|concurrency) (\d+)$/.exec(batchText)?.[1];
    const model = byPrefix(mapping.data.models, get("model"));
    const deviceId = byPrefix(mapping.data.hardware, get("hardware"));
    const device = deviceId === undefined ? undefined : devices.get(deviceId);
    const precision = byPrefix(mapping.data.precision, get("precision"));
    const reason = !batch
      ? `load "${batchText}" has no fixed batch`
      : !model
        ? "unknown model"
        : !device
          ? "unknown hardware"
          : !precision
            ? "unknown precision"
            : undefined;
    if (reason || !batch || !model || !device || !precision) {
      skipped.push({ row: i + 2, reason: reason ?? "unmapped" });
      return;
    }
    const engine = get("engine");
    let tpot = number(get("tpot_ms"));
    let tokensPerS = number(get("tokens_per_s"));
    const input = number(get("input_tokens"));
    const output = number(get("output_tokens"));
    // llama.cpp's batch-1 generation benchmark reports decode speed only: its inverse is the TPOT.
    if (
      tpot === undefined &&
      input === undefined &&
      output === undefined &&
      Number(batch) === 1 &&
      tokensPerS !== undefined
    ) {
      tpot = 1000 / tokensPerS;
      tokensPerS = undefined;
    }
    if (
      tpot === undefined &&
      number(get("ttft_ms")) === undefined &&
      (tokensPerS === undefined || input === undefined || output === undefined)
    ) {
      skipped.push({ row: i + 2, reason: "no latency and no throughput with known token counts" });
      return;
    }
    measurements.push({
      id: i + 2,
      model: get("model"),
      hardware: get("hardware").replace(/\s*\(.*$/, ""),
      engine: engine.replace(/\s*\(.*$/, ""),
      device,
      devices: Number.parseInt(get("accel_count"), 10),
      precision,
      parameters: model.parameters,
      architecture: { layers: model.layers, hiddenSize: model.hiddenSize, heads: model.heads, kvHeads: model.kvHeads },
      batch: Number(batch),
      inputTokens: input ?? mapping.data.defaultInputTokens,
      outputTokens: output ?? 128,
      ...(tpot !== undefined ? { tpotMs: tpot } : {}),
      ...(number(get("ttft_ms")) !== undefined ? { ttftMs: number(get("ttft_ms"))! } : {}),
      ...(tokensPerS !== undefined && tpot === undefined ? { tokensPerS } : {}),
      amortizedPrefill: engine.startsWith("TGI"),
      source: get("source_url"),
    });
  });
  return { measurements, skipped };
}
