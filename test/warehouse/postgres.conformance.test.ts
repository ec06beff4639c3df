// The conformance suite against a real PostgreSQL server, read as an
// unprivileged LOGIN role.
import type { ScenarioDatabase } from './conformance-scenario.js';
import { describeConformance, type ScenarioType } from './conformance.js';
import { ident, scenarioObjectsSql } from './conformance-sql.js';
import { openPostgresWarehouse } from '../../src/warehouse/postgres.js';
import { runSql } from '../support/postgres.js';
import {
  bare,
  createMonitorDatabase,
  createSiblingDatabase,
  postgresConfig,
} from './pg-monitor.js';

const RAW_TYPES: Record<ScenarioType, string> = {
  integer: 'integer',
  decimal: 'numeric(12,2)',
  text: 'text',
  timestamp_tz: 'timestamp with time zone',
  date: 'date',
  boolean: 'boolean',
  binary: 'bytea',
  json: 'jsonb',
};

describeConformance('postgres', {
  capabilities: {
    canTellDenied: true,
    canTellUnusableSchema: true,
    hasMaterializedViews: true,
    missingDatabase: 'listed_empty',
  },
  rawTypes: RAW_TYPES,
  build: async (scenario) => {
    const db = await createMonitorDatabase('postgres_conformance');
    const names = new Map<string, string>();

    for (const database of scenario.databases) {
      const name =
        database.key === 'main'
          ? db.database
          : `${db.database}_${database.key}`;
      names.set(database.key, name);
      if (database.state === 'missing') continue;

      const url =
        database.key === 'main'
          ? db.adminUrl
          : await createSiblingDatabase(db.adminUrl, name);
      await runSql(url, buildSql(database, db.role));
      if (database.state === 'unreadable') {
        await runSql(
          db.adminUrl,
          `REVOKE CONNECT ON DATABASE ${ident(name)} FROM PUBLIC`,
        );
      }
    }

    return {
      warehouse: await openPostgresWarehouse(postgresConfig(db.monitorUrl)),
      databaseName: (key) => bare(names.get(key) ?? key),
      dispose: async () => undefined,
    };
  },
});

function buildSql(database: ScenarioDatabase, role: string): string {
  const grants: string[] = [];

  for (const schema of database.schemas) {
    if (schema.isUsable) {
      grants.push(
        `GRANT USAGE ON SCHEMA ${ident(schema.name)} TO ${ident(role)}`,
      );
    }
    for (const table of schema.tables.filter((t) => t.isReadable)) {
      const name = `${ident(schema.name)}.${ident(table.name)}`;
      grants.push(`GRANT SELECT ON ${name} TO ${ident(role)}`);
    }
  }
  return [
    scenarioObjectsSql(database, RAW_TYPES, true),
    ...grants.map((g) => `${g};`),
  ].join('\n');
}
