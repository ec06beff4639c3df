/**
 * What a PostgreSQL or driver error means for a sync: the whole warehouse
 * is lost (throw), one database cannot be read (unknown), or the database
 * does not exist (listed and empty, SPEC §4). SQLSTATE codes:
 * https://www.postgresql.org/docs/15/errcodes-appendix.html
 */
import type { CatalogRequest, CatalogShape } from '../model/catalog.js';
import { WarehouseError, type WarehouseFailure } from '../model/errors.js';
import { formatNamePart, type NamePart } from '../model/names.js';
import { redact } from '../model/redact.js';
import { formatDuration, StatementStopped } from './timeout.js';

/** How far an error reaches, why, and the message to show. */
export interface PostgresFailure {
  readonly scope: 'warehouse' | 'database' | 'absent';
  readonly failure: WarehouseFailure;
  /** Lower-case, password-free, with a hint where the user can act. */
  readonly message: string;
}

/** Facts the message needs; the password is only used to redact it. */
export interface FailureContext {
  readonly queryTimeoutMs: number;
  readonly password: string | null;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
]);

/** Classifies an error met while connecting to or reading a database. */
export function classifyPostgresError(
  error: unknown,
  context: FailureContext,
): PostgresFailure {
  const code = errorCode(error);
  const text = redact(errorText(error), secretsOf(context));
  const url = '(check warehouse.url)';

  if (error instanceof StatementStopped && error.reason === 'cancelled') {
    return whole('cancelled', 'the sync was cancelled');
  }
  if (code === '3D000') return absent(text);
  if (code === '28P01' || code === '28000' || /^SASL/.test(text)) {
    return whole(
      'auth',
      `${text} (check the user and password in warehouse.url)`,
    );
  }
  if (code === '42501') {
    return part('permission', `${text} (grant the monitor's role access)`);
  }
  if (code === '57014' || error instanceof StatementStopped) {
    const after = formatDuration(context.queryTimeoutMs);
    return part('timeout', `timed out after ${after} (${TIMEOUT_HINT})`);
  }
  if (text === 'timeout expired' || /connection timeout/.test(text)) {
    return whole('timeout', `connection timed out ${url}`);
  }
  if (
    NETWORK_CODES.has(code) ||
    code.startsWith('08') ||
    code.startsWith('57P') ||
    /^Connection terminated|SSL|ssl/.test(text)
  ) {
    return whole('network', `${text} ${url}`);
  }
  if (code === '53300') return part('network', text);
  return part('query', text);
}

const TIMEOUT_HINT = 'raise warehouse.query_timeout';

/**
 * The catalog of a database whose read failed: listed and empty when the
 * server says it does not exist, unknown with the reason otherwise.
 * Throws when the failure loses the whole warehouse.
 */
export function catalogAfterFailure(
  warehouse: 'postgres' | 'redshift',
  request: CatalogRequest,
  error: unknown,
  context: FailureContext,
  emptyCatalog: () => CatalogShape,
): CatalogShape {
  const failure = classifyPostgresError(error, context);
  if (failure.scope === 'warehouse') {
    throw toWarehouseError(warehouse, request.database, failure, error);
  }
  if (failure.scope === 'absent') return emptyCatalog();
  return {
    status: 'unknown',
    database: request.database.name,
    reason: failure.message,
  };
}

/** The error that stops a sync, naming the warehouse and the database. */
export function toWarehouseError(
  warehouse: 'postgres' | 'redshift',
  part: NamePart,
  failure: PostgresFailure,
  cause: unknown,
): WarehouseError {
  return new WarehouseError(
    {
      warehouse,
      database: formatNamePart(part),
      failure: failure.failure,
      message: failure.message,
    },
    { cause },
  );
}

function whole(failure: WarehouseFailure, message: string): PostgresFailure {
  return { scope: 'warehouse', failure, message: lower(message) };
}

function part(failure: WarehouseFailure, message: string): PostgresFailure {
  return { scope: 'database', failure, message: lower(message) };
}

function absent(message: string): PostgresFailure {
  return { scope: 'absent', failure: 'query', message: lower(message) };
}

function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  if (error instanceof AggregateError) return errorCode(error.errors[0]);
  return '';
}

function errorText(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return errorText(error.errors[0]);
  }
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

function secretsOf(context: FailureContext): string[] {
  return context.password ? [context.password] : [];
}

// Messages run lower case (STYLE); only the first letter of the server's
// text is changed, so quoted names in it keep their case.
function lower(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1);
}
