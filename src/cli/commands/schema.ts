import { z } from "zod";
import { formatJson } from "../../format/json.js";
import { OutputSchema } from "../../schema/output.js";
import { SCALAR_SHORTHANDS, WorkloadFileSchema, WorkloadSchema } from "../../schema/workload.js";
import { UsageError, type Args } from "../args.js";
import { EXIT } from "../exit-codes.js";
import { emit, type Io } from "../io.js";

export const SCHEMA_IDS = { workload: "urn:hostfit:schema:workload-file:1", output: "urn:hostfit:schema:output:1" };

function workloadJsonSchema(): unknown {
  const file = WorkloadFileSchema.extend({ workloads: z.array(WorkloadSchema).min(1) });
  return z.toJSONSchema(file, {
    io: "input",
    unrepresentable: "any",
    // A shorthand field takes its main field's scalar as well as the object (`payload: 2MB`, `latency: none`).
    override: ({ zodSchema, jsonSchema }) => {
      const key = SCALAR_SHORTHANDS.get(zodSchema);
      const scalar = key === undefined ? undefined : jsonSchema.properties?.[key];
      if (scalar === undefined || typeof scalar === "boolean") return;
      const object = { ...jsonSchema };
      for (const k of Object.keys(jsonSchema)) delete jsonSchema[k];
      jsonSchema.anyOf = [scalar, object];
    },
  });
}

/** `hostfit schema [workload|output]`: the JSON Schema of the input file or of the JSON output, for editors. */
export function schemaCommand(args: Args, io: Io): number {
  const which = args.positionals[0] ?? "workload";
  if (which !== "workload" && which !== "output")
    throw new UsageError(`unknown schema "${which}": expected workload or output`);
  const schema = which === "workload" ? workloadJsonSchema() : z.toJSONSchema(OutputSchema, { unrepresentable: "any" });
  // An $id names the schema for editors and validators that cache or reference it (a URN: no server behind it).
  emit(formatJson({ $id: SCHEMA_IDS[which], ...(schema as object) }), args, io);
  return EXIT.ok;
}
