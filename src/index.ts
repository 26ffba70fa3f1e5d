/** hostfit's public API: named re-exports only. */
export { recommend, safeRecommend, recommendAll, planFleet, type Options, type FleetOptions } from "./library.js";
export type { PlanOptions } from "./core/plan/plan.js";
export { parseWorkloads, type ParsedEntry, type ParsedFile } from "./load/workloads.js";
export { loadCatalog } from "./load/catalog.js";
export { loadRules } from "./load/rules.js";
export { loadQuotas, parseQuotas } from "./load/quotas.js";
export type { AccountQuotas, InstanceQuota } from "./schema/quotas.js";
export { HostfitError, type HostfitErrorCode } from "./schema/errors.js";
export { recommendWorkload, type RecommendOptions } from "./core/assess/recommend.js";
export { assessOptions } from "./core/assess/assess.js";
export { rankFile } from "./core/assess/batch.js";
export { deploymentRequests, type DeploymentOptions } from "./library.js";
export { audit, type AuditOptions } from "./library.js";
export { loadAccount } from "./load/account.js";
export { loadMetrics, parseMetrics } from "./load/metrics.js";
export { measuredTraffic, type MeasuredTraffic } from "./audit/traffic.js";
export { KEEP_WITHIN_SHARE } from "./audit/audit.js";
export { nameStem, SAGEMAKER_NAME } from "./deploy/names.js";
export {
  buildDeployment,
  type DeploymentPlan,
  type DeployRequest,
  type DeployPlaceholder,
  type DeployOptions,
} from "./deploy/requests.js";
export type { Knowledge, Rules } from "./core/types.js";
export * from "./schema/ids.js";
export * from "./schema/workload.js";
export * from "./schema/catalog.js";
export * from "./schema/rules.js";
export * from "./schema/output.js";
export * from "./schema/issue.js";
export * from "./schema/plan.js";
export * from "./schema/account.js";
export * from "./schema/audit.js";
