/** Maps @google-cloud/bigquery errors to WarehouseError or a reason. */
import { WarehouseError, type WarehouseFailure } from '../model/errors.js';
import { StatementStopped } from './timeout.js';

/** A failure scoped to one project or region: it becomes unknown. */
export interface BigQueryPartFailure {
  readonly reason: string;
}

const NETWORK =
  /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|socket hang up/i;
const AUTH = new RegExp(
  [
    'invalid_grant',
    'invalid_client',
    'unauthorized_client',
    'could not load the default credentials',
    'invalid authentication credentials',
  ].join('|'),
  'i',
);

/**
 * Classifies an error of a catalog read of `project` (in `location`, or
 * null for a dataset probe). Credentials and network failures lose the
 * whole warehouse; permission, quota, timeout and query errors make that
 * project or region unknown. API errors carry `code` (HTTP status) and
 * `errors[].reason` (https://cloud.google.com/bigquery/docs/error-messages).
 */
export function classifyBigQueryError(
  error: unknown,
  project: string,
  location: string | null,
): WarehouseError | BigQueryPartFailure {
  const status = httpStatus(error);
  const reason = apiReason(error);
  const text = describe(error);
  const whole = (failure: WarehouseFailure, hint: string) =>
    new WarehouseError(
      {
        warehouse: 'bigquery',
        database: project,
        failure,
        message: `${text} (${hint})`,
      },
      { cause: error },
    );

  if (error instanceof StatementStopped && error.reason === 'cancelled') {
    return whole('cancelled', 'sync stopped');
  }
  if (status === 401 || AUTH.test(text)) {
    return whole(
      'auth',
      'check warehouse.bigquery.key_file or the default credentials',
    );
  }
  if (NETWORK.test(`${errorCode(error)} ${text}`)) {
    return whole(
      'network',
      'check the network and warehouse.bigquery.api_endpoint',
    );
  }
  if (status === 403 && reason === 'accessDenied') {
    const where = location ? ` in region ${location}` : '';
    const role = /jobs\.create/.test(text)
      ? 'roles/bigquery.jobUser'
      : 'roles/bigquery.metadataViewer';
    return { reason: `${text} (grant ${role} on project ${project}${where})` };
  }
  if (
    error instanceof StatementStopped ||
    /did not complete before/i.test(text)
  ) {
    return { reason: `${text} (raise warehouse.query_timeout)` };
  }
  return { reason: text };
}

/** The HTTP status of an API error, or null. */
export function httpStatus(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : null;
}

function apiReason(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const errors = (error as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return '';
  const first: unknown = errors[0];
  if (typeof first !== 'object' || first === null) return '';
  const reason = (first as { reason?: unknown }).reason;
  return typeof reason === 'string' ? reason : '';
}

function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

function describe(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const flat = firstOfMany(raw.replace(/\s+/g, ' ').trim()).replace(/\.$/, '');
  // "Access Denied: Table x" reads "access denied: Table x": the short
  // label before the colon is lower-cased, the names after it are kept.
  const label = /^([A-Za-z]+(?: [A-Za-z]+){0,2}):/.exec(flat)?.[1];
  if (label) return label.toLowerCase() + flat.slice(label.length);
  return flat.charAt(0).toLowerCase() + flat.slice(1);
}

// The client joins several API errors into "Multiple errors occurred
// during the request ... 1. first 2. second"; the first one says it.
function firstOfMany(text: string): string {
  const first = /^Multiple errors occurred.*? 1\. (.*?)(?: 2\. .*)?$/i.exec(
    text,
  );
  return first?.[1] ?? text;
}
