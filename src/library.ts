import type { AccountQuotas } from "./schema/quotas.js";
import type { Catalog } from "./schema/catalog.js";
import {
  COMMITMENTS,
  OPTION_IDS,
  PROFILE_IDS,
  RegionSchema,
  type Commitment,
  type OptionId,
  type ProfileId,
} from "./schema/ids.js";
import { catalogForRegion } from "./load/region.js";
import { suggest } from "./load/suggest.js";
import type { Issue } from "./schema/issue.js";
import type { Output, RankedResult, Result } from "./schema/output.js";
import type { Workload, WorkloadInput } from "./schema/workload.js";
import { recommendWorkload, type RecommendOptions } from "./core/assess/recommend.js";
import type { Knowledge, Rules } from "./core/types.js";
import { loadCatalog } from "./load/catalog.js";
import { HostfitError } from "./schema/errors.js";
import { rankFile } from "./core/assess/batch.js";
import { parseSource } from "./load/source.js";
import { parseWorkloads, validateWorkload } from "./load/workloads.js";
import { loadRules } from "./load/rules.js";
import { planFleet as planFleetCore, type PlanOptions } from "./core/plan/plan.js";
import type { FleetPlan } from "./schema/plan.js";
import { buildDeployment, type DeploymentPlan } from "./deploy/requests.js";
import { auditAccount } from "./audit/audit.js";
import type { MeasuredTraffic } from "./audit/traffic.js";
import type { Account } from "./schema/account.js";
import type { Audit } from "./schema/audit.js";

/** What every library call accepts; the bundled catalog and rules are the defaults. */
export interface Options {
  readonly catalog?: Catalog;
  readonly rules?: Rules;
  /** The account's instance-type quotas (parseQuotas of a Service Quotas listing): no placement exceeds them. */
  readonly quotas?: AccountQuotas;
  /** Overrides each workload's own priorities. */
  readonly profile?: ProfileId;
  /** The Region whose imported prices to use (default: the catalog's own); see `catalog import --region`. */
  readonly region?: string;
  /** Prices every workload at this Savings Plans commitment (or on-demand), overriding each workload's own. */
  readonly commitment?: Commitment;
  /** Sensitivity, break-even and cost curve (default true); false ranks about a hundred times faster. */
  readonly whatIf?: boolean;
}

/**
 * Options as JavaScript callers may pass them: a wrong one is an invalid-input HostfitError naming it, rather
 * than a TypeError deep in the core. The catalog and rules are checked for their shape only (they come from
 * loadCatalog and loadRules, which validate them).
 */
function checkOptions(options: unknown): void {
  const problems: Issue[] = [];
  const bad = (path: string, message: string, hint: string) =>
    problems.push({ code: "invalid-option", path: `options.${path}`, message, hint });
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new HostfitError("invalid-input", [
      {
        code: "invalid-option",
        path: "options",
        message: "options must be an object",
        hint: "pass e.g. { whatIf: false }, or nothing",
      },
    ]);
  }
  const o = options as Record<string, unknown>;
  if (o.profile !== undefined && !(PROFILE_IDS as readonly unknown[]).includes(o.profile))
    bad("profile", `unknown profile ${JSON.stringify(o.profile)}`, suggest(String(o.profile), PROFILE_IDS));
  if (o.commitment !== undefined && !(COMMITMENTS as readonly unknown[]).includes(o.commitment))
    bad("commitment", `unknown commitment ${JSON.stringify(o.commitment)}`, suggest(String(o.commitment), COMMITMENTS));
  if (o.region !== undefined && !RegionSchema.safeParse(o.region).success)
    bad("region", `${JSON.stringify(o.region)} is not an AWS Region code`, 'pass e.g. region: "eu-west-1"');
  if (o.whatIf !== undefined && typeof o.whatIf !== "boolean")
    bad("whatIf", "whatIf must be true or false", "pass whatIf: false to skip the what-if analysis");
  const shaped = (value: unknown, keys: readonly string[]) =>
    value !== null && typeof value === "object" && keys.every((k) => k in value);
  if (o.catalog !== undefined && !shaped(o.catalog, ["instances", "devices", "serverless"]))
    bad("catalog", "catalog is not a catalog", "pass what loadCatalog() returns");
  if (o.rules !== undefined && !shaped(o.rules, ["options", "sizing", "fitness", "profiles", "constraints"]))
    bad("rules", "rules are not rules", "pass what loadRules() returns");
  if (o.quotas !== undefined && !shaped(o.quotas, ["endpoint", "transform"]))
    bad("quotas", "quotas are not an account's quotas", "pass what parseQuotas() or loadQuotas() returns");
  if (o.option !== undefined && !(OPTION_IDS as readonly unknown[]).includes(o.option))
    bad("option", `unknown option ${JSON.stringify(o.option)}`, suggest(String(o.option), OPTION_IDS));
  if (problems.length > 0) throw new HostfitError("invalid-input", problems);
}

function checkText(text: unknown, name: string): string {
  if (typeof text === "string") return text;
  throw new HostfitError("invalid-input", [
    {
      code: "invalid-input",
      path: name,
      message: `${name} must be the text of a YAML or JSON workload file`,
      hint: "read the file into a string first, or pass workload objects to recommend() or planFleet()",
    },
  ]);
}

function coreOptions(options: Options): RecommendOptions {
  return {
    whatIf: options.whatIf ?? true,
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.commitment ? { commitment: options.commitment } : {}),
  };
}

let bundled: Knowledge | undefined;

// Loaded on first use, never at import, so importing the library does no I/O.
function knowledgeFor(options: Options): Knowledge {
  const quotas = options.quotas ? { quotas: options.quotas } : {};
  const region = options.region;
  const priced = (catalog: Catalog) => (region !== undefined ? catalogForRegion(catalog, region) : catalog);
  const chosen = region !== undefined ? { region } : {};
  if (options.catalog && options.rules)
    return { catalog: priced(options.catalog), rules: options.rules, ...quotas, ...chosen };
  bundled ??= { catalog: loadCatalog(), rules: loadRules() };
  return {
    catalog: priced(options.catalog ?? bundled.catalog),
    rules: options.rules ?? bundled.rules,
    ...quotas,
    ...chosen,
  };
}

function validate(
  workload: Workload | WorkloadInput,
): { ok: true; workload: Workload } | { ok: false; issues: Issue[] } {
  return validateWorkload(workload, { source: parseSource(""), base: [], subject: "a workload" });
}

/**
 * Ranks the hosting options for one workload (a plain object as written in a workload file, or already parsed).
 * @throws HostfitError (code invalid-input) when the workload is invalid.
 */
export function recommend(workload: Workload | WorkloadInput, options: Options = {}): RankedResult {
  checkOptions(options);
  const checked = validate(workload);
  if (!checked.ok) throw new HostfitError("invalid-input", checked.issues);
  return recommendWorkload(checked.workload, knowledgeFor(options), coreOptions(options));
}

/** Like recommend, but returns the issues instead of throwing. */
export function safeRecommend(
  workload: Workload | WorkloadInput,
  options: Options = {},
): { ok: true; value: RankedResult } | { ok: false; issues: Issue[] } {
  checkOptions(options);
  const checked = validate(workload);
  if (!checked.ok) return checked;
  return { ok: true, value: recommendWorkload(checked.workload, knowledgeFor(options), coreOptions(options)) };
}

/** Ranks every workload of a YAML or JSON document; invalid workloads get `ok: false` and the rest are still ranked. */
export function recommendAll(text: string, options: Options = {}, file?: string): Output {
  checkOptions(options);
  const knowledge = knowledgeFor(options);
  return rankFile(parseWorkloads(checkText(text, "text"), file, knowledge.catalog), knowledge, coreOptions(options));
}

export type { Result };

/** What deploymentRequests accepts: the catalog and rules the result was ranked on, and the option to deploy. */
export interface DeploymentOptions extends Options {
  /** The option to deploy; defaults to the result's recommendation. */
  readonly option?: OptionId;
}

/**
 * The SageMaker and Application Auto Scaling API requests that create a ranked result's placement (the
 * recommendation, or `options.option`). Pass the workload the result came from (as written, or parsed) for
 * resource names, batch payload limits, model count and the `deploy:` values; without it every account value
 * is a placeholder.
 * @throws HostfitError (code invalid-input) when the workload is invalid; (code not-deployable) when the option
 * is infeasible, nothing is feasible, or the workload is not the result's.
 */
export function deploymentRequests(
  result: RankedResult,
  workload?: Workload | WorkloadInput,
  options: DeploymentOptions = {},
): DeploymentPlan {
  checkOptions(options);
  let parsed: Workload | undefined;
  if (workload !== undefined) {
    const checked = validate(workload);
    if (!checked.ok) throw new HostfitError("invalid-input", checked.issues);
    parsed = checked.workload;
  }
  const knowledge = knowledgeFor(options);
  return buildDeployment(result, parsed, {
    catalog: knowledge.catalog,
    targetUtilization: knowledge.rules.sizing.performance.targetUtilization,
    rules: knowledge.rules.deploy,
    ...(options.option ? { option: options.option } : {}),
  });
}

/**
 * The valid workloads of a YAML/JSON document or a list (as written or parsed), and the issues of the others: each
 * workload is checked on its own, and a name used twice is the second workload's issue, as in a file.
 */
function validWorkloads(
  workloads: string | readonly (Workload | WorkloadInput)[],
  knowledge: Knowledge,
  file?: string,
): { valid: Workload[]; issues: Issue[] } {
  const valid: Workload[] = [];
  const issues: Issue[] = [];
  if (typeof workloads === "string") {
    const parsed = parseWorkloads(workloads, file, knowledge.catalog);
    issues.push(...parsed.fileIssues);
    for (const entry of parsed.entries) {
      if (entry.ok) valid.push(entry.workload);
      else issues.push(...entry.issues);
    }
  } else {
    const seen = new Map<string, number>();
    workloads.forEach((w, i) => {
      const checked = validate(w);
      if (!checked.ok) {
        issues.push(
          ...checked.issues.map((issue) => ({
            ...issue,
            path: `workloads[${i}]${issue.path ? `.${issue.path}` : ""}`,
          })),
        );
        return;
      }
      const { name } = checked.workload;
      const first = seen.get(name);
      if (first === undefined) {
        seen.set(name, i);
        valid.push(checked.workload);
      } else {
        issues.push({
          code: "duplicate-name",
          path: `workloads[${i}].name`,
          message: `workload name "${name}" is already used by workloads[${first}]`,
          hint: "give every workload a unique name",
        });
      }
    });
  }
  return { valid, issues };
}

// What a call on many workloads starts with: its options checked, its knowledge, and the workloads validated.
function checkedWorkloads(
  workloads: string | readonly (Workload | WorkloadInput)[],
  options: Options,
  file?: string,
): { knowledge: Knowledge; valid: Workload[]; issues: Issue[] } {
  checkOptions(options);
  if (!Array.isArray(workloads)) checkText(workloads, "workloads");
  const knowledge = knowledgeFor(options);
  return { knowledge, ...validWorkloads(workloads, knowledge, file) };
}

/** What planFleet accepts: the usual options and the grouping's tuning. */
export interface FleetOptions extends Options, PlanOptions {}

/**
 * Plans a fleet of workloads onto shared endpoints: a YAML/JSON document, or a list of workloads (as written
 * or parsed). Invalid workloads are reported in `issues` and left out; every valid one is placed or unplaced.
 */
export function planFleet(
  workloads: string | readonly (Workload | WorkloadInput)[],
  options: FleetOptions = {},
  file?: string,
): FleetPlan {
  const { knowledge, valid, issues } = checkedWorkloads(workloads, options, file);
  return planFleetCore(valid, knowledge, options, issues);
}

/** What audit accepts: the usual options and what CloudWatch measured (measuredTraffic of parseMetrics' series). */
export interface AuditOptions extends Options {
  readonly measured?: ReadonlyMap<string, MeasuredTraffic>;
}

/**
 * Audits a running account: each endpoint of `account` (loadAccount of the describe-* outputs) against hostfit's
 * recommendation for the workloads that describe it (a YAML/JSON document, or a list), with the saving and the
 * requests for each change. Invalid workloads are reported in `issues` and left out.
 */
export function audit(
  workloads: string | readonly (Workload | WorkloadInput)[],
  account: Account,
  options: AuditOptions = {},
  file?: string,
): Audit {
  const { knowledge, valid, issues } = checkedWorkloads(workloads, options, file);
  return auditAccount(
    valid,
    account,
    knowledge,
    {
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.measured ? { measured: options.measured } : {}),
    },
    issues,
  );
}
