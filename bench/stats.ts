/** Timing helpers shared by the benchmark's measurements. */
import { performance } from 'node:perf_hooks';

/** The median of `values`; the mean of the middle two for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);

  const upper = sorted[middle] ?? 0;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/** Milliseconds `work` took, with its result. */
export async function timed<T>(
  work: () => Promise<T> | T,
): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/**
 * Runs `measure` once to warm up (unless `warmUp` is false), then `runs`
 * times, and gives the median of what each run reports.
 */
export async function medianOfRuns(
  runs: number,
  measure: () => Promise<number> | number,
  warmUp = true,
): Promise<number> {
  if (warmUp) await measure();
  const values: number[] = [];

  for (let run = 0; run < runs; run += 1) values.push(await measure());
  return median(values);
}

/** Total length of the union of `[start, end]` intervals. */
export function coveredMs(
  intervals: readonly { start: number; end: number }[],
): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let reach = -Infinity;

  for (const { start, end } of sorted) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}

/** Rounds to `digits` decimals, for printing and results.json. */
export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
