import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { describe, expect, test } from "vitest";
import { loadCatalog } from "../../src/load/catalog.js";
import { BUNDLED_CATALOG_DIR } from "../../src/load/files.js";
import { copyDir, edit, hostfitError, issueAt, tmp } from "./helpers.js";
import { knowledge } from "../property/helpers.js";

/** The research file the catalog is generated from (a copy of ../shared/data/sagemaker-instances.yaml). */
const RESEARCH_FILE = fileURLToPath(new URL("../../catalog/research/sagemaker-instances.yaml", import.meta.url));

const catalog = loadCatalog();
const deviceById = new Map(catalog.devices.map((d) => [d.id, d]));

// ---------------------------------------------------------------------------------------------------------
// Temporary catalogs for the negative tests.

/** A copy of the bundled catalog folder. */
function copyCatalog(): string {
  return copyDir(BUNDLED_CATALOG_DIR);
}

/** 1-based line of the first occurrence of `needle` in dir/name. */
function lineOf(dir: string, name: string, needle: string): number {
  const text = readFileSync(join(dir, name), "utf8");
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`test setup: ${JSON.stringify(needle)} not found in ${name}`);
  return text.slice(0, at).split("\n").length;
}

// ---------------------------------------------------------------------------------------------------------

describe("the bundled catalog", () => {
  test("loads with its identity", () => {
    expect(catalog.schemaVersion).toBe(1);
    expect(catalog.id).toBe("sagemaker-us-east-1");
    expect(catalog.region).toBe("us-east-1");
  });

  test("has 124 instance types", () => {
    expect(catalog.instances).toHaveLength(124);
  });

  test("lists each instance type once", () => {
    const types = catalog.instances.map((i) => i.instanceType);
    const duplicates = types.filter((t, i) => types.indexOf(t) !== i);
    expect(duplicates).toEqual([]);
  });

  test("every instance has an https priceSource, a YYYY-MM-DD priceAsOf, a positive hourlyUsd and a specSource", () => {
    const bad = catalog.instances.filter(
      (i) =>
        !/^https:\/\/\S+$/.test(i.priceSource) ||
        !/^\d{4}-\d{2}-\d{2}$/.test(i.priceAsOf) ||
        Number.isNaN(Date.parse(i.priceAsOf)) ||
        !(i.hourlyUsd > 0 && Number.isFinite(i.hourlyUsd)) ||
        !/^https:\/\/\S+$/.test(i.specSource),
    );
    expect(bad.map((i) => i.instanceType)).toEqual([]);
  });

  test("every device has https sources and an asOf date", () => {
    const bad = catalog.devices.filter(
      (d) =>
        d.sources.length === 0 ||
        d.sources.some((s) => !/^https:\/\/\S+$/.test(s)) ||
        !/^\d{4}-\d{2}-\d{2}$/.test(d.asOf),
    );
    expect(bad.map((d) => d.id)).toEqual([]);
  });

  test("device ids are unique", () => {
    expect(deviceById.size).toBe(catalog.devices.length);
  });

  test("every device id an instance or serverless refers to exists, with the right kind", () => {
    const problems: string[] = [];
    for (const i of catalog.instances) {
      if (deviceById.get(i.cpu)?.kind !== "cpu") problems.push(`${i.instanceType}.cpu = ${i.cpu}`);
      if (i.accelerator) {
        const acc = deviceById.get(i.accelerator.device);
        if (!acc || acc.kind === "cpu") problems.push(`${i.instanceType}.accelerator.device = ${i.accelerator.device}`);
      }
    }
    if (deviceById.get(catalog.serverless.cpu)?.kind !== "cpu")
      problems.push(`serverless.cpu = ${catalog.serverless.cpu}`);
    expect(problems).toEqual([]);
  });

  test("multi-model never lists a multi-GPU or an Inferentia/Trainium instance", () => {
    const multiModel = catalog.instances.filter((i) => i.options.includes("multi-model"));
    expect(multiModel.length).toBeGreaterThan(0);
    const bad = multiModel.filter((i) => {
      if (!i.accelerator) return false;
      const kind = deviceById.get(i.accelerator.device)?.kind;
      return i.accelerator.count > 1 || kind !== "gpu";
    });
    expect(bad.map((i) => i.instanceType)).toEqual([]);
  });

  test("no instance lists serverless, which has no instance type", () => {
    const bad = catalog.instances.filter((i) => (i.options as string[]).includes("serverless"));
    expect(bad.map((i) => i.instanceType)).toEqual([]);
  });
});

describe("the bundled catalog agrees with the research file", () => {
  const ResearchSchema = z.object({
    instances: z
      .array(
        z.object({
          name: z.string(),
          vcpus: z.number(),
          memoryGiB: z.number(),
          pricePerHourUsd: z.number().nullable(),
        }),
      )
      .min(1),
  });

  test("the research file the catalog is built from is in the repo (catalog/research/sagemaker-instances.yaml)", () => {
    expect(existsSync(RESEARCH_FILE)).toBe(true);
  });

  test("every instance named there is in the catalog with the same vCPUs, memory and (where priced) price", () => {
    const research = ResearchSchema.parse(parseYaml(readFileSync(RESEARCH_FILE, "utf8")));
    const byType = new Map(catalog.instances.map((i) => [i.instanceType, i]));
    const problems: string[] = [];
    let priced = 0;
    for (const r of research.instances) {
      const instance = byType.get(r.name);
      if (!instance) {
        problems.push(`${r.name}: missing from the catalog`);
        continue;
      }
      if (instance.vcpus !== r.vcpus) problems.push(`${r.name}: vcpus ${instance.vcpus} vs ${r.vcpus}`);
      if (instance.memoryGiB !== r.memoryGiB)
        problems.push(`${r.name}: memoryGiB ${instance.memoryGiB} vs ${r.memoryGiB}`);
      if (r.pricePerHourUsd !== null) {
        priced++;
        if (instance.hourlyUsd !== r.pricePerHourUsd)
          problems.push(`${r.name}: hourlyUsd ${instance.hourlyUsd} vs ${r.pricePerHourUsd}`);
      }
    }
    expect(problems).toEqual([]);
    expect(research.instances).toHaveLength(catalog.instances.length);
    expect(priced).toBeGreaterThan(0);
  });
});

describe("loadCatalog rejects a broken catalog with invalid-catalog, naming file and path", () => {
  test("a negative price", () => {
    const dir = copyCatalog();
    const line = edit(dir, "instances.yaml", "hourlyUsd: 0.056 #", "hourlyUsd: -0.056 #");
    const error = hostfitError(() => loadCatalog(dir));
    expect(error.code).toBe("invalid-catalog");
    const issue = issueAt(error, "instances[0].hourlyUsd");
    expect(issue).toMatchObject({ code: "out-of-range", file: join(dir, "instances.yaml"), line });
    expect(issue.message).toMatch(/at least 0\.001 USD an hour/);
  });

  test("issue 19: a price past any instance's, 1e308, is refused rather than costed as infinity", () => {
    const dir = copyCatalog();
    const line = edit(dir, "instances.yaml", "hourlyUsd: 0.056 #", "hourlyUsd: 1e308 #");
    const issue = issueAt(
      hostfitError(() => loadCatalog(dir)),
      "instances[0].hourlyUsd",
    );
    expect(issue).toMatchObject({ code: "out-of-range", file: join(dir, "instances.yaml"), line });
    expect(issue.message).toMatch(/at most 1000 USD an hour/);
  });

  test("a duplicate instanceType", () => {
    const dir = copyCatalog();
    const line = edit(dir, "instances.yaml", "instanceType: ml.t2.large\n", "instanceType: ml.t2.medium\n");
    const error = hostfitError(() => loadCatalog(dir));
    expect(error.code).toBe("invalid-catalog");
    const issue = issueAt(error, "instances[1].instanceType");
    expect(issue.message).toContain('duplicate instance type "ml.t2.medium"');
    expect(issue.hint?.length).toBeGreaterThan(0);
    // Pinned to the file that holds the row, and to the line (regression: it used to name the folder only).
    expect(issue).toMatchObject({ file: join(dir, "instances.yaml"), line });
  });

  test("an accelerator device id that does not exist", () => {
    const dir = copyCatalog();
    const index = catalog.instances.findIndex((i) => i.accelerator?.device === "nvidia-t4");
    expect(index).toBeGreaterThanOrEqual(0);
    const line = edit(dir, "instances.yaml", "accelerator: { device: nvidia-t4,", "accelerator: { device: nvidia-t9,");
    const error = hostfitError(() => loadCatalog(dir));
    expect(error.code).toBe("invalid-catalog");
    const issue = issueAt(error, `instances[${index}].accelerator.device`);
    expect(issue.message).toContain('unknown accelerator "nvidia-t9"');
    expect(issue.hint).toContain("nvidia-t4"); // lists the devices that do exist
    expect(issue).toMatchObject({ file: join(dir, "instances.yaml"), line });
  });

  test("a cpu that points at a GPU device", () => {
    const dir = copyCatalog();
    const line = edit(dir, "instances.yaml", "cpu: intel-xeon-haswell-broadwell-burstable #", "cpu: nvidia-t4 #");
    const error = hostfitError(() => loadCatalog(dir));
    expect(error.code).toBe("invalid-catalog");
    const issue = issueAt(error, "instances[0].cpu");
    expect(issue.message).toContain('"nvidia-t4" is a gpu, not a cpu');
    expect(issue).toMatchObject({ file: join(dir, "instances.yaml"), line });
  });

  test("a missing priceSource", () => {
    const dir = copyCatalog();
    edit(
      dir,
      "instances.yaml",
      "    priceSource: https://aws.amazon.com/sagemaker-ai/pricing/ # where the price comes from (URL)\n",
      "",
    );
    const error = hostfitError(() => loadCatalog(dir));
    expect(error.code).toBe("invalid-catalog");
    const issue = issueAt(error, "instances[0].priceSource");
    // Absent, so it is pinned to the nearest ancestor: the first row.
    expect(issue).toMatchObject({
      code: "missing-field",
      file: join(dir, "instances.yaml"),
      line: lineOf(dir, "instances.yaml", "instanceType: ml.t2.medium"),
    });
    expect(issue.message).toContain("instances[0].priceSource is required");
  });

  test('an unknown key, with a "did you mean" hint', () => {
    const dir = copyCatalog();
    const line = edit(dir, "instances.yaml", "    priceNote: 0.056", "    priceNotes: 0.056");
    const error = hostfitError(() => loadCatalog(dir));
    expect(error.code).toBe("invalid-catalog");
    expect(error.issues).toHaveLength(1);
    const issue = issueAt(error, "instances[0].priceNotes");
    expect(issue).toMatchObject({
      code: "unknown-key",
      file: join(dir, "instances.yaml"),
      line,
      hint: 'did you mean "priceNote"?',
    });
  });

  test("an unedited copy loads, so each failure above is the edit's doing", () => {
    expect(loadCatalog(copyCatalog())).toEqual(catalog);
  });
});

describe("a single-file catalog", () => {
  function singleFile(transform: (text: string) => string = (t) => t): string {
    const text = ["catalog.yaml", "devices.yaml", "instances.yaml"]
      .map((n) => readFileSync(join(BUNDLED_CATALOG_DIR, n), "utf8"))
      .join("\n");
    const file = join(tmp(), "all-in-one.yaml");
    writeFileSync(file, transform(text));
    return file;
  }

  test("with every section in one YAML file loads to the same catalog", () => {
    expect(loadCatalog(singleFile())).toEqual(catalog);
  });

  test("as JSON loads to the same catalog", () => {
    const file = join(tmp(), "catalog.json");
    writeFileSync(file, JSON.stringify(catalog));
    expect(loadCatalog(file)).toEqual(catalog);
  });

  test("is checked like a folder: a bad price names the file, path and line", () => {
    let line = 0;
    const file = singleFile((text) => {
      const at = text.indexOf("hourlyUsd: 0.056 #");
      line = text.slice(0, at).split("\n").length;
      return text.replace("hourlyUsd: 0.056 #", "hourlyUsd: 0 #");
    });
    const error = hostfitError(() => loadCatalog(file));
    expect(error.code).toBe("invalid-catalog");
    expect(issueAt(error, "instances[0].hourlyUsd")).toMatchObject({ code: "out-of-range", file, line });
  });
});

describe("domain review of 2026-12-01", () => {
  test("no Inf1 instance is offered for async inference, which the developer guide says does not support it", () => {
    const inf1 = knowledge.catalog.instances.filter((i) => i.family === "inf1");
    expect(inf1.length).toBeGreaterThan(0);
    for (const i of inf1) expect(i.options).not.toContain("async");
  });
});
