/**
 * The behaviour every warehouse adapter shares (SPEC §4 "Present, absent,
 * unknown", "Identifiers", "Cost"), asserted once for all of them.
 *
 * A harness builds CONFORMANCE_SCENARIO (conformance-scenario.ts) in its
 * warehouse — a real one (PostgreSQL, DuckDB) or SDK entry points faked
 * with recorded rows (Snowflake, BigQuery, Databricks, Redshift) — and
 * opens the adapter on it. In `<name>.conformance.test.ts`:
 *
 *   describeConformance('postgres', {
 *     capabilities: { canTellDenied: true, canTellUnusableSchema: true,
 *                     hasMaterializedViews: true,
 *                     missingDatabase: 'listed_empty' },
 *     rawTypes: { integer: 'integer', text: 'text', ... },
 *     build: async (scenario) => ({ warehouse, databaseName, dispose }),
 *   });
 *
 * Where a capability is false the suite makes no claim about it: the
 * harness may build those objects plainly or leave them out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CatalogRequest,
  CatalogShape,
  ListedCatalog,
  WarehouseSnapshot,
} from '../../src/model/catalog.js';
import { matchName, type NamePart } from '../../src/model/names.js';
import {
  CONFORMANCE_SCENARIO,
  SCENARIO_FAMILIES,
  type BuiltScenario,
  type ConformanceHarness,
  type ScenarioTable,
} from './conformance-scenario.js';

export * from './conformance-scenario.js';

const KEYS = ['main', 'other', 'missing', 'unreadable'] as const;
const bare = (name: string): NamePart => ({ name, quoted: false });
const quoted = (name: string): NamePart => ({ name, quoted: true });

/** Registers the conformance tests for one adapter. */
export function describeConformance(
  name: string,
  harness: ConformanceHarness,
): void {
  const { capabilities: can, rawTypes } = harness;
  let built: BuiltScenario;
  let snapshot: WarehouseSnapshot;
  const catalog = (key: (typeof KEYS)[number]): CatalogShape | undefined =>
    snapshot.catalogs[KEYS.indexOf(key)];
  const main = (): ListedCatalog => listed(catalog('main'));

  describe(`${name} adapter conformance`, () => {
    beforeAll(async () => {
      built = await harness.build(CONFORMANCE_SCENARIO);
      snapshot = await built.warehouse.describeCatalogs(requestsFor(built), {
        maxProbes: 50,
      });
    });

    afterAll(async () => {
      await built?.warehouse.close();
      await built?.dispose();
    });

    it('returns one catalog per requested database, in request order', () => {
      expect(snapshot.catalogs).toHaveLength(KEYS.length);
      expect(snapshot.warehouse).toBe(built.warehouse.type);
      expect(snapshot.naming).toEqual(built.warehouse.naming);
      expect(catalog('main')?.status).toBe('listed');
      expect(catalog('other')?.status).toBe('listed');
    });

    it('lists the requested schemas that exist, an empty one included', () => {
      const names = main().schemas.map((s) => s.name);

      expect(names).toEqual(expect.arrayContaining(['cust', 'empty_one']));
      expect(names).toContain('Mixed');
      expect(names).not.toContain('nope');
      expect(main().tables.some((t) => t.schema === 'empty_one')).toBe(false);
    });

    it('reports every readable object with its kind', () => {
      for (const table of scenarioTables(can.hasMaterializedViews)) {
        const found = findTable(main(), table.schema, table.name);
        expect(found?.kind, `${table.schema}.${table.name}`).toBe(table.kind);
      }
    });

    it('reports each column in order with its raw type and family', () => {
      for (const table of scenarioTables(can.hasMaterializedViews)) {
        const found = findTable(main(), table.schema, table.name);
        const expected = table.columns.map((c) => ({
          name: c.name,
          dataType: rawTypes[c.type],
          family: SCENARIO_FAMILIES[c.type],
          isReadable: true,
        }));
        expect(found?.columns, `${table.schema}.${table.name}`).toEqual(
          expected,
        );
      }
    });

    it('leaves a dropped table and every table of a missing schema absent', () => {
      expect(findTable(main(), 'cust', 'dropped')).toBeUndefined();
      expect(main().tables.some((t) => t.schema === 'nope')).toBe(false);
    });

    it.runIf(can.canTellDenied)(
      'reports a table it may not read as present and unreadable',
      () => {
        const secret = findTable(main(), 'cust', 'secret');

        expect(secret?.isReadable).toBe(false);
        expect(secret?.missingGrant).toMatch(/\S/);
      },
    );

    it.runIf(can.canTellUnusableSchema)(
      'reports a schema it may not use as present and unusable, tables kept',
      () => {
        const schema = main().schemas.find((s) => s.name === 'locked');

        expect(schema?.isUsable).toBe(false);
        expect(schema?.missingGrant).toMatch(/\S/);
        expect(findTable(main(), 'locked', 'hidden')?.isReadable).toBe(false);
      },
    );

    it('matches names under the warehouse’s own naming rules', () => {
      const rules = snapshot.naming;
      const schemas = main().schemas.map((s) => s.name);
      const tables = main()
        .tables.filter((t) => t.schema === 'Mixed')
        .map((t) => t.name);
      const columns =
        findTable(main(), 'Mixed', 'Orders')?.columns.map((c) => c.name) ?? [];
      const loose = (level: 'schema' | 'table') =>
        rules.caseSensitiveLevels.includes(level)
          ? { found: false, ambiguous: [] }
          : { found: true, name: level === 'schema' ? 'Mixed' : 'Orders' };

      expect(matchName(quoted('Mixed'), schemas, 'schema', rules)).toEqual({
        found: true,
        name: 'Mixed',
      });
      expect(matchName(bare('MIXED'), schemas, 'schema', rules)).toEqual(
        loose('schema'),
      );
      expect(matchName(bare('orders'), tables, 'table', rules)).toEqual(
        loose('table'),
      );
      expect(matchName(bare('ORDERID'), columns, 'column', rules)).toEqual({
        found: true,
        name: 'OrderId',
      });
    });

    it(`reports a database the warehouse says does not exist as ${can.missingDatabase}`, () => {
      const missing = catalog('missing');

      if (can.missingDatabase === 'listed_empty') {
        expect(missing).toMatchObject({ status: 'listed', tables: [] });
        expect(listed(missing).schemas).toEqual([]);
      } else {
        expect(missing?.status).toBe('unknown');
      }
    });

    it('reports a database it cannot read as unknown, with a reason', () => {
      const unreadable = catalog('unreadable');

      expect(unreadable).toMatchObject({
        status: 'unknown',
        database: built.databaseName('unreadable').name,
      });
      expect(unreadable?.status === 'unknown' && unreadable.reason).toMatch(
        /\w{3}/,
      );
      expect(findTable(listed(catalog('other')), 'sales', 'orders')).toEqual(
        expect.objectContaining({ kind: 'table', isReadable: true }),
      );
    });

    it('sends at most two catalog statements per database', async () => {
      const requests = requestsFor(built);

      for (const request of requests) {
        const alone = await built.warehouse.describeCatalogs([request], {
          maxProbes: 50,
        });
        expect(alone.metadataQueries, request.database.name).toBeLessThan(3);
      }
      expect(snapshot.metadataQueries).toBeLessThanOrEqual(2 * KEYS.length);
    });

    it('returns deeply frozen plain data', () => {
      expect(isDeeplyFrozen(snapshot)).toBe(true);
      expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    });
  });
}

function requestsFor(built: BuiltScenario): CatalogRequest[] {
  const mainSchemas = [
    bare('cust'),
    bare('locked'),
    bare('empty_one'),
    bare('nope'),
    quoted('Mixed'),
  ];
  const used = (schema: NamePart, table: string) => ({
    schema,
    table: bare(table),
  });

  return KEYS.map((key) => {
    const database = built.databaseName(key);
    if (key !== 'main') {
      return {
        database,
        schemas: [bare('sales')],
        tables: [used(bare('sales'), 'orders')],
      };
    }
    return {
      database,
      schemas: mainSchemas,
      tables: [
        used(bare('cust'), 'account'),
        used(bare('cust'), 'dropped'),
        used(bare('cust'), 'secret'),
        used(bare('locked'), 'hidden'),
        used(bare('nope'), 'anything'),
        { schema: quoted('Mixed'), table: quoted('Orders') },
      ],
    };
  });
}

/** The readable tables of usable schemas in the main database. */
function scenarioTables(
  hasMaterializedViews: boolean,
): (ScenarioTable & { schema: string })[] {
  const main = CONFORMANCE_SCENARIO.databases.find((d) => d.key === 'main');

  return (main?.schemas ?? [])
    .filter((s) => s.isUsable)
    .flatMap((s) => s.tables.map((t) => ({ ...t, schema: s.name })))
    .filter((t) => t.isReadable)
    .filter((t) => hasMaterializedViews || t.kind !== 'materialized_view');
}

function findTable(catalog: ListedCatalog, schema: string, name: string) {
  return catalog.tables.find((t) => t.schema === schema && t.name === name);
}

function listed(catalog: CatalogShape | undefined): ListedCatalog {
  if (catalog?.status !== 'listed') {
    throw new Error(`expected a listed catalog: ${JSON.stringify(catalog)}`);
  }
  return catalog;
}

function isDeeplyFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeeplyFrozen);
}
