/** Findings: one physical fact about the warehouse that breaks the graph. */
import type { ConsumerRef } from './consumer.js';
import type { TableKind, TypeFamily } from './catalog.js';
import type { Use } from './usage.js';

/** The finding kinds of SPEC §4. */
export type FindingKind =
  | 'table_missing'
  | 'column_missing'
  | 'access_denied'
  | 'column_type_changed'
  | 'join_type_mismatch'
  | 'table_kind_changed'
  | 'primary_key_not_unique';

/** Definite breaks a consumer's next run; potential may. */
export type Severity = 'definite' | 'potential';

/** The severity of each kind. */
export const SEVERITY_OF: Readonly<Record<FindingKind, Severity>> = {
  table_missing: 'definite',
  column_missing: 'definite',
  access_denied: 'definite',
  column_type_changed: 'potential',
  join_type_mismatch: 'potential',
  table_kind_changed: 'potential',
  primary_key_not_unique: 'potential',
};

/** A column's type, as `before`/`after`. */
export interface ColumnValue {
  readonly type: string;
  readonly family: TypeFamily;
}

/** A table's kind, as `before`/`after`. */
export interface TableValue {
  readonly kind: TableKind;
}

/** One side of a join, as in a `join_type_mismatch`'s `after`. */
export interface JoinColumnValue {
  readonly tableRef: string;
  readonly column: string;
  readonly type: string;
}

/** Both sides of a mismatched join. */
export interface JoinValue {
  readonly left: JoinColumnValue;
  readonly right: JoinColumnValue;
}

/** What `before` and `after` may hold. */
export type FindingValue = ColumnValue | TableValue | JoinValue;

/** What the classifier saw in one sync, before the lifecycle applies. */
export interface Observation {
  readonly key: string;
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly tableRef: string;
  readonly column: string | null;
  /** Sorted by subject, then role. */
  readonly uses: readonly Use[];
  readonly before: FindingValue | null;
  readonly after: FindingValue | null;
  readonly message: string;
  readonly suggestion: string | null;
  /** Consumers it breaks, sorted by id. */
  readonly affectedConsumers: readonly ConsumerRef[];
}

/** Where an occurrence stands. */
export type FindingStatus = 'open' | 'resolved' | 'superseded';

/** Why an occurrence ended. */
export type ResolveReason =
  'fixed' | 'accepted' | 'superseded' | 'removed from the graph';

/** A finding as `sync-now --json` and `status --json` report it. */
export interface FindingReport extends Observation {
  readonly status: FindingStatus;
  /** True only in the sync that opened this occurrence. */
  readonly new: boolean;
  readonly acknowledged: boolean;
  readonly snoozedUntil: string | null;
  readonly firstSeenAt: string;
  readonly resolvedAt: string | null;
}

/** The key of a finding (SPEC §7). */
export function findingKey(
  kind: FindingKind,
  tableRef: string,
  column: string | null,
): string {
  return column === null
    ? `${kind}:${tableRef}`
    : `${kind}:${tableRef}:${column}`;
}

/** The key of a join type mismatch (SPEC §7). */
export function joinFindingKey(value: JoinValue): string {
  const { left, right } = value;
  return (
    `join_type_mismatch:${left.tableRef}:${left.column}` +
    `=${right.tableRef}:${right.column}`
  );
}
