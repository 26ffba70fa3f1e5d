import type { ComputeDevice, Instance } from "../../schema/catalog.js";
import type { AcceleratorKind } from "../../schema/ids.js";
import type { Sizing } from "../../schema/rules.js";
import type { Workload } from "../../schema/workload.js";
import { globMatches } from "../glob.js";

// The instances a workload may run on: its framework's hardware, narrowed by its constraints.

export function acceleratorKind(instance: Instance, devices: ReadonlyMap<string, ComputeDevice>): AcceleratorKind {
  return instance.accelerator ? (devices.get(instance.accelerator.device)?.kind ?? "gpu") : "cpu";
}

const kindIndex = new WeakMap<readonly Instance[], WeakMap<readonly AcceleratorKind[], readonly Instance[]>>();

/**
 * The instances of the given accelerator kinds, built once per list and set of kinds (`instances` itself when all
 * are of them), so that every workload of a framework shares one list, and the fit layout laid out for it.
 */
export function instancesOfKinds(
  instances: readonly Instance[],
  kinds: readonly AcceleratorKind[],
  devices: ReadonlyMap<string, ComputeDevice>,
): readonly Instance[] {
  let byKinds = kindIndex.get(instances);
  if (!byKinds) kindIndex.set(instances, (byKinds = new WeakMap()));
  let list = byKinds.get(kinds);
  if (!list) {
    const kept = instances.filter((i) => kinds.includes(acceleratorKind(i, devices)));
    list = kept.length === instances.length ? instances : kept;
    byKinds.set(kinds, list);
  }
  return list;
}

/**
 * Instances the workload's framework runs on (`sizing.frameworks`) and its constraints (instance type globs,
 * accelerator kinds) allow: the framework's shared list (see {@link instancesOfKinds}) when the constraints allow all.
 */
export function allowedInstances(
  workload: Workload,
  instances: readonly Instance[],
  devices: ReadonlyMap<string, ComputeDevice>,
  sizing: Sizing,
): readonly Instance[] {
  const runsOn = instancesOfKinds(instances, sizing.frameworks[workload.model.framework].runsOn, devices);
  const { instanceTypes, accelerators, cpuArchitecture } = workload.constraints;
  const arch = cpuArchitecture === "x86_64" ? "amd64" : cpuArchitecture === "arm64" ? "arm64" : undefined;
  if (!instanceTypes && !accelerators && !arch) return runsOn;
  return runsOn.filter(
    (i) =>
      (!instanceTypes || instanceTypes.some((glob) => globMatches(glob, i.instanceType))) &&
      (!accelerators || accelerators.includes(acceleratorKind(i, devices))) &&
      (!arch || i.arch === arch),
  );
}

/** Copies of a model a CPU instance's vCPUs allow, one request's threads each (0 where they allow not one). */
export function vcpuCopies(instance: Instance, sizing: Sizing): number {
  return Math.floor(instance.vcpus / sizing.performance.cpuThreadsPerRequest);
}

/** What an arm64 (Graviton) placement asks of the container image: the result's assumptions and deploy notes say it. */
export function gravitonImage(instanceType: string): string {
  return `${instanceType} is a Graviton (arm64) instance: the container image must be built for arm64 (AWS Deep Learning Containers publish PyTorch Graviton inference images: https://github.com/aws/deep-learning-containers/blob/master/available_images.md); an x86_64 image fails at deploy, so set constraints.cpuArchitecture: x86_64 if yours is one`;
}
