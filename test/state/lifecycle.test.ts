import { describe, expect, it } from 'vitest';
import type { Baseline } from '../../src/model/check.js';
import type { FindingReport, Observation } from '../../src/model/finding.js';
import type { SyncSummary } from '../../src/model/sync.js';
import type { SuspectGuardState } from '../../src/state/lifecycle-guard.js';
import {
  planSync,
  type LifecycleInput,
  type PendingObservation,
} from '../../src/state/lifecycle.js';
import type { SyncOutcome } from '../../src/state/store.js';
import {
  ACCOUNT,
  CART,
  ORDERS,
  PRODUCT,
  at,
  joinObs,
  obs,
  outcome,
  result,
  usualTables,
} from './support/fixtures.js';

const cartGone = obs('table_missing', CART);
const accountIdGone = obs('column_missing', CART, 'ACCOUNT_ID');
const accountIdText = obs('column_type_changed', CART, 'ACCOUNT_ID', {
  before: { type: 'bigint', family: 'number' },
  after: { type: 'text', family: 'string' },
});
const cartIsView = obs('table_kind_changed', CART, null, {
  before: { kind: 'table' },
  after: { kind: 'view' },
});
const cartJoin = joinObs(
  [ACCOUNT, 'ID', 'bigint'],
  [CART, 'ACCOUNT_ID', 'text'],
);
const emailPk = obs('primary_key_not_unique', ACCOUNT, 'EMAIL');

const withCart = (spec: object) => ({ ...usualTables(), [CART]: spec });
const cartAbsent = withCart({ state: 'absent' });
const cartUnknown = withCart({ state: 'unknown' });
const accountIdAsText = withCart({
  columns: { ID: ['bigint', 'number'], ACCOUNT_ID: ['text', 'string'] },
});
const accountIdMissing = withCart({
  columns: { ID: ['bigint', 'number'], ACCOUNT_ID: 'absent' },
});
const threeGone = {
  ...usualTables(),
  [CART]: { state: 'absent' },
  [ACCOUNT]: { state: 'absent' },
  [PRODUCT]: { state: 'denied' },
} as const;
const threeGoneObs = [
  obs('table_missing', ACCOUNT),
  cartGone,
  obs('access_denied', PRODUCT),
];
const threeGoneSet = [ACCOUNT, CART, PRODUCT];

interface Case {
  readonly name: string;
  readonly outcome: SyncOutcome;
  readonly open?: readonly FindingReport[];
  readonly pending?: readonly PendingObservation[];
  readonly guard?: SuspectGuardState | null;
  readonly baseline?: Baseline;
  readonly status: string;
  readonly opened?: readonly string[];
  readonly ended?: readonly (readonly [string, string, string])[];
  readonly pendingAfter?: readonly (readonly [string, number])[] | null;
  readonly guardAfter?: SuspectGuardState | null;
  readonly summary?: Partial<SyncSummary>;
}

const cases: Case[] = [
  {
    name: 'a first good sync opens what it sees and marks it new',
    outcome: outcome(result(accountIdMissing, [accountIdGone]), 1),
    status: 'ok',
    opened: [accountIdGone.key],
    summary: { opened: 1, resolved: 0, open: { definite: 1, potential: 0 } },
  },
  {
    name: 'a good sync that sees the object without the problem resolves it as fixed',
    outcome: outcome(result(usualTables()), 2),
    open: [asOpen(accountIdGone)],
    status: 'ok',
    ended: [[accountIdGone.key, 'resolved', 'fixed']],
    summary: { resolved: 1, open: { definite: 0, potential: 0 } },
  },
  {
    name: 'an open finding whose table is unknown stays open in a partial sync',
    outcome: outcome(
      result(cartUnknown, [], [{ database: 'PRODUCTION', reason: 'timeout' }]),
      2,
    ),
    open: [
      asOpen(accountIdGone),
      asOpen(obs('column_missing', ACCOUNT, 'EMAIL')),
    ],
    status: 'partial',
    ended: [[findKey('column_missing', ACCOUNT, 'EMAIL'), 'resolved', 'fixed']],
  },
  {
    name: 'a lost warehouse fails the sync and changes nothing',
    outcome: outcome(null, 2, {}, { error: 'connection refused' }),
    open: [asOpen(accountIdGone)],
    pending: [pending(cartIsView, 1)],
    status: 'failed',
    pendingAfter: null,
    summary: { opened: 0, resolved: 0, open: { definite: 1, potential: 0 } },
  },
  {
    name: 'a sync where every table is unknown is failed, not partial',
    outcome: outcome(
      result(
        Object.fromEntries(
          Object.keys(usualTables()).map((t) => [t, { state: 'unknown' }]),
        ),
        [],
        [{ database: 'PRODUCTION', reason: 'permission denied' }],
      ),
      2,
    ),
    open: [asOpen(accountIdGone)],
    status: 'failed',
    pendingAfter: null,
  },
  {
    name: 'with confirm_after 2 a first sighting only counts',
    outcome: outcome(result(accountIdMissing, [accountIdGone]), 1, {
      confirmAfter: 2,
    }),
    status: 'ok',
    pendingAfter: [[accountIdGone.key, 1]],
    summary: { opened: 0 },
  },
  {
    name: 'with confirm_after 2 a second sighting in a row opens it',
    outcome: outcome(result(accountIdMissing, [accountIdGone]), 2, {
      confirmAfter: 2,
    }),
    pending: [pending(accountIdGone, 1)],
    status: 'ok',
    opened: [accountIdGone.key],
    pendingAfter: [],
  },
  {
    name: 'a good sync that no longer sees a pending finding resets its count',
    outcome: outcome(result(usualTables()), 2, { confirmAfter: 2 }),
    pending: [pending(accountIdGone, 1)],
    status: 'ok',
    pendingAfter: [],
  },
  {
    name: 'a partial sync that cannot see a pending finding keeps its count',
    outcome: outcome(
      result(cartUnknown, [], [{ database: 'PRODUCTION', reason: 'x' }]),
      2,
      {
        confirmAfter: 2,
      },
    ),
    pending: [pending(accountIdGone, 1)],
    status: 'partial',
    pendingAfter: [[accountIdGone.key, 1]],
  },
  {
    name: 'more than half of four tables newly missing makes the sync suspect',
    outcome: outcome(result(threeGone, threeGoneObs), 2),
    open: [asOpen(obs('column_missing', ORDERS, 'ID'))],
    status: 'suspect',
    opened: [],
    ended: [],
    pendingAfter: null,
    guardAfter: { tables: threeGoneSet, count: 1 },
  },
  {
    name: 'the third suspect sync with the same set counts three',
    outcome: outcome(result(threeGone, threeGoneObs), 3),
    guard: { tables: threeGoneSet, count: 2 },
    status: 'suspect',
    guardAfter: { tables: threeGoneSet, count: 3 },
  },
  {
    name: 'after three suspect syncs with the same set the next one opens them',
    outcome: outcome(result(threeGone, threeGoneObs), 4, { confirmAfter: 2 }),
    guard: { tables: threeGoneSet, count: 3 },
    status: 'ok',
    opened: threeGoneObs.map((o) => o.key).sort(),
    guardAfter: null,
  },
  {
    name: 'a different set of missing tables starts the suspect count again',
    outcome: outcome(result(threeGone, threeGoneObs), 4),
    guard: { tables: [ACCOUNT, CART, ORDERS], count: 3 },
    status: 'suspect',
    guardAfter: { tables: threeGoneSet, count: 1 },
  },
  {
    name: 'exactly half of the tables missing is not suspect',
    outcome: outcome(
      result(
        {
          ...usualTables(),
          [CART]: { state: 'absent' },
          [ACCOUNT]: { state: 'absent' },
        },
        [obs('table_missing', ACCOUNT), cartGone],
      ),
      2,
    ),
    status: 'ok',
    opened: [findKey('table_missing', ACCOUNT, null), cartGone.key],
  },
  {
    name: 'a graph of three tables all missing is not guarded',
    outcome: outcome(
      result(
        {
          [CART]: { state: 'absent' },
          [ACCOUNT]: { state: 'absent' },
          [PRODUCT]: { state: 'absent' },
        },
        [
          obs('table_missing', ACCOUNT),
          cartGone,
          obs('table_missing', PRODUCT),
        ],
      ),
      2,
    ),
    status: 'ok',
    opened: [
      findKey('table_missing', ACCOUNT, null),
      cartGone.key,
      findKey('table_missing', PRODUCT, null),
    ],
  },
  {
    name: 'tables already reported missing do not count as newly missing',
    outcome: outcome(result(threeGone, threeGoneObs), 2),
    open: [asOpen(obs('table_missing', ACCOUNT)), asOpen(cartGone)],
    status: 'ok',
    opened: [findKey('access_denied', PRODUCT, null)],
  },
  {
    name: 'a column going missing supersedes its type change and the join through it',
    outcome: outcome(result(accountIdMissing, [accountIdGone]), 2),
    open: [
      asOpen(accountIdText, { acknowledged: true }),
      asOpen(cartJoin, { snoozedUntil: at(600).toISOString() }),
    ],
    status: 'ok',
    opened: [accountIdGone.key],
    ended: [
      [accountIdText.key, 'superseded', 'superseded'],
      [cartJoin.key, 'superseded', 'superseded'],
    ],
    summary: {
      opened: 1,
      worsened: 1,
      resolved: 0,
      open: { definite: 1, potential: 0 },
    },
  },
  {
    name: 'a table going missing supersedes its kind change and its columns but not other tables',
    outcome: outcome(result(cartAbsent, [cartGone]), 2),
    open: [asOpen(cartIsView), asOpen(accountIdText), asOpen(emailPk)],
    status: 'ok',
    opened: [cartGone.key],
    ended: [
      [cartIsView.key, 'superseded', 'superseded'],
      [accountIdText.key, 'superseded', 'superseded'],
    ],
    summary: { worsened: 1, open: { definite: 1, potential: 1 } },
  },
  {
    name: 'a table that became unreadable supersedes its kind change',
    outcome: outcome(
      result(withCart({ state: 'denied', kind: 'view' }), [
        obs('access_denied', CART),
      ]),
      2,
    ),
    open: [asOpen(cartIsView)],
    status: 'ok',
    opened: [findKey('access_denied', CART, null)],
    ended: [[cartIsView.key, 'superseded', 'superseded']],
    summary: { worsened: 1 },
  },
  {
    name: 'an acknowledged type change still seen is accepted into the baseline',
    outcome: outcome(result(accountIdAsText, [accountIdText]), 2),
    open: [asOpen(accountIdText, { acknowledged: true })],
    status: 'ok',
    opened: [],
    ended: [[accountIdText.key, 'resolved', 'accepted']],
    summary: { resolved: 1 },
  },
  {
    name: 'an unacknowledged type change stays open while the type differs',
    outcome: outcome(result(accountIdAsText, [accountIdText]), 2),
    open: [asOpen(accountIdText)],
    status: 'ok',
    ended: [],
    summary: { opened: 0, open: { definite: 0, potential: 1 } },
  },
  {
    name: 'a type change hidden by its missing table is left alone',
    outcome: outcome(result(cartAbsent, []), 2),
    open: [asOpen(accountIdText), asOpen(accountIdGone)],
    status: 'ok',
    ended: [],
  },
  {
    name: 'a finding whose table left the graph resolves as removed from the graph',
    outcome: outcome(result({ [ACCOUNT]: usualTables()[ACCOUNT] ?? {} }), 2),
    open: [asOpen(accountIdGone)],
    status: 'ok',
    ended: [[accountIdGone.key, 'resolved', 'removed from the graph']],
  },
  {
    name: 'a primary key finding stays open in syncs that did not check keys',
    outcome: outcome(result(usualTables()), 2),
    open: [asOpen(emailPk)],
    status: 'ok',
    ended: [],
  },
  {
    name: 'a primary key finding resolves when the key check ran clean',
    outcome: outcome(
      result(usualTables()),
      2,
      {},
      { isPrimaryKeyChecked: true },
    ),
    open: [asOpen(emailPk)],
    status: 'ok',
    ended: [[emailPk.key, 'resolved', 'fixed']],
  },
  {
    name: 'a join mismatch with one side missing is left alone',
    outcome: outcome(result(accountIdMissing, [accountIdGone]), 2),
    open: [asOpen(cartJoin), asOpen(accountIdGone)],
    status: 'ok',
    ended: [],
  },
];

describe('planSync', () => {
  it.each(cases)('$name', (c) => {
    const plan = planSync(input(c));

    expect(plan.status).toBe(c.status);
    expect(plan.report.sync.status).toBe(c.status);
    if (c.opened) {
      expect(plan.opened.map((o) => o.observation.key).sort()).toEqual(
        [...c.opened].sort(),
      );
    }
    if (c.ended) {
      const ended = plan.ended.map((e) => [e.key, e.status, e.reason]);
      expect(ended.sort()).toEqual([...c.ended].sort());
    }
    if (c.pendingAfter !== undefined) {
      const got =
        plan.pending?.map((p) => [p.observation.key, p.count]) ?? null;
      expect(got).toEqual(c.pendingAfter);
    }
    if (c.guardAfter !== undefined) expect(plan.guard).toEqual(c.guardAfter);
    if (c.summary) expect(plan.report.summary).toMatchObject(c.summary);
  });
});

describe('the report of a sync', () => {
  it('keeps the rename hint of an open finding once the new name is no longer new', () => {
    const hinted = {
      ...accountIdGone,
      suggestion: 'column ACCOUNT_ID may have been renamed to ACCOUNT',
    };
    const plan = planSync(
      input({
        outcome: outcome(result(accountIdMissing, [accountIdGone]), 5),
        open: [asOpen(hinted)],
      }),
    );

    expect(plan.report.findings[0]?.suggestion).toBe(hinted.suggestion);
  });

  it('lists open findings definite first then by key, then what this sync ended', () => {
    const plan = planSync(
      input({
        outcome: outcome(
          result(accountIdAsText, [
            accountIdText,
            obs('table_missing', ORDERS),
          ]),
          5,
        ),
        open: [asOpen(emailPk), asOpen(obs('column_missing', PRODUCT, 'SKU'))],
      }),
    );

    expect(plan.report.findings.map((f) => [f.key, f.status, f.new])).toEqual([
      ['table_missing:PRODUCTION.CUST.ORDERS', 'open', true],
      ['column_type_changed:PRODUCTION.CUST.CART:ACCOUNT_ID', 'open', true],
      ['primary_key_not_unique:PRODUCTION.CUST.ACCOUNT:EMAIL', 'open', false],
      ['column_missing:PRODUCTION.CUST.PRODUCT:SKU', 'resolved', false],
    ]);
    const resolved = plan.report.findings[3];
    expect(resolved?.resolvedAt).toBe('2026-03-01T00:05:00.000Z');
  });

  it('prints the sync object and findings with the keys of SPEC section 7 in order', () => {
    const plan = planSync(
      input({ outcome: outcome(result(accountIdMissing, [accountIdGone]), 1) }),
    );

    expect(Object.keys(plan.report)).toEqual(['sync', 'findings', 'summary']);
    expect(Object.keys(plan.report.sync)).toEqual([
      'id',
      'status',
      'startedAt',
      'finishedAt',
      'error',
      'metadataQueries',
      'unknown',
    ]);
    expect(Object.keys(plan.report.findings[0] ?? {})).toEqual([
      'key',
      'kind',
      'severity',
      'status',
      'new',
      'tableRef',
      'column',
      'uses',
      'before',
      'after',
      'affectedConsumers',
      'message',
      'suggestion',
      'acknowledged',
      'snoozedUntil',
      'firstSeenAt',
      'resolvedAt',
    ]);
    expect(plan.report.sync.finishedAt).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
    );
    expect(plan.report.findings[0]?.firstSeenAt).toBe(
      plan.report.sync.finishedAt,
    );
  });

  it('says why a failed or partial sync is not ok', () => {
    const lost = planSync(
      input({
        outcome: outcome(null, 1, {}, { error: 'warehouse postgres: timeout' }),
      }),
    );
    const partial = planSync(
      input({
        outcome: outcome(
          result(
            cartUnknown,
            [],
            [{ database: 'PRODUCTION', reason: 'timeout' }],
          ),
          1,
        ),
      }),
    );
    const suspect = planSync(
      input({ outcome: outcome(result(threeGone, threeGoneObs), 1) }),
    );

    expect(lost.report.sync.error).toBe('warehouse postgres: timeout');
    expect(partial.report.sync.error).toContain('PRODUCTION (timeout)');
    expect(partial.report.sync.unknown).toEqual([
      { database: 'PRODUCTION', reason: 'timeout' },
    ]);
    expect(suspect.report.sync.error).toContain('3 of 4 tables');
  });
});

describe('the accepted baseline', () => {
  const baseline: Baseline = {
    tables: new Map([[CART, { kind: 'table' }]]),
    columns: new Map([
      [`${CART}:ID`, { type: 'integer', family: 'number' }],
      [`${CART}:ACCOUNT_ID`, { type: 'bigint', family: 'number' }],
      [`${ACCOUNT}:EMAIL`, { type: 'json', family: 'other' }],
    ]),
  };

  it('accepts first sightings and same-family type changes, never other families', () => {
    const seen = result({
      ...accountIdAsText,
      [ACCOUNT]: {
        columns: { ID: ['bigint', 'number'], EMAIL: ['jsonb', 'other'] },
      },
    });
    const plan = planSync(input({ outcome: outcome(seen, 1), baseline }));

    const changes = plan.baseline.map((c) => [c.ref, c.reason]);
    expect(changes).toContainEqual([`${CART}:ID`, 'same_family']);
    expect(changes).toContainEqual([ACCOUNT, 'first_seen']);
    expect(changes).toContainEqual([`${PRODUCT}:SKU`, 'first_seen']);
    expect(changes).not.toContainEqual([
      `${CART}:ACCOUNT_ID`,
      expect.anything(),
    ]);
    expect(changes).not.toContainEqual([`${ACCOUNT}:EMAIL`, expect.anything()]);
    expect(changes).not.toContainEqual([CART, expect.anything()]);
  });

  it('takes the new type of an acknowledged type change as accepted', () => {
    const plan = planSync(
      input({
        outcome: outcome(result(accountIdAsText, [accountIdText]), 2),
        open: [asOpen(accountIdText, { acknowledged: true })],
        baseline,
      }),
    );

    expect(plan.baseline).toContainEqual(
      expect.objectContaining({
        ref: `${CART}:ACCOUNT_ID`,
        reason: 'accepted',
        after: { type: 'text', family: 'string' },
      }),
    );
  });

  it('is left alone by suspect and failed syncs', () => {
    const suspect = planSync(
      input({ outcome: outcome(result(threeGone, threeGoneObs), 1) }),
    );
    const failed = planSync(input({ outcome: outcome(null, 1) }));

    expect(suspect.baseline).toEqual([]);
    expect(suspect.knownNames).toBeNull();
    expect(failed.baseline).toEqual([]);
  });
});

function input(c: Partial<Case> & { outcome: SyncOutcome }): LifecycleInput {
  return {
    sync: { id: 7, startedAt: at(0).toISOString() },
    outcome: c.outcome,
    open: c.open ?? [],
    pending: c.pending ?? [],
    guard: c.guard ?? null,
    baseline: c.baseline ?? { tables: new Map(), columns: new Map() },
  };
}

function asOpen(
  o: Observation,
  extra: { acknowledged?: boolean; snoozedUntil?: string } = {},
): FindingReport {
  return {
    ...o,
    status: 'open',
    new: false,
    acknowledged: extra.acknowledged ?? false,
    snoozedUntil: extra.snoozedUntil ?? null,
    firstSeenAt: at(0).toISOString(),
    resolvedAt: null,
  };
}

function pending(o: Observation, count: number): PendingObservation {
  const seen = at(0).toISOString();
  return { observation: o, count, firstSeenAt: seen, lastSeenAt: seen };
}

function findKey(
  kind: string,
  tableRef: string,
  column: string | null,
): string {
  return column === null
    ? `${kind}:${tableRef}`
    : `${kind}:${tableRef}:${column}`;
}
