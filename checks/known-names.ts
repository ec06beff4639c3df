/**
 * The names the next sync compares against for rename suggestions: table
 * names of each used schema that was listed, column names of each used
 * table that is present.
 */
import type { KnownNames } from '../src/model/check.js';
import { indexCatalog } from './catalog-index.js';
import { schemaKey } from './resolve-catalog.js';
import type { ResolvedTable } from './resolve-objects.js';
import { compareText } from './rule.js';

/**
 * Collects the names seen now. What is unknown this sync keeps the
 * previous sync's names, so an outage does not make every name look new
 * afterwards; an absent schema counts as listed and empty.
 */
export function collectKnownNames(
  tables: readonly ResolvedTable[],
  previous: KnownNames | null,
): KnownNames {
  const schemas = new Map<string, readonly string[]>();
  const columns = new Map<string, readonly string[]>();

  for (const table of tables) {
    const schema = schemaKey(table.used);
    const tableRef = table.used.tableRef;
    if (table.state === 'unknown') {
      copyEntry(previous?.schemas, schemas, schema);
      copyEntry(previous?.tables, columns, tableRef);
      continue;
    }

    if (table.catalog !== null && !schemas.has(schema)) {
      const index = indexCatalog(table.catalog);
      const tables = index.tablesBySchema.get(table.schemaName ?? '') ?? [];
      schemas.set(schema, sortNames(tables.map((t) => t.name)));
    }
    if (table.state === 'present' && table.shape !== null) {
      columns.set(tableRef, sortNames(table.shape.columns.map((c) => c.name)));
    }
  }
  return { schemas, tables: columns };
}

function copyEntry(
  from: ReadonlyMap<string, readonly string[]> | undefined,
  to: Map<string, readonly string[]>,
  key: string,
): void {
  const names = from?.get(key);
  if (names !== undefined && !to.has(key)) to.set(key, names);
}

function sortNames(names: readonly string[]): string[] {
  return [...new Set(names)].sort(compareText);
}
