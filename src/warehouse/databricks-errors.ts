/**
 * Maps @databricks/sql errors to WarehouseError (the whole warehouse is
 * lost) or to a failure of one catalog, schema or table. Server messages
 * start with an error class in brackets, e.g. `[TABLE_OR_VIEW_NOT_FOUND]`
 * (https://docs.databricks.com/en/error-messages/index.html).
 */
import { WarehouseError, type WarehouseFailure } from '../model/errors.js';
import { redact } from '../model/redact.js';
import { StatementStopped } from './timeout.js';

/** What a failure scoped to one catalog, schema or table means. */
export interface DatabricksPartFailure {
  readonly kind:
    | 'unknown'
    | 'no_information_schema'
    | 'schema_not_found'
    | 'table_not_found'
    | 'permission';
  readonly reason: string;
}

const NETWORK = new RegExp(
  'ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|EHOSTUNREACH|' +
    'socket hang up',
  'i',
);
const AUTH = /\b401\b|\b403\b|unauthori[sz]ed|forbidden|invalid access token/i;
const PERMISSION = /INSUFFICIENT_PERMISSIONS|PERMISSION_DENIED|privilege/i;

/**
 * Classifies an error met while reading `catalog` (null: while
 * connecting). `secrets` are masked out of the message.
 */
export function classifyDatabricksError(
  error: unknown,
  catalog: string | null,
  secrets: readonly string[] = [],
): WarehouseError | DatabricksPartFailure {
  const text = redact(describe(error), secrets);
  const whole = (failure: WarehouseFailure, hint: string) =>
    new WarehouseError(
      {
        warehouse: 'databricks',
        database: catalog,
        failure,
        message: `${text} (${hint})`,
      },
      { cause: error },
    );

  if (error instanceof StatementStopped) {
    if (error.reason === 'cancelled') return whole('cancelled', 'sync stopped');
    if (catalog === null) return whole('timeout', 'check the network');
    return { kind: 'unknown', reason: `${text} (${TIMEOUT_HINT})` };
  }
  if (errorName(error) === 'AuthenticationError' || AUTH.test(text)) {
    return whole('auth', 'check warehouse.databricks.token');
  }
  if (NETWORK.test(`${errorCode(error)} ${text}`)) {
    return whole('network', 'check warehouse.databricks.host and http_path');
  }
  return partFailure(text);
}

const TIMEOUT_HINT = 'raise warehouse.query_timeout';

function partFailure(text: string): DatabricksPartFailure {
  const errorClass = /^\[([A-Z_.]+)\]/.exec(text)?.[1] ?? '';

  if (/NO_SUCH_CATALOG|CATALOG_NOT_FOUND/.test(errorClass)) {
    const hint =
      'the catalog may be missing or the principal may lack USE CATALOG';
    return { kind: 'unknown', reason: `${text} (${hint})` };
  }
  if (errorClass.startsWith('TABLE_OR_VIEW_NOT_FOUND')) {
    return /information_schema/i.test(text)
      ? { kind: 'no_information_schema', reason: text }
      : { kind: 'table_not_found', reason: text };
  }
  if (errorClass.startsWith('SCHEMA_NOT_FOUND')) {
    return { kind: 'schema_not_found', reason: text };
  }
  if (PERMISSION.test(text)) {
    return { kind: 'permission', reason: text };
  }
  return { kind: 'unknown', reason: text };
}

// StatusError is not an Error subclass: read `message` from any object.
function describe(error: unknown): string {
  const message =
    typeof error === 'object' && error !== null && 'message' in error
      ? String((error as { message: unknown }).message)
      : String(error);
  const flat = message.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  if (flat.startsWith('[')) return flat;
  return flat.charAt(0).toLowerCase() + flat.slice(1);
}

function errorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const name = (error as { name?: unknown }).name;
  const ctor = (error as { constructor?: { name?: unknown } }).constructor;
  return typeof name === 'string' && name !== 'Error'
    ? name
    : String(ctor?.name ?? '');
}

function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}
