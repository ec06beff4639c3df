import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/model/check.js';
import { StateError } from '../../src/model/errors.js';
import { migrate } from '../../src/state/migrations.js';
import { CORE_MIGRATIONS } from '../../src/state/schema-core.js';
import { OUTBOX_MIGRATIONS } from '../../src/state/schema-outbox.js';
import { openStateStore } from '../../src/state/sqlite-store.js';
import type {
  LifecycleConfig,
  SqliteStateStore,
  SyncOutcome,
} from '../../src/state/store.js';
import {
  CART,
  ORDERS,
  at,
  obs,
  outcome,
  result,
  usualTables,
} from './support/fixtures.js';
import { freshStore, tempFolder, tempStatePath } from './support/temp-state.js';

const accountIdGone = obs('column_missing', CART, 'ACCOUNT_ID');
const missingTables = {
  ...usualTables(),
  [CART]: { columns: { ID: ['bigint', 'number'], ACCOUNT_ID: 'absent' } },
} as const;

describe('openStateStore', () => {
  it('creates the file and its folders in WAL mode with foreign keys on', () => {
    const path = join(tempFolder(), 'a', 'b', 'monitor.db');
    const store = freshStore(path);

    expect(store.path).toBe(path);
    expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.database.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.database.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('applies each migration once however often the file is opened', () => {
    const path = tempStatePath();
    const first = openStateStore(path);
    const id = first.beginSync(at(0));
    first.close();

    const second = freshStore(path);
    migrate(second.database);
    const ids = second.database
      .prepare('SELECT id FROM schema_migrations ORDER BY id')
      .pluck()
      .all();

    const expected = [...CORE_MIGRATIONS, ...OUTBOX_MIGRATIONS].map(
      (m) => m.id,
    );
    expect(ids).toEqual(expected.sort());
    expect(second.recentSyncs(5).map((s) => s.id)).toEqual([id]);
  });

  it('refuses a file that is not a state file with a message naming it', () => {
    const path = tempStatePath();
    writeFileSync(path, 'this is not a database, just some text '.repeat(200));

    expect(() => openStateStore(path)).toThrow(StateError);
    expect(() => openStateStore(path)).toThrow(
      new RegExp(`state file ${path}: .*not a state file or it is corrupt`),
    );
  });

  it('says which folder it could not create', () => {
    const blocker = join(tempFolder(), 'plain-file');
    writeFileSync(blocker, 'x');

    expect(() => openStateStore(join(blocker, 'monitor.db'))).toThrow(
      /cannot create its folder .*plain-file/,
    );
  });

  it('refuses a folder given as the state file', () => {
    const folder = join(tempFolder(), 'state.db');
    mkdirSync(folder);

    expect(() => openStateStore(folder)).toThrow(/state file .*state\.db: /);
  });
});

describe('finishSync', () => {
  it('records the report it returns and shows it in status', () => {
    const store = freshStore();
    const report = sync(store, result(missingTables, [accountIdGone]), 1);

    expect(report.sync).toMatchObject({ status: 'ok', metadataQueries: 2 });
    expect(report.findings.map((f) => [f.key, f.new])).toEqual([
      [accountIdGone.key, true],
    ]);
    const status = store.status();
    expect(status.lastSync).toEqual(report.sync);
    expect(status.findings).toEqual(report.findings);
    expect(status.summary.open).toEqual({ definite: 1, potential: 0 });
    expect(store.recentSyncs(1)[0]).toMatchObject({ opened: 1, resolved: 0 });
  });

  it('opens a finding after two good syncs in a row with confirm_after 2', () => {
    const store = freshStore();
    const seen = result(missingTables, [accountIdGone]);
    const twice = { confirmAfter: 2 };

    expect(sync(store, seen, 1, twice).summary.opened).toBe(0);
    expect(sync(store, null, 2, twice).sync.status).toBe('failed');
    expect(sync(store, seen, 3, twice).summary.opened).toBe(1);
    expect(sync(store, result(usualTables()), 4, twice).summary.resolved).toBe(
      1,
    );
    expect(sync(store, seen, 5, twice).summary.opened).toBe(0);
    expect(sync(store, result(usualTables()), 6, twice).summary.opened).toBe(0);
    expect(sync(store, seen, 7, twice).summary.opened).toBe(0);
  });

  it('holds a mass disappearance back for three suspect syncs, then opens it', () => {
    const store = freshStore();
    const gone = massDisappearance();
    sync(store, result(usualTables()), 0);

    const statuses = [1, 2, 3, 4].map((m) => sync(store, gone, m).sync.status);

    expect(statuses).toEqual(['suspect', 'suspect', 'suspect', 'ok']);
    expect(store.openFindings()).toHaveLength(3);
    expect(store.recentSyncs(4).map((s) => s.opened)).toEqual([3, 0, 0, 0]);
  });

  it('starts the suspect count again after any other sync in between', () => {
    const store = freshStore();
    const gone = massDisappearance();

    sync(store, gone, 1);
    sync(store, gone, 2);
    sync(store, result(usualTables()), 3);
    sync(store, gone, 4);
    sync(store, gone, 5);
    store.beginSync(at(6)); // a crash: recorded failed by the next lock taker
    store.takeLock({ token: 't', pid: 1, host: 'h' }, at(7), null);
    store.releaseLock('t');
    const after = [8, 9, 10, 11].map((m) => sync(store, gone, m).sync.status);

    expect(after).toEqual(['suspect', 'suspect', 'suspect', 'ok']);
  });

  it('supersedes acknowledged and snoozed potential findings when the column goes', () => {
    const store = freshStore();
    const asText = withAccountId(['text', 'string']);
    const changed = obs('column_type_changed', CART, 'ACCOUNT_ID', {
      before: { type: 'bigint', family: 'number' },
      after: { type: 'text', family: 'string' },
    });
    sync(store, result(usualTables()), 0);
    sync(store, result(asText, [changed]), 1);
    store.snooze(changed.key, at(10_000), at(2));

    const report = sync(store, result(missingTables, [accountIdGone]), 3);

    expect(report.summary).toMatchObject({
      opened: 1,
      worsened: 1,
      resolved: 0,
    });
    expect(report.findings.map((f) => [f.key, f.status, f.new])).toEqual([
      [accountIdGone.key, 'open', true],
      [changed.key, 'superseded', false],
    ]);
    expect(report.findings[0]).toMatchObject({
      acknowledged: false,
      snoozedUntil: null,
    });
    expect(store.syncChanges(report.sync.id ?? 0)).toEqual({
      worsened: [{ key: accountIdGone.key, superseded: [changed.key] }],
      ended: [{ key: changed.key, reason: 'superseded' }],
    });
  });

  it('accepts an acknowledged type change at the next good sync', () => {
    const store = freshStore();
    const asText = withAccountId(['text', 'string']);
    const changed = obs('column_type_changed', CART, 'ACCOUNT_ID', {
      before: { type: 'bigint', family: 'number' },
      after: { type: 'text', family: 'string' },
    });
    sync(store, result(usualTables()), 0);
    sync(store, result(asText, [changed]), 1);

    expect(store.acknowledge(changed.key, at(2))).toBe(true);
    const report = sync(store, result(asText, [changed]), 3);

    expect(report.findings).toMatchObject([
      { key: changed.key, status: 'resolved', acknowledged: true },
    ]);
    expect(store.syncChanges(report.sync.id ?? 0)?.ended).toEqual([
      { key: changed.key, reason: 'accepted' },
    ]);
    const accepted = store.loadCheckContext().baseline.columns;
    expect(accepted.get(`${CART}:ACCOUNT_ID`)).toEqual({
      type: 'text',
      family: 'string',
    });
    expect(historyReasons(store)).toEqual(['accepted']);
  });

  it('keeps raw type changes inside a family silently, in history', () => {
    const store = freshStore();
    sync(store, result(usualTables()), 0);

    const report = sync(store, result(withAccountId(['integer', 'number'])), 1);

    expect(report.findings).toEqual([]);
    const accepted = store.loadCheckContext().baseline.columns;
    expect(accepted.get(`${CART}:ACCOUNT_ID`)).toEqual({
      type: 'integer',
      family: 'number',
    });
    expect(historyReasons(store)).toEqual(['same_family']);
  });

  it('rereads a baseline another process changed after the sync read it', () => {
    const path = tempStatePath();
    const store = freshStore(path);
    const other = freshStore(path);
    const asInteger = result(withAccountId(['integer', 'number']));
    sync(store, result(usualTables()), 0);

    const id = store.beginSync(at(1));
    store.loadCheckContext();
    sync(other, asInteger, 2);
    store.finishSync(id, outcome(asInteger, 3));

    expect(historyReasons(store)).toEqual(['same_family']);
    other.close();
  });

  it('commits what the caller writes within it together with the sync', () => {
    const store = freshStore();
    store.database.exec('CREATE TABLE test_alerts (sync_id INTEGER)');
    const id = store.beginSync(at(0));
    const seen = outcome(result(missingTables, [accountIdGone]), 1);
    const write = (report: { sync: { id: number | null } }) =>
      store.database
        .prepare('INSERT INTO test_alerts VALUES (?)')
        .run(report.sync.id);

    expect(() =>
      store.finishSync(id, seen, (report) => {
        write(report);
        throw new Error('delivery bug');
      }),
    ).toThrow('delivery bug');
    expect(store.recentSyncs(1)[0]?.status).toBe('running');
    expect(store.openFindings()).toEqual([]);

    store.finishSync(id, seen, write);
    const alerts = store.database.prepare('SELECT sync_id FROM test_alerts');
    expect(alerts.pluck().all()).toEqual([id]);
    expect(store.openFindings()).toHaveLength(1);
  });

  it('refuses to finish a sync that is not running', () => {
    const store = freshStore();
    const id = store.beginSync(at(0));
    store.finishSync(id, outcome(result(usualTables()), 1));

    expect(() => store.finishSync(id, outcome(null, 2))).toThrow(
      /sync \d+ is already recorded ok/,
    );
    expect(() => store.finishSync(999, outcome(null, 2))).toThrow(
      /sync 999 was never begun/,
    );
  });

  it('keeps the names of a good sync and no others', () => {
    const store = freshStore();
    expect(store.loadCheckContext().knownNames).toBeNull();

    sync(store, result(usualTables()), 1);
    sync(store, massDisappearance(), 2);

    const names = store.loadCheckContext().knownNames;
    expect(names?.tables.get(CART)).toEqual(['ID', 'ACCOUNT_ID']);
    expect(names?.schemas.get('PRODUCTION.CUST')).toHaveLength(4);
  });
});

describe('acknowledge and snooze', () => {
  it('address only the open occurrence and do not carry over', () => {
    const store = freshStore();
    const seen = result(missingTables, [accountIdGone]);
    sync(store, seen, 1);
    expect(store.acknowledge(accountIdGone.key, at(2))).toBe(true);
    expect(store.snooze(accountIdGone.key, at(600), at(2))).toBe(true);
    expect(store.openFindings()[0]).toMatchObject({
      acknowledged: true,
      snoozedUntil: at(600).toISOString(),
    });

    sync(store, result(usualTables()), 3);
    expect(store.acknowledge(accountIdGone.key, at(4))).toBe(false);
    expect(store.snooze(accountIdGone.key, at(600), at(4))).toBe(false);
    const back = sync(store, seen, 5);

    expect(back.findings).toMatchObject([
      {
        key: accountIdGone.key,
        new: true,
        acknowledged: false,
        snoozedUntil: null,
      },
    ]);
    expect(back.findings[0]?.firstSeenAt).toBe(at(5).toISOString());
    const rows = store.database
      .prepare(
        'SELECT status FROM finding_occurrences WHERE key = ? ORDER BY id',
      )
      .pluck()
      .all(accountIdGone.key);
    expect(rows).toEqual(['resolved', 'open']);
  });

  it('cannot leave two open occurrences of one key', () => {
    const store = freshStore();
    sync(store, result(missingTables, [accountIdGone]), 1);

    const copy = () =>
      store.database.exec(
        'INSERT INTO finding_occurrences (key, kind, severity, table_ref, ' +
          'column_name, uses, message, affected_consumers, status, ' +
          'opened_sync_id, first_seen_at, last_seen_at) SELECT key, kind, ' +
          'severity, table_ref, column_name, uses, message, ' +
          'affected_consumers, status, opened_sync_id, first_seen_at, ' +
          'last_seen_at FROM finding_occurrences',
      );
    expect(copy).toThrow(/UNIQUE constraint failed/);
  });
});

describe('history', () => {
  it('counts failed and partial syncs in a row with what could not be read', () => {
    const store = freshStore();
    const partial = result(
      { ...usualTables(), [CART]: { state: 'unknown' } },
      [],
      [{ database: 'PRODUCTION', reason: 'timeout' }],
    );
    const refused = {
      error: 'connection refused',
      unknown: [{ database: 'PRODUCTION', reason: 'connection refused' }],
    };
    sync(store, result(usualTables()), 0);
    sync(store, null, 1, {}, refused);
    sync(store, partial, 2);
    sync(store, null, 3, {}, refused);

    expect(store.consecutiveFailures()).toEqual({
      count: 3,
      since: at(1).toISOString(),
      unknown: [{ database: 'PRODUCTION', reason: 'connection refused' }],
      lastError: 'connection refused',
    });
    sync(store, result(usualTables()), 4);
    expect(store.consecutiveFailures().count).toBe(0);
  });

  it('neither counts nor ends a streak with syncs that were interrupted', () => {
    const store = freshStore();
    const refused = {
      error: 'connection refused',
      unknown: [{ database: 'PRODUCTION', reason: 'connection refused' }],
    };
    sync(store, result(usualTables()), 0);
    sync(store, null, 1, {}, refused);
    sync(store, null, 2, {}, { error: 'sync cancelled', unknown: [] });
    sync(store, null, 3, {}, { error: 'sync cancelled', unknown: [] });

    expect(store.consecutiveFailures()).toMatchObject({
      count: 1,
      since: at(1).toISOString(),
    });
  });

  it('resolves findings of objects removed from the graph', () => {
    const store = freshStore();
    sync(store, result(missingTables, [accountIdGone]), 1);

    const resolved = store.resolveRemoved({ tables: [], joins: [] }, at(2));

    expect(resolved).toMatchObject([
      {
        key: accountIdGone.key,
        status: 'resolved',
        resolvedAt: at(2).toISOString(),
      },
    ]);
    expect(store.openFindings()).toEqual([]);
    const reason = store.database
      .prepare('SELECT resolve_reason FROM finding_occurrences')
      .pluck()
      .get();
    expect(reason).toBe('removed from the graph');
  });

  it('prunes resolved findings, history and syncs past the retention', () => {
    const store = freshStore();
    const day = 24 * 60;
    const ordersGone = obs('table_missing', ORDERS);
    const noOrders = { [ORDERS]: { state: 'absent' } } as const;
    sync(store, result(usualTables()), 0);
    sync(
      store,
      result({ ...missingTables, ...noOrders }, [accountIdGone, ordersGone]),
      1,
    );
    sync(
      store,
      result({ ...withAccountId(['integer', 'number']), ...noOrders }, [
        ordersGone,
      ]),
      2,
    );
    sync(
      store,
      result({ ...usualTables(), ...noOrders }, [ordersGone]),
      100 * day,
    );

    const pruned = store.prune(at(100 * day), 90 * day * 60_000);

    expect(pruned).toEqual({
      syncs: 2,
      occurrences: 1,
      history: 1,
      pending: 0,
    });
    expect(store.recentSyncs(10).map((s) => s.finishedAt)).toEqual([
      at(100 * day).toISOString(),
      at(1).toISOString(),
    ]);
    expect(store.openFindings().map((f) => f.key)).toEqual([ordersGone.key]);
  });
});

function sync(
  store: SqliteStateStore,
  checked: CheckResult | null,
  minute: number,
  config: Partial<LifecycleConfig> = {},
  extra: Partial<SyncOutcome> = {},
) {
  const id = store.beginSync(at(minute));
  return store.finishSync(id, outcome(checked, minute, config, extra));
}

function massDisappearance(): CheckResult {
  const tables = usualTables();
  const refs = Object.keys(tables).slice(0, 3);
  return result(
    {
      ...tables,
      ...Object.fromEntries(refs.map((r) => [r, { state: 'absent' }])),
    },
    refs.map((r) => obs('table_missing', r)),
  );
}

function withAccountId(column: readonly [string, 'number' | 'string']) {
  return {
    ...usualTables(),
    [CART]: { columns: { ID: ['bigint', 'number'], ACCOUNT_ID: column } },
  } as const;
}

function historyReasons(store: SqliteStateStore): unknown[] {
  return store.database
    .prepare('SELECT reason FROM baseline_history ORDER BY id')
    .pluck()
    .all();
}
