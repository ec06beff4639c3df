// The Redshift adapter with the real pg driver against the test
// PostgreSQL server, whose database holds stand-ins for the Redshift
// system views and functions (test/fixtures/redshift/system-views.sql).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WarehouseConfig } from '../../src/config/types.js';
import type {
  CatalogRequest,
  ListedCatalog,
  TableShape,
} from '../../src/model/catalog.js';
import { WarehouseError } from '../../src/model/errors.js';
import { matchName } from '../../src/model/names.js';
import {
  REDSHIFT_NAMING,
  openRedshiftWarehouse,
} from '../../src/warehouse/redshift.js';
import {
  buildRedshiftCatalogSql,
  quoteRedshiftName,
} from '../../src/warehouse/redshift-sql.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { createTestDatabase, runSql, urlAs } from '../support/postgres.js';

let monitorUrl: string;
let database: string;
let role: string;
let password: string;
let sent: string[];
let warehouse: Warehouse;

function fixture(name: string): string {
  const text = readFileSync(
    new URL(`../fixtures/redshift/${name}`, import.meta.url),
    'utf8',
  );
  return text.replaceAll('{{database}}', database).replaceAll('{{role}}', role);
}

function config(url: string): WarehouseConfig {
  return {
    type: 'redshift',
    database: null,
    queryTimeoutMs: 5_000,
    path: null,
    attach: [],
    url,
    snowflake: null,
    bigquery: null,
    databricks: null,
  };
}

// The real pg client, recording each statement it sends.
function recordingClient(config: pg.ClientConfig): pg.Client {
  const client = new pg.Client(config);
  const query = client.query.bind(client) as (
    text: string,
    params?: unknown[],
  ) => Promise<pg.QueryResult>;
  Object.assign(client, {
    query: (text: string, params?: unknown[]) => {
      sent.push(text);
      return query(text, params);
    },
  });
  return client;
}

function part(name: string) {
  return name.startsWith('"')
    ? { name: name.slice(1, -1), quoted: true }
    : { name, quoted: false };
}

function request(
  db: string,
  tables: readonly [string, string][],
): CatalogRequest {
  return {
    database: part(db),
    schemas: tables.map(([s]) => part(s)),
    tables: tables.map(([s, t]) => ({ schema: part(s), table: part(t) })),
  };
}

function table(catalog: ListedCatalog, schema: string, name: string) {
  const found = catalog.tables.find(
    (t) => t.schema === schema && t.name === name,
  );
  if (!found) throw new Error(`no ${schema}.${name} in the catalog`);
  return found;
}

function columns(t: TableShape) {
  return t.columns.map((c) => [c.name, c.dataType, c.family]);
}

beforeAll(async () => {
  const adminUrl = await createTestDatabase('redshift_adapter');
  database = new URL(adminUrl).pathname.slice(1);
  role = `rs_monitor_${database}`;
  password = `pw-${randomUUID()}`;
  await runSql(adminUrl, `CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`);
  await runSql(adminUrl, fixture('warehouse.sql'));
  await runSql(adminUrl, fixture('system-views.sql'));
  monitorUrl = urlAs(adminUrl, role, password);
  sent = [];
  warehouse = await openRedshiftWarehouse(
    config(monitorUrl.replace(/^postgres(ql)?:/, 'redshift:')),
    recordingClient,
  );
});

async function describeSales(): Promise<ListedCatalog> {
  const snapshot = await warehouse.describeCatalogs(
    [
      request(database, [
        ['sales', 'orders'],
        ['sales', 'orders_lbv'],
        ['sales', 'daily_totals'],
        ['sales', 'secret'],
        ['spectrum', 'clicks'],
        ['locked', 'hidden'],
      ]),
    ],
    { maxProbes: 50 },
  );
  const catalog = snapshot.catalogs[0] as ListedCatalog;
  expect(catalog.status).toBe('listed');
  return catalog;
}

describe('redshift adapter', () => {
  it('reads a database in two statements after tagging the session', async () => {
    sent = [];

    const snapshot = await warehouse.describeCatalogs(
      [request(database, [['sales', 'orders']])],
      { maxProbes: 50 },
    );

    expect(snapshot.metadataQueries).toBe(2);
    expect(sent.slice(0, 3)).toEqual([
      "SET query_group TO 'datagraph-monitor'",
      'SET statement_timeout TO 5000',
      'BEGIN READ ONLY',
    ]);
    const catalogStatements = sent.slice(3);
    expect(catalogStatements).toHaveLength(2);
    expect(catalogStatements[0]).toContain('pg_get_late_binding_view_cols()');
    expect(catalogStatements[0]).toContain('svv_external_columns');
    expect(catalogStatements[0]).not.toContain('stv_mv_info');
    expect(catalogStatements[1]).toContain('FROM stv_mv_info');
    expect(catalogStatements[1]).not.toMatch(/pg_catalog|current_user/);
    expect(catalogStatements.join('\n')).not.toMatch(/ANY|\[\]/);
  });

  it('reports tables, views and typed columns from pg_catalog', async () => {
    const catalog = await describeSales();

    const orders = table(catalog, 'sales', 'orders');
    expect(orders.kind).toBe('table');
    expect(columns(orders)).toEqual([
      ['order_id', 'bigint', 'number'],
      ['customer_id', 'character varying(64)', 'string'],
      ['amount', 'numeric(12,2)', 'number'],
      ['price', 'double precision', 'number'],
      ['placed_at', 'timestamp without time zone', 'temporal'],
      ['is_gift', 'boolean', 'boolean'],
      ['attrs', 'json', 'other'],
    ]);
    expect(table(catalog, 'sales', 'customers').kind).toBe('view');
    expect(columns(table(catalog, 'sales', 'orders_archive'))).toEqual([
      ['order_id', 'bigint', 'number'],
    ]);
    expect(Object.isFrozen(orders.columns[0])).toBe(true);
  });

  it('takes late-binding view columns from pg_get_late_binding_view_cols', async () => {
    const catalog = await describeSales();

    const lbv = table(catalog, 'sales', 'orders_lbv');
    expect(lbv.kind).toBe('view');
    expect(columns(lbv)).toEqual([
      ['order_id', 'bigint', 'number'],
      ['placed_at', 'timestamp without time zone', 'temporal'],
    ]);
  });

  it('marks views named in stv_mv_info of this database as materialized', async () => {
    const catalog = await describeSales();

    expect(table(catalog, 'sales', 'daily_totals').kind).toBe(
      'materialized_view',
    );
    expect(table(catalog, 'sales', 'orders').kind).toBe('table');
  });

  it('reads spectrum tables and their hive-typed columns', async () => {
    const catalog = await describeSales();

    const clicks = table(catalog, 'spectrum', 'clicks');
    expect(clicks.isReadable).toBe(true);
    expect(columns(clicks)).toEqual([
      ['click_id', 'bigint', 'number'],
      ['payload', 'struct<url:string,ref:string>', 'semi_structured'],
      ['dt', 'string', 'string'],
    ]);
    expect(columns(table(catalog, 'spectrum', 'impressions'))).toEqual([
      ['id', 'int', 'number'],
    ]);
  });

  it('names the missing grant of a table or schema it may not read', async () => {
    const catalog = await describeSales();

    expect(table(catalog, 'sales', 'secret')).toMatchObject({
      isReadable: false,
      missingGrant: `GRANT SELECT ON "sales"."secret" TO "${role}"`,
    });
    expect(table(catalog, 'locked', 'hidden')).toMatchObject({
      isReadable: false,
      missingGrant: `GRANT USAGE ON SCHEMA "locked" TO "${role}"`,
    });
    const locked = catalog.schemas.find((s) => s.name === 'locked');
    expect(locked?.isUsable).toBe(false);
  });

  it('matches a quoted mixed-case schema exactly and unquoted ones folded', async () => {
    const snapshot = await warehouse.describeCatalogs(
      [
        request(database.toUpperCase(), [
          ['"Mixed"', '"Orders"'],
          ['SALES', 'ORDERS'],
        ]),
      ],
      { maxProbes: 50 },
    );

    const catalog = snapshot.catalogs[0] as ListedCatalog;
    const schemas = catalog.schemas.map((s) => s.name);
    expect(
      matchName(part('"Mixed"'), schemas, 'schema', REDSHIFT_NAMING),
    ).toEqual({
      found: true,
      name: 'Mixed',
    });
    expect(
      matchName(part('SALES'), schemas, 'schema', REDSHIFT_NAMING),
    ).toEqual({
      found: true,
      name: 'sales',
    });
    expect(table(catalog, 'Mixed', 'Orders').columns[0]?.name).toBe('OrderId');
  });

  it('lists a database the cluster reports as nonexistent as empty', async () => {
    const snapshot = await warehouse.describeCatalogs(
      [request('no_such_db', [['sales', 'orders']])],
      { maxProbes: 50 },
    );

    expect(snapshot.catalogs[0]).toEqual({
      status: 'listed',
      database: 'no_such_db',
      schemas: [],
      tables: [],
      unknownSchemas: [],
    });
  });

  it('throws an auth error without the password when it is rejected', async () => {
    const url = new URL(monitorUrl);
    url.password = 'wrong-password';
    const bad = await openRedshiftWarehouse(config(url.href));

    const read = bad.describeCatalogs(
      [request(database, [['sales', 'orders']])],
      {
        maxProbes: 50,
      },
    );

    await expect(read).rejects.toBeInstanceOf(WarehouseError);
    await expect(read).rejects.toMatchObject({
      failure: 'auth',
      warehouse: 'redshift',
    });
    const error = (await read.catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain('wrong-password');
    expect(error.message).not.toContain(password);
  });

  it('throws a network error when the cluster does not answer', async () => {
    const server = createServer();
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const bad = await openRedshiftWarehouse(
      config(`redshift://monitor:pw@127.0.0.1:${port}/dev`),
    );

    const read = bad.describeCatalogs([request('dev', [['sales', 'orders']])], {
      maxProbes: 50,
    });

    await expect(read).rejects.toMatchObject({ failure: 'network' });
  });

  it('counts duplicate primary key values with every name quoted', async () => {
    const count = await warehouse.countDuplicateKeys(
      {
        database: part(database),
        schema: part('SALES'),
        table: part('Orders'),
        column: part('ORDER_ID'),
      },
      {},
    );

    expect(count).toBe(2);
    expect(sent.at(-1)).toContain('FROM "sales"."orders"');
  });

  it('refuses a url that is not a redshift or postgres url', async () => {
    const opening = openRedshiftWarehouse(config('mysql://u@h/db'));

    await expect(opening).rejects.toMatchObject({
      failure: 'config',
      exitCode: 2,
    });
  });
});

describe('redshift quoting', () => {
  it('passes schema names as parameters and double-quotes identifiers', () => {
    const statement = buildRedshiftCatalogSql(["x') OR true --", 'Sales']);

    expect(statement.sql).not.toContain('OR true');
    expect(statement.params).toEqual(["x') or true --", 'sales']);
    expect(statement.sql).toContain('lower(n.nspname) IN ($1, $2)');
    expect(quoteRedshiftName('we"ird')).toBe('"we""ird"');
  });
});
