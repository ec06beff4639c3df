// Sync reports and findings shaped like the shared cases (test/fixtures/cases).
import type { Consumer } from '../../../src/model/consumer.js';
import type { FindingReport } from '../../../src/model/finding.js';
import type { SyncReport, SyncStatus } from '../../../src/model/sync.js';
import type { SyncAlertContext } from '../../../notifiers/delivery.js';

export const CONSUMERS: readonly Consumer[] = [
  {
    id: 'aud-premium-carts',
    name: 'Premium shoppers with open carts',
    type: 'linked_audience',
    uses: ['relationship:user-carts'],
    owner: 'carts@example.com',
  },
  {
    id: 'aud-product-buyers',
    name: 'Bought a product',
    type: 'linked_audience',
    uses: ['relationship:products'],
    owner: 'growth@example.com',
  },
  {
    id: 'evt-cart-enrich',
    name: 'Cart enrichment of checkout events',
    type: 'linked_event',
    uses: ['entity:cart-entity'],
    owner: null,
  },
];

export const OPENED_AT = '2026-03-01T08:00:00.000Z';
export const SYNC_AT = '2026-03-02T10:30:00.000Z';

/** The table of C1 dropped: the product entity's table. */
export function droppedProductTable(
  overrides: Partial<FindingReport> = {},
): FindingReport {
  return {
    key: 'table_missing:PRODUCTION.PROD.PRODUCT_SKUS',
    kind: 'table_missing',
    severity: 'definite',
    status: 'open',
    new: true,
    tableRef: 'PRODUCTION.PROD.PRODUCT_SKUS',
    column: null,
    uses: [{ subject: 'entity:product-entity', role: 'table_ref' }],
    before: { kind: 'table' },
    after: null,
    affectedConsumers: [{ id: 'aud-product-buyers', name: 'Bought a product' }],
    message:
      'table missing: table PRODUCTION.PROD.PRODUCT_SKUS is not in the ' +
      'warehouse; used by entity:product-entity (table_ref); restore it or ' +
      'point the graph at the table that replaced it',
    suggestion: 'table PRODUCT_SKUS may have been renamed to PRODUCT_SKUS_V2',
    acknowledged: false,
    snoozedUntil: null,
    firstSeenAt: SYNC_AT,
    resolvedAt: null,
    ...overrides,
  };
}

/** The join column of C2 dropped: CART.ACCOUNT_ID. */
export function droppedJoinColumn(
  overrides: Partial<FindingReport> = {},
): FindingReport {
  return {
    ...droppedProductTable(),
    key: 'column_missing:PRODUCTION.CUST.CART:ACCOUNT_ID',
    kind: 'column_missing',
    tableRef: 'PRODUCTION.CUST.CART',
    column: 'ACCOUNT_ID',
    uses: [{ subject: 'relationship:user-carts', role: 'join_on' }],
    before: { type: 'bigint', family: 'number' },
    after: null,
    affectedConsumers: [
      { id: 'aud-premium-carts', name: 'Premium shoppers with open carts' },
    ],
    message:
      'column missing: column PRODUCTION.CUST.CART.ACCOUNT_ID is not in its ' +
      'table; used by relationship:user-carts (join_on)',
    suggestion: null,
    ...overrides,
  };
}

/** A potential finding: a column whose type family changed. */
export function changedColumnType(
  overrides: Partial<FindingReport> = {},
): FindingReport {
  return {
    ...droppedJoinColumn(),
    key: 'column_type_changed:PRODUCTION.CUST.CART:ACCOUNT_ID',
    kind: 'column_type_changed',
    severity: 'potential',
    before: { type: 'bigint', family: 'number' },
    after: { type: 'text', family: 'string' },
    message: 'column type changed: CART.ACCOUNT_ID from bigint to text',
    ...overrides,
  };
}

/** `count` dropped tables with distinct names. */
export function manyDroppedTables(count: number): FindingReport[] {
  return Array.from({ length: count }, (_, i) => {
    const table = `PRODUCTION.PROD.T${String(i).padStart(3, '0')}`;
    return droppedProductTable({
      key: `table_missing:${table}`,
      tableRef: table,
    });
  });
}

/** A report of sync `id` holding `findings`. */
export function syncReport(
  id: number,
  findings: readonly FindingReport[],
  status: SyncStatus = 'ok',
): SyncReport {
  const open = findings.filter((f) => f.status === 'open');
  return {
    sync: {
      id,
      status,
      startedAt: '2026-03-02T10:29:58.000Z',
      finishedAt: SYNC_AT,
      error: status === 'ok' ? null : `sync ${status}`,
      metadataQueries: 2,
      unknown: [],
    },
    findings,
    summary: {
      open: {
        definite: open.filter((f) => f.severity === 'definite').length,
        potential: open.filter((f) => f.severity === 'potential').length,
      },
      opened: findings.filter((f) => f.new).length,
      worsened: 0,
      resolved: findings.filter((f) => f.status === 'resolved').length,
    },
  };
}

/** What the scheduler would pass for a sync after good ones. */
export const SYNC_CONTEXT: SyncAlertContext = {
  warehouseLabel: 'postgres production',
  publicUrl: 'http://monitor.test:8080',
  consumers: CONSUMERS,
  failuresBefore: 0,
};
