/** Edit distance between two short strings (Levenshtein), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[t.length]!;
}

/** The closest known value within a similarity cutoff, or undefined when nothing is close. */
export function closest(value: string, known: readonly string[]): string | undefined {
  const probe = value.slice(0, 64);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(probe, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const cutoff = Math.max(1, Math.floor(Math.max(probe.length, (best ?? "").length) / 3));
  return bestDistance <= cutoff ? best : undefined;
}

/** A hint naming the closest known value, or listing them all when nothing is close. */
export function suggest(value: string, known: readonly string[]): string {
  const near = closest(value, known);
  return near !== undefined ? `did you mean "${near}"?` : `expected one of: ${known.join(", ")}`;
}
