// DDL for the conformance scenario in dialects with double-quoted
// identifiers and CAST (PostgreSQL, DuckDB); harnesses add their grants.
import type {
  ScenarioDatabase,
  ScenarioTable,
  ScenarioType,
} from './conformance-scenario.js';

/** Double-quotes an identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * CREATE statements for one scenario database. Views select typed NULLs,
 * so their columns carry the same raw types as tables; a materialized
 * view is left out when the dialect has none.
 */
export function scenarioObjectsSql(
  database: ScenarioDatabase,
  rawTypes: Readonly<Record<ScenarioType, string>>,
  hasMaterializedViews: boolean,
): string {
  const statements: string[] = [];

  for (const schema of database.schemas) {
    statements.push(`CREATE SCHEMA ${ident(schema.name)}`);
    for (const table of schema.tables) {
      if (table.kind === 'materialized_view' && !hasMaterializedViews) continue;
      statements.push(tableSql(schema.name, table, rawTypes));
    }
  }
  return statements.map((s) => `${s};`).join('\n');
}

function tableSql(
  schema: string,
  table: ScenarioTable,
  rawTypes: Readonly<Record<ScenarioType, string>>,
): string {
  const name = `${ident(schema)}.${ident(table.name)}`;
  if (table.kind === 'table') {
    const columns = table.columns.map(
      (c) => `${ident(c.name)} ${rawTypes[c.type]}`,
    );
    return `CREATE TABLE ${name} (${columns.join(', ')})`;
  }

  const select = table.columns
    .map((c) => `CAST(NULL AS ${rawTypes[c.type]}) AS ${ident(c.name)}`)
    .join(', ');
  const kind = table.kind === 'view' ? 'VIEW' : 'MATERIALIZED VIEW';
  return `CREATE ${kind} ${name} AS SELECT ${select}`;
}
