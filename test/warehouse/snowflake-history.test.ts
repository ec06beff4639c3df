// Drop proof on Snowflake: used tables the INFORMATION_SCHEMA read did not
// return are probed with SHOW TABLES HISTORY, answered by the fake
// connection from rows recorded in the REST API's result format
// (fixtures/snowflake/tables-history.json: ORDERS dropped twice, the
// latest at 2024-05-02T10:15:00.123Z; CARTXV2, "it's 100%" and
// "lower_dropped" dropped; RESTORED dropped and live again; CART live;
// PUBLIC.LEGACY dropped; no row for a table whose grant was revoked).
import { describe, expect, it, vi } from 'vitest';
import type { WarehouseConfig } from '../../src/config/types.js';
import type {
  CatalogRequest,
  CatalogShape,
  ListedCatalog,
} from '../../src/model/catalog.js';
import { parseNamePath } from '../../src/model/names.js';
import { usageOf } from '../checks/support/build.js';
import { runChecks } from '../checks/support/run.js';
import { openSnowflakeWarehouse } from '../../src/warehouse/snowflake.js';
import {
  FakeSnowflakeConnection,
  loadFixture,
  sdkError,
  type HistoryOptions,
  type RecordedCatalog,
} from '../fixtures/snowflake/fake-connection.js';
import type { RecordedResult } from '../fixtures/snowflake/fake-history.js';

const production = loadFixture<RecordedCatalog>('production.json');
const history = loadFixture<RecordedResult>('tables-history.json');

const CONFIG: WarehouseConfig = {
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
  },
  bigquery: null,
  databricks: null,
};

/** A request for table_refs of one database. */
function request(...refs: string[]): CatalogRequest {
  const parts = refs.map((ref) => {
    const path = parseNamePath(ref);
    if (typeof path === 'string' || path.length !== 3) {
      throw new Error(`bad ref ${ref}`);
    }
    const [database, schema, table] = path as [
      (typeof path)[0],
      (typeof path)[0],
      (typeof path)[0],
    ];
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

async function open(options: HistoryOptions = { history }) {
  const fake = new FakeSnowflakeConnection(
    { PRODUCTION: production, OTHER: production },
    null,
    options,
  );
  const warehouse = await openSnowflakeWarehouse(CONFIG, () => fake);
  return { fake, warehouse };
}

function listed(catalog: CatalogShape | undefined): ListedCatalog {
  if (catalog?.status !== 'listed') throw new Error('not listed');
  return catalog;
}

describe('snowflake drop proof', () => {
  it('probes a missing table with one tagged SHOW TABLES HISTORY LIKE statement', async () => {
    const { fake, warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('PRODUCTION.CUST.CART', 'PRODUCTION.CUST.ORDERS')],
      { maxProbes: 50 },
    );

    expect(fake.probeStatements()).toEqual([
      {
        sqlText:
          `SHOW TABLES HISTORY LIKE 'ORDERS' ` +
          'IN SCHEMA "PRODUCTION"."CUST"',
        binds: [],
        parameters: { QUERY_TAG: 'datagraph-monitor' },
      },
    ]);
    expect(snapshot.metadataQueries).toBe(2);
    expect(snapshot.canTellDenied).toBe(false);
    expect(listed(snapshot.catalogs[0]).droppedTables).toEqual([
      { schema: 'CUST', name: 'ORDERS', droppedAt: '2024-05-02T10:15:00.123Z' },
    ]);
  });

  it('escapes LIKE wildcards so CART_V2 is not proved dropped by CARTXV2', async () => {
    const { fake, warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('PRODUCTION.CUST.CART_V2')],
      { maxProbes: 50 },
    );

    expect(fake.probeStatements()[0]?.sqlText).toBe(
      String.raw`SHOW TABLES HISTORY LIKE 'CART\\_V2' IN SCHEMA "PRODUCTION"."CUST"`,
    );
    expect(listed(snapshot.catalogs[0]).droppedTables).toEqual([]);
  });

  it('reads a quoted name with a quote and a wildcard back as itself', async () => {
    const { fake, warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request(`PRODUCTION.CUST."it's 100%"`)],
      { maxProbes: 50 },
    );

    expect(fake.probeStatements()[0]?.sqlText).toBe(
      String.raw`SHOW TABLES HISTORY LIKE 'it''s 100\\%' IN SCHEMA "PRODUCTION"."CUST"`,
    );
    expect(listed(snapshot.catalogs[0]).droppedTables).toEqual([
      {
        schema: 'CUST',
        name: "it's 100%",
        droppedAt: '2024-05-01T07:30:00.000Z',
      },
    ]);
  });

  it('covers a schema with several missing tables in one statement', async () => {
    const { fake, warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [
        request(
          'PRODUCTION.CUST.ORDERS',
          'PRODUCTION.CUST."lower_dropped"',
          'PRODUCTION.CUST.RESTORED',
          'PRODUCTION.CUST.PAYMENTS',
        ),
      ],
      { maxProbes: 50 },
    );

    expect(fake.probeStatements().map((s) => s.sqlText)).toEqual([
      'SHOW TABLES HISTORY IN SCHEMA "PRODUCTION"."CUST"',
    ]);
    expect(snapshot.metadataQueries).toBe(2);
    // RESTORED has a live version again; PAYMENTS (revoked) has no row.
    expect(listed(snapshot.catalogs[0]).droppedTables).toEqual([
      { schema: 'CUST', name: 'ORDERS', droppedAt: '2024-05-02T10:15:00.123Z' },
      {
        schema: 'CUST',
        name: 'lower_dropped',
        droppedAt: '2024-04-20T16:45:00.500Z',
      },
    ]);
  });

  it('probes nothing for a present table or one whose schema is absent', async () => {
    const { fake, warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('PRODUCTION.CUST.CART', 'PRODUCTION.NOPE.ORDERS')],
      { maxProbes: 50 },
    );

    expect(fake.probeStatements()).toEqual([]);
    expect(snapshot.metadataQueries).toBe(1);
    expect(listed(snapshot.catalogs[0]).droppedTables).toEqual([]);
  });

  it.each([
    [0, 0, []],
    [1, 1, ['ORDERS']],
    [2, 2, ['ORDERS', 'LEGACY']],
  ])(
    'with max_probes %i sends %i probes and proves only what they reached',
    async (maxProbes, sent, names) => {
      const { fake, warehouse } = await open();

      const snapshot = await warehouse.describeCatalogs(
        [request('PRODUCTION.CUST.ORDERS', 'PRODUCTION.PUBLIC.LEGACY')],
        { maxProbes },
      );

      expect(fake.probeStatements()).toHaveLength(sent);
      expect(snapshot.metadataQueries).toBe(1 + sent);
      const dropped = listed(snapshot.catalogs[0]).droppedTables ?? [];
      expect(dropped.map((d) => d.name)).toEqual(names);
    },
  );

  it('shares max_probes among the databases of one sync', async () => {
    const { fake, warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('PRODUCTION.CUST.ORDERS'), request('OTHER.CUST.ORDERS')],
      { maxProbes: 1 },
    );

    expect(fake.probeStatements()).toHaveLength(1);
    expect(snapshot.metadataQueries).toBe(3);
  });

  it('keeps the catalog listed and proves nothing when a probe fails', async () => {
    const refused = sdkError({
      code: '003001',
      message: 'SQL access control error: Insufficient privileges',
    });
    const { fake, warehouse } = await open({
      history,
      probeErrors: { 'PRODUCTION.CUST': refused },
    });

    const snapshot = await warehouse.describeCatalogs(
      [request('PRODUCTION.CUST.CART', 'PRODUCTION.CUST.ORDERS')],
      { maxProbes: 50 },
    );

    expect(fake.probeStatements()).toHaveLength(1);
    expect(snapshot.metadataQueries).toBe(2);
    const catalog = listed(snapshot.catalogs[0]);
    expect(catalog.droppedTables).toEqual([]);
    expect(catalog.tables.map((t) => t.name)).toContain('CART');
  });

  it('ends the read as cancelled when the sync stops during a probe', async () => {
    const { fake, warehouse } = await open({
      history,
      probeErrors: { 'PRODUCTION.CUST': 'hang' },
    });
    const controller = new AbortController();

    const read = warehouse.describeCatalogs(
      [request('PRODUCTION.CUST.ORDERS')],
      { maxProbes: 50, signal: controller.signal },
    );
    await vi.waitFor(() => expect(fake.probeStatements()).toHaveLength(1));
    controller.abort();

    await expect(read).rejects.toMatchObject({
      failure: 'cancelled',
      database: 'PRODUCTION',
    });
    expect(fake.cancelled).toBe(1);
  });

  it('gives the classifier a drop with its time and a hidden table both causes', async () => {
    const usage = usageOf({
      'PRODUCTION.CUST.ORDERS': { uses: ['entity:cart-entity table_ref'] },
      'PRODUCTION.CUST.PAYMENTS': { uses: ['entity:account-entity table_ref'] },
    });
    const { warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request(...usage.tables.map((t) => t.tableRef))],
      { maxProbes: 50 },
    );
    const result = runChecks({ snapshot, usage });

    expect(result.observations.map((o) => [o.key, o.severity])).toEqual([
      ['table_missing:PRODUCTION.CUST.ORDERS', 'definite'],
      ['table_missing:PRODUCTION.CUST.PAYMENTS', 'definite'],
    ]);
    const [orders, payments] = result.observations.map(
      (o) => o.message.split(';')[0],
    );
    expect(orders).toBe(
      'table missing: PRODUCTION.CUST.ORDERS was dropped at ' +
        '2024-05-02T10:15:00.123Z',
    );
    expect(payments).toBe(
      'table missing: PRODUCTION.CUST.PAYMENTS is not visible to the ' +
        "monitor's role: dropped, or its grant was revoked",
    );
  });

  it('returns the proof as deeply frozen plain data', async () => {
    const { warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('PRODUCTION.CUST.ORDERS')],
      { maxProbes: 50 },
    );

    const dropped = listed(snapshot.catalogs[0]).droppedTables;
    expect(Object.isFrozen(dropped)).toBe(true);
    expect(Object.isFrozen(dropped?.[0])).toBe(true);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });
});
