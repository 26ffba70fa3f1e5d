import { describe, test } from "vitest";
import { knowledge } from "../../property/helpers.js";
import { DEPLOY_FIXTURE, rankedWorkloads, SCENARIOS } from "./helpers.js";
import { expectDeployedAsPriced } from "./priced.js";

describe("what is priced is what is deployed, on every feasible option", () => {
  test.each(
    [...rankedWorkloads(SCENARIOS), ...rankedWorkloads(DEPLOY_FIXTURE)].map((r) => [r.workload.name, r] as const),
  )("%s", (_name, { result, workload }) => {
    expectDeployedAsPriced(result, workload, knowledge);
  });
});
