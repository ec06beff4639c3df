/** Opens the configured warehouse; each SDK is imported only when used. */
import type { WarehouseConfig } from '../config/types.js';
import type { WarehouseType } from '../model/catalog.js';
import type { Warehouse } from './warehouse.js';

type Opener = (config: WarehouseConfig) => Promise<Warehouse>;

// One line per warehouse. The import stays inside the arrow so that the
// CLI never pays for an SDK it does not use (snowflake-sdk costs ~450 ms).
const OPENERS: Record<WarehouseType, () => Promise<Opener>> = {
  duckdb: async () => (await import('./duckdb.js')).openDuckDbWarehouse,
  postgres: async () => (await import('./postgres.js')).openPostgresWarehouse,
  redshift: async () => (await import('./redshift.js')).openRedshiftWarehouse,
  snowflake: async () =>
    (await import('./snowflake.js')).openSnowflakeWarehouse,
  bigquery: async () => (await import('./bigquery.js')).openBigQueryWarehouse,
  databricks: async () =>
    (await import('./databricks.js')).openDatabricksWarehouse,
};

/** The warehouse types the monitor supports. */
export const WAREHOUSE_TYPES = Object.keys(OPENERS) as WarehouseType[];

/** Connects to the configured warehouse. */
export async function openWarehouse(
  config: WarehouseConfig,
): Promise<Warehouse> {
  const open = await OPENERS[config.type]();
  return open(config);
}
