/** Maps snowflake-sdk errors to WarehouseError with an actionable hint. */
import { WarehouseError, type WarehouseFailure } from '../model/errors.js';
import { redact } from '../model/redact.js';
import { StatementStopped } from './timeout.js';

/** A failure scoped to one database: it becomes unknown, not an error. */
export interface SnowflakeDatabaseFailure {
  readonly isWholeWarehouse: false;
  readonly reason: string;
}

/** How one error affects the sync. */
export type SnowflakeFailure = SnowflakeDatabaseFailure | WarehouseError;

// Server error codes (https://docs.snowflake.com/en/user-guide/errors) and
// driver codes (snowflake-sdk lib/error_code).
const AUTH_CODES = new Set(
  ['390100', '390102', '390104', '390113', '390144', '390189'].concat([
    '390303',
    '390318',
    '390422',
  ]),
);
const NETWORK_CODES = new Set(['401001', '401002', '401003', '402001']);
const TIMEOUT_CODES = new Set(['000630', '604']);
const NOT_VISIBLE = '002003';
const NO_WAREHOUSE = '000606';
const NO_PRIVILEGE = '003001';

/**
 * Classifies an error met while reading `database` (null: while
 * connecting). Auth and network errors lose the whole warehouse; the rest
 * make only that database unknown.
 */
export function classifySnowflakeError(
  error: unknown,
  database: string | null,
  secrets: readonly string[],
): SnowflakeFailure {
  const code = errorCode(error);
  const text = redact(errorText(error), secrets);
  const whole = (failure: WarehouseFailure, hint: string) =>
    new WarehouseError(
      {
        warehouse: 'snowflake',
        database,
        failure,
        message: `${text} (${hint})`,
      },
      { cause: error },
    );

  if (error instanceof StatementStopped) {
    if (error.reason === 'cancelled') return whole('cancelled', 'sync stopped');
    if (database === null) {
      return whole('timeout', 'check warehouse.snowflake.account, access_url');
    }
    return { isWholeWarehouse: false, reason: `${text} (${TIMEOUT_HINT})` };
  }
  if (AUTH_CODES.has(code)) {
    return whole('auth', 'check warehouse.snowflake credentials and role');
  }
  if (NETWORK_CODES.has(code) || isNetworkText(text)) {
    return whole('network', 'check warehouse.snowflake.account or access_url');
  }
  if (code === NO_WAREHOUSE) {
    return whole('config', 'set warehouse.snowflake.warehouse to a warehouse');
  }
  if (database === null) {
    return whole('auth', 'check warehouse.snowflake settings');
  }
  return { isWholeWarehouse: false, reason: databaseReason(code, text) };
}

/** The WarehouseError for an error that ends a read or the session. */
export function toSnowflakeError(
  error: unknown,
  secrets: readonly string[],
  database: string | null,
): WarehouseError {
  const failure = classifySnowflakeError(error, database, secrets);
  if (failure instanceof WarehouseError) return failure;
  return new WarehouseError(
    {
      warehouse: 'snowflake',
      database,
      failure: database === null ? 'auth' : 'query',
      message: failure.reason,
    },
    { cause: error },
  );
}

const TIMEOUT_HINT = 'raise warehouse.query_timeout';

function databaseReason(code: string, text: string): string {
  // Snowflake gives one answer for "absent" and "not granted", so a
  // database it will not show is unknown rather than empty.
  if (code === NOT_VISIBLE) {
    const hint = 'the database may be missing or the role may lack USAGE on it';
    return `${text} (${hint})`;
  }
  if (code === NO_PRIVILEGE) {
    return `${text} (grant the role USAGE on the database and its schemas)`;
  }
  if (TIMEOUT_CODES.has(code)) return `${text} (${TIMEOUT_HINT})`;
  return text;
}

function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' || typeof code === 'string'
    ? String(code)
    : '';
}

function errorText(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  // "SQL compilation error:" says nothing the hint does not say better.
  const flat = raw
    .replace(/^sql compilation error:/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.$/, '');
  return flat.charAt(0).toLowerCase() + flat.slice(1);
}

function isNetworkText(text: string): boolean {
  return /econnrefused|enotfound|etimedout|econnreset|socket hang up/i.test(
    text,
  );
}
