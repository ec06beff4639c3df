/**
 * Opt-in test against a real BigQuery project; skipped unless
 * BIGQUERY_LIVE_PROJECT is set. It reads metadata only (each region query
 * bills at least 10 MB). Run it with:
 *
 *   BIGQUERY_LIVE_PROJECT=acme-analytics BIGQUERY_LIVE_LOCATION=US \
 *   BIGQUERY_LIVE_KEY_FILE=./monitor-sa.json \
 *   BIGQUERY_LIVE_TABLE=acme-analytics.sales.orders \
 *   npx vitest run test/warehouse/bigquery.live.test.ts
 *
 * Without BIGQUERY_LIVE_KEY_FILE the application default credentials are
 * used.
 */
import { describe, expect, it } from 'vitest';
import type { ListedCatalog } from '../../src/model/catalog.js';
import { matchName, parseNamePath } from '../../src/model/names.js';
import { openBigQueryWarehouse } from '../../src/warehouse/bigquery.js';

const env = process.env;

describe.skipIf(!env['BIGQUERY_LIVE_PROJECT'])(
  'bigquery adapter against a live project',
  () => {
    it('finds the table named in BIGQUERY_LIVE_TABLE with one region query', async () => {
      const path = parseNamePath(env['BIGQUERY_LIVE_TABLE'] ?? '');
      if (typeof path === 'string' || path.length !== 3) {
        throw new Error('BIGQUERY_LIVE_TABLE must be project.dataset.table');
      }
      const [database, schema, table] = path as [
        (typeof path)[0],
        (typeof path)[0],
        (typeof path)[0],
      ];
      const warehouse = await openBigQueryWarehouse({
        type: 'bigquery',
        database: null,
        queryTimeoutMs: 60_000,
        path: null,
        attach: [],
        url: null,
        snowflake: null,
        bigquery: {
          projectId: env['BIGQUERY_LIVE_PROJECT'] ?? '',
          location: env['BIGQUERY_LIVE_LOCATION'] ?? 'US',
          locations: [],
          keyFile: env['BIGQUERY_LIVE_KEY_FILE'] ?? null,
          apiEndpoint: null,
          maximumBytesBilled: 1_000_000_000,
        },
        databricks: null,
      });

      try {
        const snapshot = await warehouse.describeCatalogs(
          [{ database, schemas: [schema], tables: [{ schema, table }] }],
          { maxProbes: 5 },
        );

        expect(snapshot.metadataQueries).toBe(1);
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
