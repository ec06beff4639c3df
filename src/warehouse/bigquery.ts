/**
 * BigQuery adapter (@google-cloud/bigquery, imported only when configured).
 *
 * Catalog views read, in one UNION ALL query per project and region (not
 * per dataset): `<project>`.`region-<loc>`.INFORMATION_SCHEMA.SCHEMATA,
 * TABLES and COLUMNS, for warehouse.bigquery.location plus
 * warehouse.bigquery.locations. When a used dataset is in none of them,
 * one datasets.list of the project (each page a probe under
 * checks.max_probes) tells them apart: a dataset not in the list is
 * absent; one in a region not read, or whose region failed, is unknown.
 * Every job carries the labels in BIGQUERY_LABELS.
 *
 * Limitations:
 * - Datasets in regions that are not configured are unknown, never
 *   missing: list every region the graph uses in bigquery.locations.
 * - Region views need project-level bigquery.tables.list and
 *   bigquery.datasets.get; without them the project is unknown.
 * - access_denied is not reported: the region views list every table of
 *   the project whatever its table-level grants.
 * - Each region query bills at least 10 MB (on-demand pricing).
 */
import { access } from 'node:fs/promises';
import type { BigQuery, BigQueryOptions } from '@google-cloud/bigquery';
import type { BigQueryConfig, WarehouseConfig } from '../config/types.js';
import type { CatalogRequest, CatalogShape } from '../model/catalog.js';
import { WarehouseError } from '../model/errors.js';
import {
  BIGQUERY_NAMING,
  quoteBigQueryName,
  type RegionCatalog,
} from './bigquery-catalog.js';
import { classifyBigQueryError } from './bigquery-errors.js';
import {
  BIGQUERY_LABELS,
  BigQueryReader,
  type Failed,
  type ProbeBudget,
} from './bigquery-reader.js';
import { deepFreeze } from './deep-freeze.js';
import { mapLimited } from './map-limited.js';
import type { KeyColumn, Warehouse } from './warehouse.js';

export { BIGQUERY_LABELS } from './bigquery-reader.js';

const CONCURRENCY = 4;

/**
 * Connects to BigQuery. `overrides` reach the client's options (tests pass
 * an endpoint on 127.0.0.1 and a pre-authorised auth client).
 */
export async function openBigQueryWarehouse(
  config: WarehouseConfig,
  overrides: Partial<BigQueryOptions> = {},
): Promise<Warehouse> {
  const bq = requireBigQuery(config);
  await checkKeyFile(bq);
  const { BigQuery: Client } = await import('@google-cloud/bigquery');
  const client = new Client({ ...clientOptions(bq, config), ...overrides });
  const locations = [...new Set([bq.location, ...bq.locations])];
  const reader = new BigQueryReader(client, config.queryTimeoutMs);

  const warehouse: Warehouse = {
    type: 'bigquery',
    naming: BIGQUERY_NAMING,
    defaultDatabase: config.database ?? bq.projectId,
    limitations: LIMITATIONS,
    describeCatalogs: async (requests, options) => {
      const probes: ProbeBudget = { left: options.maxProbes };
      const sync = reader.forSync(options.signal);
      const catalogs = await mapLimited(requests, CONCURRENCY, (request) =>
        describeProject(sync, request, locations, probes),
      );
      return deepFreeze({
        warehouse: 'bigquery',
        naming: BIGQUERY_NAMING,
        catalogs,
        metadataQueries: sync.statements,
        canTellDenied: false,
      });
    },
    countDuplicateKeys: (key) => countDuplicates(client, key, bq, config),
    close: async () => {},
  };
  return deepFreeze(warehouse);
}

/** The client options: key file or application default credentials. */
export function clientOptions(
  bq: BigQueryConfig,
  config: WarehouseConfig,
): BigQueryOptions {
  // `timeout` (per HTTP request) is read by @google-cloud/common's Service
  // though BigQueryOptions does not declare it.
  const options: BigQueryOptions & { timeout: number } = {
    // No client-wide location: each catalog query names its region and
    // the primary key query runs where its table lives.
    projectId: bq.projectId,
    ...(bq.keyFile ? { keyFilename: bq.keyFile } : {}),
    ...(bq.apiEndpoint ? { apiEndpoint: bq.apiEndpoint } : {}),
    userAgent: 'datagraph-monitor',
    timeout: config.queryTimeoutMs,
    maxRetries: 1,
  };
  return options;
}

const LIMITATIONS: readonly string[] = deepFreeze([
  'datasets in a region not listed in bigquery.location or ' +
    'bigquery.locations are unknown, never missing',
  'access_denied is not reported: region views list tables whatever ' +
    'their table-level grants',
  'a quoted column name still has to match its catalog spelling exactly',
]);

async function describeProject(
  reader: BigQueryReader,
  request: CatalogRequest,
  locations: readonly string[],
  probes: ProbeBudget,
): Promise<CatalogShape> {
  const project = request.database.name;
  if (!request.database.quoted && project.includes(':')) {
    const reason =
      `domain-scoped project ${project} must be quoted in table_ref ` +
      `(\`${project}\`)`;
    return { status: 'unknown', database: project, reason };
  }

  const results = await Promise.all(
    locations.map((loc) => reader.readRegion(project, loc, request)),
  );
  const read = results.filter((r): r is RegionCatalog => !('failed' in r));
  const failed = new Map<string, string>();
  results.forEach((r, i) => {
    if ('failed' in r) failed.set(locations[i]?.toLowerCase() ?? '', r.failed);
  });
  if (read.length === 0) {
    const reason = [...failed.entries()]
      .map(([loc, why]) => `region ${loc}: ${why}`)
      .join('; ');
    return { status: 'unknown', database: project, reason };
  }

  const found = new Set(read.flatMap((r) => r.datasets));
  const missing = [...new Set(request.schemas.map((s) => s.name))]
    .filter((d) => !found.has(d))
    .sort();
  const list =
    missing.length > 0 ? await reader.listDatasets(project, probes) : null;
  const unknownSchemas = missing.flatMap((dataset) => {
    const reason = explainMissing(dataset, list, failed);
    return reason === null ? [] : [{ schema: dataset, reason }];
  });

  return {
    status: 'listed',
    database: project,
    schemas: [...found]
      .sort()
      .map((name) => ({ name, isUsable: true, missingGrant: null })),
    tables: read.flatMap((r) => r.tables),
    unknownSchemas,
  };
}

// Null: the dataset is confirmed absent. Otherwise why it is unknown.
function explainMissing(
  dataset: string,
  list: Map<string, string> | Failed | null,
  failed: ReadonlyMap<string, string>,
): string | null {
  if (list === null) return null;
  if (!(list instanceof Map)) {
    return `not in the regions read; the dataset list failed: ${list.failed}`;
  }
  const location = list.get(dataset);
  if (location === undefined) return null;

  const failure = failed.get(location.toLowerCase());
  if (failure !== undefined) {
    return `region ${location} could not be read: ${failure}`;
  }
  return (
    `dataset is in region ${location}, which is not read ` +
    `(add ${location} to warehouse.bigquery.locations)`
  );
}

async function countDuplicates(
  client: BigQuery,
  key: KeyColumn,
  bq: BigQueryConfig,
  config: WarehouseConfig,
): Promise<number> {
  const table = [key.database, key.schema, key.table]
    .map((p) => quoteBigQueryName(p.name))
    .join('.');
  const column = quoteBigQueryName(key.column.name);
  const query =
    `SELECT COUNT(*) AS duplicates FROM (SELECT ${column} FROM ${table}` +
    ` WHERE ${column} IS NOT NULL GROUP BY ${column} HAVING COUNT(*) > 1)`;

  try {
    const [rows] = await client.query(
      {
        query,
        // The one data query: capped so a huge table cannot run up a bill.
        maximumBytesBilled: String(bq.maximumBytesBilled),
        labels: { ...BIGQUERY_LABELS, purpose: 'primary-key-check' },
      },
      { timeoutMs: config.queryTimeoutMs },
    );
    const first = rows[0] as { duplicates?: unknown } | undefined;
    return Number(first?.duplicates ?? 0);
  } catch (error) {
    const failure = classifyBigQueryError(error, key.database.name, null);
    if (failure instanceof WarehouseError) throw failure;
    throw new WarehouseError(
      {
        warehouse: 'bigquery',
        database: key.database.name,
        failure: 'query',
        message: failure.reason,
      },
      { cause: error },
    );
  }
}

function requireBigQuery(config: WarehouseConfig): BigQueryConfig {
  if (config.bigquery) return config.bigquery;
  throw new WarehouseError({
    warehouse: 'bigquery',
    database: null,
    failure: 'config',
    message: 'warehouse.bigquery settings are missing',
  });
}

async function checkKeyFile(bq: BigQueryConfig): Promise<void> {
  if (!bq.keyFile) return;
  try {
    await access(bq.keyFile);
  } catch (error) {
    throw new WarehouseError(
      {
        warehouse: 'bigquery',
        database: null,
        failure: 'config',
        message:
          `cannot read key file ${bq.keyFile} ` +
          '(check warehouse.bigquery.key_file)',
      },
      { cause: error },
    );
  }
}
