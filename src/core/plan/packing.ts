/**
 * Copies packed onto instances as SageMaker must place them: a copy's accelerators (or CPU share) all on one
 * instance. Summing slots and dividing by an instance's slots prices copies that do not fit: two copies of 4
 * accelerators need two 6-accelerator instances, not 8/6 of one.
 */
export class InstancePacker {
  // Instances grouped by their free slots: free[i] slots left on each of count[i] instances. A fleet of thousands of
  // copies fills few distinct shapes, so placing copies costs the shapes, not the copies or the instances.
  private readonly free: number[] = [];
  private readonly count: number[] = [];
  private total = 0;
  private placed = 0;

  constructor(private readonly slotsPerInstance: number) {}

  /**
   * Places `copies` copies of `slots` slots each, each on the fullest instance with room (best fit), else a new one.
   * Copies of one size go to one instance until it is too full for another (which best fit, a copy at a time, does
   * too: that instance stays the fullest with room), so whole runs of copies are placed at once.
   */
  add(slots: number, copies: number): void {
    // A copy never needs more than a whole instance (the sizing gave it one at most).
    const size = Math.min(slots, this.slotsPerInstance);
    this.placed += size * copies;
    let left = copies;
    while (left > 0) {
      let fullest = -1;
      for (let i = 0; i < this.free.length; i++)
        if (
          this.count[i]! > 0 &&
          this.free[i]! >= size - EPSILON &&
          (fullest < 0 || this.free[i]! < this.free[fullest]!)
        )
          fullest = i;
      if (fullest < 0) break;
      const perInstance = Math.floor((this.free[fullest]! + EPSILON) / size);
      const filled = Math.min(this.count[fullest]!, Math.floor(left / perInstance));
      if (filled > 0) {
        this.move(fullest, this.free[fullest]! - perInstance * size, filled);
        left -= filled * perInstance;
      } else {
        this.move(fullest, this.free[fullest]! - left * size, 1);
        left = 0;
      }
    }
    if (left > 0) {
      const perInstance = Math.floor((this.slotsPerInstance + EPSILON) / size);
      const whole = Math.floor(left / perInstance);
      const rest = left - whole * perInstance;
      if (whole > 0) this.open(this.slotsPerInstance - perInstance * size, whole);
      if (rest > 0) this.open(this.slotsPerInstance - rest * size, 1);
    }
  }

  get instances(): number {
    return this.total;
  }

  /** Slots the copies placed take. */
  get used(): number {
    return this.placed;
  }

  /** A packer holding the same copies, to try more on without moving these. */
  clone(): InstancePacker {
    const copy = new InstancePacker(this.slotsPerInstance);
    copy.free.push(...this.free);
    copy.count.push(...this.count);
    copy.total = this.total;
    copy.placed = this.placed;
    return copy;
  }

  // `n` instances of shape `from` now have `free` slots left.
  private move(from: number, free: number, n: number): void {
    this.count[from] = this.count[from]! - n;
    this.group(free, n);
  }

  private open(free: number, n: number): void {
    this.total += n;
    this.group(free, n);
  }

  private group(free: number, n: number): void {
    const i = this.free.findIndex((f) => Math.abs(f - free) < EPSILON);
    if (i >= 0) this.count[i] = this.count[i]! + n;
    else {
      this.free.push(free);
      this.count.push(n);
    }
  }
}

const EPSILON = 1e-9;

/** Instances that hold the given copies (slots each, how many), placed largest first. */
export function packedInstances(
  copies: readonly { readonly slots: number; readonly count: number }[],
  slotsPerInstance: number,
): number {
  const packer = new InstancePacker(slotsPerInstance);
  for (const c of [...copies].sort((a, b) => b.slots - a.slots)) packer.add(c.slots, c.count);
  return packer.instances;
}
