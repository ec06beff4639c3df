import { OAuth2Client } from 'google-auth-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { WarehouseConfig } from '../../src/config/types.js';
import type {
  CatalogRequest,
  ListedCatalog,
  UnknownCatalog,
} from '../../src/model/catalog.js';
import { WarehouseError } from '../../src/model/errors.js';
import { matchName, parseNamePath } from '../../src/model/names.js';
import {
  BIGQUERY_NAMING,
  buildBigQueryRegionSql,
  quoteBigQueryName,
} from '../../src/warehouse/bigquery-catalog.js';
import { typeFamilyOf } from '../../src/warehouse/type-family.js';
import { openBigQueryWarehouse } from '../../src/warehouse/bigquery.js';
import {
  FakeBigQueryApi,
  loadProjects,
} from '../fixtures/bigquery/fake-api.js';

const projects = loadProjects('projects.json');
let api: FakeBigQueryApi | null = null;

afterEach(async () => {
  await api?.stop();
  api = null;
});

function config(endpoint: string, locations: string[] = []): WarehouseConfig {
  return {
    type: 'bigquery',
    database: null,
    queryTimeoutMs: 5_000,
    path: null,
    attach: [],
    url: null,
    snowflake: null,
    bigquery: {
      projectId: 'acme-analytics',
      location: 'US',
      locations,
      keyFile: null,
      apiEndpoint: endpoint,
      maximumBytesBilled: 1_000_000_000,
    },
    databricks: null,
  };
}

// A token that never needs refreshing: the auth library adds its header
// without any request of its own.
function staticAuth(): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({
    access_token: 'test-access-token',
    expiry_date: Date.now() + 3_600_000,
  });
  return client;
}

async function open(locations: string[] = []) {
  api = new FakeBigQueryApi(projects);
  const endpoint = await api.start();
  const warehouse = await openBigQueryWarehouse(config(endpoint, locations), {
    authClient: staticAuth(),
  });
  return { api, warehouse };
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

describe('bigquery adapter', () => {
  it('reads a project with one labelled query per region', async () => {
    const { api, warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [
        request(
          'acme-analytics.sales.orders',
          'acme-analytics.sales.Customers',
        ),
      ],
      { maxProbes: 10 },
    );

    expect(snapshot.metadataQueries).toBe(1);
    const [sent] = api.queries();
    expect(api.queries()).toHaveLength(1);
    expect(sent?.['query']).toContain(
      '`acme-analytics`.`region-us`.INFORMATION_SCHEMA.COLUMNS',
    );
    expect(sent?.['location']).toBe('US');
    expect(sent?.['labels']).toEqual({
      app: 'datagraph-monitor',
      purpose: 'catalog',
    });
    expect(sent?.['useLegacySql']).toBe(false);
    expect(JSON.stringify(sent?.['queryParameters'])).toContain('"sales"');
  });

  it('maps kinds and keeps STRUCT and ARRAY types as reported', async () => {
    const { warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [
        request(
          'acme-analytics.sales.orders',
          'acme-analytics.sales.daily_totals',
        ),
      ],
      { maxProbes: 10 },
    );

    const catalog = listed(snapshot.catalogs[0]);
    const kinds = Object.fromEntries(
      catalog.tables.map((t) => [t.name, t.kind]),
    );
    expect(kinds).toEqual({
      orders: 'table',
      Customers: 'view',
      daily_totals: 'materialized_view',
      raw_events: 'table',
      orders_2024: 'table',
    });
    const orders = catalog.tables.find((t) => t.name === 'orders');
    expect(orders?.columns.map((c) => [c.name, c.dataType, c.family])).toEqual([
      ['order_id', 'INT64', 'number'],
      ['customer_id', 'STRING', 'string'],
      ['amount', 'NUMERIC(10, 2)', 'number'],
      ['shipping', 'STRUCT<street STRING, zip INT64>', 'semi_structured'],
      ['tags', 'ARRAY<STRING>', 'semi_structured'],
      ['placed_at', 'TIMESTAMP', 'temporal'],
    ]);
    expect(Object.isFrozen(orders)).toBe(true);
  });

  it('reports a dataset in a region it does not read as unknown, not missing', async () => {
    const { warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [
        request(
          'acme-analytics.sales.orders',
          'acme-analytics.marketing_eu.campaigns',
        ),
      ],
      { maxProbes: 10 },
    );

    const catalog = listed(snapshot.catalogs[0]);
    expect(catalog.schemas.map((s) => s.name)).toEqual(['sales']);
    expect(catalog.unknownSchemas).toEqual([
      {
        schema: 'marketing_eu',
        reason:
          'dataset is in region EU, which is not read ' +
          '(add EU to warehouse.bigquery.locations)',
      },
    ]);
    expect(snapshot.metadataQueries).toBe(2);
  });

  it('confirms a deleted dataset absent from the project dataset list', async () => {
    const { api, warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('acme-analytics.sales.orders', 'acme-analytics.gone.t')],
      { maxProbes: 10 },
    );

    const catalog = listed(snapshot.catalogs[0]);
    expect(catalog.schemas.map((s) => s.name)).toEqual(['sales']);
    expect(catalog.unknownSchemas).toEqual([]);
    expect(snapshot.metadataQueries).toBe(2);
    const list = api.sent.find((s) => s.path.endsWith('/datasets'));
    expect(list?.path).toBe('/bigquery/v2/projects/acme-analytics/datasets');
  });

  it('lists the datasets once however many are missing', async () => {
    const { warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('acme-analytics.gone.t', 'acme-analytics.tokyo_ds.t')],
      { maxProbes: 1 },
    );

    const catalog = listed(snapshot.catalogs[0]);
    expect(snapshot.metadataQueries).toBe(2);
    expect(catalog.unknownSchemas).toEqual([
      {
        schema: 'tokyo_ds',
        reason:
          'dataset is in region asia-northeast1, which is not read ' +
          '(add asia-northeast1 to warehouse.bigquery.locations)',
      },
    ]);
  });

  it('follows every page of the dataset list, each page a probe', async () => {
    api = new FakeBigQueryApi(projects, 2);
    const endpoint = await api.start();
    const warehouse = await openBigQueryWarehouse(config(endpoint), {
      authClient: staticAuth(),
    });

    const snapshot = await warehouse.describeCatalogs(
      [request('acme-analytics._hidden_gone.t', 'acme-analytics.tokyo_ds.t')],
      { maxProbes: 10 },
    );

    expect(snapshot.metadataQueries).toBe(1 + 3);
    const catalog = listed(snapshot.catalogs[0]);
    expect(catalog.unknownSchemas.map((u) => u.schema)).toEqual(['tokyo_ds']);
  });

  it('leaves missing datasets unknown when max_probes is spent', async () => {
    const { warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('acme-analytics.gone.t', 'acme-analytics.tokyo_ds.t')],
      { maxProbes: 0 },
    );

    const catalog = listed(snapshot.catalogs[0]);
    expect(snapshot.metadataQueries).toBe(1);
    expect(catalog.unknownSchemas.map((u) => u.reason)).toEqual([
      'not in the regions read; the dataset list failed: ' +
        'not probed (checks.max_probes reached)',
      'not in the regions read; the dataset list failed: ' +
        'not probed (checks.max_probes reached)',
    ]);
  });

  it('keeps missing datasets unknown when the dataset list is refused', async () => {
    const { warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('half-locked.core.t', 'half-locked.gone.t')],
      { maxProbes: 10 },
    );

    const catalog = listed(snapshot.catalogs[0]);
    expect(catalog.schemas.map((s) => s.name)).toEqual(['core']);
    expect(catalog.unknownSchemas[0]?.schema).toBe('gone');
    expect(catalog.unknownSchemas[0]?.reason).toMatch(
      /^not in the regions read; the dataset list failed: access denied: Project half-locked/,
    );
  });

  it('blames a configured region that failed for the datasets it holds', async () => {
    const { api, warehouse } = await open(['EU']);

    const snapshot = await warehouse.describeCatalogs(
      [request('acme-analytics.sales.orders', 'acme-analytics.marketing_eu.c')],
      { maxProbes: 10 },
    );

    expect(api.queries()).toHaveLength(2);
    const catalog = listed(snapshot.catalogs[0]);
    expect(catalog.unknownSchemas[0]?.reason).toMatch(
      /^region EU could not be read: access denied: Table .*grant roles\/bigquery\.metadataViewer on project acme-analytics in region EU/,
    );
    expect(snapshot.metadataQueries).toBe(3);
  });

  it('reports a project it may not query as unknown with the grant to add', async () => {
    const { warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [request('locked-project.core.carts')],
      { maxProbes: 10 },
    );

    const catalog = snapshot.catalogs[0] as UnknownCatalog;
    expect(catalog.status).toBe('unknown');
    expect(catalog.reason).toMatch(
      /^region us: access denied: Project locked-project: .*roles\/bigquery\.jobUser/,
    );
  });

  it('matches datasets and tables case-sensitively but columns loosely', async () => {
    const { warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [
        request(
          'acme-analytics.Sales.orders',
          'acme-analytics.sales.customers',
        ),
      ],
      { maxProbes: 10 },
    );

    const catalog = listed(snapshot.catalogs[0]);
    const schemas = catalog.schemas.map((s) => s.name);
    const tables = catalog.tables.map((t) => t.name);
    const unquoted = (name: string) => ({ name, quoted: false });
    expect(
      matchName(unquoted('Sales'), schemas, 'schema', BIGQUERY_NAMING).found,
    ).toBe(false);
    expect(
      matchName(unquoted('customers'), tables, 'table', BIGQUERY_NAMING).found,
    ).toBe(false);
    expect(
      matchName(unquoted('id'), ['ID'], 'column', BIGQUERY_NAMING),
    ).toEqual({
      found: true,
      name: 'ID',
    });
  });

  it('quotes a domain-scoped project and refuses it unquoted', async () => {
    const { api, warehouse } = await open();

    const snapshot = await warehouse.describeCatalogs(
      [
        request('`example.com:shop`.core.carts'),
        {
          ...request('shop.core.carts'),
          database: { name: 'google:shop', quoted: false },
        },
      ],
      { maxProbes: 10 },
    );

    expect(listed(snapshot.catalogs[0]).tables.map((t) => t.name)).toEqual([
      'carts',
    ]);
    expect(api.queries()[0]?.['query']).toContain(
      '`example.com:shop`.`region-us`',
    );
    expect(snapshot.catalogs[1]).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining('must be quoted'),
    });
  });

  it('throws a warehouse error when the credentials are rejected', async () => {
    const { warehouse } = await open();

    const read = warehouse.describeCatalogs([request('expired-creds.core.t')], {
      maxProbes: 10,
    });

    await expect(read).rejects.toBeInstanceOf(WarehouseError);
    await expect(read).rejects.toMatchObject({ failure: 'auth' });
    await expect(read).rejects.toThrow(
      /warehouse bigquery: catalog expired-creds: request had invalid authentication/,
    );
  });

  it('stops waiting when the sync is cancelled', async () => {
    const { warehouse } = await open();
    const controller = new AbortController();
    controller.abort();

    const read = warehouse.describeCatalogs(
      [request('acme-analytics.sales.orders')],
      { maxProbes: 10, signal: controller.signal },
    );

    await expect(read).rejects.toMatchObject({ failure: 'cancelled' });
  });

  it('throws a network error when the endpoint does not answer', async () => {
    const { api, warehouse } = await open();
    await api.stop();

    const read = warehouse.describeCatalogs(
      [request('acme-analytics.sales.orders')],
      {
        maxProbes: 10,
      },
    );

    await expect(read).rejects.toMatchObject({ failure: 'network' });
  });

  it('caps the primary key query with maximum_bytes_billed', async () => {
    const { api, warehouse } = await open();

    const count = await warehouse.countDuplicateKeys(
      {
        database: { name: 'acme-analytics', quoted: false },
        schema: { name: 'sales', quoted: false },
        table: { name: 'orders', quoted: false },
        column: { name: 'order_id', quoted: false },
      },
      {},
    );

    expect(count).toBe(2);
    const [sent] = api.queries();
    expect(sent?.['maximumBytesBilled']).toBe('1000000000');
    expect(sent?.['query']).toContain('FROM `acme-analytics`.`sales`.`orders`');
    expect(sent?.['labels']).toMatchObject({ purpose: 'primary-key-check' });
  });

  it('gives a config error for an unreadable key file', async () => {
    const base = config('http://127.0.0.1:9');
    const bigquery = { ...base.bigquery!, keyFile: '/nonexistent/key.json' };

    const open = openBigQueryWarehouse({ ...base, bigquery });

    await expect(open).rejects.toMatchObject({
      failure: 'config',
      exitCode: 2,
    });
  });
});

describe('bigquery type families', () => {
  it.each([
    ['INT64', 'number'],
    ['NUMERIC(10, 2)', 'number'],
    ['BIGNUMERIC', 'number'],
    ['FLOAT64', 'number'],
    ['STRING(16)', 'string'],
    ['TIMESTAMP', 'temporal'],
    ['DATETIME', 'temporal'],
    ['BOOL', 'boolean'],
    ['BYTES', 'binary'],
    ['JSON', 'semi_structured'],
    ['ARRAY<STRUCT<a INT64>>', 'semi_structured'],
    ['GEOGRAPHY', 'other'],
  ])('puts %s in the %s family', (type, family) => {
    expect(typeFamilyOf(type, 'bigquery')).toBe(family);
  });
});

describe('bigquery quoting', () => {
  it('backtick-quotes project and region and passes datasets as parameters', () => {
    const statement = buildBigQueryRegionSql('example.com:shop', 'EU', [
      "x') OR TRUE --",
    ]);

    expect(statement.query).toContain(
      '`example.com:shop`.`region-eu`.INFORMATION_SCHEMA.TABLES',
    );
    expect(statement.query).not.toContain('OR TRUE');
    expect(statement.params.datasets).toEqual(["x') OR TRUE --"]);
    expect(quoteBigQueryName('a`b\\c')).toBe('`a\\`b\\\\c`');
  });
});
