/** Reads an account's Service Quotas listing (`--quotas FILE`) into the per-instance-type limits sizing keeps to. */
import { ServiceQuotasFileSchema, type AccountQuotas, type InstanceQuota } from "../schema/quotas.js";
import { parseValidated, readText } from "./files.js";

const INSTANCE_QUOTA = /^(ml\.[a-z0-9-]+\.[a-z0-9-]+) for (endpoint|transform job) usage$/;

/** The instance-type quotas of a `list-service-quotas --service-code sagemaker` output (JSON or YAML). */
export function parseQuotas(text: string, file: string): AccountQuotas {
  const listing = parseValidated(text, file, ServiceQuotasFileSchema, "the quotas file");
  const endpoint = new Map<string, InstanceQuota>();
  const transform = new Map<string, InstanceQuota>();
  for (const q of listing.Quotas) {
    const match = INSTANCE_QUOTA.exec(q.QuotaName);
    if (!match) continue;
    const quota = { value: q.Value, name: q.QuotaName, code: q.QuotaCode };
    (match[2] === "endpoint" ? endpoint : transform).set(match[1]!, quota);
  }
  return { endpoint, transform };
}

/** Reads a quotas file; see {@link parseQuotas}. */
export function loadQuotas(file: string): AccountQuotas {
  return parseQuotas(
    readText(file, "unreadable", "--quotas takes the JSON of aws service-quotas list-service-quotas"),
    file,
  );
}
