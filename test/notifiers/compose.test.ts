import { describe, expect, it } from 'vitest';
import { alertForOwner, composeSyncAlert } from '../../notifiers/compose.js';
import type { AlertContext } from '../../notifiers/compose.js';
import { formatDuration } from '../../notifiers/alert.js';
import {
  changedColumnType,
  droppedJoinColumn,
  droppedProductTable,
  OPENED_AT,
  SYNC_AT,
  SYNC_CONTEXT,
  syncReport,
} from './support/fixtures.js';

const context: AlertContext = {
  ...SYNC_CONTEXT,
  failedSyncsBeforeAlert: 3,
  repeatIntervalMs: null,
  lastReminderAt: null,
};

describe('composeSyncAlert', () => {
  it('says nothing when a sync changed nothing', () => {
    const stillOpen = droppedProductTable({
      new: false,
      firstSeenAt: OPENED_AT,
    });
    expect(composeSyncAlert(syncReport(4, [stillOpen]), context)).toBeNull();
    expect(composeSyncAlert(syncReport(5, []), context)).toBeNull();
  });

  it('names everything needed to act on an opened finding', () => {
    const alert = composeSyncAlert(
      syncReport(7, [droppedProductTable()]),
      context,
    );

    expect(alert?.summary).toBe('1 opened');
    expect(alert?.severity).toBe('definite');
    expect(alert?.items).toHaveLength(1);
    expect(alert?.items[0]).toMatchObject({
      change: 'opened',
      kind: 'table_missing',
      tableRef: 'PRODUCTION.PROD.PRODUCT_SKUS',
      column: null,
      before: { kind: 'table' },
      after: null,
      uses: [{ subject: 'entity:product-entity', role: 'table_ref' }],
      consumers: [
        {
          id: 'aud-product-buyers',
          name: 'Bought a product',
          owner: 'growth@example.com',
        },
      ],
      suggestion: 'table PRODUCT_SKUS may have been renamed to PRODUCT_SKUS_V2',
      url:
        'http://monitor.test:8080/#finding=' +
        'table_missing%3APRODUCTION.PROD.PRODUCT_SKUS',
    });
  });

  it('puts worsened first, then opened definite before potential, then resolved', () => {
    const potential = changedColumnType({
      key: 'column_type_changed:PRODUCTION.CUST.ACCOUNTS:PLAN',
      tableRef: 'PRODUCTION.CUST.ACCOUNTS',
      column: 'PLAN',
    });
    const superseded = changedColumnType({
      status: 'superseded',
      new: false,
      firstSeenAt: OPENED_AT,
      resolvedAt: SYNC_AT,
    });
    const resolved = droppedProductTable({
      status: 'resolved',
      new: false,
      firstSeenAt: OPENED_AT,
      resolvedAt: SYNC_AT,
    });
    const report = syncReport(8, [
      potential,
      droppedJoinColumn(),
      resolved,
      superseded,
    ]);

    const alert = composeSyncAlert(report, context);

    expect(alert?.items.map((i) => [i.change, i.severity])).toEqual([
      ['worsened', 'definite'],
      ['opened', 'potential'],
      ['resolved', 'definite'],
    ]);
    expect(alert?.items[0]?.supersedes).toEqual([superseded.key]);
    expect(alert?.summary).toBe('2 opened (1 worsened), 1 resolved');
  });

  it('takes worsened findings from the store when it says which they are', () => {
    const superseded = changedColumnType({
      status: 'superseded',
      new: false,
      tableRef: 'PRODUCTION.OTHER.TABLE',
      resolvedAt: SYNC_AT,
    });
    const report = syncReport(9, [droppedJoinColumn(), superseded]);
    const worsened = [
      { key: droppedJoinColumn().key, superseded: [superseded.key] },
    ];

    const alert = composeSyncAlert(report, { ...context, worsened });

    expect(alert?.items.map((i) => i.change)).toEqual(['worsened']);
  });

  it('says how long a resolved problem lasted', () => {
    const resolved = droppedProductTable({
      status: 'resolved',
      new: false,
      firstSeenAt: OPENED_AT,
      resolvedAt: SYNC_AT,
    });
    const alert = composeSyncAlert(syncReport(10, [resolved]), context);

    expect(alert?.severity).toBe('info');
    expect(alert?.items[0]?.durationMs).toBe(26.5 * 3600 * 1000);
    expect(formatDuration(alert?.items[0]?.durationMs ?? 0)).toBe('1d 2h');
  });
});

describe('reminders', () => {
  const old = droppedProductTable({ new: false, firstSeenAt: OPENED_AT });
  const daily = { ...context, repeatIntervalMs: 24 * 3600 * 1000 };

  it('reminds of open unacknowledged definite findings once the interval passed', () => {
    const alert = composeSyncAlert(syncReport(11, [old]), daily);

    expect(alert?.isReminder).toBe(true);
    expect(alert?.items.map((i) => i.change)).toEqual(['still_open']);
  });

  it('waits for the interval since the last reminder', () => {
    const recent = { ...daily, lastReminderAt: '2026-03-02T01:00:00.000Z' };
    expect(composeSyncAlert(syncReport(12, [old]), recent)).toBeNull();
  });

  it('leaves acknowledged, snoozed and potential findings out of reminders', () => {
    const findings = [
      droppedProductTable({
        new: false,
        firstSeenAt: OPENED_AT,
        acknowledged: true,
      }),
      droppedJoinColumn({
        new: false,
        firstSeenAt: OPENED_AT,
        snoozedUntil: '2026-03-03T00:00:00.000Z',
      }),
      changedColumnType({ new: false, firstSeenAt: OPENED_AT }),
    ];
    expect(composeSyncAlert(syncReport(13, findings), daily)).toBeNull();
  });

  it('sends no reminder without alerts.repeat_interval', () => {
    expect(composeSyncAlert(syncReport(14, [old]), context)).toBeNull();
  });
});

describe('operational alerts', () => {
  function failed(id: number, status: 'failed' | 'partial' = 'failed') {
    const report = syncReport(id, [], status);
    return {
      ...report,
      sync: {
        ...report.sync,
        unknown: [
          { database: 'PRODUCTION', reason: 'password authentication failed' },
        ],
      },
    };
  }

  it('says once that the warehouse cannot be read, at the third failed sync', () => {
    const kinds = [0, 1, 2, 3].map(
      (before) =>
        composeSyncAlert(failed(20 + before), {
          ...context,
          failuresBefore: before,
        })?.operational.map((n) => n.kind) ?? [],
    );

    expect(kinds).toEqual([[], [], ['warehouse_unreadable'], []]);
    const alert = composeSyncAlert(failed(22, 'partial'), {
      ...context,
      failuresBefore: 2,
    });
    expect(alert?.operational[0]?.details).toContain(
      'PRODUCTION: password authentication failed',
    );
    expect(alert?.severity).toBe('error');
  });

  it('says the warehouse recovered at the first good sync after the alert', () => {
    const alert = composeSyncAlert(syncReport(30, []), {
      ...context,
      failuresBefore: 5,
    });
    expect(alert?.operational.map((n) => n.kind)).toEqual([
      'warehouse_recovered',
    ]);
    expect(
      composeSyncAlert(syncReport(31, []), { ...context, failuresBefore: 2 }),
    ).toBeNull();
  });

  it('tells every suspect sync', () => {
    const first = composeSyncAlert(syncReport(40, [], 'suspect'), context);
    const second = composeSyncAlert(syncReport(41, [], 'suspect'), context);
    expect(first?.operational[0]?.kind).toBe('sync_suspect');
    expect(second?.operational[0]?.title).toBe('suspect sync 41');
  });

  it('says nothing for a busy report, which is not a sync', () => {
    const busy = syncReport(1, [droppedProductTable()], 'busy');
    expect(
      composeSyncAlert({ ...busy, sync: { ...busy.sync, id: null } }, context),
    ).toBeNull();
  });
});

describe('alertForOwner', () => {
  it('keeps only the findings that affect the owner’s consumers', () => {
    const report = syncReport(50, [droppedProductTable(), droppedJoinColumn()]);
    const alert = composeSyncAlert(report, context);
    if (alert === null) throw new Error('expected an alert');

    const growth = alertForOwner(alert, 'Growth@Example.com');
    expect(growth?.items.map((i) => i.tableRef)).toEqual([
      'PRODUCTION.PROD.PRODUCT_SKUS',
    ]);
    expect(growth?.summary).toBe('1 opened');
    expect(alertForOwner(alert, 'nobody@example.com')).toBeNull();
  });
});
