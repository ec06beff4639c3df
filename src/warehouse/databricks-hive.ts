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
    // Two rounds, each a few statements at a time: list the schemas, then
    // describe the used tables that exist.
    const schemas = await mapLimited([...wanted.keys()], CONCURRENCY, (s) =>
      listSchema(probe, catalog, s),
    );
    const found = schemas.filter((s) => s !== null);
    const targets = found.flatMap((s) =>
      s.names
        .filter((n) => wanted.get(s.name)?.has(n.toLowerCase()))
        .map((name) => ({ schema: s.name, name })),
    );
    const described = await mapLimited(targets, CONCURRENCY, (t) =>
      describeTable(probe, catalog, t.schema, t.name),
    );
    return listed(
      catalog,
      found.map((s) => s.name),
      [...described.filter((t) => t !== null), ...unusedTables(found, wanted)],
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

interface SchemaList {
  readonly name: string;
  readonly names: readonly string[];
}

// Null: the schema does not exist.
async function listSchema(
  probe: Probe,
  catalog: string,
  schema: string,
): Promise<SchemaList | null> {
  try {
    const rows = await probe(showTablesSql(catalog, schema));
    return { name: schema, names: shapeShowTables(rows) };
  } catch (error) {
    if (failureOf(error, catalog) === 'schema_not_found') return null;
    throw error;
  }
}

// Unused tables are listed by name only, for rename suggestions: each
// DESCRIBE would cost a probe.
function unusedTables(
  schemas: readonly SchemaList[],
  wanted: ReadonlyMap<string, ReadonlySet<string>>,
): TableShape[] {
  return schemas.flatMap((s) =>
    s.names
      .filter((n) => !wanted.get(s.name)?.has(n.toLowerCase()))
      .map((name) => bareTable(s.name, name)),
  );
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
