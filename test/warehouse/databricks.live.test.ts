/**
 * Opt-in test against a real Databricks SQL warehouse; skipped unless
 * DATABRICKS_LIVE_HOST is set. It reads metadata only. Run it with:
 *
 *   DATABRICKS_LIVE_HOST=adb-1234.5.azuredatabricks.net \
 *   DATABRICKS_LIVE_HTTP_PATH=/sql/1.0/warehouses/abc123 \
 *   DATABRICKS_LIVE_TOKEN=dapi... \
 *   DATABRICKS_LIVE_TABLE=main.sales.orders \
 *   npx vitest run test/warehouse/databricks.live.test.ts
 *
 * A hive_metastore table works too: it costs two probes.
 */
import { describe, expect, it } from 'vitest';
import type { ListedCatalog } from '../../src/model/catalog.js';
import { matchName, parseNamePath } from '../../src/model/names.js';
import { openDatabricksWarehouse } from '../../src/warehouse/databricks.js';

const env = process.env;

describe.skipIf(!env['DATABRICKS_LIVE_HOST'])(
  'databricks adapter against a live workspace',
  () => {
    it('finds the table named in DATABRICKS_LIVE_TABLE', async () => {
      const path = parseNamePath(env['DATABRICKS_LIVE_TABLE'] ?? '');
      if (typeof path === 'string' || path.length !== 3) {
        throw new Error('DATABRICKS_LIVE_TABLE must be catalog.schema.table');
      }
      const [database, schema, table] = path as [
        (typeof path)[0],
        (typeof path)[0],
        (typeof path)[0],
      ];
      const warehouse = await openDatabricksWarehouse({
        type: 'databricks',
        database: null,
        queryTimeoutMs: 120_000,
        path: null,
        attach: [],
        url: null,
        snowflake: null,
        bigquery: null,
        databricks: {
          host: env['DATABRICKS_LIVE_HOST'] ?? '',
          httpPath: env['DATABRICKS_LIVE_HTTP_PATH'] ?? '',
          token: env['DATABRICKS_LIVE_TOKEN'] ?? '',
        },
      });

      try {
        const snapshot = await warehouse.describeCatalogs(
          [{ database, schemas: [schema], tables: [{ schema, table }] }],
          { maxProbes: 5 },
        );

        expect(snapshot.metadataQueries).toBeLessThanOrEqual(2);
        const catalog = snapshot.catalogs[0] as ListedCatalog;
        expect(catalog.status).toBe('listed');
        const names = catalog.tables.map((t) => t.name);
        expect(matchName(table, names, 'table', warehouse.naming).found).toBe(
          true,
        );
      } finally {
        await warehouse.close();
      }
    });
  },
);
