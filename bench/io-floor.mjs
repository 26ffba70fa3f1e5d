// The I/O floor of `hostfit recommend`: node reading and parsing the same YAML file with the same parser, then
// writing as many bytes of JSON as the CLI wrote. Usage: node bench/io-floor.mjs IN.yaml OUT.json BYTES
import { readFileSync, writeFileSync } from "node:fs";
import { parse } from "yaml";

const [input, output, bytes] = process.argv.slice(2);
const doc = parse(readFileSync(input, "utf8"));
const piece = JSON.stringify(doc, null, 2);
const target = Number(bytes);
const parts = [];
for (let n = 0; n < target;) {
  const part = piece.slice(0, target - n);
  parts.push(part);
  n += part.length;
}
writeFileSync(output, parts.join(""));
