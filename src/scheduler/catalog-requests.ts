/** Groups the graph's used tables into one catalog request per database. */
import type { CatalogRequest } from '../model/catalog.js';
import { formatNamePart, type NamePart } from '../model/names.js';
import type { GraphUsage } from '../model/usage.js';

/** One request per database, listing its used schemas and tables. */
export function buildCatalogRequests(usage: GraphUsage): CatalogRequest[] {
  const byDatabase = new Map<string, MutableRequest>();

  for (const table of usage.tables) {
    const key = formatNamePart(table.database);
    let request = byDatabase.get(key);
    if (!request) {
      request = { database: table.database, schemas: new Map(), tables: [] };
      byDatabase.set(key, request);
    }
    request.schemas.set(formatNamePart(table.schema), table.schema);
    request.tables.push({ schema: table.schema, table: table.table });
  }

  return [...byDatabase.values()].map((r) => ({
    database: r.database,
    schemas: [...r.schemas.values()],
    tables: r.tables,
  }));
}

interface MutableRequest {
  database: NamePart;
  schemas: Map<string, NamePart>;
  tables: { schema: NamePart; table: NamePart }[];
}
