/**
 * Copies packed onto instances as SageMaker must place them: a copy's accelerators (or CPU share) all on one
 * instance. Summing slots and dividing by an instance's slots prices copies that do not fit: two copies of 4
 * accelerators need two 6-accelerator instances, not 8/6 of one.
 */
export class InstancePacker {
  /** Free slots of each instance opened so far. */
  private readonly free: number[] = [];

  constructor(private readonly slotsPerInstance: number) {}

  /** Places `copies` copies of `slots` slots each, each on the fullest instance with room (best fit), else a new one. */
  add(slots: number, copies: number): void {
    // A copy never needs more than a whole instance (the sizing gave it one at most).
    const size = Math.min(slots, this.slotsPerInstance);
    for (let n = 0; n < copies; n++) {
      let best = -1;
      for (let i = 0; i < this.free.length; i++) {
        const left = this.free[i]!;
        if (left >= size - 1e-9 && (best < 0 || left < this.free[best]!)) best = i;
      }
      if (best < 0) this.free.push(this.slotsPerInstance - size);
      else this.free[best] = this.free[best]! - size;
    }
  }

  get instances(): number {
    return this.free.length;
  }
}

/** Instances that hold the given copies (slots each, how many), placed largest first. */
export function packedInstances(
  copies: readonly { readonly slots: number; readonly count: number }[],
  slotsPerInstance: number,
): number {
  const packer = new InstancePacker(slotsPerInstance);
  for (const c of [...copies].sort((a, b) => b.slots - a.slots)) packer.add(c.slots, c.count);
  return packer.instances;
}
