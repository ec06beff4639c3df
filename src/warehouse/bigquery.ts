/**
 * BigQuery adapter (@google-cloud/bigquery, imported only when configured).
 *
 * Catalog views read, in one UNION ALL query per project and region (not
 * per dataset): `<project>`.`region-<loc>`.INFORMATION_SCHEMA.SCHEMATA,
 * TABLES and COLUMNS, for warehouse.bigquery.location plus
 * warehouse.bigquery.locations. A used dataset found in none of them is
 * probed once with datasets.get (counted, at most checks.max_probes): 404
 * confirms it absent; a dataset in another region, or one the monitor may
 * not read, is unknown. Every job carries the labels in BIGQUERY_LABELS.
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
import type {
  CatalogRequest,
  CatalogShape,
  UnknownPart,
} from '../model/catalog.js';
import { WarehouseError } from '../model/errors.js';
import {
  BIGQUERY_NAMING,
  buildBigQueryRegionSql,
  quoteBigQueryName,
  shapeBigQueryRegion,
  type RegionCatalog,
} from './bigquery-catalog.js';
import { classifyBigQueryError, httpStatus } from './bigquery-errors.js';
import { deepFreeze } from './deep-freeze.js';
import { mapLimited } from './map-limited.js';
import { withDeadline } from './timeout.js';
import type { KeyColumn, Warehouse } from './warehouse.js';

/** Labels on every job, so billing and audit logs name the monitor. */
export const BIGQUERY_LABELS = deepFreeze({
  app: 'datagraph-monitor',
  purpose: 'catalog',
});

const CONCURRENCY = 4;
const CLIENT_GRACE_MS = 5_000;

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
  const reader = new RegionReader(client, config.queryTimeoutMs);

  const warehouse: Warehouse = {
    type: 'bigquery',
    naming: BIGQUERY_NAMING,
    defaultDatabase: config.database ?? bq.projectId,
    limitations: LIMITATIONS,
    describeCatalogs: async (requests, options) => {
      const probes = { left: options.maxProbes };
      const sync = reader.forSync(options.signal);
      const catalogs = await mapLimited(requests, CONCURRENCY, (request) =>
        describeProject(sync, request, locations, probes),
      );
      return deepFreeze({
        warehouse: 'bigquery',
        naming: BIGQUERY_NAMING,
        catalogs,
        metadataQueries: sync.statements,
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
    projectId: bq.projectId,
    location: bq.location,
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

class RegionReader {
  statements = 0;

  constructor(
    private readonly client: BigQuery,
    private readonly timeoutMs: number,
    private readonly signal?: AbortSignal,
  ) {}

  /** A reader with its own statement count and the sync's signal. */
  forSync(signal: AbortSignal | undefined): RegionReader {
    return new RegionReader(this.client, this.timeoutMs, signal);
  }

  // jobs.query waits timeoutMs for the job; this bound also covers a
  // silent network and lets a cancelled sync stop waiting.
  private bounded<T>(call: () => Promise<T>): Promise<T> {
    return withDeadline(call, {
      timeoutMs: this.timeoutMs + CLIENT_GRACE_MS,
      signal: this.signal,
      stop: () => undefined,
    });
  }

  /** One region query; null with a reason when this region cannot be read. */
  async read(
    project: string,
    location: string,
    request: CatalogRequest,
  ): Promise<RegionCatalog | { failed: string }> {
    const statement = buildBigQueryRegionSql(
      project,
      location,
      request.schemas.map((s) => s.name),
      request.tables.map((t) => t.table.name),
    );
    this.statements += 1;

    try {
      const [rows] = await this.bounded(() =>
        this.client.query(
          {
            query: statement.query,
            params: { ...statement.params },
            types: { datasets: ['STRING'], tables: ['STRING'] },
            location,
            labels: { ...BIGQUERY_LABELS },
          },
          { timeoutMs: this.timeoutMs },
        ),
      );
      return shapeBigQueryRegion(location, rows);
    } catch (error) {
      const failure = classifyBigQueryError(error, project, location);
      if (failure instanceof WarehouseError) throw failure;
      return { failed: failure.reason };
    }
  }

  /** datasets.get: the dataset's location, or why it has none. */
  async probe(project: string, dataset: string): Promise<ProbeResult> {
    this.statements += 1;
    try {
      const [meta] = await this.bounded(() =>
        this.client.dataset(dataset, { projectId: project }).getMetadata(),
      );
      const location = (meta as { location?: unknown }).location;
      return { location: typeof location === 'string' ? location : '?' };
    } catch (error) {
      if (httpStatus(error) === 404) return 'absent';
      const failure = classifyBigQueryError(error, project, null);
      if (failure instanceof WarehouseError) throw failure;
      return { unreadable: failure.reason };
    }
  }
}

type ProbeResult = 'absent' | { location: string } | { unreadable: string };

async function describeProject(
  reader: RegionReader,
  request: CatalogRequest,
  locations: readonly string[],
  probes: { left: number },
): Promise<CatalogShape> {
  const project = request.database.name;
  if (!request.database.quoted && project.includes(':')) {
    const reason =
      `domain-scoped project ${project} must be quoted in table_ref ` +
      `(\`${project}\`)`;
    return Object.freeze({ status: 'unknown', database: project, reason });
  }
  const results = await Promise.all(
    locations.map((loc) => reader.read(project, loc, request)),
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
    return Object.freeze({ status: 'unknown', database: project, reason });
  }

  const found = new Set(read.flatMap((r) => r.datasets));
  const unknownSchemas: UnknownPart[] = [];
  const wanted = [...new Set(request.schemas.map((s) => s.name))].sort();
  for (const dataset of wanted.filter((d) => !found.has(d))) {
    const why = await explainMissing(reader, project, dataset, failed, probes);
    if (why !== null) unknownSchemas.push({ schema: dataset, reason: why });
  }

  return Object.freeze({
    status: 'listed',
    database: project,
    schemas: Object.freeze(
      [...found]
        .sort()
        .map((name) =>
          Object.freeze({ name, isUsable: true, missingGrant: null }),
        ),
    ),
    tables: Object.freeze(read.flatMap((r) => r.tables)),
    unknownSchemas: Object.freeze(unknownSchemas.map((u) => Object.freeze(u))),
  });
}

// Null: the dataset is confirmed absent. Otherwise why it is unknown.
async function explainMissing(
  reader: RegionReader,
  project: string,
  dataset: string,
  failed: ReadonlyMap<string, string>,
  probes: { left: number },
): Promise<string | null> {
  if (probes.left <= 0) {
    return 'not in the regions read and not probed (checks.max_probes reached)';
  }
  probes.left -= 1;

  const result = await reader.probe(project, dataset);
  if (result === 'absent') return null;
  if ('unreadable' in result)
    return `dataset not readable: ${result.unreadable}`;
  const failure = failed.get(result.location.toLowerCase());
  if (failure !== undefined) {
    return `region ${result.location} could not be read: ${failure}`;
  }
  return (
    `dataset is in region ${result.location}, which is not read ` +
    `(add ${result.location} to warehouse.bigquery.locations)`
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
