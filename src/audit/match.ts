/** Which running endpoint hosts each workload (README "Auditing what you run"). Pure. */
import type { Workload } from "../schema/workload.js";
import type { CurrentPlacement, UnknownPlacement } from "./current.js";

/** What matching found: each endpoint's workloads, in file order, and the workloads no endpoint hosts. */
export interface Matching {
  readonly byEndpoint: ReadonlyMap<string, readonly Workload[]>;
  readonly unmatched: readonly { readonly workload: string; readonly reason: string }[];
}

/**
 * Matches workloads to endpoints: the endpoint a workload names with `endpoint:`; else the endpoint of the workload's
 * name; else the endpoint that hosts an inference component of that name; else the one whose model (a variant's, or
 * an inference component's) has that name. Several workloads may match one endpoint.
 */
export function matchWorkloads(
  workloads: readonly Workload[],
  endpoints: readonly (CurrentPlacement | UnknownPlacement)[],
): Matching {
  const names = new Set(endpoints.map((e) => e.endpoint));
  const placed = endpoints.filter((e): e is CurrentPlacement => "option" in e);
  const byEndpoint = new Map<string, Workload[]>();
  const unmatched: { workload: string; reason: string }[] = [];
  for (const w of workloads) {
    let endpoint: string | undefined;
    if (w.endpoint !== undefined) {
      if (!names.has(w.endpoint)) {
        unmatched.push({
          workload: w.name,
          reason: `it names endpoint "${w.endpoint}", which no describe-endpoint output in the account holds`,
        });
        continue;
      }
      endpoint = w.endpoint;
    } else {
      endpoint = names.has(w.name)
        ? w.name
        : (placed.find((e) => e.componentNames.includes(w.name)) ?? placed.find((e) => e.modelNames.includes(w.name)))
            ?.endpoint;
    }
    if (endpoint === undefined) {
      unmatched.push({
        workload: w.name,
        reason: `no endpoint, inference component or model of the account is named "${w.name}"; name its endpoint with endpoint: NAME`,
      });
      continue;
    }
    byEndpoint.set(endpoint, [...(byEndpoint.get(endpoint) ?? []), w]);
  }
  return { byEndpoint, unmatched };
}
