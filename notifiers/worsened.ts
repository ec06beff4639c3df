/** Which potential findings a new definite one superseded (SPEC §5); pure. */
import type { FindingReport, JoinValue } from '../src/model/finding.js';

/** The store's record of one worsening. */
export interface WorsenedRecord {
  readonly key: string;
  readonly superseded: readonly string[];
}

/**
 * The keys a new definite finding superseded: from the store's record when
 * given, else every superseded finding on the same table or column.
 */
export function supersededKeys(
  finding: FindingReport,
  superseded: readonly FindingReport[],
  records?: readonly WorsenedRecord[],
): string[] {
  if (finding.severity !== 'definite') return [];
  if (records !== undefined) {
    const known = records.find((w) => w.key === finding.key);
    return known === undefined ? [] : [...known.superseded];
  }
  return superseded.filter((p) => isOverlapping(finding, p)).map((p) => p.key);
}

// A table finding covers its columns; a join finding is on both sides.
function isOverlapping(a: FindingReport, b: FindingReport): boolean {
  return objectsOf(a).some((x) =>
    objectsOf(b).some(
      (y) =>
        x.tableRef === y.tableRef &&
        (x.column === null || y.column === null || x.column === y.column),
    ),
  );
}

function objectsOf(
  f: FindingReport,
): { tableRef: string; column: string | null }[] {
  const objects = [{ tableRef: f.tableRef, column: f.column }];
  const after = f.after as Partial<JoinValue> | null;
  if (f.kind === 'join_type_mismatch' && after?.left && after.right) {
    objects.push(after.left, after.right);
  }
  return objects;
}
