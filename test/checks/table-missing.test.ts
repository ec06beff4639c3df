import { describe, expect, it } from 'vitest';
import type {
  ListedCatalog,
  WarehouseSnapshot,
} from '../../src/model/catalog.js';
import type { Baseline, KnownNames } from '../../src/model/check.js';
import type { WarehouseText } from './support/build.js';
import {
  acceptBaseline,
  baselineOf,
  knownNamesOf,
  listedCatalog,
  snapshotOf,
} from './support/build.js';
import { referenceWarehouse } from './support/reference.js';
import type { FindingSummary } from './support/run.js';
import { productionSnapshot, runChecks, summarize } from './support/run.js';

const first = runChecks({ snapshot: productionSnapshot(referenceWarehouse()) });

interface Row {
  readonly name: string;
  readonly baseline: Baseline;
  readonly knownNames: KnownNames | null;
  readonly change: (warehouse: WarehouseText) => void;
  readonly expected: readonly FindingSummary[];
}

const CART_MISSING: FindingSummary = {
  key: 'table_missing:PRODUCTION.CUST.CART',
  uses: ['entity:cart-entity table_ref'],
  consumers: ['aud-premium-carts', 'aud-product-buyers', 'evt-cart-enrich'],
  before: { kind: 'table' },
  after: null,
  suggestion: null,
};

const ROWS: readonly Row[] = [
  {
    name: 'a dropped table reports its accepted kind as before',
    baseline: acceptBaseline(first),
    knownNames: first.knownNames,
    change: (w) => void delete w.cust!.cart,
    expected: [CART_MISSING],
  },
  {
    name: 'a table missing at the first sync has no before value',
    baseline: baselineOf(),
    knownNames: null,
    change: (w) => void delete w.cust!.cart,
    expected: [{ ...CART_MISSING, before: null }],
  },
  {
    name: 'a dropped view keeps the accepted view kind as before',
    baseline: baselineOf({ 'PRODUCTION.CUST.CART': 'view' }),
    knownNames: null,
    change: (w) => void delete w.cust!.cart,
    expected: [{ ...CART_MISSING, before: { kind: 'view' } }],
  },
  {
    name: 'a renamed table is suggested when it is new in the same schema',
    baseline: acceptBaseline(first),
    knownNames: first.knownNames,
    change: (w) => {
      w.cust!.carts = w.cust!.cart!;
      delete w.cust!.cart;
    },
    expected: [
      {
        ...CART_MISSING,
        suggestion: 'table CART may have been renamed to CARTS',
      },
    ],
  },
  {
    name: 'a similar table that the previous sync already saw is no suggestion',
    baseline: acceptBaseline(first),
    knownNames: knownNamesOf({
      'PRODUCTION.CUST': ['account', 'cart', 'carts', 'household'],
    }),
    change: (w) => {
      w.cust!.carts = { id: 'bigint' };
      delete w.cust!.cart;
    },
    expected: [CART_MISSING],
  },
  {
    name: 'before any good sync, every table the graph does not use counts as new',
    baseline: baselineOf(),
    knownNames: null,
    change: (w) => {
      w.cust!.carts = { id: 'bigint' };
      delete w.cust!.cart;
    },
    expected: [
      {
        ...CART_MISSING,
        before: null,
        suggestion: 'table CART may have been renamed to CARTS',
      },
    ],
  },
  {
    name: 'a renamed table in another schema is no suggestion',
    baseline: acceptBaseline(first),
    knownNames: first.knownNames,
    change: (w) => {
      w.segment!.carts = { id: 'bigint' };
      delete w.cust!.cart;
    },
    expected: [CART_MISSING],
  },
  {
    name: 'an existing empty schema is listed, so its used table is missing',
    baseline: baselineOf(),
    knownNames: null,
    change: (w) => {
      w.prod = {};
    },
    expected: [
      {
        key: 'table_missing:PRODUCTION.PROD.PRODUCT_SKUS',
        uses: ['entity:product-entity table_ref'],
        consumers: ['aud-product-buyers'],
        before: null,
        after: null,
        suggestion: null,
      },
    ],
  },
  {
    name: 'an absent profile folder makes each profile table missing',
    baseline: baselineOf(),
    knownNames: null,
    change: (w) => void delete w.segment,
    expected: ['USER_IDENTIFIERS', 'USER_TRAITS'].map((table) => ({
      key: `table_missing:PRODUCTION.SEGMENT.${table}`,
      uses: ['profile profile_table'],
      consumers: [
        'aud-accounts',
        'aud-households',
        'aud-premium-carts',
        'aud-product-buyers',
      ],
      before: null,
      after: null,
      suggestion: null,
    })),
  },
];

describe('table_missing', () => {
  it.each(ROWS)('$name', (row) => {
    const warehouse = referenceWarehouse();
    row.change(warehouse);

    const result = runChecks({
      snapshot: productionSnapshot(warehouse),
      baseline: row.baseline,
      knownNames: row.knownNames,
    });
    expect(summarize(result)).toEqual(row.expected);
  });

  it('a missing table hides its columns and the joins through them', () => {
    const warehouse = referenceWarehouse();
    delete warehouse.cust!.cart;

    const result = runChecks({
      snapshot: productionSnapshot(warehouse),
      baseline: acceptBaseline(first),
    });
    expect(result.observations.map((o) => o.key)).toEqual([
      'table_missing:PRODUCTION.CUST.CART',
    ]);
    expect(result.columns.get('PRODUCTION.CUST.CART:ACCOUNT_ID')).toEqual({
      state: 'absent',
      value: null,
    });
  });

  it('each table renamed in one schema gets its own suggestion', () => {
    const warehouse = referenceWarehouse();
    const cust = warehouse.cust!;
    cust.carts = cust.cart!;
    cust.households = cust.household!;
    delete cust.cart;
    delete cust.household;

    const result = runChecks({
      snapshot: productionSnapshot(warehouse),
      baseline: acceptBaseline(first),
      knownNames: first.knownNames,
    });
    expect(result.observations.map((o) => [o.key, o.suggestion])).toEqual([
      [
        'table_missing:PRODUCTION.CUST.CART',
        'table CART may have been renamed to CARTS',
      ],
      [
        'table_missing:PRODUCTION.CUST.HOUSEHOLD',
        'table HOUSEHOLD may have been renamed to HOUSEHOLDS',
      ],
    ]);
  });

  it('a dropped schema makes each used table in it missing, and no column', () => {
    const warehouse = referenceWarehouse();
    delete warehouse.cust;

    const result = runChecks({ snapshot: productionSnapshot(warehouse) });
    expect(result.observations.map((o) => o.key)).toEqual([
      'table_missing:PRODUCTION.CUST.ACCOUNT',
      'table_missing:PRODUCTION.CUST.CART',
      'table_missing:PRODUCTION.CUST.HOUSEHOLD',
      'table_missing:PRODUCTION.CUST.SUBSCRIPTION',
    ]);
  });

  it('a database reported as nonexistent counts as listed and empty', () => {
    const snapshot = snapshotOf([listedCatalog('production', {})]);

    const result = runChecks({ snapshot });
    expect(result.observations).toHaveLength(8);
    expect(result.observations.every((o) => o.kind === 'table_missing')).toBe(
      true,
    );
    expect(result.unknown).toEqual([]);
  });
});

/** The snapshot of `warehouse` as an adapter with these answers gives it. */
function answeredSnapshot(
  warehouse: WarehouseText,
  canTellDenied: boolean | undefined,
  droppedTables: ListedCatalog['droppedTables'],
): WarehouseSnapshot {
  const base = productionSnapshot(warehouse);
  const catalogs = base.catalogs.map((c) =>
    c.status === 'listed' && droppedTables ? { ...c, droppedTables } : c,
  );
  const flag = canTellDenied === undefined ? {} : { canTellDenied };
  return { ...base, ...flag, catalogs };
}

const AT = '2024-05-02T10:15:00.123Z';
const CART_DROPPED = [{ schema: 'cust', name: 'cart', droppedAt: AT }];
const PLAIN =
  'table missing: PRODUCTION.CUST.CART is not in the warehouse; ' +
  'used by entity:cart-entity (table_ref); ' +
  'restore it or point the graph at the table that replaced it';
const UNSEEN =
  "table missing: PRODUCTION.CUST.CART is not visible to the monitor's " +
  'role: dropped, or its grant was revoked; ' +
  'used by entity:cart-entity (table_ref); ' +
  "restore it or the role's grant, or point the graph at the table that " +
  'replaced it';
const DROPPED =
  `table missing: PRODUCTION.CUST.CART was dropped at ${AT}; ` +
  'used by entity:cart-entity (table_ref); ' +
  'undrop it or point the graph at the table that replaced it';

interface MessageRow {
  readonly name: string;
  readonly canTellDenied: boolean | undefined;
  readonly droppedTables?: ListedCatalog['droppedTables'];
  readonly baseline?: Baseline;
  readonly message: string;
}

const MESSAGE_ROWS: readonly MessageRow[] = [
  {
    name: 'a warehouse that tells denied from absent says the table is gone',
    canTellDenied: undefined,
    message: PLAIN,
  },
  {
    name: 'a warehouse that says it tells denied from absent reads the same',
    canTellDenied: true,
    message: PLAIN,
  },
  {
    name: 'a warehouse that hides what the role may not use names both causes',
    canTellDenied: false,
    message: UNSEEN,
  },
  {
    name: 'a proved drop is named with its time instead of both causes',
    canTellDenied: false,
    droppedTables: CART_DROPPED,
    message: DROPPED,
  },
  {
    name: 'a proved drop of an accepted table is named too',
    canTellDenied: false,
    droppedTables: CART_DROPPED,
    baseline: baselineOf({ 'PRODUCTION.CUST.CART': 'table' }),
    message: DROPPED,
  },
  {
    name: 'a table history proves nothing about a missing view',
    canTellDenied: false,
    droppedTables: CART_DROPPED,
    baseline: baselineOf({ 'PRODUCTION.CUST.CART': 'view' }),
    message: UNSEEN,
  },
  {
    name: 'a missing materialized view is never named dropped',
    canTellDenied: false,
    droppedTables: CART_DROPPED,
    baseline: baselineOf({ 'PRODUCTION.CUST.CART': 'materialized_view' }),
    message: UNSEEN,
  },
  {
    name: 'a drop of a table of that name in another schema proves nothing',
    canTellDenied: false,
    droppedTables: [{ schema: 'segment', name: 'cart', droppedAt: AT }],
    message: UNSEEN,
  },
  {
    name: 'an empty drop list proves nothing',
    canTellDenied: false,
    droppedTables: [],
    message: UNSEEN,
  },
];

describe('table_missing messages', () => {
  it.each(MESSAGE_ROWS)('$name', (row) => {
    const warehouse = referenceWarehouse();
    delete warehouse.cust!.cart;

    const result = runChecks({
      snapshot: answeredSnapshot(
        warehouse,
        row.canTellDenied,
        row.droppedTables,
      ),
      baseline: row.baseline ?? baselineOf(),
    });

    expect(result.observations).toHaveLength(1);
    expect(result.observations[0]).toMatchObject({
      key: 'table_missing:PRODUCTION.CUST.CART',
      severity: 'definite',
      message: row.message,
    });
  });

  it('a schema hidden from the role names both causes for each table', () => {
    const warehouse = referenceWarehouse();
    delete warehouse.cust;

    const result = runChecks({
      snapshot: answeredSnapshot(warehouse, false, []),
    });

    expect(result.observations).toHaveLength(4);
    for (const observation of result.observations) {
      expect(observation.severity).toBe('definite');
      expect(observation.message).toContain(
        "is not visible to the monitor's role: dropped, or its grant was " +
          'revoked;',
      );
    }
  });
});
