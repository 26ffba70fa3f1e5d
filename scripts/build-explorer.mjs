#!/usr/bin/env node
/**
 * Build step after tsc (which leaves src/explore/app.ts to this script): bundles the explorer page's script (src/explore/app.ts: hostfit's core, the rules compiler and the
 * HTML report's renderers) into one minified IIFE, dist/explore/app.bundle.js, which `hostfit explore` inlines into the
 * page. The bundle must hold no package (zod, yaml, mathjs) and no Node built-in: the page runs offline in a
 * browser, and the core carries no such dependency; the build fails if one creeps in.
 */
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";

const root = new URL("..", import.meta.url);
const out = new URL("dist/explore/app.bundle.js", root);
const result = await build({
  entryPoints: [new URL("src/explore/app.ts", root).pathname],
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  minify: true,
  legalComments: "none",
  metafile: true,
  write: false,
  logLevel: "warning",
});
const inputs = Object.keys(result.metafile.inputs);
const foreign = inputs.filter((path) => !path.startsWith("src/"));
if (foreign.length > 0) {
  console.error(`the explorer bundle must hold only hostfit's own modules; it holds:\n  ${foreign.join("\n  ")}`);
  process.exit(1);
}
const text = result.outputFiles[0].text;
if (/<\/script/i.test(text)) {
  console.error("the explorer bundle holds </script, which would end the page's script element");
  process.exit(1);
}
mkdirSync(new URL(".", out), { recursive: true });
writeFileSync(out, text);
console.error(
  `bundled ${inputs.length} modules into dist/explore/app.bundle.js (${(text.length / 1024).toFixed(1)} KiB)`,
);
