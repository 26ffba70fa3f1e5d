/**
 * Runs the built CLI (dist/cli/main.js, built by test/global-setup.ts) as a user would: a real `node` process in
 * the repository, stdin fed, stdout and stderr piped (so stderr is not a terminal), exit status kept. Identical
 * invocations are spawned once and shared between tests.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `hostfit ...args` in a new process every time (for commands with side effects, such as catalog import).
 * With `stopReading`, closes its standard output after the first bytes, as `| head` does; with `stdoutFd`, its
 * standard output is that descriptor instead of a pipe (stdout is then "").
 */
export function spawnCli(
  args: readonly string[],
  input = "",
  { stopReading = false, stdoutFd }: { stopReading?: boolean; stdoutFd?: number } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["dist/cli/main.js", ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      stdio: ["pipe", stdoutFd ?? "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      if (stopReading) child.stdout?.destroy();
    });
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    // A hung CLI fails its test instead of the whole run.
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    // A CLI that stops reading early (an input past its limit) closes its end: not the test's failure.
    child.stdin!.on("error", () => {});
    child.stdin!.end(input);
  });
}

const runs = new Map<string, Promise<Run>>();

/** Runs `hostfit ...args` once per distinct (args, stdin); tests asking for the same run share it. */
export function hostfit(args: readonly string[], input = ""): Promise<Run> {
  const key = JSON.stringify([args, input]);
  let run = runs.get(key);
  if (!run) {
    run = spawnCli(args, input);
    runs.set(key, run);
  }
  return run;
}
