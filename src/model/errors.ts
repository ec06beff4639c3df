/** The error types of every layer; the CLI maps them to exit codes. */
import type { Diagnostic } from './graph.js';

/** Base of every error the monitor expects to meet. */
export class MonitorError extends Error {
  /** 2: the user's input is wrong; 1: a run-time failure. */
  readonly exitCode: 1 | 2;

  constructor(message: string, exitCode: 1 | 2, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** A config file, consumer list or command line that is not valid. */
export class ConfigError extends MonitorError {
  /** Every problem found, each naming its place. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: ErrorOptions) {
    super(problems.join('\n'), 2, options);
    this.problems = problems;
  }
}

/** A graph file with errors; each diagnostic names file:line:column. */
export class GraphError extends MonitorError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[], options?: ErrorOptions) {
    super(diagnostics.map(formatDiagnostic).join('\n'), 2, options);
    this.diagnostics = diagnostics;
  }
}

/** Why a warehouse could not be read. */
export type WarehouseFailure =
  | 'auth'
  | 'permission'
  | 'network'
  | 'timeout'
  | 'config'
  | 'query'
  | 'locked'
  | 'cancelled';

/** The warehouse, or one of its databases, could not be read. */
export class WarehouseError extends MonitorError {
  readonly warehouse: string;
  readonly database: string | null;
  readonly failure: WarehouseFailure;

  constructor(
    detail: {
      warehouse: string;
      database: string | null;
      failure: WarehouseFailure;
      message: string;
    },
    options?: ErrorOptions,
  ) {
    const where = detail.database
      ? `warehouse ${detail.warehouse}: catalog ${detail.database}`
      : `warehouse ${detail.warehouse}`;
    super(`${where}: ${detail.message}`, detail.failure === 'config' ? 2 : 1, {
      ...options,
    });
    this.warehouse = detail.warehouse;
    this.database = detail.database;
    this.failure = detail.failure;
  }
}

/** Why a notification was not delivered (SPEC §6, STYLE "Notifiers"). */
export type NotifyReason =
  'auth' | 'rate_limited' | 'client' | 'server' | 'timeout' | 'network';

/** A channel refused or failed a message; message text is redacted. */
export class NotifyError extends MonitorError {
  readonly isRetryable: boolean;
  readonly reason: NotifyReason;
  readonly retryAfterMs: number | null;

  constructor(
    detail: {
      message: string;
      reason: NotifyReason;
      isRetryable: boolean;
      retryAfterMs?: number | null;
    },
    options?: ErrorOptions,
  ) {
    super(detail.message, 1, options);
    this.reason = detail.reason;
    this.isRetryable = detail.isRetryable;
    this.retryAfterMs = detail.retryAfterMs ?? null;
  }
}

/** The state file could not be opened, migrated or written. */
export class StateError extends MonitorError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 1, options);
  }
}

/** `path:line:column: severity: message`, as every tool prints it. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}

/** The `code` of a driver or file-system error, or ''. */
export function codeOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const code: unknown = Reflect.get(error, 'code');
  return typeof code === 'string' ? code : '';
}

/** Whether the SQLite driver raised this error (disk, lock, corruption). */
export function isStateFileError(error: unknown): boolean {
  return codeOf(error).startsWith('SQLITE_');
}
