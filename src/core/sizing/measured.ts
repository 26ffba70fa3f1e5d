import type { Instance } from "../../schema/catalog.js";
import type { Workload } from "../../schema/workload.js";
import type { Knowledge } from "../types.js";
import { GiB } from "../units.js";
import { fewestDevices } from "./fit.js";
import { vcpuCopies } from "./instances.js";
import { modelFootprint, type Footprint, type MeasuredTime } from "./memory.js";

/**
 * The workload's footprint with the time per request it gives, if any, tied to the hardware it was measured on:
 * what every estimate of the workload starts from.
 */
export function workloadFootprint(workload: Workload, knowledge: Knowledge): Footprint {
  const footprint = modelFootprint(workload, knowledge.rules.sizing);
  const given = workload.processingTime;
  if (given === undefined) return footprint;
  const instance =
    given.on === undefined ? undefined : knowledge.catalog.instances.find((i) => i.instanceType === given.on);
  const measured: MeasuredTime = instance
    ? { ms: given.value, on: referenceUnit(instance, footprint, knowledge), instanceType: instance.instanceType }
    : { ms: given.value };
  return { ...footprint, measured };
}

// The hardware one copy had where the time was measured: the fewest accelerators that hold it (all of them where
// sizing would not fit it there), or on a CPU instance the vCPUs a copy gets beside the others memory allows.
function referenceUnit(
  instance: Instance,
  footprint: Footprint,
  knowledge: Knowledge,
): NonNullable<MeasuredTime["on"]> {
  const { catalog, rules } = knowledge;
  const accelerator = instance.accelerator;
  const device = catalog.devices.find((d) => d.id === (accelerator ? accelerator.device : instance.cpu))!;
  if (accelerator && device.memoryGiB !== null) {
    const usable = device.memoryGiB * (1 - rules.sizing.memory.deviceReserveFraction);
    const fewest = fewestDevices(accelerator.count, usable, footprint.copyGiB, undefined);
    return {
      kind: device.kind,
      device,
      devices: Number.isFinite(fewest) ? fewest : accelerator.count,
      freeBytes: Infinity,
    };
  }
  const usable = instance.memoryGiB - rules.sizing.memory.hostReserveGiB;
  const copies = Math.max(1, Math.min(Math.floor(usable / footprint.copyGiB), vcpuCopies(instance, rules.sizing)));
  return { kind: "cpu", device, devices: instance.vcpus / copies, freeBytes: Infinity };
}

/** What sizing takes the measured time to be, for the result's assumptions; undefined without one. */
export function measuredAssumption(footprint: Footprint): string | undefined {
  const m = footprint.measured;
  if (!m) return undefined;
  return m.instanceType
    ? `processingTime is scaled from ${m.instanceType}, where it was measured, to each instance type by the ratio of the model's compute and memory times on the two`
    : "processingTime is taken as measured on each instance type's own hardware at full speed (burstable instances at their sustained share); give it as { value, on: INSTANCE_TYPE } to scale it from the hardware it was measured on";
}
