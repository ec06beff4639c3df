/**
 * The BigQuery calls of one sync: one INFORMATION_SCHEMA query per project
 * and region, and, when a used dataset was in none of the regions read,
 * one datasets.list of the project (paged, each page a probe) to tell a
 * deleted dataset from one in another region.
 */
import type { BigQuery } from '@google-cloud/bigquery';
import type { CatalogRequest } from '../model/catalog.js';
import { WarehouseError } from '../model/errors.js';
import {
  buildBigQueryRegionSql,
  shapeBigQueryRegion,
  type RegionCatalog,
} from './bigquery-catalog.js';
import { classifyBigQueryError } from './bigquery-errors.js';
import { deepFreeze } from './deep-freeze.js';
import { withDeadline } from './timeout.js';

/** Labels on every job, so billing and audit logs name the monitor. */
export const BIGQUERY_LABELS = deepFreeze({
  app: 'datagraph-monitor',
  purpose: 'catalog',
});

/** Probes left in this sync, shared by every project. */
export interface ProbeBudget {
  left: number;
}

/** A call that could not be made or answered, and why. */
export interface Failed {
  readonly failed: string;
}

const CLIENT_GRACE_MS = 5_000;
const PAGE_SIZE = 1000;

/** Counts the calls of one sync and bounds each by the query timeout. */
export class BigQueryReader {
  statements = 0;

  constructor(
    private readonly client: BigQuery,
    private readonly timeoutMs: number,
    private readonly signal?: AbortSignal,
  ) {}

  /** A reader with its own count and the sync's signal. */
  forSync(signal: AbortSignal | undefined): BigQueryReader {
    return new BigQueryReader(this.client, this.timeoutMs, signal);
  }

  /** The used datasets, their tables and used columns in one region. */
  async readRegion(
    project: string,
    location: string,
    request: CatalogRequest,
  ): Promise<RegionCatalog | Failed> {
    const statement = buildBigQueryRegionSql(
      project,
      location,
      request.schemas.map((s) => s.name),
    );
    this.statements += 1;

    try {
      const [rows] = await this.bounded(() =>
        this.client.query(
          {
            query: statement.query,
            params: { ...statement.params },
            types: { datasets: ['STRING'] },
            location,
            labels: { ...BIGQUERY_LABELS },
          },
          { timeoutMs: this.timeoutMs },
        ),
      );
      return shapeBigQueryRegion(location, rows);
    } catch (error) {
      return this.failure(error, project, location);
    }
  }

  /**
   * Every dataset of the project with its location (hidden ones too).
   * Complete whenever a region query succeeded: both need the same
   * project-level bigquery.datasets.get.
   */
  async listDatasets(
    project: string,
    probes: ProbeBudget,
  ): Promise<Map<string, string> | Failed> {
    const locations = new Map<string, string>();
    let pageToken: string | undefined;

    do {
      if (probes.left <= 0) {
        return { failed: 'not probed (checks.max_probes reached)' };
      }
      probes.left -= 1;
      this.statements += 1;
      try {
        const page = await this.listPage(project, pageToken);
        for (const [name, location] of page.datasets) {
          locations.set(name, location);
        }
        pageToken = page.next;
      } catch (error) {
        return this.failure(error, project, null);
      }
    } while (pageToken);
    return locations;
  }

  private async listPage(project: string, pageToken: string | undefined) {
    const [, , response] = await this.bounded(() =>
      this.client.getDatasets({
        projectId: project,
        all: true,
        autoPaginate: false,
        maxResults: PAGE_SIZE,
        ...(pageToken ? { pageToken } : {}),
      }),
    );
    const datasets = (response?.datasets ?? []).map(
      (d) => [d.datasetReference?.datasetId ?? '', d.location ?? '?'] as const,
    );
    return { datasets, next: response?.nextPageToken ?? undefined };
  }

  private failure(
    error: unknown,
    project: string,
    location: string | null,
  ): Failed {
    const failure = classifyBigQueryError(error, project, location);
    if (failure instanceof WarehouseError) throw failure;
    return { failed: failure.reason };
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
}
