/** Whether two column types can stand in for each other (SPEC §4). */
import type { ColumnValue } from '../src/model/finding.js';

/**
 * True when a consumer written against one type keeps working with the
 * other: the same family, and for `other` the same raw type, since that
 * family lumps unrelated types (enums, geometry, user types) together.
 */
export function isCompatibleType(a: ColumnValue, b: ColumnValue): boolean {
  if (a.family !== b.family) return false;

  if (a.family !== 'other') return true;
  return normaliseRawType(a.type) === normaliseRawType(b.type);
}

// Catalogs differ in case and spacing for one type (`USER-DEFINED`,
// `user-defined`), which is not a change of type.
function normaliseRawType(type: string): string {
  return type.trim().replace(/\s+/g, ' ').toLowerCase();
}
