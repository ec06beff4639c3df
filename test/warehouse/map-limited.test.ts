import { describe, expect, it } from 'vitest';
import { mapLimited } from '../../src/warehouse/map-limited.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('mapLimited', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapLimited([5, 1, 4, 2, 3, 6, 7], 3, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n * 3));
      running -= 1;
      return n * 10;
    });

    expect(results).toEqual([50, 10, 40, 20, 30, 60, 70]);
    expect(peak).toBe(3);
  });

  it('rejects with the first error and starts nothing after it', async () => {
    const started: number[] = [];
    const outcome = mapLimited([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 2) throw new Error('lost the warehouse');
      return n;
    });

    await expect(outcome).rejects.toThrow('lost the warehouse');
    await tick();
    expect(started).toEqual([1, 2, 3]);
  });

  it('returns an empty list for no items', async () => {
    expect(await mapLimited([], 4, async () => 1)).toEqual([]);
  });
});
