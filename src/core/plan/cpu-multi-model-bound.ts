/** One workload that a CPU multi-model endpoint could host, as the lower bound knows it (see `cpuMultiModelExtra`). */
export interface CpuMmeShares {
  /** Its framework and hardware kind (`mmeClass`): only workloads of one class share an endpoint. */
  readonly mmeClass: string;
  readonly parameters: number;
  /** Its share of such an endpoint's instances' memory, and of their time serving it (its data processing apart). */
  readonly share: number;
  readonly busy: number;
  /** What such an endpoint costs it over its least way (0 where that share is its least). */
  readonly over: number;
  /**
   * What its way off such endpoints costs over its least; on serverless, nothing below its least (what serverless
   * saves is the Region's quota's, counted apart).
   */
  readonly off: number;
  /** The least an endpoint holding it keeps up a month: its cheapest instance type that could, times its floor. */
  readonly floorUsd: number;
}

/**
 * What CPU multi-model endpoints cost beyond their members' least ways. Such an endpoint never rests at zero: it
 * keeps its floor of instances up (F, at least each member's `floorUsd`) whatever its members' shares add up to, and
 * holds models within the size ratio of each other. Take a class's workloads on such endpoints, largest first: the
 * largest (an anchor), then the largest smaller than its size over the ratio (the next anchor), and so on. No two
 * anchors share an endpoint, and the members within the ratio below an anchor (its band) are on its endpoint or on
 * others, so the anchors' endpoints cost at least, each, its floor less the shares of its band's members on such
 * endpoints, where that is positive. Every workload pays its `over` on one, its `off` elsewhere. The least over which
 * workloads are anchors and which are on such endpoints bounds what they cost beyond their least ways: a walk by
 * size, each band's least found as `bandExtra` bounds it.
 *
 * Every such endpoint also serves its members' requests: it costs at least the time they take (`busy`), which for
 * busy members is more than their memory. So an endpoint costs at least its shares plus w (busy - share) plus
 * lambda (F - shares) for any w and lambda of sum at most 1: each member on one pays w (busy - share) more, and the
 * bands weigh their floors by at most 1 - w. Each weight w of BUSY_WEIGHTS bounds a class; the greatest is kept.
 */
export function cpuMultiModelExtra(members: readonly CpuMmeShares[], maxSizeRatio: number): number {
  const byClass = new Map<string, CpuMmeShares[]>();
  for (const m of members) {
    const list = byClass.get(m.mmeClass);
    if (list) list.push(m);
    else byClass.set(m.mmeClass, [m]);
  }
  let extra = 0;
  for (const list of byClass.values()) {
    const bySize = list.sort((a, b) => b.parameters - a.parameters);
    extra += Math.max(
      ...BUSY_WEIGHTS.map((w) =>
        leastWalk(
          bySize.map((m) => ({ ...m, over: m.over + w * (m.busy - m.share) })),
          maxSizeRatio,
          1 - w,
        ),
      ),
    );
  }
  return extra;
}

// The weights of members' serving time `cpuMultiModelExtra` tries (0: their memory alone).
const BUSY_WEIGHTS = [0, 0.25, 0.5, 0.75, 1];

/**
 * The least of the walk (see `cpuMultiModelExtra`) over a class's workloads largest first, its floors weighed by at
 * most `floorWeight`: from each workload on, the least extra where no band holds it (it is off, or the anchor of a
 * band).
 */
function leastWalk(bySize: readonly CpuMmeShares[], maxSizeRatio: number, floorWeight: number): number {
  const least = Array<number>(bySize.length + 1).fill(0);
  // The sums of each workload's lesser cost, on or off, from each on: a band of more than BAND_UP_TO workloads counts
  // only those (its floor is filled, as a rule), without the search over its floors.
  const lesser = Array<number>(bySize.length + 1).fill(0);
  for (let i = bySize.length - 1; i >= 0; i--) lesser[i] = lesser[i + 1]! + Math.min(bySize[i]!.over, bySize[i]!.off);
  let end = bySize.length;
  for (let i = bySize.length - 1; i >= 0; i--) {
    const m = bySize[i]!;
    while (end > i + 1 && bySize[end - 1]!.parameters * maxSizeRatio < m.parameters) end--;
    const band =
      end - i - 1 > BAND_UP_TO
        ? m.over + lesser[i + 1]! - lesser[end]!
        : bandExtra(m, bySize.slice(i + 1, end), floorWeight);
    least[i] = Math.min(m.off + least[i + 1]!, band + least[end]!);
  }
  return least[0]!;
}

// The most workloads of a band `leastWalk` searches the floors of.
const BAND_UP_TO = 64;

/**
 * The least a band costs beyond its workloads' least ways (see `cpuMultiModelExtra`): its anchor on, each other one
 * on the anchor's endpoint, on another or off, plus what that endpoint's floor leaves of the shares on it. The floor
 * is at least that of each workload on it, so for each floor F the anchor's endpoint might have, those whose own is
 * higher are elsewhere (the lesser of `over` and `off`), and the rest as `bandAt` bounds them; the least over F.
 */
function bandExtra(anchor: CpuMmeShares, band: readonly CpuMmeShares[], floorWeight: number): number {
  const floors = new Set([anchor.floorUsd, ...band.map((m) => m.floorUsd).filter((f) => f > anchor.floorUsd)]);
  return Math.min(
    ...[...floors].map((floorUsd) => {
      const apart = band.filter((m) => m.floorUsd > floorUsd);
      const on = band.filter((m) => m.floorUsd <= floorUsd);
      return apart.reduce((n, m) => n + Math.min(m.over, m.off), 0) + bandAt(floorUsd, anchor, on, floorWeight);
    }),
  );
}

/**
 * The least of a band with its anchor's endpoint at floor F (see `bandExtra`): for any lambda in [0, 1] the deficit
 * max(0, F - X) is at least lambda (F - X), after which each workload takes the lesser of `over` - lambda share and
 * `off`. That is a concave function of lambda, whose slope falls by a workload's share where lambda passes the point
 * its `on` turns the lesser. Its greatest bounds the band.
 */
function bandAt(floorUsd: number, anchor: CpuMmeShares, band: readonly CpuMmeShares[], most: number): number {
  const at = (lambda: number) =>
    lambda * (floorUsd - anchor.share) +
    anchor.over +
    band.reduce((n, m) => n + Math.min(m.over - lambda * m.share, m.off), 0);
  let slope = floorUsd - anchor.share;
  const turns: { lambda: number; share: number }[] = [];
  for (const m of band) {
    const lambda = m.share > 0 ? (m.over - m.off) / m.share : Infinity;
    if (lambda <= 0) slope -= m.share;
    else if (lambda < most) turns.push({ lambda, share: m.share });
  }
  if (slope <= 0) return at(0);
  for (const t of turns.sort((a, b) => a.lambda - b.lambda)) {
    slope -= t.share;
    if (slope <= 0) return at(t.lambda);
  }
  return at(most);
}
