/**
 * writeAll (src/cli/output.ts) on a standard output that another part of the process made non-blocking, as
 * node does to a pipe once process.stdout is touched: the pipe fills while the reader is slow, writes take part
 * of the text or fail with EAGAIN, and every byte must still arrive, in order.
 */
import { spawn } from "node:child_process";
import { describe, expect, test } from "vitest";
import { ROOT } from "./run-cli.js";

const SCRIPT = `
import { writeAll } from "./dist/cli/output.js";
process.stdout; // libuv opens descriptor 1 as a non-blocking pipe
let text = "";
for (let i = 0; i < 200000; i++) text += i + "\\n";
writeAll(1, text + "é€\\n");
`;

describe("writeAll on a non-blocking pipe with a slow reader", () => {
  test("every byte arrives, in order", async () => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", SCRIPT], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    // Read in small bites with pauses, so the child's pipe is full most of the time.
    child.stdout.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 1);
    });
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    const lines = Buffer.concat(chunks).toString("utf8").split("\n");
    expect({ status, stderr }).toEqual({ status: 0, stderr: "" });
    expect(lines.length).toBe(200_002);
    expect(lines.slice(0, 200_000).every((line, i) => line === String(i))).toBe(true);
    expect(lines.slice(200_000)).toEqual(["é€", ""]);
  });
});
