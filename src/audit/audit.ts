/**
 * `hostfit audit`: each running endpoint's placement and cost today beside hostfit's recommendation for the workloads
 * it hosts, the saving, whether to keep it or change it, and the requests for the change. Pure and deterministic.
 */
import { recommendWorkload } from "../core/assess/recommend.js";
import { planFleet } from "../core/plan/plan.js";
import type { Knowledge } from "../core/types.js";
import { formatQuantity, formatUsd, roundOutput } from "../core/units.js";
import { buildDeployment } from "../deploy/requests.js";
import type { Account } from "../schema/account.js";
import type { Audit, AuditEndpoint, AuditPlacement, AuditTraffic } from "../schema/audit.js";
import type { ProfileId } from "../schema/ids.js";
import type { Issue } from "../schema/issue.js";
import type { RankedOption, RankedResult } from "../schema/output.js";
import type { Workload } from "../schema/workload.js";
import { currentPlacement, missingModels, type CurrentPlacement } from "./current.js";
import { matchWorkloads } from "./match.js";
import { priceCurrent } from "./price.js";
import { withMeasuredTraffic, type MeasuredTraffic } from "./traffic.js";

/**
 * A recommendation that saves (or costs) less than this share of today's monthly cost is not worth a move: the
 * audit keeps today's placement then, unless today's placement fails the workload.
 */
export const KEEP_WITHIN_SHARE = 0.05;

/** Where measured traffic differs from the workload file's by more than this factor, the audit says so. */
const TRAFFIC_MISMATCH = 1.25;

export interface AuditOptions {
  /** Overrides each workload's own priorities. */
  readonly profile?: ProfileId;
  /** What CloudWatch measured, by endpoint name (`--metrics`). */
  readonly measured?: ReadonlyMap<string, MeasuredTraffic>;
}

/** A placement as a sentence says it: "multi-model on 4 x ml.c5.2xlarge", "serverless at 2048 MB". */
export function describePlacement(p: Pick<AuditPlacement, "option" | "instanceType" | "instanceCount">): string {
  if (p.option === "serverless") return `serverless at ${p.instanceType.replace(/^serverless-(\d+)mb$/, "$1 MB")}`;
  return `${p.option} on ${p.instanceCount} x ${p.instanceType}`;
}

const share = (part: number, whole: number) => formatQuantity(whole > 0 ? part / whole : 0, "share");

interface Recommended {
  readonly placement: AuditEndpoint["recommended"];
  /** The single workload's ranked result (absent for several workloads, which are planned as a fleet). */
  readonly result?: RankedResult;
  readonly sentences: readonly string[];
}

// The winner of one workload's ranking, or why it has none.
function winnerOf(result: RankedResult): RankedOption | string {
  const winner = result.ranking.find((r) => r.rank === 1);
  if (winner?.placement && winner.estimates) return winner;
  return result.summary;
}

function recommendOne(workload: Workload, knowledge: Knowledge, options: AuditOptions): Recommended | string {
  const result = recommendWorkload(workload, knowledge, {
    whatIf: false,
    ...(options.profile ? { profile: options.profile } : {}),
  });
  const winner = winnerOf(result);
  if (typeof winner === "string") return winner;
  return {
    placement: {
      option: winner.option,
      instanceType: winner.placement!.instanceType,
      instanceCount: winner.placement!.instanceCount,
      monthlyCostUsd: winner.estimates!.monthlyCostUsd,
    },
    result,
    sentences: [result.summary],
  };
}

// Several workloads on one endpoint are planned as a fleet: the plan may share an endpoint among them, which each
// workload's recommendation alone would not.
function recommendFleet(workloads: readonly Workload[], knowledge: Knowledge): Recommended | string {
  const plan = planFleet(workloads, knowledge);
  if (plan.unplaced.length > 0)
    return plan.unplaced.map((u) => `${u.workload} cannot be placed: ${u.reason}`).join("; ");
  const endpoints = plan.endpoints.map((e) => ({
    option: e.option,
    instanceType: e.instanceType,
    instanceCount: e.instanceCount,
    monthlyCostUsd: e.monthlyCostUsd,
    workloads: e.workloads,
  }));
  const costliest = endpoints.reduce((a, b) => (b.monthlyCostUsd > a.monthlyCostUsd ? b : a));
  const split = endpoints.length > 1;
  return {
    placement: {
      option: costliest.option,
      instanceType: costliest.instanceType,
      instanceCount: costliest.instanceCount,
      monthlyCostUsd: plan.totals.monthlyCostUsd,
      ...(split ? { endpoints } : {}),
    },
    sentences: [
      split
        ? `hostfit plans its ${workloads.length} workloads onto ${endpoints.length} endpoints: ${endpoints.map((e) => `${describePlacement(e)} for ${e.workloads.join(", ")}`).join("; ")}.`
        : `hostfit plans its ${workloads.length} workloads onto one endpoint: ${plan.endpoints[0]!.why}.`,
    ],
  };
}

/**
 * Whether today's option and instance type can serve the workload, as hostfit sizes them: the ranking restricted
 * to them. Returns the first violation when they cannot, else the instances hostfit sizes there.
 */
function todayAsSized(
  workload: Workload,
  current: CurrentPlacement,
  knowledge: Knowledge,
): { fails: string } | { instances: number } | null {
  const serverless = current.option === "serverless";
  if (!serverless && !knowledge.catalog.instances.some((i) => i.instanceType === current.instanceType)) return null;
  const pinned: Workload = {
    ...workload,
    constraints: {
      ...workload.constraints,
      options: [current.option],
      ...(serverless ? {} : { instanceTypes: [current.instanceType] }),
    },
  };
  const entry = recommendWorkload(pinned, knowledge, { whatIf: false }).ranking.find(
    (r) => r.option === current.option,
  );
  if (!entry) return null;
  if (!entry.feasible) return { fails: entry.violations[0]?.message ?? "it breaks a limit of the option" };
  return { instances: entry.placement!.instanceCount };
}

// What the traffic figures say: the measured ones used, and measured ones far from the file's (on an endpoint of
// several workloads, the measurement is the endpoint's, compared with the sum of theirs).
function trafficSentences(traffic: readonly AuditTraffic[]): string[] {
  const out: string[] = [];
  for (const t of traffic) {
    const used = [
      t.peakRpsFrom === "metrics" ? `${formatQuantity(t.peakRps, "count")} requests a second at peak` : "",
      t.requestsPerDayFrom === "metrics" ? `${formatQuantity(t.requestsPerDay, "count")} a day` : "",
    ].filter(Boolean);
    if (used.length > 0) out.push(`Traffic of ${t.workload} from CloudWatch: ${used.join(", ")}.`);
  }
  const measured = traffic[0]?.measured;
  if (!measured) return out;
  const who = traffic.length === 1 ? traffic[0]!.workload : `its ${traffic.length} workloads together`;
  const far = (m: number | undefined, file: number) =>
    m !== undefined && m > 0 && file > 0 && Math.max(m / file, file / m) > TRAFFIC_MISMATCH;
  const sum = (pick: (t: AuditTraffic) => number) => traffic.reduce((n, t) => n + pick(t), 0);
  const fromFile = (key: "peakRpsFrom" | "requestsPerDayFrom") => traffic.every((t) => t[key] === "file");
  const compared: [number | undefined, number, string, boolean][] = [
    [measured.peakRps, sum((t) => t.peakRps), "requests a second at peak", fromFile("peakRpsFrom")],
    [measured.requestsPerDay, sum((t) => t.requestsPerDay), "requests a day", fromFile("requestsPerDayFrom")],
  ];
  for (const [m, file, what, kept] of compared)
    if (kept && far(m, file))
      out.push(
        `CloudWatch measured ${formatQuantity(m!, "count")} ${what} where the workload file gives ${formatQuantity(file, "count")} for ${who}; the file's figure is used.`,
      );
  return out;
}

// The workload with its deploy values filled from today's model where the file leaves them out, and a name beside
// today's endpoint: SageMaker cannot turn a real-time endpoint into a serverless one in place, so the change is a new
// endpoint that clients move to before the old one is deleted.
function forDeploy(workload: Workload, current: CurrentPlacement, option: string, account: Account): Workload {
  const model = account.models.find((m) => current.modelNames.includes(m.ModelName));
  const container = model?.PrimaryContainer ?? model?.Containers?.[0];
  const sameArchives = (current.option === "multi-model") === (option === "multi-model");
  const deploy = workload.deploy ?? {};
  return {
    ...workload,
    deploy: {
      ...deploy,
      endpointName: deploy.endpointName ?? `${current.endpoint}-hostfit`,
      ...(deploy.roleArn === undefined && model?.ExecutionRoleArn ? { roleArn: model.ExecutionRoleArn } : {}),
      ...(deploy.imageUri === undefined && container?.Image ? { imageUri: container.Image } : {}),
      ...(deploy.modelDataUrl === undefined && sameArchives && container?.ModelDataUrl
        ? { modelDataUrl: container.ModelDataUrl }
        : {}),
    },
  };
}

/** An audited endpoint, with today's cost and the cost after its action unrounded, for the totals. */
type Audited =
  | {
      readonly ok: true;
      readonly entry: AuditEndpoint;
      readonly usd: { readonly today: number; readonly after: number };
    }
  | { readonly ok: false; readonly reason: string };

function auditEndpoint(
  current: CurrentPlacement,
  members: readonly Workload[],
  account: Account,
  knowledge: Knowledge,
  options: AuditOptions,
): Audited {
  const alone = members.length === 1;
  const measured = options.measured?.get(current.endpoint);
  const sized = members.map((w) => withMeasuredTraffic(w, measured, alone, knowledge.rules));
  const workloads = sized.map((s) => s.workload);
  const cost = priceCurrent(current, workloads, knowledge);
  if (!cost.ok) return { ok: false, reason: cost.reason };
  const recommended = alone ? recommendOne(workloads[0]!, knowledge, options) : recommendFleet(workloads, knowledge);
  if (typeof recommended === "string") return { ok: false, reason: recommended };
  const today: AuditPlacement = {
    option: current.option,
    instanceType: current.instanceType,
    instanceCount: current.instanceCount,
    monthlyCostUsd: roundOutput(cost.monthlyCostUsd),
  };
  const rec = recommended.placement;
  const saving = cost.monthlyCostUsd - rec.monthlyCostUsd;
  const same =
    rec.endpoints === undefined &&
    rec.option === today.option &&
    rec.instanceType === today.instanceType &&
    rec.instanceCount === today.instanceCount;
  const check = alone ? todayAsSized(workloads[0]!, current, knowledge) : null;
  const fails = check && "fails" in check ? check.fails : undefined;
  const small = Math.abs(saving) < KEEP_WITHIN_SHARE * cost.monthlyCostUsd;
  const action = same || (small && fails === undefined) ? "keep" : "change";
  const now = `${describePlacement(today)} at ${formatUsd(cost.monthlyCostUsd)} a month`;
  const next = `${describePlacement(rec)} at ${formatUsd(rec.monthlyCostUsd)}`;
  const situation = same
    ? `Keep: hostfit recommends what runs today, ${now}.`
    : action === "keep"
      ? `Keep: hostfit would pick ${next}, within ${share(Math.abs(saving), cost.monthlyCostUsd)} of today's ${now}, which is not worth a move (the audit keeps placements within ${formatQuantity(KEEP_WITHIN_SHARE, "share")}).`
      : saving > 0
        ? `Change: today ${now}; ${next} saves ${formatUsd(saving)} (${share(saving, cost.monthlyCostUsd)}).`
        : `Change: ${next} costs ${formatUsd(-saving)} more than today's ${now}, ${fails !== undefined ? `because today's placement fails the workload: ${fails}` : "for what hostfit ranks higher on the workload's priorities"}.`;
  const sentences = [situation];
  if (fails !== undefined && saving > 0) sentences.push(`Today's placement also fails the workload: ${fails}.`);
  else if (check && "instances" in check && current.option !== "serverless" && check.instances < today.instanceCount)
    sentences.push(
      `Over-provisioned: on ${current.instanceType} hostfit sizes ${check.instances} instance${check.instances === 1 ? "" : "s"} for this traffic, and ${today.instanceCount} run.`,
    );
  if (action === "change" || !same) sentences.push(...recommended.sentences);
  const missing = missingModels(current, account);
  if (missing.length > 0)
    sentences.push(
      `Taken as single-model: the describe-model output of ${missing.join(", ")} is not in the account, so a multi-model container would not be seen.`,
    );
  sentences.push(...trafficSentences(sized.map((s) => s.traffic)));
  let requests: unknown[] | undefined;
  if (action === "change" && recommended.result) {
    const w = forDeploy(workloads[0]!, current, rec.option, account);
    requests = buildDeployment(recommended.result, w, {
      catalog: knowledge.catalog,
      targetUtilization: knowledge.rules.sizing.performance.targetUtilization,
      rules: knowledge.rules.deploy,
    }).requests;
  }
  return {
    ok: true,
    usd: { today: cost.monthlyCostUsd, after: action === "change" ? rec.monthlyCostUsd : cost.monthlyCostUsd },
    entry: {
      endpoint: current.endpoint,
      workloads: members.map((w) => w.name),
      current: today,
      recommended: { ...rec, monthlyCostUsd: roundOutput(rec.monthlyCostUsd) },
      action,
      monthlySavingsUsd: action === "keep" ? 0 : roundOutput(saving),
      why: sentences.join(" "),
      traffic: sized.map(({ traffic: t }) => ({
        ...t,
        peakRps: roundOutput(t.peakRps),
        requestsPerDay: roundOutput(t.requestsPerDay),
        ...(t.measured
          ? {
              measured: Object.fromEntries(
                Object.entries(t.measured).map(([k, v]) => [k, roundOutput(v as number)]),
              ) as AuditTraffic["measured"],
            }
          : {}),
      })),
      ...(requests ? { requests } : {}),
    },
  };
}

/**
 * Audits an account: each endpoint's placement today (describe-* outputs) against hostfit's recommendation for the
 * workloads it hosts. An endpoint that no workload describes, whose config is missing, or whose workloads have no
 * feasible option is listed in `unauditedEndpoints` with the reason; workloads that match no endpoint in
 * `unmatchedWorkloads`. `issues` (files and workloads that could not be read) are passed through. Pure.
 */
export function auditAccount(
  workloads: readonly Workload[],
  account: Account,
  knowledge: Knowledge,
  options: AuditOptions = {},
  issues: readonly Issue[] = [],
): Audit {
  // In name order, whatever order the files came in.
  const placements = [...account.endpoints]
    .sort((a, b) => (a.EndpointName < b.EndpointName ? -1 : a.EndpointName > b.EndpointName ? 1 : 0))
    .map((e) => currentPlacement(e, account));
  const { byEndpoint, unmatched } = matchWorkloads(workloads, placements);
  const endpoints: AuditEndpoint[] = [];
  let current = 0;
  let after = 0;
  const unaudited: Audit["unauditedEndpoints"] = [];
  for (const placement of placements) {
    const members = byEndpoint.get(placement.endpoint) ?? [];
    if (!("option" in placement)) {
      unaudited.push({ endpoint: placement.endpoint, reason: placement.reason });
      continue;
    }
    if (members.length === 0) {
      unaudited.push({
        endpoint: placement.endpoint,
        reason: `no workload describes it: add one named "${placement.endpoint}", or give a workload endpoint: ${placement.endpoint}`,
      });
      continue;
    }
    const audited = auditEndpoint(placement, members, account, knowledge, options);
    if (!audited.ok) {
      unaudited.push({ endpoint: placement.endpoint, reason: audited.reason });
      continue;
    }
    endpoints.push(audited.entry);
    // Totals from unrounded costs, as a plan's.
    current += audited.usd.today;
    after += audited.usd.after;
  }
  return {
    version: 1,
    catalog: { id: knowledge.catalog.id, asOf: knowledge.catalog.asOf },
    endpoints,
    unauditedEndpoints: unaudited,
    unmatchedWorkloads: [...unmatched],
    totals: {
      currentMonthlyCostUsd: roundOutput(current),
      recommendedMonthlyCostUsd: roundOutput(after),
      monthlySavingsUsd: roundOutput(current - after),
    },
    issues: [...issues],
  };
}
