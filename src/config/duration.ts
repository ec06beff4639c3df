/** Durations as the config writes them: `<integer>(ms|s|m|h|d)`. */

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

type Unit = keyof typeof UNIT_MS;

// Largest first, so that formatting picks the coarsest units.
const UNITS_DESCENDING: readonly Unit[] = ['d', 'h', 'm', 's', 'ms'];

/** Milliseconds of `60s`, `15m`, `90d`…; null for anything else. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (match === null) return null;

  const amount = Number(match[1]);
  const ms = amount * UNIT_MS[match[2] as Unit];
  return Number.isSafeInteger(ms) ? ms : null;
}

/**
 * A short form for people: the two largest non-zero units (`1h 5m`, `3d`,
 * `250ms`); a single-unit result reads back with parseDuration.
 */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms));
  if (rest === 0) return '0s';

  const parts: string[] = [];
  for (const unit of UNITS_DESCENDING) {
    const size = UNIT_MS[unit];
    const amount = Math.floor(rest / size);
    if (amount === 0) continue;
    parts.push(`${amount}${unit}`);
    rest -= amount * size;
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}
