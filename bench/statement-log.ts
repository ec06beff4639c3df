/**
 * Records when each statement the adapters send starts and ends, in
 * process, by wrapping the drivers' statement method (pg's
 * `Client.prototype.query`, DuckDB's `runAndReadAll`). The adapters are
 * measured as they are: the wrap adds no statement and changes no result,
 * and it is how the benchmark knows when the first catalog statement of a
 * sync left, and how many were sent.
 */
import { performance } from 'node:perf_hooks';

/** One statement sent to the warehouse. */
export interface StatementTiming {
  readonly sql: string;
  readonly start: number;
  readonly end: number;
}

/** The statements sent since the last `clear()`. */
export class StatementLog {
  readonly entries: StatementTiming[] = [];

  /** Forgets what was recorded so far. */
  clear(): void {
    this.entries.length = 0;
  }

  /** The statements whose text is one of `texts`, in order of start. */
  matching(texts: ReadonlySet<string>): StatementTiming[] {
    return this.entries
      .filter((entry) => texts.has(entry.sql))
      .sort((a, b) => a.start - b.start);
  }
}

const installed = new Map<string, StatementLog>();

/** Starts recording the statements of one driver; idempotent. */
export async function watchStatements(
  driver: 'postgres' | 'duckdb',
): Promise<StatementLog> {
  const existing = installed.get(driver);
  if (existing) return existing;

  const log = new StatementLog();
  if (driver === 'postgres') {
    const pg = (await import('pg')).default;
    wrapMethod(pg.Client.prototype, 'query', log);
  } else {
    const duckdb = await import('@duckdb/node-api');
    wrapMethod(duckdb.DuckDBConnection.prototype, 'runAndReadAll', log);
  }
  installed.set(driver, log);
  return log;
}

function wrapMethod(target: object, name: string, log: StatementLog): void {
  const original: unknown = Reflect.get(target, name);
  if (typeof original !== 'function') {
    throw new TypeError(`driver method ${name} not found: cannot watch it`);
  }

  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const sql = statementText(args[0]);
    const start = performance.now();
    const record = (): void => {
      log.entries.push({ sql, start, end: performance.now() });
    };
    const result: unknown = Reflect.apply(original, this, args);

    if (!isPromise(result)) {
      record();
      return result;
    }
    return result.then(
      (value) => {
        record();
        return value;
      },
      (error: unknown) => {
        record();
        throw error;
      },
    );
  };
  Reflect.set(target, name, wrapped);
}

// pg also takes a query config object ({ text, values }).
function statementText(first: unknown): string {
  if (typeof first === 'string') return first;
  if (typeof first === 'object' && first !== null && 'text' in first) {
    return String(first.text);
  }
  return '';
}

function isPromise(value: unknown): value is Promise<unknown> {
  return value instanceof Promise;
}
