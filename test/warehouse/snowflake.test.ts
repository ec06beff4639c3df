import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WarehouseConfig } from '../../src/config/types.js';
import type { CatalogRequest, ListedCatalog } from '../../src/model/catalog.js';
import { WarehouseError } from '../../src/model/errors.js';
import { matchName, parseNamePath } from '../../src/model/names.js';
import {
  SNOWFLAKE_NAMING,
  buildSnowflakeCatalogSql,
  shapeSnowflakeCatalog,
} from '../../src/warehouse/snowflake-catalog.js';
import { typeFamilyOf } from '../../src/warehouse/type-family.js';
import {
  openSnowflakeWarehouse,
  type SnowflakeConnector,
} from '../../src/warehouse/snowflake.js';
import {
  FakeSnowflakeConnection,
  loadFixture,
  sdkError,
  type DatabaseAnswer,
  type RecordedCatalog,
} from '../fixtures/snowflake/fake-connection.js';

const production = loadFixture<RecordedCatalog>('production.json');
const errors =
  loadFixture<Record<string, Record<string, unknown>>>('errors.json');

function config(over: Partial<WarehouseConfig['snowflake']> = {}) {
  const base: WarehouseConfig = {
    type: 'snowflake',
    database: 'PRODUCTION',
    queryTimeoutMs: 2_000,
    path: null,
    attach: [],
    url: null,
    snowflake: {
      account: 'acme-prod',
      username: 'MONITOR',
      password: 's3cret-password',
      privateKeyPath: null,
      privateKeyPassphrase: null,
      oauthToken: null,
      role: 'MONITOR_ROLE',
      warehouse: 'MONITOR_WH',
      accessUrl: null,
      ...over,
    },
    bigquery: null,
    databricks: null,
  };
  return base;
}

/** A request for the given table_refs, grouped the way the sync groups them. */
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

async function open(
  databases: Record<string, DatabaseAnswer>,
  loginError: unknown = null,
  over: Partial<WarehouseConfig['snowflake']> = {},
) {
  const fake = new FakeSnowflakeConnection(databases, loginError);
  const seen: Parameters<SnowflakeConnector>[0][] = [];
  const warehouse = await openSnowflakeWarehouse(config(over), (options) => {
    seen.push(options);
    return fake;
  });
  return { fake, warehouse, seen };
}

function listed(catalog: unknown): ListedCatalog {
  const c = catalog as ListedCatalog;
  expect(c.status).toBe('listed');
  return c;
}

describe('snowflake adapter', () => {
  it('reads a database in one tagged INFORMATION_SCHEMA statement', async () => {
    const { fake, warehouse } = await open({ PRODUCTION: production });

    const snapshot = await warehouse.describeCatalogs(
      [request('PRODUCTION.CUST.CART', 'PRODUCTION.CUST.ACCOUNT')],
      { maxProbes: 50 },
    );

    expect(snapshot.metadataQueries).toBe(1);
    const [statement] = fake.catalogStatements();
    expect(fake.catalogStatements()).toHaveLength(1);
    expect(statement?.sqlText).toContain(
      'FROM "PRODUCTION".INFORMATION_SCHEMA.COLUMNS',
    );
    expect(statement?.binds).toEqual(['CUST', 'CUST', 'CUST']);
    expect(fake.sent.every((s) => s.parameters['QUERY_TAG'])).toBe(true);
    expect(fake.sent[0]?.sqlText).toMatch(
      /^ALTER SESSION SET QUERY_TAG = 'datagraph-monitor', STATEMENT_TIMEOUT_IN_SECONDS = 2$/,
    );
  });

  it('reports tables, views and materialized views with their columns', async () => {
    const { warehouse } = await open({ PRODUCTION: production });

    const snapshot = await warehouse.describeCatalogs(
      [
        request(
          'PRODUCTION.CUST.CART',
          'PRODUCTION.CUST.ACCOUNT',
          'PRODUCTION.CUST.PRODUCT_MV',
        ),
      ],
      { maxProbes: 50 },
    );

    const catalog = listed(snapshot.catalogs[0]);
    const kinds = Object.fromEntries(
      catalog.tables.map((t) => [t.name, t.kind]),
    );
    expect(kinds).toMatchObject({
      CART: 'table',
      ACCOUNT: 'view',
      PRODUCT_MV: 'materialized_view',
    });
    const cart = catalog.tables.find((t) => t.name === 'CART');
    expect(cart?.columns.map((c) => [c.name, c.dataType, c.family])).toEqual([
      ['ID', 'NUMBER(38,0)', 'number'],
      ['ACCOUNT_ID', 'TEXT(16)', 'string'],
      ['CREATED_AT', 'TIMESTAMP_NTZ', 'temporal'],
      ['ATTRS', 'VARIANT', 'semi_structured'],
      ['IS_OPEN', 'BOOLEAN', 'boolean'],
    ]);
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(Object.isFrozen(cart?.columns[0])).toBe(true);
  });

  it('lists every table of a used schema with its columns', async () => {
    const { warehouse } = await open({ PRODUCTION: production });

    const snapshot = await warehouse.describeCatalogs(
      [request('PRODUCTION.CUST.CART')],
      { maxProbes: 50 },
    );

    const catalog = listed(snapshot.catalogs[0]);
    const names = catalog.tables.map((t) => t.name).sort();
    expect(names).toEqual([
      'ACCOUNT',
      'CART',
      'CART_ARCHIVE',
      'PRODUCT_MV',
      'lower_case',
    ]);
    const archive = catalog.tables.find((t) => t.name === 'CART_ARCHIVE');
    expect(archive?.columns.map((c) => c.name)).toEqual(['ID']);
    expect(catalog.schemas.map((s) => s.name)).toEqual(['CUST']);
  });

  it('finds a quoted lower-case table and keeps its exact spelling', async () => {
    const { fake, warehouse } = await open({ PRODUCTION: production });
    const req = request('PRODUCTION.CUST."lower_case"');

    const snapshot = await warehouse.describeCatalogs([req], { maxProbes: 5 });

    const catalog = listed(snapshot.catalogs[0]);
    const names = catalog.tables.map((t) => t.name);
    const quoted = req.tables[0]?.table;
    if (!quoted) throw new Error('no table');
    expect(matchName(quoted, names, 'table', SNOWFLAKE_NAMING)).toEqual({
      found: true,
      name: 'lower_case',
    });
    const wrongCase = { name: 'LOWER_CASE', quoted: true };
    expect(matchName(wrongCase, names, 'table', SNOWFLAKE_NAMING).found).toBe(
      false,
    );
    const table = catalog.tables.find((t) => t.name === 'lower_case');
    expect(table?.columns.map((c) => c.name)).toEqual(['id', 'payload']);
    expect(fake.catalogStatements()[0]?.sqlText).not.toContain('lower_case');
  });

  it('lists an existing empty schema and leaves out one that is absent', async () => {
    const { warehouse } = await open({ PRODUCTION: production });

    const snapshot = await warehouse.describeCatalogs(
      [request('PRODUCTION.EMPTY_SCHEMA.T', 'PRODUCTION.NOPE.T')],
      { maxProbes: 5 },
    );

    const catalog = listed(snapshot.catalogs[0]);
    expect(catalog.schemas.map((s) => s.name)).toEqual(['EMPTY_SCHEMA']);
    expect(catalog.tables).toEqual([]);
  });

  it('reports a database it may not see as unknown, never as empty', async () => {
    const { warehouse } = await open({
      PRODUCTION: production,
      GONE: { error: sdkError(errors['databaseNotVisible'] ?? {}) },
    });

    const snapshot = await warehouse.describeCatalogs(
      [request('PRODUCTION.CUST.CART'), request('GONE.CUST.CART')],
      { maxProbes: 5 },
    );

    expect(snapshot.metadataQueries).toBe(2);
    expect(snapshot.catalogs[0]?.status).toBe('listed');
    expect(snapshot.catalogs[1]).toMatchObject({
      status: 'unknown',
      database: 'GONE',
    });
    const reason = (snapshot.catalogs[1] as { reason: string }).reason;
    expect(reason).toContain(
      "database 'GONE' does not exist or not authorized",
    );
    expect(reason).toContain('may lack USAGE');
  });

  it('reports a statement timeout as an unknown database with a hint', async () => {
    const { fake, warehouse } = await open({
      PRODUCTION: { error: sdkError(errors['statementTimeout'] ?? {}) },
      SLOW: 'hang',
    });

    const snapshot = await warehouse.describeCatalogs(
      [request('PRODUCTION.CUST.CART'), request('SLOW.CUST.CART')],
      { maxProbes: 5 },
    );

    expect(snapshot.catalogs.map((c) => c.status)).toEqual([
      'unknown',
      'unknown',
    ]);
    const reasons = snapshot.catalogs.map((c) =>
      'reason' in c ? c.reason : '',
    );
    expect(reasons[0]).toContain('raise warehouse.query_timeout');
    expect(reasons[1]).toBe(
      'timed out after 2s (raise warehouse.query_timeout)',
    );
    expect(fake.cancelled).toBe(1);
  });

  it('throws a warehouse error naming the cause when the password is rejected', async () => {
    const failure = open({}, sdkError(errors['wrongPassword'] ?? {}));

    await expect(failure).rejects.toBeInstanceOf(WarehouseError);
    const error = (await failure.catch((e: unknown) => e)) as WarehouseError;
    expect(error.failure).toBe('auth');
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/^warehouse snowflake: incorrect username/);
    expect(error.message).toContain('check warehouse.snowflake credentials');
    expect(error.message).not.toContain('s3cret-password');
  });

  it('throws rather than answering empty when the network drops mid-sync', async () => {
    const { warehouse } = await open({
      PRODUCTION: { error: sdkError(errors['networkDown'] ?? {}) },
    });

    const read = warehouse.describeCatalogs([request('PRODUCTION.CUST.CART')], {
      maxProbes: 5,
    });

    await expect(read).rejects.toMatchObject({
      failure: 'network',
      database: 'PRODUCTION',
    });
  });

  it('stops with a config error when no warehouse is set for the session', async () => {
    const { warehouse } = await open({
      PRODUCTION: { error: sdkError(errors['noWarehouse'] ?? {}) },
    });

    const read = warehouse.describeCatalogs([request('PRODUCTION.CUST.CART')], {
      maxProbes: 5,
    });

    await expect(read).rejects.toThrow(/set warehouse\.snowflake\.warehouse/);
  });

  it('refuses to start a sync that was already cancelled', async () => {
    const { fake, warehouse } = await open({ PRODUCTION: production });
    const controller = new AbortController();
    controller.abort();

    const read = warehouse.describeCatalogs([request('PRODUCTION.CUST.CART')], {
      maxProbes: 5,
      signal: controller.signal,
    });

    await expect(read).rejects.toMatchObject({ failure: 'cancelled' });
    expect(fake.catalogStatements()).toEqual([]);
  });

  it('takes the default database from the session when none is configured', async () => {
    const fake = new FakeSnowflakeConnection({});
    const base = config();

    const warehouse = await openSnowflakeWarehouse(
      { ...base, database: null },
      () => fake,
    );

    expect(warehouse.defaultDatabase).toBe('PRODUCTION');
    expect(fake.catalogStatements()).toEqual([]);
  });

  it('passes password, role, warehouse and access_url to the driver', async () => {
    const { seen } = await open({}, null, {
      accessUrl: 'https://acme.privatelink.snowflakecomputing.com',
    });

    expect(seen[0]).toMatchObject({
      account: 'acme-prod',
      username: 'MONITOR',
      password: 's3cret-password',
      role: 'MONITOR_ROLE',
      warehouse: 'MONITOR_WH',
      accessUrl: 'https://acme.privatelink.snowflakecomputing.com',
    });
    expect(seen[0]?.authenticator).toBeUndefined();
  });

  it('uses key-pair authentication when a private key file is set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-key-'));
    const keyPath = join(dir, 'rsa_key.p8');
    await writeFile(keyPath, '-----BEGIN ENCRYPTED PRIVATE KEY-----\n');

    const { seen } = await open({}, null, {
      password: null,
      privateKeyPath: keyPath,
      privateKeyPassphrase: 'key-pass',
    });

    expect(seen[0]).toMatchObject({
      authenticator: 'SNOWFLAKE_JWT',
      privateKeyPath: keyPath,
      privateKeyPass: 'key-pass',
    });
    expect(seen[0]?.password).toBeUndefined();
  });

  it('gives a config error for an unreadable private key file', async () => {
    const failure = open({}, null, {
      password: null,
      privateKeyPath: '/nonexistent/rsa_key.p8',
    });

    await expect(failure).rejects.toMatchObject({
      failure: 'config',
      exitCode: 2,
    });
    await expect(failure).rejects.toThrow(/private_key_path/);
  });

  it('uses the oauth authenticator when a token is set', async () => {
    const { seen } = await open({}, null, {
      password: null,
      oauthToken: 'oauth-token-value',
    });

    expect(seen[0]).toMatchObject({
      authenticator: 'OAUTH',
      token: 'oauth-token-value',
    });
  });

  it('quotes every part of a primary key when counting duplicates', async () => {
    const { fake, warehouse } = await open({});

    const count = await warehouse.countDuplicateKeys(
      {
        database: { name: 'PRODUCTION', quoted: false },
        schema: { name: 'cust', quoted: false },
        table: { name: 'lower_case', quoted: true },
        column: { name: 'id"x', quoted: true },
      },
      {},
    );

    expect(count).toBe(3);
    expect(fake.sent.at(-1)?.sqlText).toContain(
      'FROM "PRODUCTION"."CUST"."lower_case"',
    );
    expect(fake.sent.at(-1)?.sqlText).toContain('"id""x"');
    await warehouse.close();
    expect(fake.isDestroyed).toBe(true);
  });
});

describe('snowflake type families', () => {
  it.each([
    ['NUMBER(38,0)', 'number'],
    ['INT', 'number'],
    ['BIGINT', 'number'],
    ['FLOAT', 'number'],
    ['TEXT', 'string'],
    ['VARCHAR(16)', 'string'],
    ['STRING', 'string'],
    ['TIMESTAMP_NTZ', 'temporal'],
    ['TIMESTAMP_LTZ', 'temporal'],
    ['TIMESTAMP_TZ', 'temporal'],
    ['DATE', 'temporal'],
    ['VARIANT', 'semi_structured'],
    ['OBJECT', 'semi_structured'],
    ['ARRAY', 'semi_structured'],
    ['BINARY', 'binary'],
    ['BOOLEAN', 'boolean'],
    ['GEOGRAPHY', 'other'],
  ])('puts %s in the %s family', (type, family) => {
    expect(typeFamilyOf(type, 'snowflake')).toBe(family);
  });

  it('keeps an INT column renamed to NUMBER(38,0) in one family', () => {
    const rows = (type: string) => [
      {
        ROW_KIND: 'table',
        TABLE_SCHEMA: 'S',
        TABLE_NAME: 'T',
        TABLE_TYPE: 'BASE TABLE',
      },
      {
        ROW_KIND: 'column',
        TABLE_SCHEMA: 'S',
        TABLE_NAME: 'T',
        COLUMN_NAME: 'ID',
        ORDINAL_POSITION: 1,
        DATA_TYPE: type,
        NUMERIC_PRECISION: 38,
        NUMERIC_SCALE: 0,
      },
    ];

    const before = shapeSnowflakeCatalog('DB', rows('NUMBER')).tables[0];
    const after = shapeSnowflakeCatalog('DB', rows('INT')).tables[0];

    expect(before?.columns[0]?.family).toBe(after?.columns[0]?.family);
  });
});

describe('snowflake quoting', () => {
  it('quotes the database and passes schema names as binds', () => {
    const statement = buildSnowflakeCatalogSql({
      database: { name: 'we"ird db', quoted: true },
      schemas: [{ name: "x'); DROP TABLE t; --", quoted: true }],
      tables: [],
    });

    expect(statement.sqlText).toContain('FROM "we""ird db".INFORMATION_SCHEMA');
    expect(statement.sqlText).not.toContain('DROP TABLE');
    expect(statement.binds).toContain("X'); DROP TABLE T; --");
  });
});
