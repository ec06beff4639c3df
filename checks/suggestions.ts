/**
 * Hints attached to findings (SPEC §4 "Suggestions"): the new name a
 * missing table or column may have been renamed to, and the grant a
 * denied object lacks.
 */
import type { WarehouseSnapshot } from '../src/model/catalog.js';
import type { NameLevel } from '../src/model/names.js';
import { foldName, formatNamePart } from '../src/model/names.js';
import { indexCatalog } from './catalog-index.js';
import { pickRenameTarget } from './rename-target.js';
import type { AmbiguousName } from './resolve-catalog.js';
import { schemaKey } from './resolve-catalog.js';
import type { ResolvedColumn, ResolvedTable } from './resolve-objects.js';
import type { RuleContext } from './rule.js';
import { columnKey } from './rule.js';

/** A rename hint for a column missing from a table that is there. */
export function suggestColumnRename(
  table: ResolvedTable,
  column: ResolvedColumn,
  context: RuleContext,
): string | null {
  const { snapshot, knownNames, baseline } = context.input;
  const missing = formatNamePart(column.used.column);
  if (column.ambiguous !== null) {
    return describeAmbiguity(`column ${missing}`, column.ambiguous, snapshot);
  }

  const used = new Set(table.columns.map((c) => c.shape));
  const previous = new Set(knownNames?.tables.get(table.used.tableRef));
  const key = columnKey(table.used.tableRef, column.used.name);
  const family = baseline.columns.get(key)?.family;
  const candidates = (table.shape?.columns ?? [])
    .filter((c) => !used.has(c) && !previous.has(c.name))
    .filter((c) => family === undefined || c.family === family)
    .map((c) => c.name);

  const target = pickRenameTarget(column.used.column.name, candidates);
  if (target === null) return null;
  const spelled = spellCatalogName(target, 'column', snapshot);
  return `column ${missing} may have been renamed to ${spelled}`;
}

/** A rename hint for a table missing from a schema that is there. */
export function suggestTableRename(
  table: ResolvedTable,
  context: RuleContext,
): string | null {
  const { snapshot } = context.input;
  const missing = formatNamePart(table.used.table);
  if (table.ambiguous !== null) {
    const level = table.ambiguous.level;
    const object =
      level === 'table'
        ? `table ${missing}`
        : `${level} of table ${table.used.tableRef}`;
    return describeAmbiguity(object, table.ambiguous, snapshot);
  }
  if (table.catalog === null || table.schemaName === null) return null;

  const candidates = newTablesOf(table, context);
  const target = pickRenameTarget(table.used.table.name, candidates);
  if (target === null) return null;
  const spelled = spellCatalogName(target, 'table', snapshot);
  return `table ${missing} may have been renamed to ${spelled}`;
}

/** The grant a denied table, schema or column lacks. */
export function suggestGrant(
  table: ResolvedTable,
  column: ResolvedColumn | null,
  snapshot: WarehouseSnapshot,
): string {
  const schema =
    table.schemaName ?? foldName(table.used.schema, snapshot.naming);
  const name = table.shape?.name ?? foldName(table.used.table, snapshot.naming);
  const database = table.catalog?.database ?? null;
  const schemaPath = qualify(database, [schema], snapshot);
  const tablePath = qualify(database, [schema, name], snapshot);

  if (column !== null) {
    const columnName = column.shape?.name ?? column.used.column.name;
    const quoted = quoteSqlName(columnName, snapshot);
    return `grant SELECT (${quoted}) on ${tablePath} to the monitor's role`;
  }
  if (table.schemaShape?.isUsable === false) {
    return (
      table.schemaShape.missingGrant ??
      `grant USAGE on schema ${schemaPath} to the monitor's role`
    );
  }
  return (
    table.shape?.missingGrant ??
    `grant SELECT on ${tablePath} to the monitor's role`
  );
}

/** How the graph would have to write a catalog name to match it. */
export function spellCatalogName(
  name: string,
  level: NameLevel,
  snapshot: WarehouseSnapshot,
): string {
  const rules = snapshot.naming;
  if (rules.caseSensitiveLevels.includes(level)) return name;

  const folded = foldName({ name, quoted: false }, rules);
  const isPlain = /^[A-Za-z_][A-Za-z0-9_$]*$/.test(name);
  if (isPlain && (rules.isCaseInsensitive || name === folded)) {
    return name.toUpperCase();
  }
  return quoteName(name, snapshot);
}

// The tables of a schema that are new since the previous good sync and
// unused by the graph; worked out once per schema, since a dropped batch
// of tables asks for the same list many times.
const newTables = new WeakMap<RuleContext, Map<string, readonly string[]>>();

function newTablesOf(
  table: ResolvedTable,
  context: RuleContext,
): readonly string[] {
  const bySchema = newTables.get(context) ?? new Map();
  newTables.set(context, bySchema);
  const key = schemaKey(table.used);
  const known = bySchema.get(key);
  if (known !== undefined || table.catalog === null) return known ?? [];

  const used = new Set(context.tables.map((t) => t.shape));
  const previous = new Set(context.input.knownNames?.schemas.get(key));
  const tables = indexCatalog(table.catalog).tablesBySchema.get(
    table.schemaName ?? '',
  );
  const names = (tables ?? [])
    .filter((t) => !used.has(t) && !previous.has(t.name))
    .map((t) => t.name);
  bySchema.set(key, names);
  return names;
}

function describeAmbiguity(
  object: string,
  ambiguous: AmbiguousName,
  snapshot: WarehouseSnapshot,
): string {
  const names = ambiguous.names.map((n) => quoteName(n, snapshot));
  const list = `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
  const advice = 'quote the one meant in the graph';
  return `${object} matches ${list} only ignoring case; ${advice}`;
}

function qualify(
  database: string | null,
  parts: readonly string[],
  snapshot: WarehouseSnapshot,
): string {
  // PostgreSQL and Redshift grants name objects of the current database.
  const isLocal =
    snapshot.warehouse === 'postgres' || snapshot.warehouse === 'redshift';
  const path = database === null || isLocal ? parts : [database, ...parts];
  return path.map((p) => quoteSqlName(p, snapshot)).join('.');
}

function quoteSqlName(name: string, snapshot: WarehouseSnapshot): string {
  const folded = foldName({ name, quoted: false }, snapshot.naming);
  const isPlain = /^[A-Za-z_][A-Za-z0-9_$]*$/.test(name);
  return isPlain && name === folded ? name : quoteName(name, snapshot);
}

function quoteName(name: string, snapshot: WarehouseSnapshot): string {
  const isBacktick =
    snapshot.warehouse === 'bigquery' || snapshot.warehouse === 'databricks';
  const quote = isBacktick ? '`' : '"';
  return `${quote}${name.replaceAll(quote, quote + quote)}${quote}`;
}
