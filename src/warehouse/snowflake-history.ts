/**
 * Snowflake drop proof: SHOW TABLES HISTORY for used tables that the
 * INFORMATION_SCHEMA read did not return
 * (https://docs.snowflake.com/en/sql-reference/sql/show-tables).
 * HISTORY adds the versions dropped within their Time Travel retention,
 * with `dropped_on` set. Like every SHOW it lists only what the role
 * holds a privilege on: a table dropped while the role could read it
 * comes back with its drop time; a table whose grant was revoked gives
 * no row. One probe per schema that lacks a used table, within
 * checks.max_probes; a probe that fails proves nothing.
 */
import type { CatalogRequest, ListedCatalog } from '../model/catalog.js';
import type { NamePart } from '../model/names.js';
import { foldName, matchName } from '../model/names.js';
import { SNOWFLAKE_NAMING, quoteSnowflakeName } from './snowflake-catalog.js';

/** A table SHOW TABLES HISTORY proved dropped. */
export type DroppedTable = NonNullable<ListedCatalog['droppedTables']>[number];

/** Probes left and sent in one sync, shared by every database. */
export interface ProbeBudget {
  left: number;
  sent: number;
}

/** Runs one statement; rejects with the driver's error. */
export type RunStatement = (sqlText: string) => Promise<unknown[]>;

/** The used tables of one schema that the catalog read did not return. */
export interface MissingTables {
  /** The schema as Snowflake spells it. */
  readonly schema: string;
  readonly tables: readonly NamePart[];
}

/**
 * Groups the request's used tables that a listed catalog lacks by their
 * schema. A table whose schema is absent is left out (SHOW would fail on
 * it), and so is one that matches two names ignoring case (it is there).
 */
export function findUnlistedTables(
  catalog: ListedCatalog,
  request: CatalogRequest,
): MissingTables[] {
  const schemas = catalog.schemas.map((s) => s.name);
  const groups = new Map<string, Map<string, NamePart>>();

  for (const used of request.tables) {
    const schema = matchName(used.schema, schemas, 'schema', SNOWFLAKE_NAMING);
    if (!schema.found) continue;
    const names = catalog.tables
      .filter((t) => t.schema === schema.name)
      .map((t) => t.name);
    const table = matchName(used.table, names, 'table', SNOWFLAKE_NAMING);
    if (table.found || table.ambiguous.length > 0) continue;
    const group = groups.get(schema.name) ?? new Map<string, NamePart>();
    group.set(foldName(used.table, SNOWFLAKE_NAMING), used.table);
    groups.set(schema.name, group);
  }

  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([schema, tables]) => ({ schema, tables: [...tables.values()] }));
}

/**
 * The probe for one schema: LIKE the one missing name, or the whole
 * schema when several are missing (one statement instead of many).
 */
export function buildTableHistorySql(
  database: string,
  missing: MissingTables,
): string {
  const scope =
    `IN SCHEMA ${quoteSnowflakeName(database)}.` +
    quoteSnowflakeName(missing.schema);
  const [only, ...more] = missing.tables;
  if (only === undefined || more.length > 0) {
    return `SHOW TABLES HISTORY ${scope}`;
  }

  const name = foldName(only, SNOWFLAKE_NAMING);
  return `SHOW TABLES HISTORY LIKE ${snowflakeLikeLiteral(name)} ${scope}`;
}

/**
 * A name as a SHOW ... LIKE pattern in a string literal: `\`, `%` and `_`
 * escaped with `\` (the escape character of SHOW patterns), then `\` and
 * `'` escaped again for the single-quoted literal.
 */
export function snowflakeLikeLiteral(name: string): string {
  const pattern = name.replace(/[\\%_]/g, (c) => `\\${c}`);
  const literal = pattern.replaceAll('\\', '\\\\').replaceAll("'", "''");
  return `'${literal}'`;
}

/**
 * Maps SHOW TABLES HISTORY rows (snowflake-sdk object rows, lower-case
 * column names) to the missing tables they prove dropped: the latest
 * dropped version of each, unless a live version of that name is listed.
 * Pure: tests feed it recorded rows.
 */
export function shapeDroppedTables(
  missing: MissingTables,
  rows: readonly unknown[],
): DroppedTable[] {
  const versions = rows.map(readRow).filter((row) => row !== null);
  const names = [...new Set(versions.map((row) => row.name))];
  const proved: DroppedTable[] = [];

  for (const table of missing.tables) {
    const match = matchName(table, names, 'table', SNOWFLAKE_NAMING);
    if (!match.found || proved.some((p) => p.name === match.name)) continue;
    const mine = versions.filter((row) => row.name === match.name);
    // A live version the catalog read missed (created since): no proof.
    if (mine.some((row) => row.droppedAt === null)) continue;
    const latest = mine
      .map((row) => row.droppedAt ?? '')
      .sort()
      .at(-1);
    if (latest) {
      proved.push({
        schema: missing.schema,
        name: match.name,
        droppedAt: latest,
      });
    }
  }
  return proved;
}

/**
 * Probes each schema of `missing` while the budget lasts. A probe that
 * fails proves nothing and is not an error of the catalog; cancellation
 * of the sync still ends it.
 */
export async function probeDroppedTables(
  run: RunStatement,
  database: string,
  missing: readonly MissingTables[],
  budget: ProbeBudget,
  signal: AbortSignal | undefined,
): Promise<DroppedTable[]> {
  const proved: DroppedTable[] = [];

  for (const group of missing) {
    if (budget.left <= 0 || signal?.aborted) break;
    budget.left -= 1;
    budget.sent += 1;
    try {
      const rows = await run(buildTableHistorySql(database, group));
      proved.push(...shapeDroppedTables(group, rows));
    } catch (error) {
      if (signal?.aborted) throw error;
    }
  }
  return proved;
}

function readRow(raw: unknown): HistoryRow | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const row = raw as Record<string, unknown>;
  const name = row['name'];
  if (typeof name !== 'string') return null;

  const dropped = row['dropped_on'];
  if (dropped === null || dropped === undefined) {
    return { name, droppedAt: null };
  }

  // The driver turns TIMESTAMP_LTZ into a Date; a string comes from
  // fetchAsString. A time it cannot read proves nothing.
  const date = dropped instanceof Date ? dropped : new Date(String(dropped));
  if (Number.isNaN(date.getTime())) return null;
  return { name, droppedAt: date.toISOString() };
}

interface HistoryRow {
  readonly name: string;
  /** ISO 8601 UTC; null for the live version. */
  readonly droppedAt: string | null;
}
