import { describe, expect, it } from 'vitest';
import type { WarehouseConfig } from '../../src/config/types.js';
import type {
  CatalogRequest,
  ListedCatalog,
  UnknownCatalog,
} from '../../src/model/catalog.js';
import { WarehouseError } from '../../src/model/errors.js';
import { matchName, parseNamePath } from '../../src/model/names.js';
import {
  DATABRICKS_NAMING,
  buildUnityCatalogSql,
  describeTableSql,
} from '../../src/warehouse/databricks-catalog.js';
import { openDatabricksWarehouse } from '../../src/warehouse/databricks.js';
import {
  FakeDatabricks,
  driverError,
  loadWorkspace,
} from '../fixtures/databricks/fake-driver.js';

const workspace = loadWorkspace();

function config(timeoutMs = 5_000): WarehouseConfig {
  return {
    type: 'databricks',
    database: 'main',
    queryTimeoutMs: timeoutMs,
    path: null,
    attach: [],
    url: null,
    snowflake: null,
    bigquery: null,
    databricks: {
      host: 'adb-1234.5.azuredatabricks.net',
      httpPath: '/sql/1.0/warehouses/abc123',
      token: 'dapi-secret-token',
    },
  };
}

async function open(connectError: unknown = null, timeoutMs = 5_000) {
  const fake = new FakeDatabricks(workspace, connectError);
  const warehouse = await openDatabricksWarehouse(
    config(timeoutMs),
    fake.connect,
  );
  return { fake, warehouse };
}

function request(...refs: string[]): CatalogRequest {
  const parts = refs.map((ref) => {
    const path = parseNamePath(ref);
    if (typeof path === 'string') throw new Error(path);
    const [database, schema, table] = path;
    if (!database || !schema || !table) throw new Error(`bad ref ${ref}`);
    return { database, schema, table };
  });
  const first = parts[0];
  if (!first) throw new Error('no refs');
  return {
    database: first.database,
    schemas: parts.map((p) => p.schema),
    tables: parts.map((p) => ({ schema: p.schema, table: p.table })),
  };
}

function listed(catalog: unknown): ListedCatalog {
  expect((catalog as ListedCatalog).status).toBe('listed');
  return catalog as ListedCatalog;
}

describe('databricks adapter', () => {
  it('reads a unity catalog in one tagged information_schema statement', async () => {
    const { fake, warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('main.sales.orders', 'main.sales.customers_v')],
      { maxProbes: 50 },
    );

    expect(snapshot.metadataQueries).toBe(1);
    expect(fake.sent).toHaveLength(1);
    const [sent] = fake.sent;
    expect(sent?.sql).toContain('FROM `main`.information_schema.columns');
    expect(sent?.options['queryTags']).toEqual({ app: 'datagraph-monitor' });
    expect(sent?.options['namedParameters']).toEqual({ s0: 'sales' });
    expect(fake.sessions[0]).toEqual({
      configuration: { STATEMENT_TIMEOUT: '5' },
    });
    expect(fake.connects[0]).toMatchObject({
      host: 'adb-1234.5.azuredatabricks.net',
      path: '/sql/1.0/warehouses/abc123',
      token: 'dapi-secret-token',
      telemetryEnabled: false,
    });
  });

  it('maps table types and full data types', async () => {
    const { warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('main.sales.orders')],
      { maxProbes: 50 },
    );

    const catalog = listed(snapshot.catalogs[0]);
    const kinds = Object.fromEntries(
      catalog.tables.map((t) => [t.name, t.kind]),
    );
    expect(kinds).toEqual({
      orders: 'table',
      customers_v: 'view',
      daily_mv: 'materialized_view',
      clicks: 'table',
      MixedCase: 'table',
    });
    const orders = catalog.tables.find((t) => t.name === 'orders');
    expect(orders?.columns.map((c) => [c.name, c.dataType, c.family])).toEqual([
      ['order_id', 'bigint', 'number'],
      ['amount', 'decimal(10,2)', 'number'],
      ['shipping', 'struct<street:string,zip:int>', 'semi_structured'],
      ['tags', 'array<string>', 'semi_structured'],
      ['placed_at', 'timestamp_ntz', 'temporal'],
      ['customer_id', 'string', 'string'],
    ]);
    expect(Object.isFrozen(orders?.columns)).toBe(true);
  });

  it('folds unquoted names to lower case and matches backticked ones exactly', async () => {
    const { warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('MAIN.SALES.`MixedCase`')],
      { maxProbes: 50 },
    );

    const catalog = listed(snapshot.catalogs[0]);
    const names = catalog.tables.map((t) => t.name);
    const quoted = { name: 'MixedCase', quoted: true };
    const wrongCase = { name: 'mixedcase', quoted: true };
    expect(matchName(quoted, names, 'table', DATABRICKS_NAMING).found).toBe(
      true,
    );
    expect(matchName(wrongCase, names, 'table', DATABRICKS_NAMING).found).toBe(
      false,
    );
    expect(catalog.database).toBe('main');
    const mixed = catalog.tables.find((t) => t.name === 'MixedCase');
    expect(mixed?.columns.map((c) => c.name)).toEqual(['Id']);
  });

  it('reports a catalog it cannot see as unknown with the grant to check', async () => {
    const { warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('main.sales.orders'), request('restricted.s.t')],
      { maxProbes: 50 },
    );

    expect(snapshot.catalogs[0]?.status).toBe('listed');
    const unknown = snapshot.catalogs[1] as UnknownCatalog;
    expect(unknown.status).toBe('unknown');
    expect(unknown.reason).toMatch(
      /^\[NO_SUCH_CATALOG_EXCEPTION\] Catalog 'restricted' was not found/,
    );
    expect(unknown.reason).toContain('may lack USE CATALOG');
  });

  it('reads a hive_metastore table through probes and never calls it missing', async () => {
    const { fake, warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('hive_metastore.sales.orders')],
      { maxProbes: 50 },
    );

    const catalog = listed(snapshot.catalogs[0]);
    const orders = catalog.tables.find((t) => t.name === 'orders');
    expect(orders?.kind).toBe('table');
    expect(orders?.columns.map((c) => [c.name, c.family])).toEqual([
      ['order_id', 'number'],
      ['customer_id', 'string'],
      ['order_date', 'temporal'],
    ]);
    expect(catalog.tables.map((t) => t.name).sort()).toEqual([
      'orders',
      'orders_backup',
      'secret_pii',
    ]);
    expect(fake.sent.map((s) => s.sql)).toEqual([
      'SHOW TABLES IN `hive_metastore`.`sales`',
      'DESCRIBE TABLE EXTENDED `hive_metastore`.`sales`.`orders`',
    ]);
    expect(snapshot.metadataQueries).toBe(2);
  });

  it('describes hive tables at most four at a time', async () => {
    const { fake, warehouse } = await open();
    const refs = Array.from(
      { length: 8 },
      (_, i) => `hive_metastore.wide.t${i}`,
    );

    const snapshot = await warehouse.describeCatalogs([request(...refs)], {
      maxProbes: 50,
    });

    expect(listed(snapshot.catalogs[0]).tables).toHaveLength(8);
    expect(snapshot.metadataQueries).toBe(9);
    expect(fake.maxInFlight).toBe(4);
  });

  it('reports hive_metastore as unsupported, not missing, beyond max_probes', async () => {
    const { fake, warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('hive_metastore.sales.orders', 'hive_metastore.sales.other')],
      { maxProbes: 2 },
    );

    const unknown = snapshot.catalogs[0] as UnknownCatalog;
    expect(unknown.status).toBe('unknown');
    expect(unknown.reason).toMatch(
      /^unsupported: hive_metastore has no information_schema; reading it needs 3 probes and checks.max_probes leaves 2/,
    );
    expect(fake.sent).toEqual([]);
    expect(snapshot.metadataQueries).toBe(0);
  });

  it('marks a hive table it may not describe as present but unreadable', async () => {
    const { warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('hive_metastore.sales.secret_pii')],
      { maxProbes: 50 },
    );

    const catalog = listed(snapshot.catalogs[0]);
    const secret = catalog.tables.find((t) => t.name === 'secret_pii');
    expect(secret).toMatchObject({
      isReadable: false,
      missingGrant: 'GRANT SELECT, READ_METADATA ON TABLE `sales`.`secret_pii`',
    });
  });

  it('confirms hive tables and schemas absent only from a successful listing', async () => {
    const { warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('hive_metastore.sales.dropped', 'hive_metastore.gone.t')],
      { maxProbes: 50 },
    );

    const catalog = listed(snapshot.catalogs[0]);
    expect(catalog.schemas.map((s) => s.name)).toEqual(['sales']);
    expect(catalog.tables.map((t) => t.name)).not.toContain('dropped');
    expect(snapshot.metadataQueries).toBe(2);
  });

  it('falls back to probes for a catalog without information_schema', async () => {
    const { fake, warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('legacy.core.accounts')],
      { maxProbes: 50 },
    );

    const catalog = listed(snapshot.catalogs[0]);
    expect(catalog.tables).toMatchObject([
      { name: 'accounts', kind: 'view', columns: [{ name: 'id' }] },
    ]);
    expect(fake.sent).toHaveLength(3);
    expect(snapshot.metadataQueries).toBe(3);
  });

  it('throws an auth error without the token when the token is rejected', async () => {
    const failure = open(driverError(workspace.errors['badToken'] ?? {}));

    await expect(failure).rejects.toBeInstanceOf(WarehouseError);
    await expect(failure).rejects.toMatchObject({ failure: 'auth' });
    await expect(failure).rejects.toThrow(/check warehouse\.databricks\.token/);
    const error = (await failure.catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain('dapi-secret-token');
  });

  it('throws rather than answering empty when the connection drops', async () => {
    const { fake, warehouse } = await open();
    fake.failAll = driverError(workspace.errors['networkDown'] ?? {});

    const read = warehouse.describeCatalogs([request('main.sales.orders')], {
      maxProbes: 50,
    });

    await expect(read).rejects.toMatchObject({
      failure: 'network',
      database: 'main',
    });
  });

  it('cancels a statement that outlives the query timeout', async () => {
    const { fake, warehouse } = await open(null, 1_000);
    fake.hangOn = 'information_schema';

    const snapshot = await warehouse.describeCatalogs(
      [request('main.sales.orders')],
      { maxProbes: 50 },
    );

    expect(snapshot.catalogs[0]).toEqual({
      status: 'unknown',
      database: 'main',
      reason: 'timed out after 1s (raise warehouse.query_timeout)',
    });
    expect(fake.cancelled).toBe(1);
  });

  it('takes the default catalog from the session when none is configured', async () => {
    const fake = new FakeDatabricks(workspace);

    const warehouse = await openDatabricksWarehouse(
      { ...config(), database: null },
      fake.connect,
    );

    expect(warehouse.defaultDatabase).toBe('main');
  });

  it('quotes every part of a primary key when counting duplicates', async () => {
    const { fake, warehouse } = await open();

    const count = await warehouse.countDuplicateKeys(
      {
        database: { name: 'main', quoted: false },
        schema: { name: 'Sales', quoted: false },
        table: { name: 'we`ird', quoted: true },
        column: { name: 'ID', quoted: false },
      },
      {},
    );

    expect(count).toBe(4);
    expect(fake.sent[0]?.sql).toContain('FROM `main`.`sales`.`we``ird`');
    expect(fake.sent[0]?.sql).toContain('GROUP BY `id`');
    await warehouse.close();
    expect(fake.closed).toBe(true);
  });
});

describe('databricks quoting', () => {
  it('backtick-quotes names and passes schema names as parameters', () => {
    const statement = buildUnityCatalogSql({
      database: { name: 'we`ird', quoted: true },
      schemas: [{ name: "x') OR 1=1 --", quoted: true }],
      tables: [],
    });

    expect(statement.sql).toContain(
      'FROM `we``ird`.information_schema.columns',
    );
    expect(statement.sql).not.toContain('OR 1=1');
    expect(statement.params).toEqual({ s0: "x') or 1=1 --" });
    expect(describeTableSql('hive_metastore', 's`x', 't')).toBe(
      'DESCRIBE TABLE EXTENDED `hive_metastore`.`s``x`.`t`',
    );
  });
});
