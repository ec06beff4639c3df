/**
 * Reads a catalog that has no information_schema (hive_metastore) one
 * object at a time: SHOW TABLES per used schema, then DESCRIBE TABLE
 * EXTENDED per used table that exists, a few at a time. Every statement
 * is a probe under checks.max_probes; when the probes needed exceed what
 * is left, the catalog is unknown ("unsupported"), never missing.
 */
import type {
  CatalogRequest,
  CatalogShape,
  TableShape,
} from '../model/catalog.js';
import { WarehouseError } from '../model/errors.js';
import {
  databricksCatalogName,
  describeTableSql,
  listed,
  shapeDescribeTable,
  shapeShowTables,
  showTablesSql,
  unreadableTable,
} from './databricks-catalog.js';
import { classifyDatabricksError } from './databricks-errors.js';
import type { DatabricksRunner } from './databricks-session.js';
import { mapLimited } from './map-limited.js';

/** Probes left in this sync and probes sent, shared by all catalogs. */
export interface ProbeBudget {
  left: number;
  used: number;
}

const CONCURRENCY = 4;

/** Lists the used schemas and describes the used tables of one catalog. */
export async function readHiveMetastore(
  runner: DatabricksRunner,
  request: CatalogRequest,
  budget: ProbeBudget,
  signal: AbortSignal | undefined,
): Promise<CatalogShape> {
  const catalog = databricksCatalogName(request);
  const wanted = wantedTables(request);
  const needed = wanted.size + countTables(wanted);
  if (needed > budget.left) {
    return unsupported(request, catalog, needed, budget.left);
  }
  budget.left -= needed;

  let used = 0;
  const probe = async (sql: string) => {
    used += 1;
    budget.used += 1;
    return runner.run(sql, {}, signal);
  };
  try {
    const schemas = await mapLimited([...wanted.keys()], CONCURRENCY, (s) =>
      readSchema(probe, catalog, s, wanted.get(s) ?? new Set()),
    );
    const found = schemas.filter((s) => s !== null);
    return listed(
      catalog,
      found.map((s) => s.name),
      found.flatMap((s) => s.tables),
    );
  } catch (error) {
    if (error instanceof WarehouseError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    return { status: 'unknown', database: request.database.name, reason };
  } finally {
    // Tables that turned out absent needed no DESCRIBE: give them back.
    budget.left += needed - used;
  }
}

type Probe = (sql: string) => Promise<unknown[]>;

interface SchemaRead {
  readonly name: string;
  readonly tables: readonly TableShape[];
}

// Null: the schema does not exist.
async function readSchema(
  probe: Probe,
  catalog: string,
  schema: string,
  used: ReadonlySet<string>,
): Promise<SchemaRead | null> {
  let names: string[];
  try {
    names = shapeShowTables(await probe(showTablesSql(catalog, schema)));
  } catch (error) {
    if (failureOf(error, catalog) === 'schema_not_found') return null;
    throw error;
  }

  const usedNames = names.filter((n) => used.has(n.toLowerCase()));
  const described = await mapLimited(usedNames, CONCURRENCY, (name) =>
    describeTable(probe, catalog, schema, name),
  );
  // Unused tables are listed by name only, for rename suggestions.
  const others = names
    .filter((n) => !used.has(n.toLowerCase()))
    .map((name) => bareTable(schema, name));
  const tables = described.filter((t) => t !== null);
  return { name: schema, tables: [...tables, ...others] };
}

async function describeTable(
  probe: Probe,
  catalog: string,
  schema: string,
  name: string,
): Promise<TableShape | null> {
  try {
    const rows = await probe(describeTableSql(catalog, schema, name));
    return shapeDescribeTable(schema, name, rows);
  } catch (error) {
    const kind = failureOf(error, catalog);
    if (kind === 'table_not_found') return null;
    // SHOW TABLES listed it, so it exists: the monitor may not read it.
    if (kind === 'permission') return unreadableTable(schema, name);
    throw error;
  }
}

// Rethrows whole-warehouse errors; otherwise names the failure kind.
function failureOf(error: unknown, catalog: string): string {
  const failure = classifyDatabricksError(error, catalog);
  if (failure instanceof WarehouseError) throw failure;
  if (failure.kind === 'unknown' || failure.kind === 'no_information_schema') {
    throw new Error(failure.reason);
  }
  return failure.kind;
}

function wantedTables(request: CatalogRequest): Map<string, Set<string>> {
  const wanted = new Map<string, Set<string>>();
  for (const s of request.schemas) {
    wanted.set(s.name.toLowerCase(), new Set());
  }
  for (const t of request.tables) {
    const schema = t.schema.name.toLowerCase();
    const set = wanted.get(schema) ?? new Set<string>();
    set.add(t.table.name.toLowerCase());
    wanted.set(schema, set);
  }
  return wanted;
}

function countTables(wanted: ReadonlyMap<string, ReadonlySet<string>>) {
  let count = 0;
  for (const tables of wanted.values()) count += tables.size;
  return count;
}

function bareTable(schema: string, name: string): TableShape {
  return {
    schema,
    name,
    kind: 'table',
    isReadable: true,
    missingGrant: null,
    columns: [],
  };
}

function unsupported(
  request: CatalogRequest,
  catalog: string,
  needed: number,
  left: number,
): CatalogShape {
  return {
    status: 'unknown',
    database: request.database.name,
    reason:
      `unsupported: ${catalog} has no information_schema; reading it ` +
      `needs ${needed} probes and checks.max_probes leaves ${left} ` +
      '(raise checks.max_probes or move the tables to unity catalog)',
  };
}
