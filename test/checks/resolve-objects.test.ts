import { describe, expect, it } from 'vitest';
import {
  DUCKDB_NAMING,
  knownNamesOf,
  listedCatalog,
  snapshotOf,
  unknownCatalog,
  usageOf,
} from './support/build.js';
import { referenceWarehouse } from './support/reference.js';
import { productionSnapshot, runChecks } from './support/run.js';

describe('present, absent and unknown objects', () => {
  it('an unknown database raises nothing and says why', () => {
    const previous = knownNamesOf(
      { 'PRODUCTION.CUST': ['account', 'cart'] },
      { 'PRODUCTION.CUST.ACCOUNT': ['email_id', 'id'] },
    );
    const snapshot = snapshotOf([
      unknownCatalog('PRODUCTION', 'connection refused'),
    ]);

    const result = runChecks({ snapshot, knownNames: previous });
    expect(result.observations).toEqual([]);
    expect(result.unknown).toEqual([
      { database: 'PRODUCTION', reason: 'connection refused' },
    ]);
    expect(result.tables.get('PRODUCTION.CUST.CART')).toEqual({
      state: 'unknown',
      kind: null,
      reason: 'connection refused',
    });
    expect(result.columns.get('PRODUCTION.CUST.CART:ID')).toEqual({
      state: 'unknown',
      value: null,
    });
    expect(result.knownNames).toEqual(previous);
  });

  it('a database the snapshot does not mention is unknown, not absent', () => {
    const result = runChecks({ snapshot: snapshotOf([]) });

    expect(result.observations).toEqual([]);
    expect(result.unknown).toEqual([
      {
        database: 'PRODUCTION',
        reason: 'this database was not read by the sync',
      },
    ]);
  });

  it('an unreadable schema of a listed database is unknown as DB.SCHEMA', () => {
    const warehouse = referenceWarehouse();
    delete warehouse.cust;
    delete warehouse.prod!.product_skus;

    const result = runChecks({
      snapshot: productionSnapshot(warehouse, {
        unknownSchemas: { cust: 'permission denied for pg_class' },
      }),
    });
    expect(result.observations.map((o) => o.key)).toEqual([
      'table_missing:PRODUCTION.PROD.PRODUCT_SKUS',
    ]);
    expect(result.unknown).toEqual([
      { database: 'PRODUCTION.CUST', reason: 'permission denied for pg_class' },
    ]);
    expect(result.tables.get('PRODUCTION.CUST.ACCOUNT')?.state).toBe('unknown');
  });

  it('an unknown database next to a listed one is checked only where listed', () => {
    const usage = usageOf({
      'PRODUCTION.CUST.ACCOUNT': {
        uses: ['entity:account-entity table_ref'],
        columns: { ID: ['entity:account-entity primary_key'] },
      },
      'ARCHIVE.CUST.CART': { uses: ['entity:cart-entity table_ref'] },
    });
    const snapshot = snapshotOf([
      listedCatalog('production', { cust: { account: {} } }),
      unknownCatalog('ARCHIVE', 'database "archive" is being restored'),
    ]);

    const result = runChecks({ snapshot, usage });
    expect(result.observations.map((o) => o.key)).toEqual([
      'column_missing:PRODUCTION.CUST.ACCOUNT:ID',
    ]);
    expect(result.unknown.map((u) => u.database)).toEqual(['ARCHIVE']);
  });

  it('a quoted database, schema and table match their exact spelling only', () => {
    const usage = usageOf({
      '"Sales"."EU"."Orders"': { uses: ['entity:cart-entity table_ref'] },
      '"Sales"."EU"."orders"': { uses: ['entity:account-entity table_ref'] },
    });
    const snapshot = snapshotOf([
      listedCatalog('Sales', { EU: { Orders: { id: 'bigint' } } }),
    ]);

    const result = runChecks({ snapshot, usage });
    expect(result.tables.get('"Sales"."EU"."Orders"')?.state).toBe('present');
    expect(result.observations.map((o) => o.key)).toEqual([
      'table_missing:"Sales"."EU"."orders"',
    ]);
  });

  it('an unquoted table matches a unique name that differs only in case', () => {
    const usage = usageOf({
      'PRODUCTION.CUST.ORDERS': { uses: ['entity:cart-entity table_ref'] },
    });
    const snapshot = productionSnapshot({ cust: { Orders: {} } });

    const result = runChecks({ snapshot, usage });
    expect(result.observations).toEqual([]);
    expect(result.tables.get('PRODUCTION.CUST.ORDERS')?.state).toBe('present');
  });

  it('on PostgreSQL a database matches only by its folded form', () => {
    const usage = usageOf({
      'PRODUCTION.CUST.ORDERS': { uses: ['entity:cart-entity table_ref'] },
    });
    const snapshot = snapshotOf([
      listedCatalog('Production', { cust: { orders: {} } }),
      listedCatalog('production', {}),
    ]);

    const result = runChecks({ snapshot, usage });
    expect(result.observations.map((o) => o.key)).toEqual([
      'table_missing:PRODUCTION.CUST.ORDERS',
    ]);
  });

  it('on DuckDB quoted names match ignoring case as well', () => {
    const usage = usageOf({
      '"prod"."Cust"."orders"': {
        uses: ['entity:cart-entity table_ref'],
        columns: { '"ID"': ['entity:cart-entity primary_key'] },
      },
    });
    const snapshot = snapshotOf(
      [listedCatalog('PROD', { cust: { ORDERS: { id: 'bigint' } } })],
      DUCKDB_NAMING,
    );

    const result = runChecks({ snapshot, usage });
    expect(result.observations).toEqual([]);
    expect(result.columns.get('"prod"."Cust"."orders":"ID"')?.state).toBe(
      'present',
    );
  });
});
