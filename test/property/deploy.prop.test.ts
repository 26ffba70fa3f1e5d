import fc from "fast-check";
import { describe, test } from "vitest";
import { recommendWorkload } from "../../src/core/assess/recommend.js";
import { workloadArb } from "../arbitraries.js";
import { expectDeployedAsPriced } from "../unit/deploy/priced.js";
import { knowledge, parse } from "./helpers.js";

describe("what is priced is what is deployed", () => {
  test("the requests keep up no more than the estimate pays for, at least what availability asks, and can grow to the peak", () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = parse(input);
        expectDeployedAsPriced(recommendWorkload(workload, knowledge, { whatIf: false }), workload, knowledge);
      }),
      { numRuns: Number(process.env.RUNS ?? 500) },
    );
  });
});
