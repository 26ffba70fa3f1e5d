import { describe, expect, test } from "vitest";
import { planFleet, uniqueIds } from "../../../../src/core/plan/plan.js";
import { formatPlanTable } from "../../../../src/format/plan-text.js";
import { assessOption } from "../../../../src/core/assess/assess.js";
import { recommendWorkload } from "../../../../src/core/assess/recommend.js";
import { describeLoad, peakInFlight } from "../../../../src/core/sizing/traffic.js";
import type { WorkloadInput } from "../../../../src/schema/workload.js";
import { llmHeavyFleet, mixedFleet } from "../../../../bench/fleet.js";
import { expectMultiModelMembersInTime, knowledge, parse, withServerlessQuota } from "../../../property/helpers.js";

// The scenarios here are about packing and the lower bound, worked out for endpoints of one instance: they accept
// a single instance (availability.minInstances 1); "availability" below plans with the default.
function small(name: string, over: Partial<WorkloadInput> = {}): WorkloadInput {
  return {
    name,
    availability: { minInstances: 1 },
    model: { parameters: "300M", precision: "fp16", kind: "encoder", framework: "pytorch" },
    payload: "10KB",
    latency: { target: "200ms", coldStart: "20s" },
    isolation: "shared",
    traffic: { pattern: "intermittent", requestsPerDay: 2000 },
    ...over,
  };
}

const plan = (inputs: WorkloadInput[]) => planFleet(inputs.map(parse), knowledge);

// An always-loaded chat LLM as the bench fleets have them: 800 tokens in, 250 out, within 30 s, in its own container.
const chatLlm = (name: string, parameters: string, traffic: WorkloadInput["traffic"]): WorkloadInput => ({
  name,
  model: { parameters, precision: "fp16", kind: "llm", framework: "pytorch" },
  payload: "20KB",
  tokens: { input: 800, output: 250 },
  latency: { target: "30s", coldStart: "0" },
  isolation: "container",
  traffic,
});
const endpointOf = (p: ReturnType<typeof plan>, name: string) => p.endpoints.find((e) => e.workloads.includes(name))!;

// An LLM of the generated fleets (bench/fleet.ts): in its own container, active 12 hours a day.
const scheduledLlm = (
  name: string,
  parameters: string,
  precision: "fp16" | "bf16" | "int8",
  [input, output]: [number, number],
  latency: WorkloadInput["latency"],
  peakRps: number,
): WorkloadInput => ({
  name,
  model: { parameters, precision, kind: "llm", framework: "pytorch" },
  payload: "20KB",
  tokens: { input, output },
  latency,
  isolation: "container",
  traffic: { pattern: "scheduled", activeHoursPerDay: 12, peakRps },
});

// An LLM of the LLM-heavy fleet: within 30 s, a 2 s TTFT where `ttft` is set.
const llm = (
  name: string,
  parameters: string,
  precision: "fp16" | "bf16" | "int8",
  tokens: [number, number],
  ttft: boolean,
  coldStart: string,
  peakRps: number,
): WorkloadInput =>
  scheduledLlm(name, parameters, precision, tokens, { target: "30s", ...(ttft && { ttft: "2s" }), coldStart }, peakRps);

// A PyTorch tenant of the mixed bench fleet (`bench/fleet.ts`), as generated.
const tenant = (
  name: string,
  parameters: number,
  precision: "fp16" | "fp32",
  kind: "encoder" | "vision",
  count: number,
  payload: string,
  [target, coldStart]: [string, string],
  [pattern, requestsPerDay]: ["diurnal" | "scheduled" | "intermittent", number],
): WorkloadInput => ({
  name,
  model: { parameters, precision, kind, framework: "pytorch", count },
  payload,
  latency: { target, coldStart },
  isolation: "shared",
  traffic: { pattern, requestsPerDay },
  priorities: "cost-first",
});

describe("fleet planning", () => {
  test("the seeds' example: 10 small models on dedicated ml.g5.xlarge endpoints share one, about 90% saved", () => {
    const p = plan(
      Array.from({ length: 10 }, (_, i) => small(`tenant-${i}`, { constraints: { instanceTypes: ["ml.g5.xlarge"] } })),
    );
    expect(p.endpoints).toHaveLength(1);
    expect(p.endpoints[0]).toMatchObject({
      option: "multi-model",
      instanceType: "ml.g5.xlarge",
      instanceCount: 1,
      models: 10,
    });
    expect(p.totals.dedicatedMonthlyCostUsd).toBeCloseTo(10 * 1.408 * 730, -1);
    expect(p.totals.savingsPct).toBeGreaterThanOrEqual(85);
    expect(p.totals.monthlyCostUsd).toBeGreaterThanOrEqual(p.totals.lowerBoundMonthlyCostUsd);
  });

  test("isolation first: instance-isolated workloads get endpoints of their own", () => {
    const p = plan([
      small("a", { isolation: "instance" }),
      small("b", { isolation: "instance" }),
      small("c"),
      small("d"),
    ]);
    expect(endpointOf(p, "a").workloads).toEqual(["a"]);
    expect(endpointOf(p, "b").workloads).toEqual(["b"]);
    expect(endpointOf(p, "a").why).toMatch(/instance isolation/);
  });

  test("container-isolated workloads never share a multi-model container", () => {
    const gpu = { constraints: { instanceTypes: ["ml.g5.xlarge"] } };
    const p = plan([
      small("a", { isolation: "container", ...gpu }),
      small("b", { isolation: "container", ...gpu }),
      ...["c", "d", "e", "f"].map((n) => small(n, gpu)),
    ]);
    expect(endpointOf(p, "c").option).toBe("multi-model");
    for (const e of p.endpoints.filter((x) => x.option === "multi-model")) {
      expect(e.workloads).not.toContain("a");
      expect(e.workloads).not.toContain("b");
    }
  });

  test("one framework per multi-model group", () => {
    const tf = (n: string) =>
      small(n, { model: { parameters: "300M", precision: "fp16", kind: "encoder", framework: "tensorflow" } });
    const p = plan([small("pt-1"), small("pt-2"), tf("tf-1"), tf("tf-2")]);
    for (const e of p.endpoints) {
      const frameworks = new Set(e.workloads.map((w) => (w.startsWith("pt") ? "pytorch" : "tensorflow")));
      expect(frameworks.size).toBe(1);
    }
  });

  test("similar sizes only: a model over 10x larger than the others is not grouped with them", () => {
    const p = plan([
      small("tiny-1", { model: { parameters: "20M", framework: "pytorch" } }),
      small("tiny-2", { model: { parameters: "20M", framework: "pytorch" } }),
      small("big", { model: { parameters: "900M", framework: "pytorch" } }),
    ]);
    expect(endpointOf(p, "big").workloads).toEqual(["big"]);
  });

  test("a group is sized as a model with its largest copy and its slowest requests", () => {
    // 400M tabular at fp32 outweighs 200M vision at fp16 in memory, but a vision request is 256 work units to a
    // tabular one's 1. Together they are sized as a 400M fp32 vision model. Held to 1 s on any unit, no CPU instance
    // serves that; on the unit a copy gets, the group takes the target that holds there (measured: two
    // ml.c6i.xlarge, the vision model's own request 752 ms). Sized as the tabular ones, the group would take one
    // ml.m6i.large, where a vision request alone takes 1,495 ms: each member's own time on the group's copy is
    // checked. A 900M vision model stands for tabular ones as it is. CPU endpoints only, so multi-model is the way
    // to share.
    const model = (parameters: string, kind: "tabular" | "vision", precision: "fp32" | "fp16") => ({
      parameters,
      precision,
      kind,
      framework: "pytorch" as const,
    });
    const cpu = (target: string) => ({
      latency: { target, coldStart: "20s" },
      constraints: { accelerators: ["cpu" as const], options: ["single-model" as const, "multi-model" as const] },
    });
    const fleet = (target: string, vision: ReturnType<typeof model>) =>
      [
        small("tab-1", { model: model("400M", "tabular", "fp32"), ...cpu(target) }),
        small("tab-2", { model: model("400M", "tabular", "fp32"), ...cpu(target) }),
        small("vis", { model: vision, ...cpu(target) }),
      ].map(parse);
    for (const target of ["600ms", "1s", "2s"]) {
      const workloads = fleet(target, model("200M", "vision", "fp16"));
      const shared = planFleet(workloads, knowledge);
      expect(endpointOf(shared, "vis").option).toBe("multi-model");
      expect([...endpointOf(shared, "vis").workloads].sort()).toEqual(["tab-1", "tab-2", "vis"]);
      expectMultiModelMembersInTime(shared, workloads);
    }
    const together = plan(fleet("20s", model("900M", "vision", "fp32")));
    expect(endpointOf(together, "vis")).toMatchObject({ option: "multi-model" });
    expect(endpointOf(together, "vis").workloads.length).toBeGreaterThan(1);
  });

  test("a group's cache holds models by their bytes: one 8x larger model among 40 small ones is not 41 large ones", () => {
    // 40 tabular models of 400 MB (fp32) and one of 3.2 GB on CPU multi-model endpoints. Sized as that many models of
    // the largest, a group would keep up to 8x the memory its cache holds (one ml.r6i.xlarge against four, measured);
    // the plan sizes it by their mean.
    const cpu = { accelerators: ["cpu" as const], options: ["single-model" as const, "multi-model" as const] };
    const tabular = (name: string, parameters: string, count: number): WorkloadInput =>
      small(name, {
        model: { parameters, precision: "fp32", kind: "tabular", framework: "xgboost", count },
        latency: { target: "1s", coldStart: "20s" },
        constraints: cpu,
      });
    const fleet = [...Array.from({ length: 8 }, (_, i) => tabular(`small-${i}`, "100M", 5)), tabular("big", "800M", 1)];
    const group = endpointOf(plan(fleet), "big");
    expect(group).toMatchObject({ option: "multi-model" });
    expect(group.workloads.length).toBeGreaterThan(2);
    const asLargest = assessOption(parse(tabular("as-large", "800M", group.models)), knowledge, "multi-model");
    expect(group.monthlyCostUsd).toBeLessThan(asLargest.candidate!.monthlyCostUsd / 2);
  });

  test("a member's latency target is weighed against its own requests: a fast small model shares with slower ones", () => {
    // 40M tabular models within 200 ms beside 400M ones within 1 s: held to 200 ms with the 400M model's requests,
    // the group would need a faster instance than the four use apart (three endpoints, $330.7 a month, measured).
    // A 40M request takes about a tenth of a 400M one, so the group's requests in 1 s leave it ample room: one
    // ml.r6i.xlarge holds all four ($220.5); plan.prop checks every member's own time on such groups.
    const cpu = { accelerators: ["cpu" as const], options: ["single-model" as const, "multi-model" as const] };
    const tabular = (name: string, parameters: string, target: string): WorkloadInput =>
      small(name, {
        model: { parameters, precision: "fp32", kind: "tabular", framework: "xgboost", count: 5 },
        latency: { target, coldStart: "20s" },
        constraints: cpu,
      });
    const p = plan([
      tabular("big-1", "400M", "1s"),
      tabular("big-2", "400M", "1s"),
      tabular("small-1", "40M", "200ms"),
      tabular("small-2", "40M", "200ms"),
    ]);
    expect(p.endpoints).toEqual([
      expect.objectContaining({ option: "multi-model", workloads: ["big-1", "big-2", "small-1", "small-2"] }),
    ]);
  });

  test("a group is sized for each member's requests at their own cost, not all at its slowest member's", () => {
    // A rarely called 50M vision model beside two 60M encoders of five models at 5 requests a second each, on
    // ml.c6i.xlarge multi-model endpoints. The group is sized as the vision model; its 10 requests a second, each
    // priced as a vision request, needed more than the three endpoints apart ($453.7 a month, measured). An encoder
    // request does a small share of a vision request's work: the three share two instances ($304.9).
    const on = { constraints: { instanceTypes: ["ml.c6i.xlarge"], options: ["multi-model" as const] } };
    const model = (kind: "vision" | "encoder", parameters: string, count: number) => ({
      parameters,
      precision: "fp32" as const,
      kind,
      framework: "pytorch" as const,
      count,
    });
    const latency = { target: "5s", coldStart: "20s" };
    const p = plan([
      small("vision", {
        ...on,
        model: model("vision", "50M", 1),
        latency,
        traffic: { pattern: "steady", peakRps: 0.01 },
      }),
      small("enc-1", { ...on, model: model("encoder", "60M", 5), latency, traffic: { pattern: "steady", peakRps: 5 } }),
      small("enc-2", { ...on, model: model("encoder", "60M", 5), latency, traffic: { pattern: "steady", peakRps: 5 } }),
    ]);
    expect(p.endpoints).toEqual([
      expect.objectContaining({ option: "multi-model", instanceCount: 2, workloads: ["enc-1", "enc-2", "vision"] }),
    ]);
  });

  test("a member's cold-start tolerance is weighed against its own models' loads, not the largest member's", () => {
    // The 3.2 GB model loads in ~19.7 s and tolerates 30 s; the 400 MB ones load in ~2.9 s. Tolerating 5 s or
    // 30 s, they tolerate their own loads, so the group is the same; held to the 3.2 GB load, 5 s would not be.
    const cpu = { accelerators: ["cpu" as const], options: ["single-model" as const, "multi-model" as const] };
    const tabular = (name: string, parameters: string, count: number, coldStart: string): WorkloadInput =>
      small(name, {
        model: { parameters, precision: "fp32", kind: "tabular", framework: "xgboost", count },
        latency: { target: "1s", coldStart },
        constraints: cpu,
      });
    const fleet = (tolerance: string) => [
      ...Array.from({ length: 8 }, (_, i) => tabular(`small-${i}`, "100M", 5, tolerance)),
      tabular("big", "800M", 1, "30s"),
    ];
    const strict = endpointOf(plan(fleet("5s")), "big");
    expect(strict.workloads.length).toBeGreaterThan(2);
    expect(strict).toEqual(endpointOf(plan(fleet("30s")), "big"));
  });

  // Tenants of the mixed bench fleet, five at a time, as the greedy groups them largest first and no merge of whole
  // groups undoes it. Seed 109: four share two ml.g4dn.xlarge that their six models leave nearly empty, beside the
  // twenty fp16 models of "vision-20" on two more ($2,151); three of the four fit beside the twenty, and
  // "encoder-busy" (46,668 requests a day) costs $433 alone on ml.inf1.xlarge: given away, $1,508. Seed 107:
  // "vision-1" joins three others, 27 models on six ml.g4dn.xlarge ($3,227, $4,303 with "vision-20" on two); the
  // three need five without it ($2,690), and "vision-20"'s two instances hold it for its data processing: $3,765.
  test.each([
    {
      title: "a group its floor alone keeps up gives its members to a group with room",
      tenants: [
        tenant("encoder-2", 282548105, "fp32", "encoder", 2, "24KB", ["348ms", "8s"], ["diurnal", 834]),
        tenant("encoder-busy", 357215284, "fp32", "encoder", 1, "1KB", ["364ms", "7s"], ["scheduled", 46668]),
        tenant("vision-2", 154488978, "fp32", "vision", 2, "19KB", ["406ms", "5s"], ["scheduled", 9539]),
        tenant("vision-1", 117681314, "fp32", "vision", 1, "2KB", ["294ms", "7s"], ["diurnal", 3104]),
        tenant("vision-20", 399606800, "fp16", "vision", 20, "3KB", ["330ms", "20s"], ["diurnal", 8192]),
      ],
      endpoints: [
        ["ml.g4dn.xlarge", 2, ["encoder-2", "vision-1", "vision-2", "vision-20"]],
        ["ml.inf1.xlarge", 2, ["encoder-busy"]],
      ],
      usd: 1508,
    },
    {
      title: "a member that costs its group an instance moves to a group with room",
      tenants: [
        tenant("vision-fp16", 384198251, "fp16", "vision", 1, "110KB", ["627ms", "20s"], ["diurnal", 4611]),
        tenant("vision-1", 330074878, "fp32", "vision", 1, "21KB", ["677ms", "13s"], ["intermittent", 2482]),
        tenant("encoder-20", 323259605, "fp32", "encoder", 20, "68KB", ["297ms", "8s"], ["diurnal", 651]),
        tenant("vision-5", 314490487, "fp16", "vision", 5, "132KB", ["299ms", "27s"], ["diurnal", 10703]),
        tenant("vision-20", 291805975, "fp32", "vision", 20, "8KB", ["543ms", "9s"], ["scheduled", 16681]),
      ],
      endpoints: [
        ["ml.g4dn.xlarge", 5, ["encoder-20", "vision-5", "vision-fp16"]],
        ["ml.g4dn.xlarge", 2, ["vision-1", "vision-20"]],
      ],
      usd: 3765,
    },
  ])("$title: five GPU tenants, $usd a month", ({ tenants, endpoints, usd }) => {
    const p = plan(tenants);
    expect(p.endpoints.map((e) => [e.instanceType, e.instanceCount, [...e.workloads].sort()])).toEqual(endpoints);
    expect(p.totals.monthlyCostUsd).toBeCloseTo(usd, -1);
  });

  // Tenants of the mixed bench fleet (seed 191). The fp16 model is the largest copy, but a T4 runs the fp32 encoder's
  // requests slower than its own, and a 383M vision model at fp16 stands for neither: sized as one at fp32, it shares
  // a group (two ml.g4dn.xlarge) instead of keeping two up alone beside the others' three.
  test("a large fp16 model shares a group with fp32 ones, sized as an fp32 model: $2,150 a month, not $2,688", () => {
    const p = plan([
      tenant("encoder-20", 173710793, "fp32", "encoder", 20, "1KB", ["280ms", "5s"], ["diurnal", 2105]),
      tenant("vision-20", 151956598, "fp32", "vision", 20, "8KB", ["355ms", "15s"], ["scheduled", 18235]),
      tenant("vision-fp16", 383102185, "fp16", "vision", 5, "8KB", ["345ms", "7s"], ["diurnal", 533]),
    ]);
    expect(p.endpoints.map((e) => [e.instanceType, e.instanceCount, [...e.workloads].sort()])).toEqual([
      ["ml.g4dn.xlarge", 2, ["encoder-20", "vision-fp16"]],
      ["ml.g4dn.xlarge", 2, ["vision-20"]],
    ]);
    expect(p.totals.monthlyCostUsd).toBeCloseTo(2150, -1);
  });

  // Vision models of a generated fleet (bench/fleet.ts, LLM-heavy, seed 3), and a 295M fp32 encoder of two models.
  // With the encoder, the eight smaller ones join one group (the 825M model has its own endpoint): sized as an fp32
  // model of 592M parameters, it takes three ml.g4dn.xlarge ($1,773). The encoder is its heaviest member and costs
  // $433 alone: it leaves, and the 825M model takes its place on two ($2,390).
  test("a group's heaviest member leaves for its way alone where that costs less: $2,823 a month, not $3,040", () => {
    const vision = (
      name: string,
      parameters: number,
      payload: string,
      target: string,
      pattern: "steady" | "diurnal",
      peakRps: number,
    ): WorkloadInput => ({
      name,
      model: { parameters, precision: "fp16", kind: "vision", framework: "pytorch" },
      payload,
      latency: { target, coldStart: "20s" },
      isolation: "shared",
      traffic: { pattern, peakRps },
    });
    const p = plan([
      vision("vision-825M", 825512221, "318KB", "187ms", "steady", 27.7),
      vision("vision-592M", 592365068, "92KB", "852ms", "diurnal", 7.2),
      vision("vision-86M", 85973511, "532KB", "114ms", "steady", 9.8),
      vision("vision-211M", 210568154, "620KB", "158ms", "steady", 2.5),
      vision("vision-174M", 174161233, "189KB", "268ms", "diurnal", 15.9),
      vision("vision-295M", 295308010, "149KB", "117ms", "steady", 0.8),
      vision("vision-160M", 160208045, "54KB", "131ms", "steady", 10.6),
      vision("vision-484M", 484287611, "253KB", "601ms", "steady", 1.2),
      {
        name: "encoder",
        model: { parameters: 295097287, precision: "fp32", kind: "encoder", framework: "pytorch", count: 2 },
        payload: "1KB",
        latency: { target: "237ms", coldStart: "8s" },
        isolation: "shared",
        traffic: { pattern: "diurnal", requestsPerDay: 728 },
      },
    ]);
    const group = p.endpoints.find((e) => e.option === "multi-model")!;
    expect([group.instanceType, group.instanceCount, group.workloads.length]).toEqual(["ml.g4dn.xlarge", 2, 8]);
    expect(group.workloads).toContain("vision-825M");
    expect(p.endpoints.find((e) => e.workloads.includes("encoder"))!.workloads).toEqual(["encoder"]);
    expect(p.totals.monthlyCostUsd).toBeCloseTo(2823, -1);
  });

  // Tenants of a generated fleet (bench/fleet.ts, LLM-heavy, seed 143) on CPUs. A group is sized with its widest
  // payload: with the 1.7 MB images sent 27 times a second, the group's every request carries 1.7 MB. Those leave for
  // an endpoint of their own (they pay it anyway), and the five others share one: $4,219, not $4,257.
  test("the member whose payload a group is sized with leaves where that costs less", () => {
    const cpuTenant = (
      name: string,
      parameters: number,
      precision: "fp16" | "fp32",
      kind: "vision" | "encoder",
      count: number,
      payload: string,
      [target, coldStart]: [string, string],
      traffic: WorkloadInput["traffic"],
    ): WorkloadInput => ({
      name,
      model: { parameters, precision, kind, framework: "pytorch", count },
      payload,
      latency: { target, coldStart },
      isolation: "shared",
      traffic,
    });
    const p = plan([
      cpuTenant("vision-165M", 165356298, "fp16", "vision", 1, "250KB", ["452ms", "20s"], {
        pattern: "diurnal",
        peakRps: 5.4,
      }),
      cpuTenant("encoder-53M", 52908897, "fp32", "encoder", 5, "51KB", ["363ms", "6s"], {
        pattern: "intermittent",
        requestsPerDay: 4300,
      }),
      cpuTenant("vision-59M", 58591714, "fp16", "vision", 1, "594KB", ["695ms", "20s"], {
        pattern: "diurnal",
        peakRps: 1.2,
      }),
      cpuTenant("vision-72M", 71852386, "fp16", "vision", 1, "1763KB", ["256ms", "20s"], {
        pattern: "steady",
        peakRps: 27,
      }),
      cpuTenant("encoder-85M", 85372905, "fp32", "encoder", 20, "6KB", ["216ms", "7s"], {
        pattern: "diurnal",
        requestsPerDay: 13593,
      }),
      cpuTenant("vision-224M", 223624155, "fp16", "vision", 1, "290KB", ["624ms", "20s"], {
        pattern: "steady",
        peakRps: 0.5,
      }),
    ]);
    expect(endpointOf(p, "vision-72M")).toMatchObject({ option: "single-model", workloads: ["vision-72M"] });
    expect(endpointOf(p, "vision-59M")).toMatchObject({ option: "multi-model", instanceType: "ml.m7i.xlarge" });
    expect(endpointOf(p, "vision-59M").workloads).toHaveLength(5);
    expect(p.totals.monthlyCostUsd).toBeCloseTo(4219, -1);
  });

  test("a class is grouped smallest first as well, and keeps the cheaper: 26 XGBoost tenants on two groups, not three", () => {
    // XGBoost tenants of the mixed bench fleet (seed 104) that plan on multi-model groups, held to them. Largest first,
    // the greedy anchors three size windows: two groups on ml.r6i.xlarge and one on ml.r6i.large ($1,217). Smallest
    // first, ten share ml.r6i.large, fifteen ml.r6i.xlarge, and the largest model goes alone ($944).
    const tenants = [
      119, 77, 37, 158, 147, 51, 130, 159, 179, 48, 42, 82, 174, 135, 76, 89, 66, 44, 41, 173, 87, 26, 113, 182, 140,
      98,
    ];
    const names = new Set(tenants.map((n) => `w${String(n).padStart(5, "0")}`));
    const held: WorkloadInput["constraints"] = { options: ["multi-model", "single-model"] };
    const p = plan(
      mixedFleet(200, 104)
        .filter((w) => names.has(w.name))
        .map((w) => ({ ...w, constraints: { ...w.constraints, ...held } })),
    );
    expect(p.endpoints.map((e) => [e.instanceType, e.instanceCount, e.workloads.length])).toEqual([
      ["ml.r6i.large", 3, 10],
      ["ml.r6i.xlarge", 2, 15],
      ["ml.m6i.large", 2, 1],
    ]);
    expect(p.totals.monthlyCostUsd).toBeCloseTo(944, -1);
  });

  test("a workload nothing can host is unplaced with a reason, and every other one is placed once", () => {
    const p = plan([small("ok"), { ...small("huge"), model: { parameters: "3T", kind: "llm" } }]);
    expect(p.unplaced).toEqual([{ workload: "huge", reason: expect.stringMatching(/GiB/) }]);
    expect(p.endpoints.flatMap((e) => e.workloads)).toEqual(["ok"]);
  });

  test("a workload with count: N stands for N models and is listed once", () => {
    const p = plan([small("tenants", { model: { parameters: "300M", framework: "pytorch", count: 40 } })]);
    expect(p.endpoints.flatMap((e) => e.workloads)).toEqual(["tenants"]);
    expect(p.endpoints[0]!.models).toBe(40);
  });

  test("inference components pack several LLMs onto shared instances", () => {
    const llm = (n: string) => ({
      ...small(n),
      model: { parameters: "7B", precision: "fp16" as const, kind: "llm" as const, framework: "pytorch" as const },
      isolation: "container" as const,
      latency: { target: "30s" },
      traffic: { pattern: "steady" as const, peakRps: 0.05 },
      constraints: { options: ["inference-components" as const], instanceTypes: ["ml.g5.12xlarge"] },
    });
    const p = plan([llm("a"), llm("b"), llm("c"), llm("d")]);
    const shared = p.endpoints.filter((e) => e.option === "inference-components" && e.workloads.length > 1);
    expect(shared).toHaveLength(1);
    expect(shared[0]!.workloads).toEqual(["a", "b", "c", "d"]);
    expect(p.totals.monthlyCostUsd).toBeLessThan(p.totals.individualMonthlyCostUsd);
  });

  test("copies are priced as they pack: 4-accelerator copies on 6-accelerator instances take one instance each", () => {
    const llm = (n: string) => ({
      ...small(n),
      model: { parameters: "34B", precision: "fp16" as const, kind: "llm" as const, framework: "pytorch" as const },
      isolation: "container" as const,
      latency: { target: "30s", coldStart: "0" },
      traffic: { pattern: "steady" as const, peakRps: 0.02 },
      constraints: { options: ["inference-components" as const], instanceTypes: ["ml.inf2.24xlarge"] },
    });
    const p = plan([llm("a"), llm("b"), llm("c")]);
    const inf2 = knowledge.catalog.instances.find((i) => i.instanceType === "ml.inf2.24xlarge")!;
    const month = inf2.hourlyUsd * knowledge.rules.sizing.billing.hoursPerMonth;
    const copy = assessOption(parse(llm("a")), knowledge, "inference-components").candidate!;
    expect(copy.acceleratorsPerCopy).toBe(4);
    // 12 accelerators of copies are 2 instances' worth, but no instance holds two: three instances, all month.
    const total = p.endpoints.reduce((n, e) => n + e.instanceCount, 0);
    expect(total).toBe(3);
    expect(p.totals.monthlyCostUsd).toBeGreaterThanOrEqual(3 * month - 1);
  });

  test("copies that never come and go pack whole: five always-loaded LLMs of one copy each on 4-slot instances", () => {
    // Scheduled traffic, but no cold start allowed and one copy at the peak: nothing scales, so no rounding slack.
    const llm = (n: string) => ({
      ...small(n),
      model: { parameters: "7B", precision: "fp16" as const, kind: "llm" as const, framework: "pytorch" as const },
      isolation: "container" as const,
      latency: { target: "30s", coldStart: "0" },
      traffic: { pattern: "scheduled" as const, activeHoursPerDay: 12, peakRps: 0.02 },
      constraints: { options: ["inference-components" as const], instanceTypes: ["ml.g5.12xlarge"] },
    });
    const p = plan(["a", "b", "c", "d", "e"].map(llm));
    const g5 = knowledge.catalog.instances.find((i) => i.instanceType === "ml.g5.12xlarge")!;
    const month = g5.hourlyUsd * knowledge.rules.sizing.billing.hoursPerMonth;
    // Four copies of one accelerator fill a 4-accelerator instance all month; the fifth would need a second
    // instance, as it does alone (the five were priced at 1.25 instances plus half a one for rounding: 1.75).
    const shared = p.endpoints.find((e) => e.workloads.length > 1)!;
    expect(shared.workloads).toHaveLength(4);
    expect(shared.instanceCount).toBe(1);
    expect(shared.monthlyCostUsd).toBeCloseTo(month, 0);
    expect(p.totals.monthlyCostUsd).toBeCloseTo(2 * month, -1);
  });

  test("copies that come and go round instances up only while they do: half an instance over 12 active hours", () => {
    // Four LLMs, each one copy on average and two at its peak, active 12 hours a day: one ml.g5.12xlarge holds the
    // four copies all month, and copies added at peaks round up half an instance for the half of the month they
    // come and go: 1.25 instances (1.5 when rounding was charged all month), plus their data processing.
    const llm = (n: string) => ({
      ...small(n),
      model: { parameters: "7B", precision: "fp16" as const, kind: "llm" as const, framework: "pytorch" as const },
      tokens: { input: 500, output: 200 },
      isolation: "container" as const,
      latency: { target: "30s", coldStart: "0" },
      traffic: { pattern: "scheduled" as const, activeHoursPerDay: 12, peakRps: 2 },
      constraints: { options: ["inference-components" as const], instanceTypes: ["ml.g5.12xlarge"] },
    });
    const p = plan(["a", "b", "c", "d"].map(llm));
    const g5 = knowledge.catalog.instances.find((i) => i.instanceType === "ml.g5.12xlarge")!;
    const month = g5.hourlyUsd * knowledge.rules.sizing.billing.hoursPerMonth;
    expect(p.endpoints).toEqual([expect.objectContaining({ workloads: ["a", "b", "c", "d"], instanceCount: 2 })]);
    expect(p.endpoints[0]!.monthlyCostUsd).toBeGreaterThan(1.25 * month);
    expect(p.endpoints[0]!.monthlyCostUsd).toBeLessThan(1.251 * month);
  });

  test("on a shared type a copy takes the fewest accelerators that meet its SLOs, not every one of an instance", () => {
    // Six quiet 13B LLMs, each alone on one ml.inf2.8xlarge chip ($1,723 a month). Alone on an ml.inf2.24xlarge a
    // copy may as well spread over its six chips (one instance either way, and faster), and so sized, none could
    // share one (six instances, $10,340 in all, measured). On one chip each, the six share one instance.
    const llm = (n: string) => ({
      ...small(n),
      model: { parameters: "13B", precision: "fp16" as const, kind: "llm" as const, framework: "pytorch" as const },
      payload: "20KB",
      tokens: { input: 800, output: 250 },
      isolation: "container" as const,
      latency: { target: "30s", coldStart: "15m" },
      traffic: { pattern: "diurnal" as const, peakRps: 0.03 },
      constraints: {
        options: ["inference-components" as const],
        instanceTypes: ["ml.inf2.8xlarge", "ml.inf2.24xlarge"],
      },
    });
    const p = plan(["a", "b", "c", "d", "e", "f"].map(llm));
    expect(p.endpoints).toEqual([
      expect.objectContaining({
        instanceType: "ml.inf2.24xlarge",
        instanceCount: 1,
        workloads: ["a", "b", "c", "d", "e", "f"],
      }),
    ]);
  });

  test("shared endpoints keep the instances the most demanding member's availability asks for", () => {
    const llm = (n: string, minInstances: number) => ({
      ...small(n),
      availability: { minInstances },
      model: { parameters: "7B", precision: "fp16" as const, kind: "llm" as const, framework: "pytorch" as const },
      isolation: "container" as const,
      latency: { target: "30s", coldStart: "0" },
      traffic: { pattern: "steady" as const, peakRps: 0.05 },
      constraints: { options: ["inference-components" as const], instanceTypes: ["ml.g5.12xlarge"] },
    });
    const g5 = knowledge.catalog.instances.find((i) => i.instanceType === "ml.g5.12xlarge")!;
    const month = g5.hourlyUsd * knowledge.rules.sizing.billing.hoursPerMonth;
    // Four copies fit one instance; the member that asks for three instances keeps three up for all of them.
    const p = plan([llm("a", 1), llm("b", 1), llm("c", 3), llm("d", 1)]);
    const shared = p.endpoints.find((e) => e.workloads.length > 1)!;
    expect(shared.instanceCount).toBe(3);
    expect(shared.monthlyCostUsd).toBeGreaterThanOrEqual(3 * month);

    const tenant = (n: string, minInstances: number) =>
      small(n, {
        availability: { minInstances },
        traffic: { pattern: "steady", requestsPerDay: 2000 },
        constraints: { options: ["multi-model"] },
      });
    const mme = plan([tenant("x", 1), tenant("y", 2), tenant("z", 1)]);
    expect(mme.endpoints).toEqual([expect.objectContaining({ option: "multi-model", instanceCount: 2, models: 3 })]);
  });
});

describe("the Region's serverless endpoints are scarce", () => {
  const tabular = (i: number, requestsPerDay: number): WorkloadInput => ({
    name: `tenant-${i}`,
    model: { parameters: "20M", precision: "fp32", kind: "tabular", framework: "xgboost" },
    payload: "2KB",
    latency: { target: "500ms", coldStart: "30s" },
    isolation: "shared",
    traffic: { pattern: "intermittent", requestsPerDay },
  });

  test("35 tiny tenants that save a few dollars each on serverless share one multi-model endpoint instead", () => {
    const p = plan(Array.from({ length: 35 }, (_, i) => tabular(i, 3000)));
    expect(p.endpoints).toEqual([expect.objectContaining({ option: "multi-model", models: 35 })]);
    // Serverless would cost $0.22 a model; the endpoint costs $6.31 a model, under the $10 a slot is worth.
    const slot = knowledge.rules.sizing.plan.serverlessEndpointUsd;
    expect(p.totals.monthlyCostUsd).toBeGreaterThan(p.totals.individualMonthlyCostUsd);
    expect(p.totals.monthlyCostUsd).toBeLessThan(p.totals.individualMonthlyCostUsd + 35 * slot);
    expect(p.totals).toMatchObject({ serverlessEndpoints: 0, individualServerlessEndpoints: 35 });
  });

  test("with no value on a slot, the plan spends the quota wherever serverless is cheapest, as before", () => {
    const free = {
      ...knowledge,
      rules: { ...knowledge.rules, sizing: { ...knowledge.rules.sizing, plan: { serverlessEndpointUsd: 0 } } },
    };
    const p = planFleet(
      Array.from({ length: 35 }, (_, i) => parse(tabular(i, 3000))),
      free,
    );
    expect(p.endpoints.every((e) => e.option === "serverless")).toBe(true);
    expect(p.totals.monthlyCostUsd).toBeCloseTo(p.totals.individualMonthlyCostUsd, 1);
  });

  test("the quota goes to the workload whose models fill the shared endpoint, not to 20 that each fill a sliver", () => {
    // Twenty 100M encoders and one encoder of twenty 383M models share a multi-model endpoint of five r6i.large
    // without serverless. 20 serverless endpoints: the twenty small ones, each paying a whole instance alone and so
    // a twenty-first of the shared one by cost alone, would leave the large one five instances on its own ($355 in
    // all); the large one takes most of the memory, and on serverless ($63) it leaves the small ones two ($221).
    const encoder = (name: string, parameters: number, count: number, requestsPerDay: number, target: string) =>
      parse(
        tenant(name, parameters, "fp32", "encoder", count, "10KB", [target, "30s"], ["intermittent", requestsPerDay]),
      );
    const fleet = [
      encoder("large", 382879768, 20, 27320, "1821ms"),
      ...Array.from({ length: 20 }, (_, i) => encoder(`small-${i}`, 100e6, 1, 2000, "1500ms")),
    ];
    const quota = withServerlessQuota(20);
    const free = {
      ...quota,
      rules: { ...quota.rules, sizing: { ...quota.rules.sizing, plan: { serverlessEndpointUsd: 0 } } },
    };
    const p = planFleet(fleet, free);
    const r6iLarge = knowledge.catalog.instances.find((i) => i.instanceType === "ml.r6i.large")!.hourlyUsd * 730;
    expect(p.endpoints).toHaveLength(2);
    expect(p.endpoints).toContainEqual(expect.objectContaining({ option: "serverless", workloads: ["large"] }));
    const shared = p.endpoints.find((e) => e.option === "multi-model")!;
    expect(shared).toMatchObject({ instanceType: "ml.r6i.large", instanceCount: 2, models: 20 });
    expect(shared.monthlyCostUsd).toBeCloseTo(2 * r6iLarge, -1);
    expect(p.totals.monthlyCostUsd).toBeLessThan(300);
  });
});

describe("multi-model groups and cold loads", () => {
  test("a model that does not tolerate its cold loads is grouped apart: the nine that do share three GPUs, not four", () => {
    // Found on a generated fleet (bench/fleet.ts, mixed, seed 181). One encoder whose 6 s cold start is shorter than
    // its model's load makes any group holding it keep every model loaded: with it, the ten fill two endpoints of
    // two ml.g4dn.xlarge ($2,156); without it, the other nine keep a working set on three ($1,617) and it takes an
    // endpoint of its own ($433).
    const pytorch = (...args: Parameters<typeof tenant>) =>
      parse({ ...tenant(...args), constraints: { options: ["multi-model", "single-model", "inference-components"] } });
    const p = planFleet(
      [
        pytorch("strict", 299710327, "fp32", "encoder", 1, "54KB", ["430ms", "6s"], ["diurnal", 10412]),
        pytorch("a", 321446363, "fp16", "vision", 1, "1KB", ["227ms", "29s"], ["scheduled", 7157]),
        pytorch("b", 315064068, "fp16", "vision", 1, "196KB", ["431ms", "15s"], ["diurnal", 12665]),
        pytorch("c", 280583843, "fp32", "vision", 1, "135KB", ["631ms", "27s"], ["intermittent", 1263]),
        pytorch("d", 255340088, "fp32", "encoder", 1, "1KB", ["376ms", "25s"], ["intermittent", 14009]),
        pytorch("e", 232065939, "fp32", "encoder", 2, "3KB", ["363ms", "28s"], ["diurnal", 12045]),
        pytorch("f", 224702722, "fp32", "encoder", 2, "30KB", ["331ms", "9s"], ["diurnal", 13414]),
        pytorch("g", 105600786, "fp16", "vision", 20, "6KB", ["203ms", "8s"], ["intermittent", 4650]),
        pytorch("h", 82679144, "fp32", "vision", 20, "70KB", ["240ms", "15s"], ["intermittent", 18216]),
        pytorch("i", 81571690, "fp32", "vision", 1, "179KB", ["203ms", "27s"], ["intermittent", 866]),
      ],
      knowledge,
    );
    const shared = p.endpoints.filter((e) => e.option === "multi-model");
    expect(shared).toEqual([
      expect.objectContaining({
        instanceType: "ml.g4dn.xlarge",
        instanceCount: 3,
        workloads: expect.not.arrayContaining(["strict"]),
      }),
    ]);
    expect(shared[0]!.workloads).toHaveLength(9);
    const g4dn = knowledge.catalog.instances.find((i) => i.instanceType === "ml.g4dn.xlarge")!.hourlyUsd * 730;
    expect(p.totals.monthlyCostUsd).toBeLessThan(4 * g4dn);
  });
});

describe("inference-component packing across instance types", () => {
  test("idle GPUs another device's model keeps up take a small model: a 34B model's second ml.g6.12xlarge holds an 8B", () => {
    // A 34B model with a 1 s first token fits only large GPUs; on two ml.g6.12xlarge ($5.752 an hour each, two for
    // availability: $8,398 a month) its one copy takes all four L4s of one. An 8B LLM costs $723 alone on an
    // asynchronous ml.inf2.xlarge, whose chip is cheaper than an L4, so it never looked at L4s; but the second
    // instance is up anyway, and its idle GPUs hold the 8B copy for nothing: $8,398 for both, not $9,121.
    const big = scheduledLlm(
      "rag-34b",
      "34B",
      "bf16",
      [2370, 78],
      { target: "50s", ttft: "1s", coldStart: "0" },
      0.011,
    );
    const small = scheduledLlm("chat-8b", "8B", "bf16", [348, 147], { target: "23s", coldStart: "0" }, 0.01);
    const p = plan([big, small]);
    expect(p.endpoints).toEqual([
      expect.objectContaining({ option: "inference-components", instanceType: "ml.g6.12xlarge", models: 2 }),
    ]);
    expect(p.totals.monthlyCostUsd).toBeCloseTo(2 * 5.752 * 730, -1);
  });

  const llm13 = (n: string, pattern: "steady" | "diurnal" = "steady"): WorkloadInput => ({
    ...small(n),
    model: { parameters: "13B", precision: "fp16", kind: "llm", framework: "pytorch" },
    tokens: { input: 800, output: 250 },
    isolation: "container",
    latency: { target: "30s", coldStart: "0" },
    // Light enough that one copy on two T4s carries it.
    traffic: { pattern, peakRps: 0.05 },
    // Packing across NVIDIA instance types (Inferentia2 would host it cheaper still).
    constraints: { instanceTypes: ["ml.g*"] },
  });

  test("the group that saves most first need not form first: twelve LLMs on Inferentia2 cost $46,940, not $49,320", () => {
    // Found on a generated fleet (bench/fleet.ts, LLM-heavy, seed 229). Forming the ml.inf2.48xlarge group first (it
    // saves most) takes ten of them onto six instances ($37,950) and leaves two 70B models a pair of ml.inf2.24xlarge
    // ($11,370), a floor their two six-accelerator copies half fill. Started from the ml.inf2.24xlarge group, one 70B
    // model shares its floor with six others ($18,500) and four fill two ml.inf2.48xlarge ($22,750); the last 70B,
    // which tolerates no cold start but is light, is cheapest alone.
    const p = plan([
      llm("a", "70B", "bf16", [540, 494], true, "0", 0.718),
      llm("b", "34B", "int8", [302, 270], true, "0", 0.049),
      llm("c", "70B", "int8", [548, 273], false, "0", 0.039),
      llm("d", "34B", "bf16", [740, 115], false, "0", 0.185),
      llm("e", "34B", "fp16", [1239, 182], false, "0", 0.156),
      llm("f", "70B", "int8", [1137, 457], true, "0", 0.823),
      llm("g", "13B", "fp16", [520, 258], false, "0", 0.399),
      llm("h", "13B", "fp16", [395, 239], false, "0", 0.37),
      llm("i", "13B", "fp16", [1303, 139], false, "0", 0.394),
      llm("j", "13B", "fp16", [853, 217], true, "15m", 0.521),
      llm("k", "70B", "fp16", [288, 133], true, "0", 0.102),
      llm("l", "70B", "fp16", [371, 287], false, "0", 0.03),
    ]);
    const shared = p.endpoints.filter((e) => e.option === "inference-components" && e.workloads.length > 1);
    expect(shared.map((e) => [e.instanceType, e.workloads.length])).toEqual([
      ["ml.inf2.24xlarge", 7],
      ["ml.inf2.48xlarge", 4],
    ]);
    expect(shared[0]!.workloads).toContain("k");
    expect(p.totals.monthlyCostUsd).toBeLessThan(47000);
  });

  test("a member moves to another type's group where that costs less: twelve LLMs cost $37,640, not $39,810", () => {
    // Found on a generated fleet (bench/fleet.ts, LLM-heavy, seed 228). Every greedy puts "b" (a busy 70B model held
    // to a 2 s TTFT) with the other 70B models on ml.inf2.24xlarge: three instances, one a copy, $17,060. On eight of
    // an ml.inf2.48xlarge's accelerators its copies take larger batches: it moves to that group, which keeps three up
    // ($22,750) and gives four small models back to endpoints of their own, and the 24xlarge pair holds the others.
    const fleet = [
      llm("a", "70B", "fp16", [454, 477], false, "0", 0.027),
      llm("b", "70B", "fp16", [200, 131], true, "0", 0.698),
      llm("c", "13B", "fp16", [278, 243], true, "0", 0.157),
      llm("d", "34B", "int8", [282, 224], false, "0", 0.916),
      llm("e", "7B", "fp16", [308, 274], false, "0", 0.294),
      llm("f", "13B", "fp16", [361, 399], false, "0", 0.028),
      llm("g", "34B", "bf16", [1427, 233], false, "0", 0.024),
      llm("h", "13B", "fp16", [485, 131], false, "0", 0.306),
      llm("i", "13B", "int8", [636, 127], false, "0", 0.151),
      llm("j", "70B", "fp16", [1554, 145], true, "0", 0.079),
      llm("k", "13B", "bf16", [356, 250], true, "15m", 0.447),
      llm("l", "70B", "fp16", [244, 394], true, "0", 0.066),
    ];
    const p = plan(fleet);
    const shared = p.endpoints.filter((e) => e.option === "inference-components" && e.workloads.length > 1);
    expect(shared.map((e) => [e.instanceType, e.instanceCount, [...e.workloads].sort()])).toEqual([
      ["ml.inf2.24xlarge", 2, ["j", "l"]],
      ["ml.inf2.48xlarge", 3, ["a", "b", "c", "d", "g", "h"]],
    ]);
    expect(p.totals.monthlyCostUsd).toBeCloseTo(37640, -1);
    // Members left alone try moving by name, not in the file's order.
    expect(plan([...fleet].reverse()).totals).toEqual(p.totals);
  });

  test("a group splits where some of its members share another type for less: eight LLMs cost $34,120, not $36,020", () => {
    // Found on a generated fleet (bench/fleet.ts, LLM-heavy, seed 251). Every greedy puts all eight on
    // ml.inf2.48xlarge, where the two 70B models that never rest take eight accelerators of twelve each: five
    // instances at peak ($36,020). Each fills an ml.inf2.24xlarge of its own; split off onto a pair of them ($11,370),
    // they leave the others three ml.inf2.48xlarge ($22,750). No move of one member does it: no group of that type
    // is there to move to.
    const p = plan([
      llm("a", "34B", "bf16", [237, 156], true, "15m", 0.537),
      llm("b", "70B", "fp16", [571, 110], true, "0", 0.643),
      llm("c", "70B", "bf16", [1988, 116], true, "15m", 0.186),
      llm("d", "34B", "fp16", [1508, 151], false, "0", 0.372),
      llm("e", "34B", "fp16", [505, 484], false, "15m", 0.265),
      llm("f", "34B", "int8", [491, 318], true, "15m", 0.117),
      llm("g", "70B", "bf16", [1659, 158], true, "0", 0.032),
      llm("h", "34B", "bf16", [995, 206], true, "15m", 0.074),
    ]);
    expect(p.endpoints.map((e) => [e.instanceType, e.instanceCount, [...e.workloads].sort()])).toEqual([
      ["ml.inf2.24xlarge", 2, ["b", "g"]],
      ["ml.inf2.48xlarge", 3, ["a", "c", "d", "e", "f", "h"]],
    ]);
    expect(p.totals.monthlyCostUsd).toBeCloseTo(34120, -1);
  });

  test("members cheapest alone on async endpoints are also grouped as if they must share: nine LLMs, $39,010", () => {
    // Found on a generated fleet (bench/fleet.ts, LLM-heavy, seed 215). Alone, "e" (a 70B model that never rests) is
    // cheapest on an asynchronous ml.inf2.24xlarge ($5,687), so sharing saves it little and the greedy forms groups
    // around the others: two 70B models on a pair of ml.g6e.12xlarge, five on ml.inf2.24xlarge ($40,150 in all).
    // Grouped as if it must share, it anchors an ml.inf2.24xlarge group of three 70B models, and the rest share
    // ml.inf2.48xlarge: $39,010, counted at its cost alone.
    const p = plan([
      llm("a", "13B", "fp16", [884, 196], true, "15m", 0.175),
      llm("b", "70B", "fp16", [1377, 268], true, "15m", 0.123),
      llm("c", "13B", "fp16", [270, 213], true, "0", 0.354),
      llm("d", "70B", "fp16", [1814, 236], true, "0", 0.646),
      llm("e", "70B", "bf16", [628, 221], false, "0", 0.109),
      llm("f", "34B", "fp16", [205, 179], false, "15m", 0.029),
      llm("g", "70B", "int8", [1806, 196], true, "15m", 0.885),
      llm("h", "70B", "fp16", [759, 298], false, "0", 0.859),
      llm("i", "34B", "int8", [669, 145], false, "0", 0.249),
    ]);
    expect(p.endpoints.map((e) => [e.instanceType, e.instanceCount, [...e.workloads].sort()])).toEqual([
      ["ml.inf2.24xlarge", 6, ["e", "g", "h"]],
      ["ml.inf2.48xlarge", 4, ["a", "b", "c", "d", "f", "i"]],
    ]);
    expect(p.totals.monthlyCostUsd).toBeCloseTo(39010, -1);
  });

  test("members the moves leave alone share with each other: eleven LLMs cost $39,110, not $39,500", () => {
    // Found on the bench's LLM-heavy fleet (bench/fleet.ts, seed 42): after the moves, two light 70B and 34B models
    // that tolerate 15 minutes' cold starts sit alone ($2,588 and $2,068); together they share a pair of
    // ml.inf2.24xlarge whose copies come and go ($4,265).
    const p = plan([
      llm("a", "70B", "int8", [1551, 243], false, "0", 0.055),
      llm("b", "34B", "bf16", [1275, 187], false, "0", 0.022),
      llm("c", "34B", "fp16", [346, 327], false, "0", 0.931),
      llm("d", "7B", "bf16", [357, 159], false, "0", 0.025),
      llm("e", "34B", "bf16", [1849, 116], false, "15m", 0.067),
      llm("f", "70B", "int8", [549, 221], false, "0", 0.049),
      llm("g", "70B", "bf16", [311, 102], true, "0", 0.62),
      llm("h", "70B", "bf16", [232, 236], true, "0", 0.293),
      llm("i", "70B", "int8", [1018, 275], false, "15m", 0.076),
      llm("j", "34B", "fp16", [1348, 402], false, "0", 0.031),
      llm("k", "34B", "fp16", [1015, 116], false, "0", 0.022),
    ]);
    const shared = p.endpoints.filter((e) => e.option === "inference-components" && e.workloads.length > 1);
    expect(shared.map((e) => [e.instanceType, e.instanceCount, [...e.workloads].sort()])).toContainEqual([
      "ml.inf2.24xlarge",
      2,
      ["e", "i"],
    ]);
    expect(p.totals.monthlyCostUsd).toBeCloseTo(39110, -1);
  });

  test("two steady 13B LLMs whose cheapest home is one L40S each share a 4 x T4 instance, two T4s apiece", () => {
    const p = plan([llm13("a"), llm13("b")]);
    const alone = plan([llm13("a")]);
    expect(alone.endpoints[0]).toMatchObject({ instanceType: "ml.g6e.xlarge" });
    expect(p.endpoints).toHaveLength(1);
    expect(p.endpoints[0]).toMatchObject({
      option: "inference-components",
      instanceType: "ml.g4dn.12xlarge",
      instanceCount: 1,
      workloads: ["a", "b"],
    });
    // One g4dn.12xlarge all month against two g6e.xlarge.
    expect(p.totals.monthlyCostUsd).toBeCloseTo(4.89 * 730, -1);
    expect(p.totals.monthlyCostUsd).toBeLessThan(2 * alone.totals.monthlyCostUsd);
  });

  test("groups that each fill an instance merge where a larger working set needs fewer: six of 21 models share two", () => {
    // Each tenant's 21 models fill one ml.r6i.large; any two together need an instance twice the size, so no tenant
    // joins another one by one, but all six keep a smaller share of their models loaded.
    const tenant = (name: string) =>
      small(name, {
        model: { parameters: "20M", precision: "fp32", kind: "tabular", framework: "xgboost", count: 21 },
        latency: { target: "500ms", coldStart: "30s" },
        traffic: { pattern: "steady", requestsPerDay: 20000 },
        constraints: { options: ["multi-model", "single-model"] },
      });
    const alone = plan([tenant("t0")]);
    expect(alone.endpoints[0]).toMatchObject({ option: "multi-model", instanceType: "ml.r6i.large", instanceCount: 1 });
    const p = plan(Array.from({ length: 6 }, (_, i) => tenant(`t${i}`)));
    expect(p.endpoints).toEqual([expect.objectContaining({ option: "multi-model", models: 126, instanceCount: 2 })]);
    expect(p.totals.monthlyCostUsd).toBeLessThan(0.7 * 6 * alone.totals.monthlyCostUsd);
  });

  test("a multi-model group pays the data its members send, not its largest payload times all requests", () => {
    const tenant = (name: string, payload: string, requestsPerDay: number) =>
      small(name, {
        model: { parameters: "20M", precision: "fp32", kind: "tabular", framework: "xgboost", count: 10 },
        payload,
        latency: { target: "500ms", coldStart: "30s" },
        traffic: { pattern: "steady", requestsPerDay },
        constraints: { options: ["multi-model"] },
      });
    const p = plan([tenant("big", "2MB", 100), tenant("small", "1KB", 200_000)]);
    expect(p.endpoints).toEqual([
      expect.objectContaining({ option: "multi-model", instanceType: "ml.r6i.large", instanceCount: 1, models: 20 }),
    ]);
    // One r6i.large a month and a few GB each way; 2 MB both ways on 6 million requests would add $390.
    expect(p.endpoints[0]!.monthlyCostUsd).toBeLessThan(0.151 * 730 + 1);
  });

  test("a third steady LLM would leave half an instance idle, so it stays alone", () => {
    const p = plan([llm13("a"), llm13("b"), llm13("c")]);
    expect(p.endpoints.map((e) => e.workloads.length).sort()).toEqual([1, 2]);
  });

  test("a busy 13B LLM takes one copy on two Inferentia2 chips, not the four copies of one chip its peak would need", () => {
    // A 13B chat LLM at 0.387 requests a second: a copy on one chip serves 0.18 of them within its SLOs, a copy on
    // two 1.4 (measured, `assessOption`), so it takes two slots, not four, and four quiet ones (a chip each) fill one
    // ml.inf2.24xlarge with it: $5,687 a month against $6,402 alone ($1,124 each, $1,906 for the busy one).
    const llm = (name: string, peakRps: number): WorkloadInput => ({
      ...chatLlm(name, "13B", { pattern: "steady", peakRps }),
      availability: { minInstances: 1 },
      constraints: { instanceTypes: ["ml.inf2.*", "ml.trn1.*", "ml.g6e.xlarge"] },
    });
    const p = plan([llm("busy", 0.387), ...["a", "b", "c", "d"].map((n) => llm(n, 0.05))]);
    expect(p.endpoints).toEqual([
      expect.objectContaining({
        instanceType: "ml.inf2.24xlarge",
        instanceCount: 1,
        workloads: ["a", "b", "c", "d", "busy"],
      }),
    ]);
    expect(p.totals.monthlyCostUsd).toBeCloseTo(7.79 * 730, -1);
  });

  test("members that save little a slot leave a group where later ones save more: 14 LLMs on three instances", () => {
    // Nine quiet 13B LLMs take a chip of an ml.inf2.24xlarge each ($947.8 a month, $1,124 alone); five busy ones take
    // two ($1,895.6, $1,906 alone, so they save $10 each); two scheduled ones take a chip while active and cost
    // $1,822 and $1,492 alone. Steady members come first, so the five busy ones kept both scheduled ones out of a
    // group that can hold only three of them (22,280 in all, measured). Two busy ones leave the order: the 14
    // others share three instances ($17,060), the two pay $1,906 each alone.
    const llm = (name: string, pattern: "steady" | "scheduled", peakRps: number): WorkloadInput => ({
      ...chatLlm(name, "13B", { pattern, peakRps }),
      constraints: { instanceTypes: ["ml.inf2.*", "ml.trn1.*", "ml.g6e.xlarge"] },
    });
    const p = plan([
      ...Array.from({ length: 9 }, (_, i) => llm(`quiet-${i}`, "steady", 0.05)),
      ...Array.from({ length: 5 }, (_, i) => llm(`busy-${i}`, "steady", 0.387)),
      llm("scheduled-a", "scheduled", 0.461),
      llm("scheduled-b", "scheduled", 0.289),
    ]);
    const shared = p.endpoints.find((e) => e.workloads.length > 1)!;
    expect(shared).toMatchObject({ instanceType: "ml.inf2.24xlarge", instanceCount: 4 });
    expect(shared.workloads).toEqual(expect.arrayContaining(["scheduled-a", "scheduled-b"]));
    expect(shared.workloads).toHaveLength(14);
    expect(p.totals.monthlyCostUsd).toBeCloseTo(3 * 7.79 * 730 + 2 * 1906, -1);
  });

  test("a member that never rests does not keep others that could from sharing an instance that rests", () => {
    // Four 13B chat LLMs that accept a 15-minute cold start share one ml.inf2.24xlarge ($5,688 a month against
    // $6,742 alone). A fifth that never rests (no cold start) would keep two instances up for availability, and came
    // first (steady, and as cheap alone as in a slot): no group formed, $7,866 in all (measured). It stays alone.
    const llm = (name: string, traffic: WorkloadInput["traffic"], coldStart = "15m"): WorkloadInput => ({
      ...chatLlm(name, "13B", traffic),
      latency: { target: "30s", coldStart },
    });
    const p = plan([
      llm("always", { pattern: "steady", peakRps: 0.112 }, "0"),
      llm("a", { pattern: "diurnal", peakRps: 0.393 }),
      llm("b", { pattern: "diurnal", peakRps: 0.408 }),
      llm("c", { pattern: "diurnal", peakRps: 0.041 }),
      llm("d", { pattern: "diurnal", peakRps: 0.288 }),
    ]);
    expect(endpointOf(p, "a")).toMatchObject({ instanceType: "ml.inf2.24xlarge", option: "inference-components" });
    expect([...endpointOf(p, "a").workloads].sort()).toEqual(["a", "b", "c", "d"]);
    expect(endpointOf(p, "always").workloads).toEqual(["always"]);
    expect(p.totals.monthlyCostUsd).toBeCloseTo(5688 + 1124, -1);
  });

  test("copies that would come and go are held on the way they stay as they are, where rounding would cost more", () => {
    // Seven quiet 13B LLMs (a chip each of an ml.inf2.24xlarge, $1,124 alone), four quiet 7B ones ($723 alone, a chip
    // each there too), and a busy 13B at 0.38 requests a second at its diurnal peak ($1,906 alone). None rests, so a
    // group keeps two instances up, 12 chips ($11,373). The busy one's copies follow its load on one chip each (1.5
    // chips on average), which rounds the endpoint up by half an instance: no group paid, $12,666 in all (measured).
    // On two chips one copy holds its peak and stays as it is: the seven, it and three 7B fill the 12 chips, and one
    // 7B stays alone: $12,096.
    const llm = (name: string, parameters: string, traffic: WorkloadInput["traffic"]): WorkloadInput => ({
      ...chatLlm(name, parameters, traffic),
      constraints: { instanceTypes: ["ml.inf2.*", "ml.trn1.*", "ml.g6e.xlarge"] },
    });
    const p = plan([
      ...Array.from({ length: 7 }, (_, i) => llm(`quiet-${i}`, "13B", { pattern: "steady", peakRps: 0.05 })),
      llm("busy", "13B", { pattern: "diurnal", peakRps: 0.38 }),
      ...Array.from({ length: 4 }, (_, i) => llm(`small-${i}`, "7B", { pattern: "steady", peakRps: 0.05 })),
    ]);
    expect(endpointOf(p, "busy")).toMatchObject({ instanceType: "ml.inf2.24xlarge", instanceCount: 2 });
    expect(endpointOf(p, "busy").workloads).toHaveLength(11);
    expect(p.totals.monthlyCostUsd).toBeCloseTo(2 * 7.79 * 730 + 723, -1);
  });

  test("members that save nothing anywhere fill slots a group keeps up anyway: nine 13B and three 7B LLMs", () => {
    // Always loaded, each 13B takes one Inferentia2 chip: a sixth of an ml.inf2.24xlarge ($7.79 an hour), $947.8 a
    // month, against $1,124 alone (asynchronous, one ml.trn1.2xlarge). An always-up endpoint keeps two instances
    // (availability), so nine cost $11,373 together against $10,116 alone: no group. A 7B costs $723 alone (one
    // ml.inf2.xlarge chip), more than a sixth of the instance: it saves nothing anywhere, but three fill the
    // three idle chips, and the twelve share two instances ($11,373 against $12,285 alone).
    const llm = (name: string, parameters: string) => chatLlm(name, parameters, { pattern: "steady", peakRps: 0.05 });
    const large = Array.from({ length: 9 }, (_, i) => llm(`large-${i}`, "13B"));
    const fillers = Array.from({ length: 3 }, (_, i) => llm(`small-${i}`, "7B"));
    expect(plan(large).endpoints.every((e) => e.workloads.length === 1)).toBe(true);
    const p = plan([...large, ...fillers]);
    expect(p.endpoints).toEqual([
      expect.objectContaining({ option: "inference-components", instanceType: "ml.inf2.24xlarge", instanceCount: 2 }),
    ]);
    expect(p.totals.monthlyCostUsd).toBeCloseTo(2 * 7.79 * 730, -1);
    expect(p.totals.individualMonthlyCostUsd).toBeCloseTo(9 * 1124 + 3 * 723, -2);
  });
});

describe("the lower bound", () => {
  test("a model that must stay loaded on accelerators it cannot share is bounded by whole devices all month", () => {
    const p = plan([
      {
        ...small("llm"),
        model: { parameters: "7B", precision: "fp16", kind: "llm", framework: "pytorch" },
        isolation: "container",
        latency: { target: "30s", coldStart: "0" },
        traffic: { pattern: "steady", peakRps: 0.05 },
      },
    ]);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeGreaterThan(0.85 * p.totals.monthlyCostUsd);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeLessThanOrEqual(p.totals.monthlyCostUsd);
  });

  test("tenants that accept a multi-model cold load still pay for the working set a multi-model endpoint keeps loaded", () => {
    const gpu = { constraints: { instanceTypes: ["ml.g5.xlarge"] } };
    const p = plan(Array.from({ length: 10 }, (_, i) => small(`tenant-${i}`, gpu)));
    // Ten models need at least 7 loaded for 80% of requests to find theirs warm (Zipf), a share of one g5.xlarge.
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeGreaterThan(0);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeLessThanOrEqual(p.totals.monthlyCostUsd);
  });

  test("models a multi-model endpoint could host on GPUs only are bounded by the GPU instance one keeps up all month", () => {
    // A 40 ms target rules CPUs out: the ten share one g4dn.xlarge, which the bound now proves optimal.
    const p = plan(
      Array.from({ length: 10 }, (_, i) => small(`tenant-${i}`, { latency: { target: "40ms", coldStart: "20s" } })),
    );
    expect(p.endpoints).toEqual([
      expect.objectContaining({ option: "multi-model", instanceType: "ml.g4dn.xlarge", instanceCount: 1, models: 10 }),
    ]);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeGreaterThan(0.99 * p.totals.monthlyCostUsd);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeLessThanOrEqual(p.totals.monthlyCostUsd);
  });

  test("a resident held on its pool beyond its least may leave it instead: the bound counts the lesser", () => {
    // Found by the LLM-heavy fleet property (seed 2147483617, 68 workloads), cut to four. The 13B model's copies come
    // and go on the Inferentia2 pool's types, so there it is held steady (twice its share) or rounds the endpoint up
    // by half an instance; but it costs $10 more on an ml.g6e.xlarge beside the 34B one. The pool's count charged it
    // the rounding ($1,422): the bound was $16,590 against a plan of $15,180.
    const p = plan([
      llm("l00006", "13B", "fp16", [1374, 318], true, "0", 0.994),
      llm("l00014", "34B", "int8", [873, 365], false, "0", 0.125),
      llm("l00018", "70B", "fp16", [402, 221], true, "0", 0.06),
      llm("l00067", "70B", "bf16", [714, 128], false, "0", 0.074),
    ]);
    expect(endpointOf(p, "l00006")).toMatchObject({ instanceType: "ml.g6e.xlarge" });
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeLessThanOrEqual(p.totals.monthlyCostUsd);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeGreaterThan(0.99 * p.totals.monthlyCostUsd);
  });

  test("a pool whose floor is on its dearest resident's type shelters others' residents in its room", () => {
    // Found by the LLM-heavy fleet property (seed 1452698740, 27 workloads), cut to four. The two 70B models fill the
    // floor of two ml.inf2.24xlarge, but the fp16 one needs ml.inf2.48xlarge: two of those leave room, which the two
    // 34B models (least at an eighth of an ml.p4de.24xlarge) fill on four chips each. That pool's count had them there
    // at their least, while their own pool's count charged them their way off it: the bound was $24,570 against a
    // plan of $22,750. Sheltered there, the bound is the plan.
    const p = plan([
      llm("l00005", "34B", "fp16", [360, 181], false, "0", 0.062),
      llm("l00008", "70B", "int8", [711, 328], true, "0", 0.205),
      llm("l00011", "34B", "fp16", [258, 174], true, "0", 0.02),
      llm("l00026", "70B", "fp16", [303, 473], true, "0", 0.052),
    ]);
    expect(p.endpoints).toEqual([expect.objectContaining({ instanceType: "ml.inf2.48xlarge", models: 4 })]);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeLessThanOrEqual(p.totals.monthlyCostUsd);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeGreaterThan(0.95 * p.totals.monthlyCostUsd);
  });

  test("offline work on an inference component keeps its endpoint up only while it works: no more than its share", () => {
    // Found by the serverless quota property, cut to two. A scoring model held on two ml.t2.medium for availability
    // fills them ($81.77). A batch of speech jobs costs $1.59 there as its work, $1.69 anywhere else, so its least is
    // on that type alone; the bound took it to sit on another endpoint up for as long as its models count as loaded,
    // more than its work bills: $83.46 against a plan of $83.37.
    const batch: WorkloadInput = {
      name: "transcribe-batch",
      model: { parameters: 100_000, precision: "fp32", kind: "speech", framework: "pytorch", count: 11 },
      payload: { request: "100B", response: "100B" },
      latency: { target: "none", coldStart: "1000s" },
      isolation: "container",
      traffic: { pattern: "offline", records: 34_800, deadline: "1h" },
    };
    const scoring: WorkloadInput = {
      name: "fraud-score",
      model: { parameters: 1_000_000, precision: "fp32", kind: "tabular", framework: "xgboost", count: 2 },
      payload: "10KB",
      latency: { target: "1s", coldStart: "60s" },
      isolation: "container",
      traffic: { pattern: "intermittent", requestsPerDay: 525 },
      constraints: { options: ["single-model", "multi-model", "inference-components", "async"] },
    };
    const p = plan([batch, scoring]);
    expect(p.endpoints.map((e) => e.instanceType)).toEqual(["ml.t2.medium", "ml.t2.medium"]);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeLessThanOrEqual(p.totals.monthlyCostUsd);
  });

  test("the bound does not depend on the order of the workloads", () => {
    // Found by the order property (mixed fleet of 27, seed 728609790): a pool whose count came to 1e-13 dollars in one
    // order and 0 in the other sheltered GPU-only workloads at a dollar of its room each: $5,151 against $5,274.
    const fleet = mixedFleet(27, 728_609_790);
    expect(plan([...fleet].reverse()).totals).toEqual(plan(fleet).totals);
  });

  test("a large model that a CPU multi-model endpoint hosts cheapest is bounded by the instances that endpoint keeps up", () => {
    // Two 300M-parameter XGBoost models within 300 ms and a 6 s cold start: serverless cannot, and their share of a
    // multi-model endpoint is a few dollars, but such an endpoint keeps two ml.c7g.xlarge up all month. The small
    // ones take serverless. Counted at its share, the bound was $92.69 (36% of the plan); now it proves the plan.
    const xgboost = (name: string, parameters: number, count: number): WorkloadInput => ({
      name,
      model: { parameters, precision: "fp32", kind: "tabular", framework: "xgboost", count },
      payload: "5KB",
      latency: { target: "300ms", coldStart: "6s" },
      isolation: "shared",
      traffic: { pattern: "diurnal", requestsPerDay: 20000 },
      priorities: "cost-first",
    });
    const p = plan([xgboost("big", 300e6, 2), xgboost("small-a", 20e6, 5), xgboost("small-b", 15e6, 5)]);
    expect(endpointOf(p, "big")).toMatchObject({
      option: "multi-model",
      instanceType: "ml.c7g.xlarge",
      instanceCount: 2,
    });
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeGreaterThan(0.99 * p.totals.monthlyCostUsd);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeLessThanOrEqual(p.totals.monthlyCostUsd);
  });

  test("a busy workload on inference components is bounded by the copies its load keeps up, as the plan sizes them", () => {
    // 20 requests a second keep more copies than one ml.g5.12xlarge holds at the 70% target utilization. The bound
    // charged the copies busy at full speed ($5,805, 56% of the plan); it now charges the copies the plan keeps up
    // for that load, as fractions of instances (96%, measured).
    const p = plan([
      {
        ...small("llm"),
        model: { parameters: "7B", precision: "fp16", kind: "llm", framework: "pytorch" },
        tokens: { input: 500, output: 200 },
        isolation: "container",
        latency: { target: "30s", coldStart: "0" },
        traffic: { pattern: "steady", peakRps: 20 },
        constraints: { instanceTypes: ["ml.g5.12xlarge"], options: ["inference-components"] },
      },
    ]);
    expect(p.endpoints).toEqual([expect.objectContaining({ option: "inference-components", instanceCount: 2 })]);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeGreaterThan(0.9 * p.totals.monthlyCostUsd);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeLessThanOrEqual(p.totals.monthlyCostUsd);
  });

  test("a way off a resident's pool keeps its floor: a 70B model that never rests is bounded by its ways, not $23,100", () => {
    // 140 GB of weights load in more than the 10 minutes it tolerates, so it never rests: an inference-component
    // endpoint holding it keeps two instances up. Its least is two of an ml.p5e.48xlarge's eight GPUs ($13.3k). Its way
    // off those was two GPUs of an ml.p5.48xlarge ($23,100, the old bound); but an endpoint there keeps two p5s up
    // ($92k) that nothing else fills. Its ways are then Inferentia2 copies for its load ($43k) or an endpoint of its own.
    const chat = scheduledLlm("chat-70b", "70B", "bf16", [3400, 220], { target: "11s", coldStart: "10m" }, 1);
    const p = plan([chat]);
    expect(p.endpoints).toEqual([expect.objectContaining({ option: "async", instanceType: "ml.p5.48xlarge" })]);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeGreaterThan(0.9 * p.totals.monthlyCostUsd);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeLessThanOrEqual(p.totals.monthlyCostUsd);
  });

  test("copies held at the peak are whole: a steady 13B LLM needing 1.14 copies is bounded by two chips, not 1.14", () => {
    // At 0.144 requests a second a 13B LLM needs 1.14 copies of one Inferentia2 chip at the 70% target utilization.
    // Its steady traffic holds its capacity at the peak (rules/traffic.yaml), so an inference component keeps two
    // copies: two chips of an ml.inf2.24xlarge, 2/6 of $7.79 an hour. Charged 1.14 copies, the bound was $1,785
    // (measured). Alone it costs one ml.g6e.xlarge ($1,906); held on chips of its own, its share is $1,896, and its
    // ways off them are that endpoint of its own, or shares of types whose floor of two instances nothing fills
    // (`awayFloors`): the bound is the plan. A diurnal one follows its load.
    const llm = (pattern: "steady" | "diurnal") => chatLlm("llm", "13B", { pattern, peakRps: 0.144 });
    const held = plan([llm("steady")]);
    expect(held.totals.lowerBoundMonthlyCostUsd).toBeGreaterThanOrEqual((2 / 6) * 7.79 * 730);
    expect(held.totals.lowerBoundMonthlyCostUsd).toBeCloseTo(held.totals.monthlyCostUsd, -1);
    expect(plan([llm("diurnal")]).totals.lowerBoundMonthlyCostUsd).toBeLessThan(
      0.6 * held.totals.lowerBoundMonthlyCostUsd,
    );
  });

  test("copies held at the peak that rest at zero are up only while loaded: a daily request bounds a few hours", () => {
    // Steady traffic holds a copy at its peak, but a model called once a day in a one-hour window rests at zero on
    // an inference component (it tolerates the cold start): alone, its copy is up only while loaded, about a third
    // of that hour (`sizeFleet`). Charged the whole active hour, the bound came to 3.5x the plan (fast-check found
    // it).
    const daily = {
      ...small("daily"),
      model: { parameters: "100K", precision: "fp32" as const, kind: "llm" as const, framework: "pytorch" as const },
      tokens: { input: 1, output: 1 },
      latency: { target: "none", ttft: "10ms", coldStart: "20m" },
      traffic: { pattern: "steady" as const, requestsPerDay: 1, activeHoursPerDay: 1 },
    };
    const p = plan([daily]);
    expect(p.endpoints).toEqual([expect.objectContaining({ option: "inference-components" })]);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeLessThanOrEqual(p.totals.monthlyCostUsd);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeGreaterThan(0.9 * p.totals.monthlyCostUsd);
  });

  test("a workload that can rest at zero between requests is bounded by the share of time its model is loaded", () => {
    const rare = {
      ...small("llm"),
      model: { parameters: "7B", precision: "fp16" as const, kind: "llm" as const, framework: "pytorch" as const },
      isolation: "container" as const,
      latency: { target: "30s", coldStart: "15m" },
      traffic: { pattern: "intermittent" as const, requestsPerDay: 20 },
    };
    const busy = { ...rare, traffic: { pattern: "intermittent" as const, requestsPerDay: 2000 } };
    const [r, b] = [plan([rare]), plan([busy])];
    expect(r.totals.lowerBoundMonthlyCostUsd).toBeLessThan(b.totals.lowerBoundMonthlyCostUsd);
    expect(r.totals.lowerBoundMonthlyCostUsd).toBeLessThanOrEqual(r.totals.monthlyCostUsd);
  });
});

describe("the Region's serverless endpoints", () => {
  // Tiny, rarely used models: each is cheapest on a serverless endpoint of its own.
  const tiny = (name: string, over: Partial<WorkloadInput> = {}) =>
    small(name, {
      model: { parameters: "5M", precision: "fp32", kind: "tabular", framework: "xgboost" },
      latency: { target: "1s", coldStart: "30s" },
      traffic: { pattern: "intermittent", requestsPerDay: 300 },
      ...over,
    });
  const fleet = ["a", "b", "c", "d"].map((n) => parse(tiny(n)));

  test("a plan puts no more models on serverless than the quota; the rest move to their next option and may share", () => {
    const free = planFleet(fleet, withServerlessQuota(null));
    expect(free.endpoints.filter((e) => e.option === "serverless")).toHaveLength(4);
    const p = planFleet(fleet, withServerlessQuota(1));
    expect(p.endpoints.filter((e) => e.option === "serverless").reduce((n, e) => n + e.models, 0)).toBeLessThanOrEqual(
      1,
    );
    expect(p.endpoints.flatMap((e) => e.workloads).sort()).toEqual(["a", "b", "c", "d"]);
    expect(p.unplaced).toEqual([]);
    // The quota binds the individual baseline too, so the plan still costs no more than it.
    expect(p.totals.individualMonthlyCostUsd).toBeGreaterThan(free.totals.individualMonthlyCostUsd);
    expect(p.totals.monthlyCostUsd).toBeLessThanOrEqual(p.totals.individualMonthlyCostUsd);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeLessThanOrEqual(p.totals.monthlyCostUsd);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeGreaterThan(free.totals.lowerBoundMonthlyCostUsd);
    // Moved off serverless, they share one multi-model endpoint, which has room for the fourth too: the plan
    // that keeps the slot costs its serverless bill more.
    expect(p.endpoints).toEqual([expect.objectContaining({ option: "multi-model", workloads: ["a", "b", "c", "d"] })]);
  });

  test("a workload moved off serverless that cannot share says why it is where it is", () => {
    const p = planFleet(
      ["a", "b"].map((n) => parse(tiny(n, { isolation: "container" }))),
      withServerlessQuota(1),
    );
    expect(endpointOf(p, "a").option).toBe("serverless");
    expect(endpointOf(p, "b").option).not.toBe("serverless");
    expect(endpointOf(p, "b").why).toBe(
      "alone on its cheapest option but serverless (single-model), since the Region's serverless endpoints go to other workloads; sharing would not be cheaper",
    );
  });

  test("the requests in flight across a plan's serverless endpoints stay within the Region's concurrency", () => {
    // Container-isolated, so those that lose serverless cannot share: each slot is worth keeping.
    const busy = ["a", "b", "c", "d"].map((n, i) =>
      parse(tiny(n, { isolation: "container", traffic: { pattern: "steady", requestsPerDay: 20_000 * (i + 1) } })),
    );
    const inFlight = (name: string, k = knowledge) => {
      const w = busy.find((x) => x.name === name)!;
      const c = assessOption(w, k, "serverless").candidate!;
      return peakInFlight(describeLoad(w, k.rules), c.p50Ms);
    };
    const all = busy.reduce((n, w) => n + inFlight(w.name), 0);
    const free = planFleet(busy, withServerlessQuota(null, null));
    expect(free.endpoints.filter((e) => e.option === "serverless")).toHaveLength(4);
    // Room for about half of it: whichever workloads keep serverless, their requests in flight fit.
    const p = planFleet(busy, withServerlessQuota(null, all / 2));
    const kept = p.endpoints.filter((e) => e.option === "serverless").flatMap((e) => e.workloads);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(4);
    expect(kept.reduce((n, name) => n + inFlight(name), 0)).toBeLessThanOrEqual(all / 2);
    expect(planFleet(busy, withServerlessQuota(null, 0)).endpoints.filter((e) => e.option === "serverless")).toEqual(
      [],
    );
  });

  test("a workload only serverless can host keeps it first; beyond the quota it is unplaced, saying why", () => {
    const only = { constraints: { options: ["serverless" as const] } };
    const p = planFleet([...fleet, parse(tiny("y", only)), parse(tiny("x", only))], withServerlessQuota(1));
    expect(endpointOf(p, "x").option).toBe("serverless");
    expect(p.unplaced).toEqual([
      {
        workload: "y",
        reason:
          "serverless is its only feasible option, and workloads with no other option already take the Region's serverless quota (endpoints: 1; requests in flight: 1000)",
      },
    ]);
    expect(p.endpoints.filter((e) => e.option === "serverless").flatMap((e) => e.workloads)).toEqual(["x"]);
  });
});

describe("plans under the quota, found in review", () => {
  const tiny = (
    name: string,
    t: {
      parameters: number;
      framework: "xgboost" | "pytorch" | "sklearn" | "onnx";
      kind: "tabular" | "encoder" | "vision";
      count: number;
      requestsPerDay: number;
      target: string;
      cold: string;
      isolation?: "shared" | "instance";
      priorities?: string;
    },
  ) =>
    parse({
      name,
      availability: { minInstances: 1 },
      model: { parameters: t.parameters, precision: "fp32", kind: t.kind, framework: t.framework, count: t.count },
      payload: "10KB",
      latency: { target: t.target, coldStart: t.cold },
      isolation: t.isolation ?? "shared",
      priorities: t.priorities as never,
      traffic: { pattern: "intermittent", requestsPerDay: t.requestsPerDay },
    });

  test("the dedicated baseline keeps the quota too: workloads that cannot use real-time endpoints are not all on serverless", () => {
    const fleet = ["a", "b", "c"].map((name) =>
      parse(
        small(name, {
          model: { parameters: "5M", precision: "fp32", kind: "tabular", framework: "xgboost" },
          latency: { target: "30s", coldStart: "10m" },
          isolation: "container",
          traffic: { pattern: "intermittent", requestsPerDay: 300 },
          constraints: { options: ["serverless", "async"] },
        }),
      ),
    );
    const { totals } = planFleet(fleet, withServerlessQuota(1));
    // It was $0.026 (three serverless endpoints) against a plan of $71.60: -279,400% saved.
    expect(totals.dedicatedMonthlyCostUsd).toBe(totals.monthlyCostUsd);
    expect(totals.savingsPct).toBe(0);
  });

  test("an instance-isolated workload takes its cheapest option, and the bound charges it no more", () => {
    // The quota's slots make the plan fall back to the individual baseline's; it took the isolated workload's
    // recommended option ($255.01, async), and the bound charged that, above a plan with its cheapest ($217.35).
    const fleet = [
      tiny("t0", {
        parameters: 3.06e6,
        framework: "xgboost",
        kind: "tabular",
        count: 1,
        requestsPerDay: 10100,
        target: "5s",
        cold: "1m",
        priorities: "scalability-first",
      }),
      tiny("t1", {
        parameters: 2.95e6,
        framework: "pytorch",
        kind: "encoder",
        count: 4,
        requestsPerDay: 677,
        target: "1s",
        cold: "30s",
        priorities: "cost-first",
      }),
      tiny("t2", {
        parameters: 5.19e9,
        framework: "pytorch",
        kind: "vision",
        count: 4,
        requestsPerDay: 48,
        target: "1s",
        cold: "30s",
        isolation: "instance",
        priorities: "scalability-first",
      }),
      parse(
        small("iso", {
          model: { parameters: "300M", precision: "fp32", kind: "vision", framework: "pytorch" },
          latency: { target: "30s", coldStart: "10m" },
          isolation: "instance",
          priorities: "balanced",
          traffic: { pattern: "intermittent", requestsPerDay: 100000 },
        }),
      ),
    ];
    const p = planFleet(fleet, withServerlessQuota(4));
    expect(endpointOf(p, "iso")).toMatchObject({ option: "single-model", monthlyCostUsd: 217.3 });
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeLessThanOrEqual(p.totals.monthlyCostUsd);
  });

  test("merging groups prices a part at what its members pay alone where that is less than its group", () => {
    const rows: [
      number,
      "pytorch" | "onnx",
      "encoder" | "vision" | "tabular",
      number,
      number,
      string,
      string,
      string,
    ][] = [
      [325e6, "pytorch", "encoder", 3, 85300, "5s", "5s", "scalability-first"],
      [36.5e6, "pytorch", "vision", 3, 5790, "1s", "1m", "balanced"],
      [5.61e6, "onnx", "tabular", 4, 28800, "1s", "1m", "scalability-first"],
      [190e6, "pytorch", "vision", 1, 188000, "5s", "30s", "latency-first"],
      [808e6, "pytorch", "tabular", 3, 87.2, "5s", "1m", "scalability-first"],
      [841e6, "pytorch", "tabular", 4, 36.8, "5s", "1m", "balanced"],
      [9.14e6, "pytorch", "tabular", 1, 75.1, "200ms", "1m", "balanced"],
      [423e6, "pytorch", "tabular", 3, 770000, "200ms", "1m", "balanced"],
      [2.03e9, "onnx", "vision", 4, 173, "5s", "5s", "balanced"],
      [570e6, "onnx", "tabular", 2, 4310, "5s", "1m", "latency-first"],
      [17.1e6, "onnx", "tabular", 4, 463, "200ms", "1m", "cost-first"],
      [709e6, "pytorch", "encoder", 1, 93900, "5s", "5s", "latency-first"],
    ];
    const fleet = rows.map(([parameters, framework, kind, count, requestsPerDay, target, cold, priorities], i) =>
      tiny(`t${i}`, { parameters, framework, kind, count, requestsPerDay, target, cold, priorities }),
    );
    // $2,693 when a group of one counted at its multi-model cost: a merge whose whole cost more than its parts.
    expect(planFleet(fleet, withServerlessQuota(6)).totals.monthlyCostUsd).toBeLessThanOrEqual(2683);
  });
});

describe("an LLM-heavy fleet of 200 workloads (bench/fleet.ts)", () => {
  // 39 container-isolated LLMs of 3-70B, 12 active hours a day, beside tenants, vision models and
  // instance-isolated encoders: 3.1% above the bound, measured (seeds 1, 2, 3 and 7: 4.8-7.7%). What is left is
  // whole inference-component instances, which the bound prices as fractions of instances.
  test("plans every workload, within 10% of its proven lower bound", () => {
    const fleet = llmHeavyFleet(200).map(parse);
    const p = planFleet(fleet, knowledge);
    expect(fleet.filter((w) => w.model.kind === "llm")).toHaveLength(39);
    expect(p.unplaced).toEqual([]);
    expect(p.totals.monthlyCostUsd).toBeGreaterThanOrEqual(p.totals.lowerBoundMonthlyCostUsd);
    expect(p.totals.monthlyCostUsd).toBeLessThanOrEqual(1.1 * p.totals.lowerBoundMonthlyCostUsd);
  });
});

describe("a mixed fleet of 200 workloads (bench/fleet.ts)", () => {
  const fleet = mixedFleet(200).map(parse);
  const p = planFleet(fleet, knowledge);
  const serverlessModels = (plan: ReturnType<typeof planFleet>) =>
    plan.endpoints.filter((e) => e.option === "serverless").reduce((n, e) => n + e.models, 0);

  test("costs at least 50% less than one real-time endpoint per model", () => {
    expect(p.totals.savingsPct).toBeGreaterThanOrEqual(50);
  });

  // Over 300 of its models are cheapest on serverless, and a Region has 50 serverless endpoints: the plan is
  // deployable only if it moves the rest, mostly onto multi-model groups of whole instances, two for availability,
  // which the bound prices as fractions of one on CPUs (6.1% above it, measured; see README). It spends 34 of the 50: the
  // others would save less than the $10 a month each is worth.
  test("keeps within the Region's 50 serverless endpoints, and costs within 10% of its proven lower bound", () => {
    expect(serverlessModels(planFleet(fleet, withServerlessQuota(null)))).toBeGreaterThan(300);
    expect(serverlessModels(p)).toBeGreaterThan(0);
    expect(serverlessModels(p)).toBeLessThanOrEqual(50);
    expect(p.totals.monthlyCostUsd).toBeLessThanOrEqual(1.1 * p.totals.lowerBoundMonthlyCostUsd);
  });

  // Each serverless endpoint is still worth $10 a month of the raised quota: the plan spends 73 of them where each
  // workload alone would spend 373 (9.9% above the bound, which counts cost alone, measured).
  test("where the serverless quota does not bind (raised in the rules), costs within 11% of its proven lower bound", () => {
    const { totals } = planFleet(fleet, withServerlessQuota(1000));
    expect(totals.serverlessEndpoints).toBeLessThan(totals.individualServerlessEndpoints! / 2);
    expect(totals.monthlyCostUsd).toBeLessThanOrEqual(1.11 * totals.lowerBoundMonthlyCostUsd);
  });

  test("places every workload once and stays between its lower bound and the individual cost", () => {
    expect(p.endpoints.flatMap((e) => e.workloads).length + p.unplaced.length).toBe(200);
    expect(p.totals.lowerBoundMonthlyCostUsd).toBeLessThanOrEqual(p.totals.monthlyCostUsd);
    expect(p.totals.monthlyCostUsd).toBeLessThanOrEqual(p.totals.individualMonthlyCostUsd);
    expect(p.endpoints.some((e) => e.option === "multi-model" && e.workloads.length > 1)).toBe(true);
  });
});

describe("fleet plan follow-ups", () => {
  test("fast-check: a CPU model too large for two copies an instance takes every slot of a shared inference-component instance", () => {
    // Found by the plan property "never less than its lower bound" (seed 1195135269, at 3,000 runs): 41 small
    // LLMs and a 100B fp32 model shared ml.r6i.16xlarge, sized in slots of the first member's copies (16 an
    // instance), so the big model's one copy an instance counted as a sixteenth of one. The plan cost $10,980 a
    // month against a proven lower bound of $11,070.
    const tokens = { input: 1, output: 1 };
    const fleet = [
      parse({
        name: "w0-a",
        model: { parameters: 2.96e10, precision: "fp8", kind: "llm", framework: "pytorch", count: 41 },
        payload: { request: 100, response: 100 },
        tokens,
        latency: { target: 100_000, coldStart: 0 },
        isolation: "shared",
        traffic: { pattern: "steady", peakRps: 1 },
      }),
      parse({
        name: "w1-a",
        model: { parameters: 1e11, precision: "fp32", kind: "llm", framework: "pytorch", count: 2 },
        payload: { request: 100, response: 100 },
        tokens,
        latency: { target: "none", coldStart: 100 },
        isolation: "shared",
        traffic: { pattern: "steady", requestsPerDay: 1, activeHoursPerDay: 9 },
      }),
    ];
    const plan = planFleet(fleet, knowledge);
    expect(plan.totals.monthlyCostUsd).toBeGreaterThanOrEqual(plan.totals.lowerBoundMonthlyCostUsd);
    // Neither tolerates a cold start, so neither rests off-hours: the big model's copies stay loaded all day (not 9
    // hours of 24, as packing once counted them), and each model keeps its own instances.
    expect(plan.endpoints.find((e) => e.workloads.includes("w1-a"))?.workloads).toEqual(["w1-a"]);
  });

  test("fast-check: the lower bound counts an instance's memory on every device, not only the devices one model's copies use", () => {
    // Found by the same property at 20,000 runs: 88 copies of a 75B bf16 model take 8 of ml.inf2.48xlarge's 12
    // devices each, and the bound took their memory as a share of those 8 devices' memory alone (59.2 instances'
    // worth), though another workload's copies filled the 4 left over: the plan cost $673,000 against a "lower
    // bound" of $673,700. Memory shares are now of the whole instance; the 704 devices the copies hold remain a
    // bound of their own (58.7 instances).
    const io = { payload: { request: 100, response: 100 }, tokens: { input: 1, output: 1 } } as const;
    const fleet = [
      parse({
        name: "w0-a",
        model: { parameters: 1e10, precision: "fp32", kind: "tabular", framework: "pytorch", count: 1 },
        ...io,
        latency: { target: 1000, coldStart: 0 },
        isolation: "shared",
        traffic: { pattern: "spiky", requestsPerDay: 100_000, activeHoursPerDay: 1 },
      }),
      parse({
        name: "w1-a",
        model: { parameters: 7.52e10, precision: "bf16", kind: "other", framework: "pytorch", count: 88 },
        ...io,
        latency: { target: 108, coldStart: 100 },
        isolation: "shared",
        traffic: { pattern: "steady", peakRps: 1 },
      }),
      parse({
        name: "w2-a",
        model: { parameters: 1e5, precision: "fp32", kind: "llm", framework: "pytorch", count: 1 },
        ...io,
        latency: { target: 10, coldStart: 100 },
        isolation: "shared",
        traffic: { pattern: "offline", records: 100, deadline: 3_600_000 },
      }),
    ];
    const { totals } = planFleet(fleet, knowledge);
    expect(totals.monthlyCostUsd).toBeGreaterThanOrEqual(totals.lowerBoundMonthlyCostUsd);
  });

  test("fast-check: a small LLM with long answers does not join a large one with short answers in a multi-model group", () => {
    // Found by the same property at 20,000 runs: a 1B LLM answering in 1 token and a 100M one answering in 58,
    // 7.98 million times a day, were grouped on a stand-in of the larger model with its 1-token requests, so the
    // group served the small model's load on a fraction of the decode work: $941.60 a month against a lower bound
    // of $942.60 from the work alone (alone, the 100M model needs 18 instances). A member whose requests take
    // longer than the stand-in's no longer joins its group.
    const io = {
      payload: { request: 100, response: 100 },
      latency: { target: "none", coldStart: 100 },
      isolation: "shared",
    } as const;
    const fleet = [
      parse({
        name: "w0-a",
        model: { parameters: 1e9, precision: "fp32", kind: "llm", framework: "onnx", count: 1 },
        ...io,
        tokens: { input: 1, output: 1 },
        traffic: { pattern: "steady", requestsPerDay: 1_250_000, activeHoursPerDay: 18 },
      }),
      parse({
        name: "w1-a",
        model: { parameters: 1e8, precision: "fp32", kind: "llm", framework: "onnx", count: 1 },
        ...io,
        tokens: { input: 1, output: 58 },
        traffic: { pattern: "steady", requestsPerDay: 7_980_000, activeHoursPerDay: 4 },
      }),
      parse({
        name: "w2-a",
        model: { parameters: 1e5, precision: "fp32", kind: "llm", framework: "pytorch", count: 1 },
        ...io,
        tokens: { input: 1, output: 1 },
        traffic: { pattern: "steady", requestsPerDay: 1, activeHoursPerDay: 1 },
      }),
    ];
    const { totals } = planFleet(fleet, knowledge);
    expect(totals.monthlyCostUsd).toBeGreaterThanOrEqual(totals.lowerBoundMonthlyCostUsd);
  });

  test("fast-check: a multi-model group forms only where its largest model's requests take longest", () => {
    // Found by the same property at 13,926 runs: a 105B int8 diffusion model (15,000 work units a request) joined a
    // 551B int8 vision model's group (256 a request), was sized as the vision model's requests, and the plan cost
    // $6,195,000 against a lower bound of $6,202,000 from the work alone. The group's stand-in must now take at
    // least as long as each member on every device the group could run on.
    const io = {
      payload: { request: 100, response: 100 },
      tokens: { input: 1, output: 1 },
      isolation: "shared",
    } as const;
    const fleet = [
      parse({
        name: "w0-a",
        model: { parameters: 1.05e11, precision: "int8", kind: "diffusion", framework: "pytorch", count: 1 },
        ...io,
        latency: { target: "none", coldStart: 0 },
        traffic: { pattern: "steady", peakRps: 517 },
      }),
      parse({
        name: "w1-a",
        model: { parameters: 5.51e11, precision: "int8", kind: "vision", framework: "pytorch", count: 1 },
        ...io,
        latency: { target: "none", coldStart: 100 },
        traffic: { pattern: "offline", records: 66_200_000, deadline: 3_600_000 },
      }),
      parse({
        name: "w2-a",
        model: { parameters: 1e5, precision: "fp32", kind: "llm", framework: "pytorch", count: 1 },
        ...io,
        latency: { target: 10, coldStart: 0 },
        traffic: { pattern: "steady", requestsPerDay: 1, activeHoursPerDay: 1 },
      }),
    ];
    const plan = planFleet(fleet, knowledge);
    expect(plan.totals.monthlyCostUsd).toBeGreaterThanOrEqual(plan.totals.lowerBoundMonthlyCostUsd);
    expect(plan.endpoints.find((e) => e.workloads.includes("w0-a"))?.workloads).not.toContain("w1-a");
  });

  test("fast-check: the lower bound keeps no multi-model working set loaded for offline work", () => {
    // Found by the plan properties on workloads with constraints: five tiny LLMs processing 100 records an hour,
    // allowed only a multi-model endpoint, plan on one ml.t2.medium ($40.88 a month) that loads them as the work
    // comes, yet the bound counted all five as kept loaded all month ($43.30). Offline work waits out cold loads,
    // as it does for inference components.
    const fleet = [
      parse({
        name: "w0-a",
        model: { parameters: 1e5, precision: "fp32", kind: "llm", framework: "pytorch", count: 5 },
        payload: { request: 100, response: 100 },
        tokens: { input: 1, output: 1 },
        latency: { target: "none", coldStart: 100 },
        isolation: "shared",
        traffic: { pattern: "offline", records: 100, deadline: "1h" },
        constraints: { options: ["multi-model", "batch-transform"], invocation: "sync" },
      }),
    ];
    const { totals } = planFleet(fleet, knowledge);
    expect(totals.monthlyCostUsd).toBeGreaterThanOrEqual(totals.lowerBoundMonthlyCostUsd);
  });

  test("fast-check: the lower bound charges a model's work only for the accelerators its inference components hold", () => {
    // Found by the same properties: an offline 13.2B LLM pinned to 8 of ml.inf2.48xlarge's 12 devices shared the
    // instances with a 54.3B encoder's copies on the other 4 ($122,100 a month), while the bound charged the LLM's
    // work for whole instances ($122,300).
    const io = { payload: { request: 100, response: 100 }, isolation: "shared" } as const;
    const fleet = [
      parse({
        name: "w0-a",
        model: { parameters: 1.32e10, precision: "fp32", kind: "llm", framework: "pytorch", count: 1 },
        ...io,
        tokens: { input: 7179, output: 842 },
        latency: { target: "none", coldStart: 100 },
        traffic: { pattern: "offline", records: 581_000, deadline: "1h" },
        processingTime: 48_400,
        constraints: { accelerators: ["inferentia", "trainium"], acceleratorsPerCopy: 8 },
      }),
      parse({
        name: "w3-a",
        model: { parameters: 5.43e10, precision: "int4", kind: "encoder", framework: "pytorch", count: 7 },
        ...io,
        tokens: { input: 1, output: 1 },
        latency: { target: 359, coldStart: 100 },
        traffic: { pattern: "steady", requestsPerDay: 1, activeHoursPerDay: 1 },
      }),
    ];
    const { totals } = planFleet(fleet, knowledge);
    expect(totals.monthlyCostUsd).toBeGreaterThanOrEqual(totals.lowerBoundMonthlyCostUsd);
  });

  test("a multi-model group keeps its members' token SLOs", () => {
    // The workload standing for a multi-model group kept the strictest p95 target but dropped time-to-first-token
    // and per-token SLOs: six 2.5-3B LLMs whose 1.2 s first token needs an ml.p3.2xlarge on a multi-model endpoint
    // were grouped onto ml.g5.xlarge, where none of them meets it. Every member must meet its SLOs where it is put.
    const fleet = Array.from({ length: 6 }, (_, i) =>
      parse({
        name: `llm-${i}`,
        model: { parameters: 3e9 - i * 1e8, precision: "fp16", kind: "llm", framework: "pytorch", count: 1 },
        payload: { request: 1000, response: 1000 },
        tokens: { input: 2000, output: 50 },
        latency: { target: 60_000, ttft: 1200, coldStart: 60_000 },
        isolation: "shared",
        traffic: { pattern: "steady", requestsPerDay: 2000 },
      }),
    );
    const plan = planFleet(fleet, knowledge);
    for (const endpoint of plan.endpoints) {
      for (const name of endpoint.workloads) {
        const w = fleet.find((f) => f.name === name)!;
        const there = {
          ...w,
          constraints: { ...w.constraints, options: [endpoint.option], instanceTypes: [endpoint.instanceType] },
        };
        expect(
          recommendWorkload(there, knowledge, { whatIf: false }).recommendation,
          `${name} on ${endpoint.instanceType}`,
        ).not.toBeNull();
      }
    }
  });

  test("fast-check: inference-component members with equal savings share by name, not by their order in the file", () => {
    // Found by the order property at 221 runs: two workloads saving the same on one ml.g4dn.12xlarge; whichever came
    // first in the file shared it with a third, the other got an endpoint of its own.
    const fleet = mixedFleet(28, 836893727).map(parse);
    const endpoints = (ws: typeof fleet) =>
      planFleet(ws, knowledge)
        .endpoints.map((e) => `${e.option} ${e.instanceType} ${[...e.workloads].sort().join(",")}`)
        .sort();
    expect(endpoints([...fleet].reverse())).toEqual(endpoints(fleet));
  });

  test("fast-check: the lower bound does not depend on the order of the workloads", () => {
    // Found by the order property at 152 runs: a pool's fillers closed its room at the end of a slot, and the order
    // of the sums decided whether a dollar more went to the next filler, which set what the room is worth: $8,841
    // or $8,856.
    const fleet = mixedFleet(59, 1819046672).map(parse);
    const bound = (ws: typeof fleet) => planFleet(ws, knowledge).totals.lowerBoundMonthlyCostUsd;
    // A fixed shuffle (a linear congruential generator) that showed it.
    let x = 12345;
    const shuffled = [...fleet];
    for (let i = shuffled.length - 1; i > 0; i--) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const j = Math.floor((x / 2 ** 31) * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    expect(bound(shuffled)).toBe(bound(fleet));
  });

  test("a multi-model group keeps every member's constraints, not only its largest model's", () => {
    // The group took the constraints of the member it is sized as: a tenant fleet allowed only ml.c6i.* was put on
    // ml.r6i.xlarge beside a larger one, and the plan came out at $448, under its own lower bound of $564.
    const tenant = (name: string, parameters: number, constraints: object) =>
      parse({
        name,
        model: { parameters, precision: "fp32", kind: "tabular", framework: "sklearn", count: 40 },
        payload: { request: 3000, response: 300 },
        latency: { target: 300, coldStart: 5000 },
        isolation: "shared",
        traffic: { pattern: "steady", peakRps: 20 },
        constraints: { options: ["multi-model", "single-model"], ...constraints },
      });
    const fleet = [
      tenant("a", 5e6, {}),
      tenant("b-c6i-only", 3e6, { instanceTypes: ["ml.c6i.*"] }),
      tenant("c-isolated", 2e6, { networkIsolation: true }),
    ];
    const plan = planFleet(fleet, knowledge);
    const b = plan.endpoints.find((e) => e.workloads.includes("b-c6i-only"))!;
    expect(b.instanceType).toMatch(/^ml\.c6i\./);
    expect(plan.totals.monthlyCostUsd).toBeGreaterThanOrEqual(plan.totals.lowerBoundMonthlyCostUsd);
  });
});

describe("issue 19: endpoint ids", () => {
  test.each([
    [
      ["a", "b"],
      ["a", "b"],
    ], // distinct and short: as they are
    [
      ["x".repeat(70), "x".repeat(70)],
      ["x".repeat(63), `${"x".repeat(61)}-2`],
    ], // cut to 63, then told apart
    [
      ["a", "a", "a-2"],
      ["a", "a-2", "a-2-2"],
    ], // a suffix taken by a later id moves that one on
  ])("uniqueIds(%j)", (ids, expected) => {
    expect(uniqueIds(ids)).toEqual(expected);
  });

  test("two instance-isolated workloads whose names differ past the 63rd character get two endpoints", () => {
    const long = "tenant-with-a-very-long-name-that-goes-on-and-on-past-the-limit";
    const workload = (name: string) =>
      parse({
        name,
        model: { parameters: 5e6 },
        payload: "4KB",
        latency: "300ms",
        isolation: "instance",
        traffic: { pattern: "steady", peakRps: 3 },
      });
    const plan = planFleet([workload(`${long}-alpha`), workload(`${long}-beta`)], knowledge);
    const ids = plan.endpoints.map((e) => e.id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(ids.every((id) => id.length <= 63)).toBe(true);
  });
});

describe("endpoints as AWS counts them", () => {
  test("30 models on serverless are 30 SageMaker endpoints, in the totals and the table", () => {
    const p = plan([
      small("tenants", {
        model: { parameters: "5M", precision: "fp32", kind: "tabular", framework: "xgboost", count: 30 },
        latency: { target: "1s", coldStart: "30s" },
        traffic: { pattern: "intermittent", requestsPerDay: 3000 },
        constraints: { options: ["serverless"] },
      }),
    ]);
    expect(p.endpoints).toEqual([
      expect.objectContaining({ option: "serverless", models: 30, sagemakerEndpoints: 30 }),
    ]);
    expect(p.totals.sagemakerEndpoints).toBe(30);
    expect(formatPlanTable(p)).toContain("30 serverless endpoints, 2048 MB");
    expect(formatPlanTable(p)).toContain("on 30 SageMaker endpoints;");
  });
});
