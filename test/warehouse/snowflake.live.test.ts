/**
 * Opt-in test against a real Snowflake account; skipped unless
 * SNOWFLAKE_LIVE_ACCOUNT is set. It reads metadata only. Run it with:
 *
 *   SNOWFLAKE_LIVE_ACCOUNT=xy12345.eu-west-1 SNOWFLAKE_LIVE_USER=MONITOR \
 *   SNOWFLAKE_LIVE_PASSWORD=... SNOWFLAKE_LIVE_ROLE=MONITOR_ROLE \
 *   SNOWFLAKE_LIVE_WAREHOUSE=MONITOR_WH \
 *   SNOWFLAKE_LIVE_TABLE=PRODUCTION.CUST.ACCOUNT \
 *   npx vitest run test/warehouse/snowflake.live.test.ts
 *
 * SNOWFLAKE_LIVE_PRIVATE_KEY_PATH (and _PASSPHRASE) or
 * SNOWFLAKE_LIVE_OAUTH_TOKEN replace the password.
 */
import { describe, expect, it } from 'vitest';
import type { ListedCatalog } from '../../src/model/catalog.js';
import { matchName, parseNamePath } from '../../src/model/names.js';
import { openSnowflakeWarehouse } from '../../src/warehouse/snowflake.js';

const env = process.env;
const optional = (name: string) => env[name] ?? null;

describe.skipIf(!env['SNOWFLAKE_LIVE_ACCOUNT'])(
  'snowflake adapter against a live account',
  () => {
    it('finds the table named in SNOWFLAKE_LIVE_TABLE in at most two statements', async () => {
      const path = parseNamePath(env['SNOWFLAKE_LIVE_TABLE'] ?? '');
      if (typeof path === 'string' || path.length !== 3) {
        throw new Error('SNOWFLAKE_LIVE_TABLE must be DATABASE.SCHEMA.TABLE');
      }
      const [database, schema, table] = path as [
        (typeof path)[0],
        (typeof path)[0],
        (typeof path)[0],
      ];
      const warehouse = await openSnowflakeWarehouse({
        type: 'snowflake',
        database: null,
        queryTimeoutMs: 60_000,
        path: null,
        attach: [],
        url: null,
        snowflake: {
          account: env['SNOWFLAKE_LIVE_ACCOUNT'] ?? '',
          username: env['SNOWFLAKE_LIVE_USER'] ?? '',
          password: optional('SNOWFLAKE_LIVE_PASSWORD'),
          privateKeyPath: optional('SNOWFLAKE_LIVE_PRIVATE_KEY_PATH'),
          privateKeyPassphrase: optional('SNOWFLAKE_LIVE_PASSPHRASE'),
          oauthToken: optional('SNOWFLAKE_LIVE_OAUTH_TOKEN'),
          role: optional('SNOWFLAKE_LIVE_ROLE'),
          warehouse: optional('SNOWFLAKE_LIVE_WAREHOUSE'),
          accessUrl: optional('SNOWFLAKE_LIVE_ACCESS_URL'),
        },
        bigquery: null,
        databricks: null,
      });

      try {
        const snapshot = await warehouse.describeCatalogs(
          [
            { database, schemas: [schema], tables: [{ schema, table }] },
            {
              database: { name: 'MONITOR_LIVE_NO_SUCH_DB', quoted: false },
              schemas: [schema],
              tables: [{ schema, table }],
            },
          ],
          { maxProbes: 5 },
        );

        expect(snapshot.metadataQueries).toBeLessThanOrEqual(4);
        const catalog = snapshot.catalogs[0] as ListedCatalog;
        expect(catalog.status).toBe('listed');
        const names = catalog.tables.map((t) => t.name);
        expect(matchName(table, names, 'table', warehouse.naming).found).toBe(
          true,
        );
        expect(snapshot.catalogs[1]?.status).toBe('unknown');
      } finally {
        await warehouse.close();
      }
    });
  },
);
