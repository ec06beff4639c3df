/**
 * Opt-in test against a real Redshift cluster or workgroup; skipped unless
 * REDSHIFT_LIVE_URL is set. It reads metadata only. Run it with:
 *
 *   REDSHIFT_LIVE_URL=redshift://monitor:...@cluster.abc.eu-west-1.redshift.amazonaws.com:5439/dev \
 *   REDSHIFT_LIVE_TABLE=dev.public.orders \
 *   npx vitest run test/warehouse/redshift.live.test.ts
 */
import { describe, expect, it } from 'vitest';
import type { ListedCatalog } from '../../src/model/catalog.js';
import { matchName, parseNamePath } from '../../src/model/names.js';
import { openRedshiftWarehouse } from '../../src/warehouse/redshift.js';

const env = process.env;

describe.skipIf(!env['REDSHIFT_LIVE_URL'])(
  'redshift adapter against a live cluster',
  () => {
    it('finds the table named in REDSHIFT_LIVE_TABLE in two statements', async () => {
      const path = parseNamePath(env['REDSHIFT_LIVE_TABLE'] ?? '');
      if (typeof path === 'string' || path.length !== 3) {
        throw new Error('REDSHIFT_LIVE_TABLE must be database.schema.table');
      }
      const [database, schema, table] = path as [
        (typeof path)[0],
        (typeof path)[0],
        (typeof path)[0],
      ];
      const warehouse = await openRedshiftWarehouse({
        type: 'redshift',
        database: null,
        queryTimeoutMs: 60_000,
        path: null,
        attach: [],
        url: env['REDSHIFT_LIVE_URL'] ?? '',
        snowflake: null,
        bigquery: null,
        databricks: null,
      });

      const snapshot = await warehouse.describeCatalogs(
        [{ database, schemas: [schema], tables: [{ schema, table }] }],
        { maxProbes: 5 },
      );

      expect(snapshot.metadataQueries).toBe(2);
      const catalog = snapshot.catalogs[0] as ListedCatalog;
      expect(catalog.status).toBe('listed');
      const names = catalog.tables.map((t) => t.name);
      expect(matchName(table, names, 'table', warehouse.naming).found).toBe(
        true,
      );
      await warehouse.close();
    });
  },
);
