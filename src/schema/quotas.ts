/**
 * An account's SageMaker quotas, as `aws service-quotas list-service-quotas --service-code sagemaker` returns them
 * (https://docs.aws.amazon.com/servicequotas/2019-06-24/apireference/API_ListServiceQuotas.html): hostfit reads
 * the per-instance-type ones, "<type> for endpoint usage" and "<type> for transform job usage".
 */
import { z } from "zod";

export { QUOTAS_DOC } from "./vocabulary.js";

export const ServiceQuotasFileSchema = z.looseObject({
  Quotas: z.array(
    z.looseObject({
      QuotaName: z.string(),
      QuotaCode: z.string(),
      Value: z.number().nonnegative(),
      ServiceCode: z.string().optional(),
    }),
  ),
});

/** One instance-type quota: instances of the type the account may run at once for that usage. */
export interface InstanceQuota {
  readonly value: number;
  readonly name: string;
  readonly code: string;
}

/** The account's instance-type quotas: for endpoints (real-time, async, multi-model, components) and batch jobs. */
export interface AccountQuotas {
  readonly endpoint: ReadonlyMap<string, InstanceQuota>;
  readonly transform: ReadonlyMap<string, InstanceQuota>;
}
