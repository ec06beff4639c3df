/** The validated config, with defaults applied and paths made absolute. */
import type { Consumer } from '../model/consumer.js';
import type { WarehouseType } from '../model/catalog.js';

/** Connection settings for one warehouse (SPEC §9). */
export interface WarehouseConfig {
  readonly type: WarehouseType;
  /** The database for two-part table_refs; null: the adapter's default. */
  readonly database: string | null;
  readonly queryTimeoutMs: number;
  /** duckdb: the database file and more catalogs to attach. */
  readonly path: string | null;
  readonly attach: readonly string[];
  /** postgres, redshift: a connection URL. */
  readonly url: string | null;
  readonly snowflake: SnowflakeConfig | null;
  readonly bigquery: BigQueryConfig | null;
  readonly databricks: DatabricksConfig | null;
}

/** Snowflake account, role and one way to authenticate. */
export interface SnowflakeConfig {
  readonly account: string;
  readonly username: string;
  readonly password: string | null;
  readonly privateKeyPath: string | null;
  readonly privateKeyPassphrase: string | null;
  readonly oauthToken: string | null;
  readonly role: string | null;
  readonly warehouse: string | null;
  readonly accessUrl: string | null;
}

/** BigQuery project, region and credentials. */
export interface BigQueryConfig {
  readonly projectId: string;
  readonly location: string;
  /** More regions to read (datasets elsewhere are unknown otherwise). */
  readonly locations: readonly string[];
  readonly keyFile: string | null;
  readonly apiEndpoint: string | null;
  readonly maximumBytesBilled: number;
}

/** Databricks SQL warehouse endpoint and token. */
export interface DatabricksConfig {
  readonly host: string;
  readonly httpPath: string;
  readonly token: string;
}

/** Which checks run and how findings open (SPEC §4, §5). */
export interface ChecksConfig {
  readonly confirmAfter: number;
  readonly maxMissingRatio: number;
  readonly suspectSyncsBeforeOpen: number;
  readonly maxProbes: number;
  readonly primaryKeyUniqueness: boolean;
  readonly primaryKeyUniquenessSchedule: string;
}

/** When and how alerts go out (SPEC §6). */
export interface AlertsConfig {
  readonly failedSyncsBeforeAlert: number;
  readonly repeatIntervalMs: number | null;
  readonly deliveryTimeoutMs: number;
  readonly maxAttempts: number;
}

/** The channels; a null URL turns a channel off. */
export interface NotifyConfig {
  readonly slack: {
    readonly webhookUrl: string | null;
    readonly channel: string | null;
  };
  readonly email: {
    readonly smtpUrl: string | null;
    readonly from: string;
    readonly to: readonly string[];
  };
}

/** The HTTP server of the daemon. */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  /** Null: no auth, and only loopback is allowed. */
  readonly token: string | null;
  readonly publicUrl: string;
}

/** The whole config. */
export interface MonitorConfig {
  /** Absolute path of the config file. */
  readonly configPath: string;
  /** Absolute path of the graph file. */
  readonly graphPath: string;
  /** Absolute path of the consumers file, or null when inline. */
  readonly consumersPath: string | null;
  readonly consumers: readonly Consumer[];
  readonly warehouse: WarehouseConfig;
  readonly schedule: string;
  readonly timezone: string;
  /** Absolute path of the SQLite state file. */
  readonly statePath: string;
  readonly stateRetentionMs: number;
  readonly checks: ChecksConfig;
  readonly alerts: AlertsConfig;
  readonly notify: NotifyConfig;
  readonly server: ServerConfig;
  readonly logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  /** Every secret value the config holds, for redaction. */
  readonly secrets: readonly string[];
}
