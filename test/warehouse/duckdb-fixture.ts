// DuckDB files for adapter tests: built in a temp dir, and a child process
// that holds one open for writing.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import type { WarehouseConfig } from '../../src/config/types.js';

/** A fresh temp directory for one test file's DuckDB files. */
export function duckDbDir(): string {
  return mkdtempSync(join(tmpdir(), 'dgm-duckdb-'));
}

/** Creates (or extends) a DuckDB file by running SQL in it, then closes it. */
export async function buildDuckDbFile(
  path: string,
  sql: string,
): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A process holding `path` open for writing; release() ends it. */
export interface WriteLock {
  release(): Promise<void>;
}

const HOLDER = fileURLToPath(
  new URL('../fixtures/duckdb/hold-write-lock.mjs', import.meta.url),
);

/** Starts a child process that holds the file open for writing. */
export async function holdWriteLock(path: string): Promise<WriteLock> {
  const child = spawn(process.execPath, [HOLDER, path], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => resolve()),
  );

  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`lock holder exited ${code}`)),
    );
    child.stdout.once('data', () => resolve());
  });
  return {
    release: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

/** A warehouse config for the duckdb adapter. */
export function duckDbConfig(
  path: string,
  overrides: Partial<WarehouseConfig> = {},
): WarehouseConfig {
  return {
    type: 'duckdb',
    database: null,
    queryTimeoutMs: 10_000,
    path,
    attach: [],
    url: null,
    snowflake: null,
    bigquery: null,
    databricks: null,
    ...overrides,
  };
}
