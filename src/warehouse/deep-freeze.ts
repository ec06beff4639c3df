/** Freezes what an adapter returns, so no layer can edit a snapshot. */

/** Freezes a plain-data value and everything inside it; returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Object.isFrozen(value)) return value;

  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}
