// The conformance suite against DuckDB files in a temp dir; the unreadable
// catalog is a file another process holds open for writing.
import { join } from 'node:path';
import { openDuckDbWarehouse } from '../../src/warehouse/duckdb.js';
import { describeConformance, type ScenarioType } from './conformance.js';
import { scenarioObjectsSql } from './conformance-sql.js';
import {
  buildDuckDbFile,
  duckDbConfig,
  duckDbDir,
  holdWriteLock,
  type WriteLock,
} from './duckdb-fixture.js';
import { bare } from './pg-monitor.js';

const RAW_TYPES: Record<ScenarioType, string> = {
  integer: 'INTEGER',
  decimal: 'DECIMAL(12,2)',
  text: 'VARCHAR',
  timestamp_tz: 'TIMESTAMP WITH TIME ZONE',
  date: 'DATE',
  boolean: 'BOOLEAN',
  binary: 'BLOB',
  json: 'JSON',
};

describeConformance('duckdb', {
  capabilities: {
    canTellDenied: false,
    canTellUnusableSchema: false,
    hasMaterializedViews: false,
    missingDatabase: 'unknown',
  },
  rawTypes: RAW_TYPES,
  build: async (scenario) => {
    const dir = duckDbDir();
    const paths = new Map<string, string>();
    const locks: WriteLock[] = [];

    // A missing database is one no configured file is attached as.
    for (const database of scenario.databases) {
      if (database.state === 'missing') continue;
      const path = join(dir, `${database.key}.duckdb`);
      paths.set(database.key, path);
      await buildDuckDbFile(
        path,
        scenarioObjectsSql(database, RAW_TYPES, false),
      );
      if (database.state === 'unreadable')
        locks.push(await holdWriteLock(path));
    }

    const [main, ...attach] = [...paths.values()];
    const config = duckDbConfig(main ?? '', { attach });
    return {
      warehouse: await openDuckDbWarehouse(config),
      databaseName: (key) => bare(key),
      dispose: async () => {
        await Promise.all(locks.map((lock) => lock.release()));
      },
    };
  },
});
