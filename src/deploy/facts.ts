/** What deploy reads from the workload, with the defaults for a result deployed without its workload. */
import type { RankedResult } from "../schema/output.js";
import type { Workload } from "../schema/workload.js";

/** What deploy needs from the workload; a result without its workload deploys with defaults and placeholders. */
export interface Facts {
  readonly name: string;
  readonly models: number;
  readonly requestBytes: number | null;
  readonly targetMs: number | null;
  readonly networkIsolation: boolean;
  readonly deploy: NonNullable<Workload["deploy"]>;
}

export function factsOf(result: RankedResult, workload: Workload | undefined): Facts {
  if (!workload)
    return {
      name: result.workload,
      models: 1,
      requestBytes: null,
      targetMs: null,
      networkIsolation: false,
      deploy: {},
    };
  return {
    name: workload.name,
    models: workload.model.count,
    requestBytes: workload.payload.request,
    targetMs: workload.latency.target === "none" ? null : workload.latency.target,
    networkIsolation: workload.constraints.networkIsolation,
    deploy: workload.deploy ?? {},
  };
}
