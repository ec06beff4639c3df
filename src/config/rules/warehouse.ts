/** Rules for `warehouse`: its type, and the settings each type needs. */
import { basename, extname } from 'node:path';
import type { BigQueryConfig, WarehouseConfig } from '../types.js';
import type { WarehouseType } from '../../model/catalog.js';
import { didYouMean } from '../../model/did-you-mean.js';
import { describe } from '../section.js';
import type { Section } from '../section.js';
import {
  readBigQuery,
  readDatabricks,
  readSnowflake,
} from './cloud-warehouses.js';

// A record, so that adding a WarehouseType without listing it here fails
// to compile.
const TYPE_LIST: Record<WarehouseType, true> = {
  duckdb: true,
  postgres: true,
  redshift: true,
  snowflake: true,
  bigquery: true,
  databricks: true,
};

/** Every warehouse type, in the order the docs list them. */
export const WAREHOUSE_TYPE_NAMES = Object.keys(TYPE_LIST) as WarehouseType[];

// Keys that only some types read; setting one for another type is almost
// always a config left over from switching warehouses.
const KEYS_BY_TYPE: Readonly<Record<string, readonly WarehouseType[]>> = {
  path: ['duckdb'],
  attach: ['duckdb'],
  url: ['postgres', 'redshift'],
  snowflake: ['snowflake'],
  bigquery: ['bigquery'],
  databricks: ['databricks'],
};

const KEYS = [
  'type',
  'database',
  'query_timeout',
  ...Object.keys(KEYS_BY_TYPE),
];

const URL_SCHEMES = ['postgres:', 'postgresql:'];

/** Reads `warehouse`; the fallback type after a problem is duckdb. */
export function readWarehouse(root: Section): WarehouseConfig {
  if (!root.has('warehouse')) root.report('warehouse', 'required');
  const section = root.child('warehouse', KEYS);
  const type = readType(section);
  const queryTimeoutMs = section.duration('query_timeout', 60_000);
  const database = section.text('database');

  if (type !== null) reportKeysOfOtherTypes(section, type);

  const base: WarehouseConfig = {
    type: type ?? 'duckdb',
    database,
    queryTimeoutMs,
    path: null,
    attach: [],
    url: null,
    snowflake: null,
    bigquery: null,
    databricks: null,
  };
  if (type === 'duckdb') return readDuckDb(section, base);
  if (type === 'postgres' || type === 'redshift') {
    return readPostgres(section, base);
  }
  if (type === 'snowflake') {
    return { ...base, snowflake: readSnowflake(section) };
  }
  if (type === 'bigquery') return readBigQueryWarehouse(section, base);
  if (type === 'databricks') {
    return { ...base, databricks: readDatabricks(section) };
  }
  return base;
}

function readType(section: Section): WarehouseType | null {
  const choices = WAREHOUSE_TYPE_NAMES.join(', ');
  const value = section.text('type', {
    required: `required: one of ${choices}`,
  });
  if (value === null) return null;

  if ((WAREHOUSE_TYPE_NAMES as string[]).includes(value)) {
    return value as WarehouseType;
  }
  section.report(
    'type',
    `expected one of ${choices}, got ${describe(value)}` +
      didYouMean(value, WAREHOUSE_TYPE_NAMES),
  );
  return null;
}

function reportKeysOfOtherTypes(section: Section, type: WarehouseType): void {
  for (const [key, types] of Object.entries(KEYS_BY_TYPE)) {
    if (!section.has(key) || types.includes(type)) continue;
    section.report(key, `only used when type is ${types.join(' or ')}`);
  }
}

function readDuckDb(section: Section, base: WarehouseConfig): WarehouseConfig {
  const path = section.filePath('path', { required: 'required for duckdb' });
  const attach = section.textList('attach').map((p) => section.resolvePath(p));

  // SPEC §4: the file is attached under its own name unless told otherwise.
  const fileName = path === null ? null : basename(path, extname(path));
  return { ...base, path, attach, database: base.database ?? fileName };
}

function readPostgres(
  section: Section,
  base: WarehouseConfig,
): WarehouseConfig {
  const url = section.text('url', {
    isSecret: true,
    required: `required for ${base.type}`,
  });
  if (url === null) return base;

  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (parsed === null || !URL_SCHEMES.includes(parsed.protocol)) {
    section.report(
      'url',
      'expected a URL like postgres://host:5432/database, with the user ' +
        'and password before the host',
    );
    return { ...base, url };
  }

  const fromUrl = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return { ...base, url, database: base.database ?? (fromUrl || null) };
}

function readBigQueryWarehouse(
  section: Section,
  base: WarehouseConfig,
): WarehouseConfig {
  const bigquery: BigQueryConfig = readBigQuery(section);

  // Two-part table_refs name a dataset of the configured project.
  const database = base.database ?? (bigquery.projectId || null);
  return { ...base, bigquery, database };
}
