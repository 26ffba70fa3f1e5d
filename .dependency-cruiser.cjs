/**
 * hostfit's layering, checked by `npm test` (dependency-cruiser): schema → core (sizing → assess → plan) →
 * deploy → audit → load / format → tools → cli, with the public API (index, library) beside the CLI. Imports run
 * downwards only, never in a circle, and the core stays pure.
 */
const layer = (name, path, mayImport) => ({
  name: `${name}-imports-downwards`,
  comment: `${name} may import only ${mayImport.join(", ")}`,
  severity: "error",
  from: { path },
  to: { path: "^src/", pathNot: mayImport.map((p) => `^src/${p}`) },
});

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "An import cycle hides which module defines what; shared types live with what defines them.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    layer("schema", "^src/schema/", ["schema/"]),
    layer("core-leaves", "^src/core/[^/]+\\.ts$", ["schema/", "core/[^/]+\\.ts$"]),
    layer("sizing", "^src/core/sizing/", ["schema/", "core/[^/]+\\.ts$", "core/sizing/"]),
    layer("assess", "^src/core/assess/", ["schema/", "core/[^/]+\\.ts$", "core/sizing/", "core/assess/"]),
    layer("plan", "^src/core/plan/", ["schema/", "core/"]),
    layer("deploy", "^src/deploy/", ["schema/", "core/", "deploy/"]),
    layer("audit", "^src/audit/", ["schema/", "core/", "deploy/", "audit/"]),
    layer("load", "^src/load/", ["schema/", "core/", "load/"]),
    layer("format", "^src/format/", ["schema/", "core/", "format/"]),
    layer("tools", "^src/tools/", ["schema/", "core/", "load/", "format/", "tools/"]),
    // The explorer page's code runs in a browser: of load, only the compilers that read no file.
    layer("explore", "^src/explore/", ["schema/", "core/", "load/compile-", "format/", "explore/"]),
    layer("cli", "^src/cli/", [
      "schema/",
      "core/",
      "deploy/",
      "audit/",
      "load/",
      "format/",
      "tools/",
      "explore/",
      "cli/",
    ]),
    layer("library", "^src/(index|library)\\.ts$", ["schema/", "core/", "deploy/", "audit/", "load/", "library\\.ts$"]),
    {
      name: "core-is-pure",
      comment:
        "src/core and src/audit do no I/O: no Node built-ins (and no clock or randomness, which the unit tests check).",
      severity: "error",
      from: { path: "^src/(core|audit)/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "core-needs-no-packages",
      comment: "The core and the audit work on plain data: parsing (yaml, zod, mathjs) happens in load and schema.",
      severity: "error",
      from: { path: "^src/(core|audit)/" },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown"] },
    },
    {
      name: "explore-runs-in-a-browser",
      comment:
        "src/explore and the compilers it bundles use no Node built-in and no package (scripts/build-explorer.mjs checks the bundle too).",
      severity: "error",
      from: { path: "^src/(explore/|load/compile-)" },
      to: {
        dependencyTypes: ["core", "npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown"],
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
  },
};
