// The conformance suite for the Redshift adapter: the real pg driver
// against the test PostgreSQL server, each database holding empty
// stand-ins for the Redshift system views (fixtures/redshift).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openRedshiftWarehouse } from '../../src/warehouse/redshift.js';
import { createTestDatabase, runSql, urlAs } from '../support/postgres.js';
import type { ScenarioDatabase } from './conformance-scenario.js';
import { ident, scenarioObjectsSql } from './conformance-sql.js';
import { describeConformance, type ScenarioType } from './conformance.js';

const RAW_TYPES: Record<ScenarioType, string> = {
  integer: 'integer',
  decimal: 'numeric(12,2)',
  text: 'character varying(256)',
  timestamp_tz: 'timestamp with time zone',
  date: 'date',
  boolean: 'boolean',
  binary: 'varbyte',
  json: 'super',
};

function systemViewsSql(role: string): string {
  const url = new URL(
    '../fixtures/redshift/empty-system-views.sql',
    import.meta.url,
  );
  return readFileSync(url, 'utf8').replaceAll('{{role}}', role);
}

function grantsSql(database: ScenarioDatabase, role: string): string {
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
  return grants.map((g) => `${g};`).join('\n');
}

describeConformance('redshift', {
  capabilities: {
    canTellDenied: true,
    canTellUnusableSchema: true,
    hasMaterializedViews: true,
    missingDatabase: 'listed_empty',
  },
  rawTypes: RAW_TYPES,
  build: async (scenario) => {
    const adminUrl = await createTestDatabase('redshift_conformance');
    const main = new URL(adminUrl).pathname.slice(1);
    const role = `rs_conf_${main}`;
    const password = `pw-${randomUUID()}`;
    await runSql(
      adminUrl,
      `CREATE ROLE ${ident(role)} LOGIN PASSWORD '${password}'`,
    );
    const names = new Map<string, string>();

    for (const database of scenario.databases) {
      const name = database.key === 'main' ? main : `${main}_${database.key}`;
      names.set(database.key, name);
      if (database.state === 'missing') continue;
      if (database.key !== 'main') {
        await runSql(adminUrl, `CREATE DATABASE ${ident(name)}`);
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      await runSql(url.href, systemViewsSql(role));
      await runSql(url.href, scenarioObjectsSql(database, RAW_TYPES, true));
      await runSql(url.href, grantsSql(database, role));
      if (database.state === 'unreadable') {
        await runSql(
          adminUrl,
          `REVOKE CONNECT ON DATABASE ${ident(name)} FROM PUBLIC`,
        );
      }
    }

    const monitorUrl = urlAs(adminUrl, role, password);
    return {
      warehouse: await openRedshiftWarehouse({
        type: 'redshift',
        database: null,
        queryTimeoutMs: 10_000,
        path: null,
        attach: [],
        url: monitorUrl.replace(/^postgres(ql)?:/, 'redshift:'),
        snowflake: null,
        bigquery: null,
        databricks: null,
      }),
      databaseName: (key) => ({ name: names.get(key) ?? key, quoted: false }),
      dispose: async () => undefined,
    };
  },
});
