import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatDuration,
  StatementStopped,
  withDeadline,
} from '../../src/warehouse/timeout.js';

// A real engine to stop: DuckDB counting a range far too long to finish.
let instance: DuckDBInstance;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
});

afterAll(() => instance.closeSync());

const ENDLESS = 'SELECT count(*) FROM range(100000000000000)';

describe('withDeadline', () => {
  it('returns the statement’s result when it finishes in time', async () => {
    const connection = await instance.connect();
    const reader = await withDeadline(
      () => connection.runAndReadAll('SELECT 42 AS answer'),
      { timeoutMs: 5_000, stop: () => connection.interrupt() },
    );

    expect(reader.getRowObjectsJS()).toEqual([{ answer: 42 }]);
    connection.closeSync();
  });

  it('interrupts a statement at the deadline and leaves the connection usable', async () => {
    const connection = await instance.connect();
    const error: unknown = await withDeadline(
      () => connection.runAndReadAll(ENDLESS),
      { timeoutMs: 100, stop: () => connection.interrupt() },
    ).catch((e: unknown) => e);
    const after = await connection.runAndReadAll('SELECT 1 AS one');

    expect(error).toBeInstanceOf(StatementStopped);
    expect((error as StatementStopped).reason).toBe('timeout');
    expect((error as StatementStopped).message).toBe('timed out after 100ms');
    expect(after.getRowObjectsJS()).toEqual([{ one: 1 }]);
    connection.closeSync();
  });

  it('interrupts a statement when the signal aborts', async () => {
    const connection = await instance.connect();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error: unknown = await withDeadline(
      () => connection.runAndReadAll(ENDLESS),
      {
        timeoutMs: 60_000,
        signal: controller.signal,
        stop: () => connection.interrupt(),
      },
    ).catch((e: unknown) => e);

    expect((error as StatementStopped).reason).toBe('cancelled');
    connection.closeSync();
  });

  it('does not start a statement once the signal has aborted', async () => {
    let started = false;
    const error: unknown = await withDeadline(
      async () => {
        started = true;
      },
      { timeoutMs: 1_000, signal: AbortSignal.abort(), stop: () => undefined },
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StatementStopped);
    expect(started).toBe(false);
  });

  it('passes the driver’s own error through', async () => {
    const connection = await instance.connect();
    const error: unknown = await withDeadline(
      () => connection.runAndReadAll('SELECT * FROM no_such_table'),
      { timeoutMs: 5_000, stop: () => connection.interrupt() },
    ).catch((e: unknown) => e);

    expect(String(error)).toMatch(/no_such_table/);
    connection.closeSync();
  });
});

describe('formatDuration', () => {
  it('spells durations the way the config does', () => {
    expect([1, 1_500, 60_000, 120_000, 90_000].map(formatDuration)).toEqual([
      '1ms',
      '1500ms',
      '1m',
      '2m',
      '90s',
    ]);
  });
});
