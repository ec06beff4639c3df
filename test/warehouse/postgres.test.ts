import { beforeAll, describe, expect, it } from 'vitest';
import type {
  CatalogShape,
  ListedCatalog,
  TableShape,
} from '../../src/model/catalog.js';
import { matchName } from '../../src/model/names.js';
import { openPostgresWarehouse } from '../../src/warehouse/postgres.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { runSql } from '../support/postgres.js';
import {
  bare,
  catalogRequest,
  createMonitorDatabase,
  createSiblingDatabase,
  postgresConfig,
  quoted,
  type MonitorDatabase,
} from './pg-monitor.js';

let db: MonitorDatabase;
let warehouse: Warehouse;

beforeAll(async () => {
  db = await createMonitorDatabase('postgres_adapter');
  const role = `"${db.role}"`;
  await runSql(
    db.adminUrl,
    `
    CREATE SCHEMA cust; CREATE SCHEMA empty_one; CREATE SCHEMA locked;
    CREATE SCHEMA "Sales"; CREATE SCHEMA "we""ird; schema";
    CREATE TABLE cust.account (id bigint PRIMARY KEY, email_id text,
      created_at timestamptz);
    CREATE TABLE cust.cart (id bigint, account_id bigint, total numeric(12,2));
    CREATE VIEW cust.open_carts AS SELECT id, total FROM cust.cart;
    CREATE MATERIALIZED VIEW cust.cart_totals AS
      SELECT account_id, sum(total) AS total FROM cust.cart GROUP BY 1;
    CREATE TABLE cust.events (id bigint, at date) PARTITION BY RANGE (at);
    CREATE TABLE cust.events_2024 PARTITION OF cust.events
      FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
    CREATE EXTENSION file_fdw; CREATE SERVER files FOREIGN DATA WRAPPER file_fdw;
    CREATE FOREIGN TABLE cust.imported (id integer) SERVER files
      OPTIONS (filename '/dev/null');
    CREATE TABLE cust.dropped (id int); DROP TABLE cust.dropped;
    CREATE TABLE cust.secret (id bigint, note text);
    CREATE TABLE cust.partial (id bigint, hidden text);
    CREATE TABLE locked.hidden (id bigint);
    CREATE TABLE "Sales"."Orders" ("OrderId" bigint, "orderid" text);
    CREATE TABLE "we""ird; schema"."t;""x" ("a""b; c" int);
    INSERT INTO "we""ird; schema"."t;""x" VALUES (1), (1), (2), (3), (3), (3);
    GRANT USAGE ON SCHEMA cust, empty_one, "Sales", "we""ird; schema" TO ${role};
    GRANT SELECT ON ALL TABLES IN SCHEMA cust, locked, "Sales",
      "we""ird; schema" TO ${role};
    REVOKE SELECT ON cust.secret, cust.partial FROM ${role};
    GRANT SELECT (id) ON cust.partial TO ${role};
    `,
  );
  warehouse = await openPostgresWarehouse(postgresConfig(db.monitorUrl));
});

async function listMain(schemas: readonly string[]): Promise<ListedCatalog> {
  const snapshot = await warehouse.describeCatalogs(
    [catalogRequest(bare(db.database), schemas.map(bare))],
    { maxProbes: 50 },
  );
  return listed(snapshot.catalogs[0]);
}

function listed(catalog: CatalogShape | undefined): ListedCatalog {
  if (catalog?.status !== 'listed') {
    throw new Error(
      `expected a listed catalog, got ${JSON.stringify(catalog)}`,
    );
  }
  return catalog;
}

function table(catalog: ListedCatalog, schema: string, name: string) {
  return catalog.tables.find((t) => t.schema === schema && t.name === name);
}

describe('postgres adapter: objects and kinds', () => {
  it('gives tables, views, materialized, partitioned and foreign tables their kinds', async () => {
    const catalog = await listMain(['cust']);
    const kinds = Object.fromEntries(
      catalog.tables.map((t) => [t.name, t.kind]),
    );

    expect(catalog.database).toBe(db.database);
    expect(kinds).toMatchObject({
      account: 'table',
      cart: 'table',
      open_carts: 'view',
      cart_totals: 'materialized_view',
      events: 'table',
      events_2024: 'table',
      imported: 'table',
    });
  });

  it('reports the columns of views and materialized views in order', async () => {
    const catalog = await listMain(['cust']);

    expect(
      table(catalog, 'cust', 'open_carts')?.columns.map((c) => c.name),
    ).toEqual(['id', 'total']);
    expect(table(catalog, 'cust', 'cart_totals')?.columns).toEqual([
      {
        name: 'account_id',
        dataType: 'bigint',
        family: 'number',
        isReadable: true,
      },
      {
        name: 'total',
        dataType: 'numeric',
        family: 'number',
        isReadable: true,
      },
    ]);
  });

  it('leaves a dropped table and every table of a missing schema absent', async () => {
    const catalog = await listMain(['cust', 'gone']);

    expect(table(catalog, 'cust', 'dropped')).toBeUndefined();
    expect(catalog.schemas.map((s) => s.name)).toEqual(['cust']);
    expect(catalog.tables.some((t) => t.schema === 'gone')).toBe(false);
  });

  it('lists an existing empty schema with no tables', async () => {
    const catalog = await listMain(['empty_one']);

    expect(catalog.schemas).toEqual([
      { name: 'empty_one', isUsable: true, missingGrant: null },
    ]);
    expect(catalog.tables).toEqual([]);
  });

  it('returns frozen data', async () => {
    const catalog = await listMain(['cust']);

    expect(Object.isFrozen(catalog)).toBe(true);
    expect(Object.isFrozen(catalog.tables[0]?.columns[0])).toBe(true);
  });
});

describe('postgres adapter: privileges', () => {
  it('marks a table without SELECT unreadable with the missing grant, not absent', async () => {
    const catalog = await listMain(['cust']);
    const secret = table(catalog, 'cust', 'secret');

    expect(secret?.isReadable).toBe(false);
    expect(secret?.missingGrant).toBe(
      `GRANT SELECT ON "cust"."secret" TO "${db.role}"`,
    );
    expect(secret?.columns.map((c) => [c.name, c.isReadable])).toEqual([
      ['id', false],
      ['note', false],
    ]);
  });

  it('keeps a table with some column grants readable and marks the other columns', async () => {
    const catalog = await listMain(['cust']);
    const partial = table(catalog, 'cust', 'partial');

    expect(partial?.isReadable).toBe(true);
    expect(partial?.columns.map((c) => [c.name, c.isReadable])).toEqual([
      ['id', true],
      ['hidden', false],
    ]);
  });

  it('marks a schema without USAGE unusable and keeps its tables, unreadable', async () => {
    const catalog = await listMain(['locked']);
    const hidden = table(catalog, 'locked', 'hidden') as TableShape;

    expect(catalog.schemas).toEqual([
      {
        name: 'locked',
        isUsable: false,
        missingGrant: `GRANT USAGE ON SCHEMA "locked" TO "${db.role}"`,
      },
    ]);
    expect(hidden.isReadable).toBe(false);
    expect(hidden.missingGrant).toBe(catalog.schemas[0]?.missingGrant);
  });
});

describe('postgres adapter: names', () => {
  it('finds quoted mixed-case names whichever way the graph spells them', async () => {
    const snapshot = await warehouse.describeCatalogs(
      [catalogRequest(bare(db.database.toUpperCase()), [quoted('Sales')])],
      { maxProbes: 50 },
    );
    const catalog = listed(snapshot.catalogs[0]);
    const orders = table(catalog, 'Sales', 'Orders');
    const columns = orders?.columns.map((c) => c.name) ?? [];
    const rules = snapshot.naming;

    expect(catalog.schemas.map((s) => s.name)).toEqual(['Sales']);
    expect(matchName(bare('SALES'), ['Sales'], 'schema', rules)).toEqual({
      found: true,
      name: 'Sales',
    });
    expect(matchName(quoted('OrderId'), columns, 'column', rules)).toEqual({
      found: true,
      name: 'OrderId',
    });
    expect(matchName(bare('ORDERID'), columns, 'column', rules)).toEqual({
      found: true,
      name: 'orderid',
    });
  });

  it('matches a database by its folded name only', async () => {
    const snapshot = await warehouse.describeCatalogs(
      [catalogRequest(quoted(db.database.toUpperCase()), [bare('cust')])],
      { maxProbes: 50 },
    );
    const catalog = listed(snapshot.catalogs[0]);

    expect(catalog.database).toBe(db.database.toUpperCase());
    expect(catalog.tables).toEqual([]);
  });

  it('passes names with quotes and semicolons to SQL safely', async () => {
    const catalog = await listMain(['we"ird; schema']);
    const duplicates = await warehouse.countDuplicateKeys(
      {
        database: bare(db.database),
        schema: quoted('we"ird; schema'),
        table: quoted('t;"x'),
        column: quoted('a"b; c'),
      },
      {},
    );

    expect(table(catalog, 'we"ird; schema', 't;"x')?.columns).toEqual([
      {
        name: 'a"b; c',
        dataType: 'integer',
        family: 'number',
        isReadable: true,
      },
    ]);
    expect(duplicates).toBe(2);
  });

  it('reaches a database whose name holds quotes and semicolons', async () => {
    const name = `${db.database}_x"; y`;
    await createSiblingDatabase(db.adminUrl, name);
    const snapshot = await warehouse.describeCatalogs(
      [catalogRequest(quoted(name), [bare('public')])],
      { maxProbes: 50 },
    );

    expect(listed(snapshot.catalogs[0]).schemas.map((s) => s.name)).toEqual([
      'public',
    ]);
  });

  it('reports a database name no url can carry as unknown', async () => {
    const snapshot = await warehouse.describeCatalogs(
      [catalogRequest(quoted('what?#'), [bare('public')])],
      { maxProbes: 50 },
    );

    expect(snapshot.catalogs[0]).toMatchObject({
      status: 'unknown',
      database: 'what?#',
      reason: expect.stringContaining('cannot be written in a connection url'),
    });
  });
});

describe('postgres adapter: databases and cost', () => {
  it('lists a database the server says does not exist as empty', async () => {
    const snapshot = await warehouse.describeCatalogs(
      [catalogRequest(bare('no_such_database_here'), [bare('cust')])],
      { maxProbes: 50 },
    );

    expect(snapshot.catalogs).toEqual([
      {
        status: 'listed',
        database: 'no_such_database_here',
        schemas: [],
        tables: [],
        unknownSchemas: [],
      },
    ]);
  });

  it('reports a database the role may not connect to as unknown with the reason', async () => {
    const name = `${db.database}_closed`;
    await createSiblingDatabase(db.adminUrl, name);
    await runSql(
      db.adminUrl,
      `REVOKE CONNECT ON DATABASE "${name}" FROM PUBLIC`,
    );

    const snapshot = await warehouse.describeCatalogs(
      [
        catalogRequest(bare(name), [bare('public')]),
        catalogRequest(bare(db.database), [bare('cust')]),
      ],
      { maxProbes: 50 },
    );

    expect(snapshot.catalogs[0]).toMatchObject({
      status: 'unknown',
      database: name,
      reason: expect.stringMatching(/permission denied for database/),
    });
    expect(snapshot.catalogs[1]?.status).toBe('listed');
  });

  it('sends two catalog statements per database, one when no schema exists', async () => {
    const snapshot = await warehouse.describeCatalogs(
      [
        catalogRequest(bare(db.database), [bare('cust'), bare('locked')]),
        catalogRequest(bare(db.database), [bare('not_there')]),
        catalogRequest(bare('no_such_database_here'), [bare('cust')]),
      ],
      { maxProbes: 50 },
    );

    expect(snapshot.metadataQueries).toBe(3);
  });
});
