// Seeded random choices for the fault tests: every choice comes from one
// seed, printed when the test fails, and `FAULT_SEED=<n>` replays it
// (the kill points then fall in the same places, give or take the
// machine's own timing).
import { onTestFailed } from 'vitest';

/** A seeded source of random choices. */
export interface SeededRandom {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  integer(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/**
 * The seed from FAULT_SEED, or a new one; call inside a test so that a
 * failure prints `replay with FAULT_SEED=<seed>`.
 */
export function useSeededRandom(what: string): SeededRandom {
  const given = Number(process.env['FAULT_SEED']);
  const seed =
    Number.isInteger(given) && given > 0
      ? given
      : 1 + Math.floor(Math.random() * 2 ** 31);
  onTestFailed(() => {
    console.error(`${what}: replay with FAULT_SEED=${seed}`);
  });
  return seededRandom(seed);
}

/** mulberry32: small, fast, and the same sequence for the same seed. */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  return {
    seed,
    next,
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('nothing to pick from');
      return item;
    },
  };
}
