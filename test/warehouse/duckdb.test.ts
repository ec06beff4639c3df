import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  CatalogRequest,
  CatalogShape,
  ListedCatalog,
} from '../../src/model/catalog.js';
import { WarehouseError } from '../../src/model/errors.js';
import { matchName } from '../../src/model/names.js';
import { openDuckDbWarehouse } from '../../src/warehouse/duckdb.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import {
  buildDuckDbFile,
  duckDbConfig,
  duckDbDir,
  holdWriteLock,
} from './duckdb-fixture.js';
import { bare, catalogRequest, quoted } from './pg-monitor.js';

let dir: string;
let mainPath: string;
let otherPath: string;
let warehouse: Warehouse;

beforeAll(async () => {
  dir = duckDbDir();
  mainPath = join(dir, 'production.duckdb');
  otherPath = join(dir, 'Other.db');
  await buildDuckDbFile(
    mainPath,
    `CREATE SCHEMA cust; CREATE SCHEMA empty_one; CREATE SCHEMA "Mixed";
     CREATE SCHEMA "we""ird; s";
     CREATE TABLE cust.account (id HUGEINT, total DECIMAL(18,3), email VARCHAR,
       created_at TIMESTAMPTZ, address STRUCT(city VARCHAR, zip VARCHAR),
       tags VARCHAR[], scores INTEGER[3], attrs MAP(VARCHAR, INTEGER),
       doc JSON, raw BLOB, external_id UUID, is_open BOOLEAN, day DATE);
     CREATE VIEW cust.open_accounts AS SELECT id, email FROM cust.account;
     CREATE TABLE cust.dropped (id INT); DROP TABLE cust.dropped;
     CREATE TABLE "Mixed"."Orders" ("OrderId" BIGINT);
     CREATE TABLE "we""ird; s"."t;""x" ("a""b; c" INT);
     INSERT INTO "we""ird; s"."t;""x" VALUES (1), (1), (2), (3), (3), (3);
     CREATE VIEW cust.endless AS SELECT range AS id FROM range(100000000000);`,
  );
  await buildDuckDbFile(otherPath, 'CREATE TABLE main.t (id INT)');
  warehouse = await openDuckDbWarehouse(
    duckDbConfig(mainPath, { attach: [otherPath] }),
  );
});

async function describeOne(
  request: CatalogRequest,
  target: Warehouse = warehouse,
): Promise<CatalogShape | undefined> {
  const snapshot = await target.describeCatalogs([request], { maxProbes: 50 });
  return snapshot.catalogs[0];
}

function listed(catalog: CatalogShape | undefined): ListedCatalog {
  if (catalog?.status !== 'listed') {
    throw new Error(`expected a listed catalog: ${JSON.stringify(catalog)}`);
  }
  return catalog;
}

const main = (schemas: string[]) =>
  catalogRequest(bare('production'), schemas.map(bare));

describe('duckdb adapter: catalogs and objects', () => {
  it('attaches the configured file and every attach file under their file names', async () => {
    const snapshot = await warehouse.describeCatalogs(
      [main(['cust']), catalogRequest(bare('other'), [bare('main')])],
      { maxProbes: 50 },
    );

    expect(warehouse.defaultDatabase).toBe('production');
    expect(snapshot.catalogs.map((c) => [c.status, c.database])).toEqual([
      ['listed', 'production'],
      ['listed', 'Other'],
    ]);
  });

  it('names the configured file after warehouse.database when it is set', async () => {
    const named = await openDuckDbWarehouse(
      duckDbConfig(mainPath, { database: 'prod' }),
    );
    const catalog = listed(
      await describeOne(catalogRequest(bare('PROD'), [bare('cust')]), named),
    );

    expect(named.defaultDatabase).toBe('prod');
    expect(catalog.database).toBe('prod');
  });

  it('lists tables and views with their kinds and the columns of views', async () => {
    const catalog = listed(await describeOne(main(['cust'])));
    const view = catalog.tables.find((t) => t.name === 'open_accounts');

    expect(catalog.tables.map((t) => [t.name, t.kind])).toEqual([
      ['account', 'table'],
      ['endless', 'view'],
      ['open_accounts', 'view'],
    ]);
    expect(view?.columns.map((c) => [c.name, c.dataType])).toEqual([
      ['id', 'HUGEINT'],
      ['email', 'VARCHAR'],
    ]);
  });

  it('reports raw DuckDB types with their families', async () => {
    const catalog = listed(await describeOne(main(['cust'])));
    const account = catalog.tables.find((t) => t.name === 'account');

    expect(account?.columns.map((c) => [c.name, c.dataType, c.family])).toEqual(
      [
        ['id', 'HUGEINT', 'number'],
        ['total', 'DECIMAL(18,3)', 'number'],
        ['email', 'VARCHAR', 'string'],
        ['created_at', 'TIMESTAMP WITH TIME ZONE', 'temporal'],
        ['address', 'STRUCT(city VARCHAR, zip VARCHAR)', 'semi_structured'],
        ['tags', 'VARCHAR[]', 'semi_structured'],
        ['scores', 'INTEGER[3]', 'semi_structured'],
        ['attrs', 'MAP(VARCHAR, INTEGER)', 'semi_structured'],
        ['doc', 'JSON', 'semi_structured'],
        ['raw', 'BLOB', 'binary'],
        ['external_id', 'UUID', 'other'],
        ['is_open', 'BOOLEAN', 'boolean'],
        ['day', 'DATE', 'temporal'],
      ],
    );
    expect(account?.columns.every((c) => c.isReadable)).toBe(true);
  });

  it('leaves dropped tables and missing schemas absent, lists empty schemas', async () => {
    const catalog = listed(
      await describeOne(main(['cust', 'gone', 'empty_one'])),
    );

    expect(catalog.schemas.map((s) => s.name)).toEqual(['cust', 'empty_one']);
    expect(catalog.tables.some((t) => t.name === 'dropped')).toBe(false);
    expect(catalog.tables.some((t) => t.schema !== 'cust')).toBe(false);
  });

  it('matches every name case-insensitively, quoted or not', async () => {
    const snapshot = await warehouse.describeCatalogs(
      [catalogRequest(quoted('PRODUCTION'), [quoted('MIXED')])],
      { maxProbes: 50 },
    );
    const catalog = listed(snapshot.catalogs[0]);
    const columns = catalog.tables[0]?.columns.map((c) => c.name) ?? [];

    expect(catalog.schemas.map((s) => s.name)).toEqual(['Mixed']);
    expect(snapshot.naming.isCaseInsensitive).toBe(true);
    expect(
      matchName(quoted('orderid'), columns, 'column', snapshot.naming),
    ).toEqual({ found: true, name: 'OrderId' });
  });

  it('sends two catalog statements per catalog, one when no schema exists', async () => {
    const snapshot = await warehouse.describeCatalogs(
      [
        main(['cust', 'empty_one']),
        main(['not_there']),
        catalogRequest(bare('unconfigured'), [bare('main')]),
      ],
      { maxProbes: 50 },
    );

    expect(snapshot.metadataQueries).toBe(3);
  });

  it('returns frozen plain data', async () => {
    const snapshot = await warehouse.describeCatalogs([main(['cust'])], {
      maxProbes: 50,
    });

    expect(Object.isFrozen(snapshot.catalogs)).toBe(true);
    expect(Object.isFrozen(listed(snapshot.catalogs[0]).tables[0])).toBe(true);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });
});

describe('duckdb adapter: files it cannot read', () => {
  it('reports a file another process holds for writing as unknown, with why', async () => {
    const lock = await holdWriteLock(otherPath);
    try {
      const snapshot = await warehouse.describeCatalogs(
        [main(['cust']), catalogRequest(bare('other'), [bare('main')])],
        { maxProbes: 50 },
      );

      expect(snapshot.catalogs[0]?.status).toBe('listed');
      expect(snapshot.catalogs[1]).toMatchObject({
        status: 'unknown',
        database: 'other',
        reason: expect.stringContaining(
          `file ${otherPath} is held open for writing by another process`,
        ),
      });
    } finally {
      await lock.release();
    }
  });

  it('lets a writer open the file again once a sync is over', async () => {
    await describeOne(main(['cust']));
    // Another process: DuckDB's file locks do not conflict inside one.
    const writer = await holdWriteLock(mainPath);

    await writer.release();
  });

  it('reports a missing main file as unknown, naming the setting to check', async () => {
    const path = join(dir, 'not-there.duckdb');
    const missing = await openDuckDbWarehouse(duckDbConfig(path));
    const catalog = await describeOne(
      catalogRequest(bare('not-there'), [bare('main')]),
      missing,
    );

    expect(catalog).toEqual({
      status: 'unknown',
      database: 'not-there',
      reason: `file ${path} does not exist (check warehouse.path)`,
    });
  });

  it('reports a catalog no file is attached as as unknown', async () => {
    const catalog = await describeOne(
      catalogRequest(bare('archive'), [bare('main')]),
    );

    expect(catalog).toEqual({
      status: 'unknown',
      database: 'archive',
      reason:
        'no DuckDB file is attached as archive ' +
        '(name it in warehouse.database or warehouse.attach)',
    });
  });

  it('refuses a config without a path or with two files of one name', async () => {
    const noPath = openDuckDbWarehouse(duckDbConfig(''));
    const clash = openDuckDbWarehouse(
      duckDbConfig(mainPath, { attach: [join(dir, 'sub', 'PRODUCTION.db')] }),
    );

    await expect(noPath).rejects.toThrow(
      'warehouse duckdb: warehouse.path is required for duckdb',
    );
    await expect(clash).rejects.toThrow(/would be attached as PRODUCTION/);
    await expect(clash).rejects.toBeInstanceOf(WarehouseError);
  });
});

describe('duckdb adapter: data queries', () => {
  it('passes names with quotes and semicolons to SQL safely', async () => {
    const catalog = listed(await describeOne(main(['we"ird; s'])));
    const duplicates = await warehouse.countDuplicateKeys(
      {
        database: bare('production'),
        schema: quoted('we"ird; s'),
        table: quoted('t;"x'),
        column: quoted('a"b; c'),
      },
      {},
    );

    expect(catalog.tables.map((t) => t.name)).toEqual(['t;"x']);
    expect(duplicates).toBe(2);
  });

  it('attaches a file whose path and name hold quotes', async () => {
    const path = join(dir, `it's "odd"; here.duckdb`);
    await buildDuckDbFile(path, 'CREATE TABLE main.t (id INT)');
    const odd = await openDuckDbWarehouse(duckDbConfig(path));
    const catalog = listed(
      await describeOne(
        catalogRequest(quoted(`it's "odd"; here`), [bare('main')]),
        odd,
      ),
    );

    expect(catalog.tables.map((t) => t.name)).toEqual(['t']);
  });

  it('reads files named like the catalogs DuckDB reserves', async () => {
    const names = ['main', 'temp', 'system', 'memory'];
    const paths = names.map((name) => join(dir, 'reserved', `${name}.duckdb`));
    await mkdir(join(dir, 'reserved'));
    for (const path of paths) {
      await buildDuckDbFile(path, 'CREATE TABLE main.t (id INT)');
    }
    const [first, ...rest] = paths;
    const reserved = await openDuckDbWarehouse(
      duckDbConfig(first ?? '', { attach: rest }),
    );
    const snapshot = await reserved.describeCatalogs(
      names.map((name) => catalogRequest(bare(name), [bare('main')])),
      { maxProbes: 50 },
    );

    expect(snapshot.catalogs.map((c) => [c.status, c.database])).toEqual(
      names.map((name) => ['listed', name]),
    );
  });

  it('ends the whole read as cancelled when the sync is cancelled', async () => {
    const outcome = warehouse.describeCatalogs([main(['cust'])], {
      maxProbes: 50,
      signal: AbortSignal.abort(),
    });

    await expect(outcome).rejects.toMatchObject({ failure: 'cancelled' });
  });

  it('stops a duplicate key check at the query timeout', async () => {
    const quick = await openDuckDbWarehouse(
      duckDbConfig(mainPath, { queryTimeoutMs: 200 }),
    );
    const error: unknown = await quick
      .countDuplicateKeys(
        {
          database: bare('production'),
          schema: bare('cust'),
          table: bare('endless'),
          column: bare('id'),
        },
        {},
      )
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WarehouseError);
    expect((error as WarehouseError).failure).toBe('timeout');
    expect((error as WarehouseError).message).toBe(
      'warehouse duckdb: catalog PRODUCTION: duplicate key check timed out ' +
        'after 200ms (raise warehouse.query_timeout)',
    );
  });
});
