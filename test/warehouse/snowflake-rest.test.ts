// The Snowflake adapter with the real snowflake-sdk end to end: login,
// session set-up and catalog statements go over HTTP, through access_url,
// to a Snowflake REST endpoint on 127.0.0.1 (fixtures/snowflake/fake-rest).
import { afterEach, describe, expect, it } from 'vitest';
import type { WarehouseConfig } from '../../src/config/types.js';
import type { ListedCatalog } from '../../src/model/catalog.js';
import { WarehouseError } from '../../src/model/errors.js';
import { openSnowflakeWarehouse } from '../../src/warehouse/snowflake.js';
import {
  loadFixture,
  type RecordedCatalog,
} from '../fixtures/snowflake/fake-connection.js';
import type { RecordedResult } from '../fixtures/snowflake/fake-history.js';
import { FakeSnowflakeRest } from '../fixtures/snowflake/fake-rest.js';

const production = loadFixture<RecordedCatalog>('production.json');
const history = loadFixture<RecordedResult>('tables-history.json');
let rest: FakeSnowflakeRest | null = null;

afterEach(async () => {
  await rest?.stop();
  rest = null;
});

async function start(): Promise<{ rest: FakeSnowflakeRest; url: string }> {
  rest = new FakeSnowflakeRest(
    { PRODUCTION: production },
    'right-password',
    history,
  );
  return { rest, url: await rest.start() };
}

function config(accessUrl: string, password: string): WarehouseConfig {
  return {
    type: 'snowflake',
    database: 'PRODUCTION',
    queryTimeoutMs: 10_000,
    path: null,
    attach: [],
    url: null,
    snowflake: {
      account: 'acme-test',
      username: 'MONITOR',
      password,
      privateKeyPath: null,
      privateKeyPassphrase: null,
      oauthToken: null,
      role: 'MONITOR_ROLE',
      warehouse: 'MONITOR_WH',
      accessUrl,
    },
    bigquery: null,
    databricks: null,
  };
}

const part = (name: string, quoted = false) => ({ name, quoted });

describe('snowflake adapter over the real driver', () => {
  it('logs in, tags the session and reads a catalog in one statement', async () => {
    const { rest, url } = await start();
    const warehouse = await openSnowflakeWarehouse(
      config(url, 'right-password'),
    );

    const snapshot = await warehouse.describeCatalogs(
      [
        {
          database: part('production'),
          schemas: [part('cust')],
          tables: [{ schema: part('cust'), table: part('lower_case', true) }],
        },
        {
          database: part('GONE'),
          schemas: [part('cust')],
          tables: [{ schema: part('cust'), table: part('cart') }],
        },
      ],
      { maxProbes: 5 },
    );
    await warehouse.close();

    expect(rest.logins[0]).toMatchObject({
      LOGIN_NAME: 'MONITOR',
      ACCOUNT_NAME: 'acme-test',
      roleName: 'MONITOR_ROLE',
    });
    expect(rest.queries[0]?.sqlText).toMatch(/^ALTER SESSION SET QUERY_TAG/);
    const catalogQuery = rest.queries.find((q) =>
      q.sqlText.includes('"PRODUCTION".INFORMATION_SCHEMA'),
    );
    expect(catalogQuery?.parameters).toMatchObject({
      QUERY_TAG: 'datagraph-monitor',
    });
    expect(catalogQuery?.bindings['1']).toEqual({
      type: 'TEXT',
      value: 'CUST',
    });

    const catalog = snapshot.catalogs[0] as ListedCatalog;
    expect(catalog.status).toBe('listed');
    const lower = catalog.tables.find((t) => t.name === 'lower_case');
    expect(lower?.columns.map((c) => [c.name, c.dataType])).toEqual([
      ['id', 'NUMBER(10,0)'],
      ['payload', 'BINARY'],
    ]);
    expect(snapshot.catalogs[1]).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining("database 'GONE' does not exist"),
    });
    expect(rest.sessionsClosed).toBe(1);
  });

  it('turns dropped_on from the real driver into the drop time of a tagged probe', async () => {
    const { rest, url } = await start();
    const warehouse = await openSnowflakeWarehouse(
      config(url, 'right-password'),
    );

    const snapshot = await warehouse.describeCatalogs(
      [
        {
          database: part('PRODUCTION'),
          schemas: [part('CUST')],
          tables: [
            { schema: part('CUST'), table: part('CART') },
            { schema: part('CUST'), table: part('ORDERS') },
          ],
        },
      ],
      { maxProbes: 5 },
    );
    await warehouse.close();

    const probe = rest.queries.find((q) =>
      q.sqlText.startsWith('SHOW TABLES HISTORY'),
    );
    expect(probe?.sqlText).toBe(
      `SHOW TABLES HISTORY LIKE 'ORDERS' IN SCHEMA "PRODUCTION"."CUST"`,
    );
    expect(probe?.parameters).toMatchObject({ QUERY_TAG: 'datagraph-monitor' });
    expect(snapshot.metadataQueries).toBe(2);
    expect((snapshot.catalogs[0] as ListedCatalog).droppedTables).toEqual([
      { schema: 'CUST', name: 'ORDERS', droppedAt: '2024-05-02T10:15:00.123Z' },
    ]);
  });

  it('maps a rejected password to an auth error without the password', async () => {
    const { url } = await start();

    const opening = openSnowflakeWarehouse(config(url, 'wrong-password'));

    const error = (await opening.catch((e: unknown) => e)) as WarehouseError;
    expect(error).toBeInstanceOf(WarehouseError);
    expect(error.failure).toBe('auth');
    expect(error.message).toBe(
      'warehouse snowflake: incorrect username or password was specified ' +
        '(check warehouse.snowflake credentials and role)',
    );
    expect(error.message).not.toContain('wrong-password');
  });
});
