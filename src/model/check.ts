/** What the classifier takes in and gives back (checks/). */
import type { Consumer } from './consumer.js';
import type { DataGraph } from './graph.js';
import type { TableKind } from './catalog.js';
import type { WarehouseSnapshot } from './catalog.js';
import type { ColumnValue, Observation, TableValue } from './finding.js';
import type { GraphUsage } from './usage.js';
import type { UnknownDatabase } from './sync.js';

/** The accepted kind and type family of each used object (SPEC §4). */
export interface Baseline {
  /** By tableRef. */
  readonly tables: ReadonlyMap<string, TableValue>;
  /** By `${tableRef}:${column}`. */
  readonly columns: ReadonlyMap<string, ColumnValue>;
}

/** Names seen by the previous good sync, for rename suggestions. */
export interface KnownNames {
  /** Table names of each used schema, by canonical `DATABASE.SCHEMA`. */
  readonly schemas: ReadonlyMap<string, readonly string[]>;
  /** Column names of each used table, by tableRef. */
  readonly tables: ReadonlyMap<string, readonly string[]>;
}

/** Whether an object was seen, confirmed absent, unreadable or unknown. */
export type ObjectState = 'present' | 'absent' | 'denied' | 'unknown';

/** What one sync saw of a used table. */
export interface ObservedTable {
  readonly state: ObjectState;
  /** The kind, when present or denied. */
  readonly kind: TableKind | null;
  /** Why it is unknown, when it is. */
  readonly reason: string | null;
}

/** What one sync saw of a used column. */
export interface ObservedColumn {
  readonly state: ObjectState;
  /** Type and family, when present. */
  readonly value: ColumnValue | null;
}

/** Everything the classifier needs; it does no I/O and reads no clock. */
export interface CheckInput {
  readonly graph: DataGraph;
  readonly consumers: readonly Consumer[];
  readonly usage: GraphUsage;
  readonly snapshot: WarehouseSnapshot;
  readonly baseline: Baseline;
  /** Null before the first good sync: every unused name counts as new. */
  readonly knownNames: KnownNames | null;
}

/** What the classifier found. */
export interface CheckResult {
  /** Sorted definite first, then by key. */
  readonly observations: readonly Observation[];
  /** Every used table, by tableRef. */
  readonly tables: ReadonlyMap<string, ObservedTable>;
  /** Every used column, by `${tableRef}:${column}`. */
  readonly columns: ReadonlyMap<string, ObservedColumn>;
  /** Databases and schemas that could not be read. */
  readonly unknown: readonly UnknownDatabase[];
  /** Names seen now, to keep for the next sync's suggestions. */
  readonly knownNames: KnownNames;
}
