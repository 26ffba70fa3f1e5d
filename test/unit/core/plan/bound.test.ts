import { describe, expect, test } from "vitest";
import {
  endpointFloors,
  frameworkMemoryBound,
  wholeInstancesUp,
  frameworksMemoryBound,
  jointFloors,
  mostInWindow,
  type FrameworkShares,
  type IcShares,
} from "../../../../src/core/plan/bound.js";
import { knowledge } from "../../../property/helpers.js";

// The floor of always-up inference-component endpoints, on hand-computed cases: one ml.p4de.24xlarge month is M.
const type = "ml.p4de.24xlarge";
const month = (t: string) => knowledge.catalog.instances.find((i) => i.instanceType === t)!.hourlyUsd * 730;
const M = month(type);
// Every figure but the floor counts the member's data processing, `data` (0 unless given).
const member = (
  least: number,
  second: number,
  resident: boolean,
  share = least,
  data = 0,
  elsewhere: [string, number][] = [],
  comesAndGoes = 0,
): IcShares => {
  const byType = new Map([[type, share + data], ...elsewhere.map(([t, usd]): [string, number] => [t, usd + data])]);
  return {
    least: least + data,
    resident,
    second: second + data,
    byType,
    // Copies that come and go do so on every type: no type holds them steady.
    steadyByType: comesAndGoes > 0 ? new Map() : byType,
    floor: 2,
    active: comesAndGoes,
    // Models loaded while their copies come and go, else all month.
    loaded: comesAndGoes > 0 ? comesAndGoes : 1,
    dataUsd: data,
    gpuMme: false,
    // No accelerators held: the rounding of whole accelerators is tested apart.
    heldSlots: new Map(),
    copySlots: new Map(),
  };
};
const extraOf = (members: IcShares[]) => endpointFloors(members, knowledge).extra;

describe("endpoint floors in the lower bound", () => {
  test("two always-loaded copies at an eighth of an instance each: they go elsewhere (0.8 M) or keep 2 up", () => {
    // Up: 2 M, less their 0.2 M, less what a filler saves (its least 0.15 M, taking 0.3 M of the room): 1.65 M.
    // Elsewhere: each pays 0.5 M instead of 0.1 M: 0.8 M. The bound adds the lesser.
    const extra = extraOf([
      member(0.1 * M, 0.5 * M, true),
      member(0.1 * M, 0.5 * M, true),
      member(0.15 * M, 0.2 * M, false, 0.3 * M),
    ]);
    expect(extra).toBeCloseTo(0.8 * M, 6);
  });

  test("data processing, paid wherever a workload is, fills no instance", () => {
    // As the first case, but elsewhere dear (2 M each): 2 M up, less the copies' 0.2 M of instances (not their
    // 0.1 M of data), less what the filler saves (0.15 M of instances for 0.3 M of room; its data it pays anyway).
    const extra = extraOf([
      member(0.1 * M, 2 * M, true, 0.1 * M, 0.05 * M),
      member(0.1 * M, 2 * M, true, 0.1 * M, 0.05 * M),
      member(0.15 * M, 0.2 * M, false, 0.3 * M, 0.1 * M),
    ]);
    expect(extra).toBeCloseTo(1.65 * M, 6);
  });

  test("copies that come and go fill the room, and round the endpoint up by half an instance while they are up", () => {
    // Two residents of 0.1 M (2 M each elsewhere) and four copies of 0.5 M loaded half the month. Sharing, they fill
    // 2.2 instances: 2.2 M, and 0.25 M of rounding (half an instance, half the month). No copy that comes and goes
    // in the residents' endpoint: 1.8 M of room, nothing fills it. One there: its rounding is billed, 0.25 M.
    const comer = () => member(0.5 * M, 0.6 * M, false, 0.5 * M, 0, [], 0.5);
    const members = [member(0.1 * M, 2 * M, true), member(0.1 * M, 2 * M, true), comer(), comer(), comer(), comer()];
    expect(extraOf(members)).toBeCloseTo(0.25 * M, 6);
    // An endpoint that keeps one instance up may hold the copies below one instance's worth, unrounded.
    expect(extraOf(members.map((m) => ({ ...m, floor: 1 })))).toBeCloseTo(0, 6);
  });

  test("a resident whose copies come and go rounds the endpoint up, or pays its steady share", () => {
    // Two residents of 0.1 M (2 M each elsewhere), one of whose copies follow its load half the month on every way
    // they fit; four steady fillers of 0.5 M. Up: 2 M, 1.8 M of room, which the fillers close but for the resident's
    // rounding (half an instance, half the month): 0.25 M. Had every resident steady copies, nothing.
    const fillers = Array.from({ length: 4 }, () => member(0.5 * M, 0.6 * M, false));
    const comer = member(0.1 * M, 2 * M, true, 0.1 * M, 0, [], 0.5);
    expect(extraOf([member(0.1 * M, 2 * M, true), comer, ...fillers])).toBeCloseTo(0.25 * M, 6);
    expect(extraOf([member(0.1 * M, 2 * M, true), member(0.1 * M, 2 * M, true), ...fillers])).toBeCloseTo(0, 6);
    // Where its copies stay steady at 0.3 M (held at its peak, say), it pays 0.2 M over its least instead.
    const held = { ...comer, steadyByType: new Map([[type, 0.3 * M]]) };
    expect(extraOf([member(0.1 * M, 2 * M, true), held, ...fillers])).toBeCloseTo(0.2 * M, 6);
  });

  test("a joiner whose least is the pool's type alone is on its endpoint, another one, or pays its next way", () => {
    // Two residents of 0.1 M (2 M each elsewhere): 1.8 M of room. Four fillers of 0.5 M that save 0.3 M each (0.6 a
    // dollar), and a tied joiner: 0.5 M on the pool's type alone, 0.8 M anywhere else, its copies coming and going
    // all month. Left out, it counted at its least: 1.8 M less 1.08 M saved, 0.72 M. Out of the residents'
    // endpoint it now pays 0.3 M more (1.02 M), or sits on another endpoint up all month (1.09 M at least); in it,
    // it rounds the endpoint up by half an instance and saves 0.8 M of the 1.3 M left: 0.82 M.
    const fillers = Array.from({ length: 4 }, () => member(0.3 * M, 0.3 * M, false, 0.5 * M));
    const residents = [member(0.1 * M, 2 * M, true), member(0.1 * M, 2 * M, true)];
    expect(extraOf([...residents, member(0.5 * M, 0.8 * M, false, 0.5 * M, 0, [], 1), ...fillers])).toBeCloseTo(
      0.82 * M,
      6,
    );
    // Where it costs as much elsewhere, it is not tied: 0.72 M.
    expect(extraOf([...residents, member(0.5 * M, 0.5 * M, false, 0.5 * M, 0, [], 1), ...fillers])).toBeCloseTo(
      0.72 * M,
      6,
    );
  });

  test("another endpoint of tied joiners is up while its most loaded one is: half the month, not a quarter", () => {
    // A resident of 0.1 M that pays 0.3 M elsewhere, and a joiner of 0.125 M on the pool's type alone (2 M anywhere
    // else) whose copies are loaded half the month. With the resident away (0.2 M more), the joiner sits on another
    // endpoint of the pool's type, up at least while it is loaded: 0.5 M, less its own 0.125 M. So 0.575 M; taken at
    // the bucket below its share (a quarter of the month), it was 0.325 M.
    const extra = extraOf([member(0.1 * M, 0.3 * M, true), member(0.125 * M, 2 * M, false, 0.125 * M, 0, [], 0.5)]);
    expect(extra).toBeCloseTo(0.575 * M, 6);
  });

  test("a tied joiner beyond the room joins the residents' endpoint, which grows: it pays no next way", () => {
    // Two residents of 0.9 M: 0.2 M of room. A steady joiner of 0.5 M on the pool's type alone (0.8 M anywhere else)
    // fills it and grows the endpoint by 0.3 M, at its least: nothing to add. Counted as paying its next way for the
    // part beyond the room, it was 0.18 M, more than any plan pays.
    const residents = [member(0.9 * M, 2 * M, true), member(0.9 * M, 2 * M, true)];
    expect(extraOf([...residents, member(0.5 * M, 0.8 * M, false)])).toBeCloseTo(0, 6);
  });

  test("residents that fill the floor themselves still round it up while their copies come and go", () => {
    // Three residents of 0.8 M (2.4 instances, over the floor of two), one of whose copies come and go half the
    // month: half an instance for half the month, 0.25 M. Without it, nothing.
    const resident = () => member(0.8 * M, 2 * M, true);
    const comer = member(0.8 * M, 2 * M, true, 0.8 * M, 0, [], 0.5);
    expect(extraOf([resident(), resident(), comer])).toBeCloseTo(0.25 * M, 6);
    expect(extraOf([resident(), resident(), resident()])).toBeCloseTo(0, 6);
  });

  test("two pools whose residents could each sit on the other's types are not both away", () => {
    // Two copies of 0.1 M on ml.p4de.24xlarge (M a month; 0.3 M on ml.inf2.24xlarge) and two of 0.1 A on
    // ml.inf2.24xlarge (A; 0.3 A on the former), 2 M and 2 A elsewhere. Alone, each pool's residents go to the other's
    // counted endpoint for nothing more: nothing to add. Together, the cheapest is the ml.inf2.24xlarge one up (2 A),
    // holding the ml.p4de.24xlarge copies at 0.3 M each: 0.6 M, more than its 1.8 A of room, so it grows and they pay
    // 0.2 M each over their least, 0.4 M (counted free in its room, 1.2 A, too little). Both away: 0.4 M + 0.4 A; the
    // other one up: 1.8 M - 0.2 A.
    const A = month("ml.inf2.24xlarge");
    const onP4de = () => member(0.1 * M, 2 * M, true, 0.1 * M, 0, [["ml.inf2.24xlarge", 0.3 * M]]);
    const onInf2 = () => member(0.1 * A, 2 * A, true, 0.3 * A, 0, [["ml.inf2.24xlarge", 0.1 * A]]);
    const members = [onP4de(), onP4de(), onInf2(), onInf2()];
    expect(extraOf(members)).toBeCloseTo(0, 6);
    expect(jointFloors(members, knowledge)!.extra).toBeCloseTo(0.4 * M, 6);
  });

  test("a tied joiner's way on the types of a pool that is not up is a next way, not a shelter", () => {
    // As "a joiner whose least is the pool's type alone", but its next way (0.8 M) is on ml.inf2.24xlarge, the type of
    // another pool, whose one resident (0.1 A) costs nothing more away. With that pool away, the joiner is tied, as
    // there: 0.82 M. Counted as sheltered there, it went free: 0.72 M.
    const A = month("ml.inf2.24xlarge");
    const fillers = Array.from({ length: 4 }, () => member(0.3 * M, 0.3 * M, false, 0.5 * M));
    const residents = [member(0.1 * M, 2 * M, true), member(0.1 * M, 2 * M, true)];
    const tied = member(0.5 * M, 0.9 * M, false, 0.5 * M, 0, [["ml.inf2.24xlarge", 0.8 * M]], 1);
    const other = member(0.1 * A, 0.1 * A, true, 5 * M, 0, [["ml.inf2.24xlarge", 0.1 * A]]);
    expect(jointFloors([...residents, tied, other, ...fillers], knowledge)!.extra).toBeCloseTo(0.82 * M, 6);
  });

  test("a pool's floor is on the type its dearest resident needs: a 70B on eight chips keeps ml.inf2.48xlarge up", () => {
    // ml.inf2.24xlarge and ml.inf2.48xlarge (L a month, twice the former) make one pool, alike per chip. A copy of
    // 0.6 L holds eight chips, on ml.inf2.48xlarge alone; one of 0.1 L fits either. Two instances of the latter stay
    // up for availability, 2 L, not two of the former (L): 1.3 L left over their 0.7 L, nothing fills it.
    const L = month("ml.inf2.48xlarge");
    const on = (least: number, types: string[]): IcShares => {
      const byType = new Map(types.map((t): [string, number] => [t, least]));
      return { ...member(least, 5 * L, true), byType, steadyByType: byType };
    };
    const members = [on(0.6 * L, ["ml.inf2.48xlarge"]), on(0.1 * L, ["ml.inf2.24xlarge", "ml.inf2.48xlarge"])];
    expect(extraOf(members)).toBeCloseTo(1.3 * L, 6);
  });

  test("fillers that would pay as much elsewhere close the room: nothing to add", () => {
    const fillers = Array.from({ length: 4 }, () => member(0.5 * M, 0.5 * M, false));
    expect(extraOf([member(0.1 * M, 0.5 * M, true), ...fillers])).toBeCloseTo(0, 6);
  });

  test("types alike per slot make one pool: a copy that moves between them at its least still keeps a floor up", () => {
    // ml.inf2.24xlarge (6 chips, A a month) and ml.inf2.48xlarge (12, 2 A) cost alike per chip. Two copies of 0.1 A
    // on either, 0.5 A each elsewhere: the pool's least floor is 2 A (two ml.inf2.24xlarge), less their 0.2 A; or
    // they go elsewhere for 0.8 A more. Counted a type at a time, each could move to the other type for nothing.
    const A = month("ml.inf2.24xlarge");
    const copy = () => member(0.1 * A, 0.5 * A, true, 0.1 * A, 0, [["ml.inf2.48xlarge", 0.1 * A]]);
    const alone = (t: string) => ({ ...copy(), byType: new Map([[t, 0.1 * A]]) });
    expect(extraOf([alone("ml.inf2.24xlarge"), alone("ml.inf2.48xlarge")])).toBeCloseTo(0.8 * A, 6);
  });

  test("a copy that could share another pool's counted endpoint at its least adds nothing where its own is down", () => {
    // One copy's least is 0.1 M on ml.p4de.24xlarge; it could also take 0.3 B of an ml.inf2.48xlarge endpoint (B a
    // month), which a copy of 0.2 B keeps up with 2 B (2 M elsewhere). Sharing that endpoint, the two cost 2 B: their
    // least and 1.8 B - 0.1 M more, which is what the bound adds. The ml.p4de.24xlarge pool adds nothing: where its
    // copy goes elsewhere, it may go into the counted endpoint's room at its least.
    const B = month("ml.inf2.48xlarge");
    const p4de = member(0.1 * M, 2 * M, true, 0.1 * M, 0, [["ml.inf2.48xlarge", 0.3 * B]]);
    const inf2 = { ...member(0.2 * B, 2 * B, true), byType: new Map([["ml.inf2.48xlarge", 0.2 * B]]) };
    expect(extraOf([p4de, inf2])).toBeCloseTo(1.8 * B - 0.1 * M, 6);
  });

  test("copies that may rest at zero, or already fill the floor, add nothing", () => {
    expect(extraOf([member(0.1 * M, 0.5 * M, false)])).toBe(0);
    expect(extraOf([member(1.2 * M, 2 * M, true), member(0.9 * M, 2 * M, true)])).toBe(0);
  });
});

describe("whole accelerators in the lower bound", () => {
  // An ml.p4de.24xlarge has 8 accelerators at M / 8 a month each; every share below is whole accelerators held all
  // month, so a pool of them pays M for each 8 it starts.
  const holding = (accelerators: number, least: number, second: number, resident: boolean, share = least) => ({
    ...member(least, second, resident, share),
    heldSlots: new Map([[type, accelerators]]),
    copySlots: new Map([[type, accelerators]]),
  });

  test("residents holding 20 accelerators pay three instances, unless four leave for their next way", () => {
    // Six hold 3 (0.475 M elsewhere, 0.1 M more) and one holds 2 (2 M elsewhere): 20 accelerators start a third
    // instance, 4 idle (0.5 M). Two leave: 14 on two instances, 2 idle (0.45 M). Four leave: 8 on one (0.4 M).
    const residents = [
      ...Array.from({ length: 6 }, () => holding(3, (3 / 8) * M, 0.475 * M, true)),
      holding(2, (2 / 8) * M, 2 * M, true),
    ];
    expect(extraOf(residents)).toBeCloseTo(0.4 * M, 6);
    // Without whole accelerators their shares fill their floor of two instances: nothing more.
    expect(extraOf(residents.map((m) => ({ ...m, heldSlots: new Map() })))).toBe(0);
  });

  test("copies of more than half an instance each take one: three of 5 accelerators leave 9 idle", () => {
    // 15 accelerators would fit two instances (1 idle, 0.125 M); copies of 5 of 8 need three (1.125 M idle), unless
    // they leave for their next way: at 0.1 M more each, 0.3 M.
    const large = (second: number) => Array.from({ length: 3 }, () => holding(5, (5 / 8) * M, second, true));
    expect(extraOf(large(2 * M))).toBeCloseTo(1.125 * M, 6);
    expect(extraOf(large((5 / 8 + 0.1) * M))).toBeCloseTo(0.3 * M, 6);
  });

  test("a workload holding accelerators fills their idle ones whole, or not at all", () => {
    // Seven residents hold 21 accelerators, 3 idle on the third instance (0.375 M). A workload that holds 4 there
    // (0.5 M, 0.45 M at its least elsewhere) starts a fourth instance; taken in part, it would fill the 3 for 0.3375 M
    // saved.
    const residents = Array.from({ length: 7 }, () => holding(3, (3 / 8) * M, 2 * M, true));
    const joiner = holding(4, 0.45 * M, 0.45 * M, false, 0.5 * M);
    expect(extraOf([...residents, joiner])).toBeCloseTo(0.375 * M, 6);
    expect(extraOf([...residents, { ...joiner, heldSlots: new Map() }])).toBeCloseTo(0.0375 * M, 6);
  });
});

describe("GPU-only multi-model workloads beside counted inference-component pools", () => {
  // A pool on ml.p4de.24xlarge (M a month, two up: 2 M): two always-loaded copies of 0.1 M, and fillers of 0.5 M that
  // take 0.6 M of room each. Three fill its 1.8 M of room, saving 1.5 M: each dollar of room at the end saves 5/6.
  const fillers = Array.from({ length: 4 }, () => member(0.5 * M, 0.5 * M, false, 0.6 * M));
  const floors = endpointFloors([member(0.1 * M, 2 * M, true), member(0.1 * M, 2 * M, true), ...fillers], knowledge);
  // A vision model a GPU multi-model endpoint (M a month for its floor) holds for 0.05 M; 0.4 M elsewhere; it could
  // also take 0.3 M of the pool's room as an inference component.
  const gpuOnly: FrameworkShares = {
    memory: 0.05 * M,
    gpuOnly: true,
    elsewhere: 0.4 * M,
    gpuMmeUsd: M,
    gpuMmeGiB: 1,
    gpuMmeStrictGiB: 1,
    gpuMmeInstances: [{ monthUsd: M / 2, cacheGiB: 10 }],
    strict: false,
    gpuMmeStrict: 0.05 * M,
    dataUsd: 0,
    icTypes: new Map([[type, 0.3 * M]]),
    residentShare: Infinity,
    besidesIc: 0.4 * M,
    ic: member(0.05 * M, 0.4 * M, false, 0.3 * M),
  };

  test("the pool's fillers fill its room, each dollar of the last worth 5/6 of a dollar", () => {
    expect(floors.extra).toBeCloseTo(0.3 * M, 6);
    expect(floors.pools).toHaveLength(1);
    expect(floors.pools[0]!.marginal).toBeCloseTo(5 / 6, 9);
  });

  test("one that could sit in the pool pays what its room there saves no filler, not its least alone", () => {
    // In the pool its 0.3 M of room would have saved 0.25 M as fillers' room: 0.2 M over its least. Where the pool
    // is not counted, it pays its next way (0.4 M); where its room would save nothing, its least (0.05 M).
    expect(frameworkMemoryBound([gpuOnly], floors.pools)).toBeCloseTo(0.25 * M, 6);
    expect(frameworkMemoryBound([gpuOnly], [])).toBeCloseTo(0.4 * M, 6);
    expect(frameworkMemoryBound([gpuOnly], [{ ...floors.pools[0]!, marginal: 0 }])).toBeCloseTo(0.05 * M, 6);
  });

  test("a pool its fillers do not fill saves nothing at the margin", () => {
    const unfilled = endpointFloors([member(0.1 * M, 2 * M, true), ...fillers.slice(0, 2)], knowledge);
    expect(unfilled.pools[0]!.marginal).toBe(0);
  });
});

describe("GPU-only multi-model workloads and what a group of them holds", () => {
  // A GPU multi-model endpoint keeps M a month up (its floor); shares are of instances, without data processing.
  const gpu = (over: Partial<FrameworkShares>): FrameworkShares => ({
    memory: 0,
    gpuOnly: true,
    elsewhere: Infinity,
    gpuMmeUsd: M,
    gpuMmeGiB: 0,
    gpuMmeStrictGiB: 0,
    gpuMmeInstances: [],
    strict: false,
    gpuMmeStrict: 0,
    dataUsd: 0,
    icTypes: new Map(),
    residentShare: Infinity,
    besidesIc: Infinity,
    ic: member(0, Infinity, false),
    ...over,
  });

  test("a member that does not tolerate cold loads holds every model of its group: it goes elsewhere, or both pay", () => {
    // One model that must stay loaded (0.1 M, or 0.5 M elsewhere) beside 20 that tolerate cold loads (0.9 M of
    // working set; all 20 held, 1.5 M; 5 M elsewhere). Apart: 0.5 M and an endpoint of 1 M. Together: 1.6 M. Two
    // endpoints: 2 M. Counted at each one's own share in one endpoint, the bound was 1 M.
    const strict = gpu({
      memory: 0.1 * M,
      elsewhere: 0.5 * M,
      strict: true,
      gpuMmeStrict: 0.1 * M,
    });
    const tolerant = gpu({ memory: 0.9 * M, elsewhere: 5 * M, gpuMmeStrict: 1.5 * M });
    expect(frameworkMemoryBound([strict, tolerant], [])).toBeCloseTo(1.5 * M, 6);
    expect(frameworkMemoryBound([{ ...strict, strict: false }, tolerant], [])).toBeCloseTo(M, 6);
  });

  test("workloads of another kind of hardware leave a GPU endpoint's floor unfilled", () => {
    // One GPU workload of 0.1 M (2 M elsewhere) keeps an endpoint of M up; a CPU tenant of the framework (0.5 M at its
    // least) could fit its 0.9 M of room, but multi-model groups hold one kind of hardware, as plans group them.
    const vision = gpu({ memory: 0.1 * M, elsewhere: 2 * M, gpuMmeStrict: 0.1 * M });
    const tenant = gpu({ memory: 0.5 * M, gpuOnly: false, elsewhere: 0.5 * M });
    expect(frameworkMemoryBound([vision, tenant], [])).toBeCloseTo(1.5 * M, 6);
  });

  test("endpoints up keep whole instances, of the types that cost least for their cache", () => {
    // Four workloads of 6 GiB of cache each (0.3 M of an instance of M/2 a month caching 10 GiB; 2 M elsewhere): 1.2 M
    // of shares, but 24 GiB take three such instances (1.5 M), or one and one of 0.95 M caching 15 GiB (1.45 M). One
    // of 20 GiB for 1.2 M a month is never cheaper; one of 0.6 M caching 10 GiB never beats the first.
    const instances = [
      { monthUsd: M / 2, cacheGiB: 10 },
      { monthUsd: 0.95 * M, cacheGiB: 15 },
      { monthUsd: 1.2 * M, cacheGiB: 20 },
      { monthUsd: 0.6 * M, cacheGiB: 10 },
    ];
    const six = gpu({ memory: 0.3 * M, elsewhere: 2 * M, gpuMmeGiB: 6, gpuMmeInstances: instances });
    expect(frameworkMemoryBound([six, six, six, six], [])).toBeCloseTo(1.45 * M, 6);
    expect(wholeInstancesUp([six, six, six, six], M)).toBeCloseTo(1.45 * M, 6);
    // One that pays 0.35 M elsewhere fills the 2 GiB two small instances leave it, and pays the rest of its way there:
    // M + 0.35 M - (2/6) 0.35 M.
    const cheap = { ...six, elsewhere: 0.35 * M };
    expect(wholeInstancesUp([six, six, six, cheap], M)).toBeCloseTo((1 + (4 / 6) * 0.35) * M, 6);
    // Workloads alike in fractions of instances (three of 6 GiB) fill the floor of two: no more than it.
    expect(wholeInstancesUp([six, six, six], M)).toBeCloseTo(M, 6);
    // Beside one that does not tolerate cold loads (6 GiB), the three hold all their models (7 GiB each): 27 GiB take
    // three small instances (1.5 M), not their shares (1.35 M); apart, the strict one pays 2 M.
    const strict = { ...six, strict: true, gpuMmeStrict: 0.3 * M, gpuMmeStrictGiB: 6 };
    const held = { ...six, gpuMmeStrict: 0.35 * M, gpuMmeStrictGiB: 7 };
    expect(frameworkMemoryBound([strict, held, held, held], [])).toBeCloseTo(1.5 * M, 6);
  });

  test("two endpoints: the strict ones' shares on one, at least a floor on the other", () => {
    // A strict workload of 2 M (10 M elsewhere) and a tolerant one of 0.3 M (3 M all held; 10 M elsewhere). Together
    // 5 M; apart, 2 M and an endpoint's floor of 1 M: 3 M. Counted as two floors or their shares, 2.3 M.
    const strict = gpu({ memory: 2 * M, elsewhere: 10 * M, strict: true, gpuMmeStrict: 2 * M });
    const tolerant = gpu({ memory: 0.3 * M, elsewhere: 10 * M, gpuMmeStrict: 3 * M });
    expect(frameworkMemoryBound([strict, tolerant], [])).toBeCloseTo(3 * M, 6);
  });

  test("one whose next way is an always-loaded inference component keeps that endpoint's floor up", () => {
    // A multi-model endpoint of its own costs 3 M; an inference component's copy 0.5 M, on an endpoint that keeps two
    // instances (2 M) up with nothing else to fill it; an endpoint of its own, 1.5 M. Counted at 0.5 M, the
    // inference component was its bound; its floor makes the own endpoint the cheaper way.
    const ic = { ...member(0.05 * M, 1.5 * M, false, 0.5 * M), floor: 2 };
    const alone = gpu({
      memory: 0.05 * M,
      elsewhere: 0.5 * M,
      gpuMmeUsd: 3 * M,
      gpuMmeStrict: 0.05 * M,
      icTypes: ic.byType,
      residentShare: 0.5 * M,
      besidesIc: 1.5 * M,
      ic,
    });
    expect(frameworkMemoryBound([alone], [])).toBeCloseTo(0.5 * M, 6);
    expect(frameworksMemoryBound([[alone]], [], [ic], knowledge)).toBeCloseTo(1.5 * M, 6);
  });
});

describe("the most models a multi-model group could hold", () => {
  test("a group's sizes span one window of the ratio, not the ratio either side of a member", () => {
    // Within 10x either side of 10 lie all five; any one window of 10x that holds 10 holds three of them.
    expect(mostInWindow([1, 5, 10, 50, 100], [1, 1, 1, 1, 1], 10)).toEqual([3, 3, 3, 3, 3]);
    // Weighted by models, in any order: the window from 10 to 100 holds 10 + 20 + 1 models.
    expect(mostInWindow([100, 1, 10, 50], [1, 2, 10, 20], 10)).toEqual([31, 12, 31, 31]);
  });
});
