// Builders for check results and observations, so tests read as the
// warehouse situation they describe.
import type {
  CheckResult,
  KnownNames,
  ObjectState,
  ObservedColumn,
  ObservedTable,
} from '../../../src/model/check.js';
import type { TableKind, TypeFamily } from '../../../src/model/catalog.js';
import {
  SEVERITY_OF,
  findingKey,
  joinFindingKey,
  type FindingKind,
  type FindingValue,
  type JoinValue,
  type Observation,
} from '../../../src/model/finding.js';
import type { UnknownDatabase } from '../../../src/model/sync.js';
import type { LifecycleConfig, SyncOutcome } from '../../../src/state/store.js';

export const CART = 'PRODUCTION.CUST.CART';
export const ACCOUNT = 'PRODUCTION.CUST.ACCOUNT';
export const PRODUCT = 'PRODUCTION.CUST.PRODUCT';
export const ORDERS = 'PRODUCTION.CUST.ORDERS';

/** A column as a sync saw it: [type, family], or a state. */
export type ColumnSpec = readonly [string, TypeFamily] | 'absent' | 'unknown';

/** A table as a sync saw it. */
export interface TableSpec {
  readonly state?: ObjectState;
  readonly kind?: TableKind;
  readonly columns?: Readonly<Record<string, ColumnSpec>>;
}

/** The four tables of the usual test graph, all present. */
export function usualTables(): Record<string, TableSpec> {
  return {
    [CART]: {
      columns: { ID: ['bigint', 'number'], ACCOUNT_ID: ['bigint', 'number'] },
    },
    [ACCOUNT]: {
      columns: { ID: ['bigint', 'number'], EMAIL: ['text', 'string'] },
    },
    [PRODUCT]: { columns: { SKU: ['text', 'string'] } },
    [ORDERS]: { columns: { ID: ['bigint', 'number'] } },
  };
}

/** A check result from tables and the observations the classifier made. */
export function result(
  tables: Readonly<Record<string, TableSpec>>,
  observations: readonly Observation[] = [],
  unknown: readonly UnknownDatabase[] = [],
): CheckResult {
  const tableMap = new Map<string, ObservedTable>();
  const columnMap = new Map<string, ObservedColumn>();
  const schemas = new Map<string, string[]>();
  const tableNames = new Map<string, string[]>();

  for (const [ref, spec] of Object.entries(tables)) {
    const state = spec.state ?? 'present';
    const kind =
      state === 'present' || state === 'denied' ? (spec.kind ?? 'table') : null;
    tableMap.set(ref, {
      state,
      kind,
      reason: state === 'unknown' ? 'offline' : null,
    });
    for (const [name, c] of Object.entries(spec.columns ?? {})) {
      columnMap.set(`${ref}:${name}`, observedColumn(state, c));
    }
    if (state !== 'present') continue;
    const schema = ref.split('.').slice(0, 2).join('.');
    schemas.set(schema, [
      ...(schemas.get(schema) ?? []),
      ref.split('.')[2] ?? '',
    ]);
    tableNames.set(ref, Object.keys(spec.columns ?? {}));
  }

  const knownNames: KnownNames = { schemas, tables: tableNames };
  return {
    observations,
    tables: tableMap,
    columns: columnMap,
    unknown,
    knownNames,
  };
}

/** An observation as the classifier would make it. */
export function obs(
  kind: FindingKind,
  tableRef: string,
  column: string | null = null,
  values: { before?: FindingValue | null; after?: FindingValue | null } = {},
): Observation {
  return {
    key: findingKey(kind, tableRef, column),
    kind,
    severity: SEVERITY_OF[kind],
    tableRef,
    column,
    uses: [
      {
        subject: 'entity:cart',
        role: column === null ? 'table_ref' : 'primary_key',
      },
    ],
    before: values.before ?? null,
    after: values.after ?? null,
    message: `${kind} on ${tableRef}${column === null ? '' : `.${column}`}`,
    suggestion: null,
    affectedConsumers: [{ id: 'aud-carts', name: 'Carts' }],
  };
}

/** A join type mismatch between two columns. */
export function joinObs(
  left: [string, string, string],
  right: [string, string, string],
): Observation {
  const after: JoinValue = {
    left: { tableRef: left[0], column: left[1], type: left[2] },
    right: { tableRef: right[0], column: right[1], type: right[2] },
  };
  return {
    key: joinFindingKey(after),
    kind: 'join_type_mismatch',
    severity: 'potential',
    tableRef: right[0],
    column: right[1],
    uses: [{ subject: 'relationship:user-carts', role: 'join_on' }],
    before: null,
    after,
    message: 'join columns differ in type',
    suggestion: null,
    affectedConsumers: [],
  };
}

/** The default settings of SPEC §9. */
export const DEFAULTS: LifecycleConfig = {
  confirmAfter: 1,
  maxMissingRatio: 0.5,
  suspectSyncsBeforeOpen: 3,
};

/** An outcome at minute `minute` of a fixed day. */
export function outcome(
  checkResult: CheckResult | null,
  minute: number,
  config: Partial<LifecycleConfig> = {},
  extra: Partial<SyncOutcome> = {},
): SyncOutcome {
  return {
    finishedAt: at(minute),
    result: checkResult,
    error: null,
    metadataQueries: 2,
    graphTableCount: checkResult?.tables.size ?? 4,
    config: { ...DEFAULTS, ...config },
    ...extra,
  };
}

/** 2026-03-01T00:00Z plus `minute` minutes. */
export function at(minute: number): Date {
  return new Date(Date.UTC(2026, 2, 1) + minute * 60_000);
}

function observedColumn(
  tableState: ObjectState,
  spec: ColumnSpec,
): ObservedColumn {
  if (tableState === 'unknown' || spec === 'unknown') {
    return { state: 'unknown', value: null };
  }
  if (tableState !== 'present' || spec === 'absent') {
    return { state: 'absent', value: null };
  }
  return { state: 'present', value: { type: spec[0], family: spec[1] } };
}
