/**
 * Which DuckDB file backs which catalog (SPEC §4 "Identifiers"): the
 * configured file is attached as `warehouse.database` (default: its file
 * name without extension), each `warehouse.attach` file as its file name
 * without extension. Also says, in the user's terms, why a file could not
 * be attached.
 */
import { basename, extname, resolve } from 'node:path';
import type { WarehouseConfig } from '../config/types.js';
import { WarehouseError } from '../model/errors.js';
import type { NamePart } from '../model/names.js';
import { quoteDuckDbIdent, quoteDuckDbString } from './duckdb-catalog.js';

/** One file and the catalog name it is attached as. */
export interface CatalogFile {
  /** The catalog name the graph uses. */
  readonly alias: string;
  /**
   * The name it is attached under. DuckDB reserves `main`, `temp`,
   * `system` and the instance's own `memory`, which are fine file names,
   * so every file is attached under a neutral name instead.
   */
  readonly attachedAs: string;
  /** Absolute path. */
  readonly path: string;
  /** The config key that names the file, for hints. */
  readonly setting: 'warehouse.path' | 'warehouse.attach';
}

/** The files to attach; throws a config WarehouseError on a bad list. */
export function catalogFilesOf(config: WarehouseConfig): CatalogFile[] {
  if (config.path === null || config.path.trim() === '') {
    throw configError('warehouse.path is required for duckdb');
  }
  const files: CatalogFile[] = [
    {
      alias: config.database ?? stem(config.path),
      attachedAs: 'catalog_0',
      path: resolve(config.path),
      setting: 'warehouse.path',
    },
    ...config.attach.map((path, index) => ({
      alias: stem(path),
      attachedAs: `catalog_${index + 1}`,
      path: resolve(path),
      setting: 'warehouse.attach' as const,
    })),
  ];

  const seen = new Map<string, CatalogFile>();
  for (const file of files) {
    const key = file.alias.toLowerCase();
    const earlier = seen.get(key);
    if (earlier) {
      throw configError(
        `${file.setting}: ${file.path} would be attached as ${file.alias}, ` +
          `the name of ${earlier.path} already (DuckDB names ignore case)`,
      );
    }
    seen.set(key, file);
  }
  return files;
}

/**
 * Why ATTACH failed, as an unknown catalog's reason. A file another
 * process holds for writing cannot be read at all: DuckDB lets one
 * process write or many read
 * (https://duckdb.org/docs/stable/connect/concurrency).
 */
export function attachFailureReason(file: CatalogFile, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);

  if (isLockError(message)) {
    return (
      `file ${file.path} is held open for writing by another process, ` +
      `so it cannot be read (${message})`
    );
  }
  if (/does not exist|no such file/i.test(message)) {
    return `file ${file.path} does not exist (check ${file.setting})`;
  }
  return `cannot open file ${file.path}: ${message} (check ${file.setting})`;
}

/** The ATTACH statement for one file: read-only, DuckDB format only. */
export function attachSql(file: CatalogFile): string {
  return (
    `ATTACH ${quoteDuckDbString(file.path)} ` +
    `AS ${quoteDuckDbIdent(file.attachedAs)} (TYPE duckdb, READ_ONLY)`
  );
}

/** Why a catalog the graph names has no file. */
export function notAttachedReason(part: NamePart): string {
  return (
    `no DuckDB file is attached as ${part.name} ` +
    '(name it in warehouse.database or warehouse.attach)'
  );
}

/** True for DuckDB's "another process holds the lock" error. */
export function isLockError(message: string): boolean {
  return /could not set lock|conflicting lock/i.test(message);
}

function stem(path: string): string {
  const name = basename(path);
  return name.slice(0, name.length - extname(name).length) || name;
}

function configError(message: string): WarehouseError {
  return new WarehouseError({
    warehouse: 'duckdb',
    database: null,
    failure: 'config',
    message,
  });
}
