// Hostile table and column names in a DuckDB file, through the built CLI:
// the catalog is read correctly, findings carry the names exactly, and
// nothing a name says is executed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMonitor } from '../support/cli.js';
import {
  breakWarehouseSql,
  CONSUMER_NAME,
  DROPPED_TABLE,
  hostileConsumers,
  hostileGraph,
  hostileWarehouseSql,
  IMG_COLUMN,
  quoted,
  SCHEMA,
  SCRIPT_TABLE,
} from './names.js';

const DATABASE = 'warehouse';
let dir: string;
let file: string;
let config: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dgm-hostile-duckdb-'));
  file = join(dir, `${DATABASE}.duckdb`);
  await runDuckDb(hostileWarehouseSql());
  writeFileSync(join(dir, 'graph.hcl'), hostileGraph(DATABASE));
  writeFileSync(join(dir, 'consumers.yaml'), hostileConsumers());
  config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      'graph: ./graph.hcl',
      'consumers: ./consumers.yaml',
      'warehouse:',
      '  type: duckdb',
      `  path: ./${DATABASE}.duckdb`,
      'state: ./monitor.db',
    ].join('\n'),
  );
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('hostile names in a DuckDB file', () => {
  it('reads every hostile table and column on the first sync', async () => {
    const report = await syncNow();

    expect(report.sync.status, report.sync.error ?? '').toBe('ok');
    expect(report.findings).toEqual([]);
  });

  it('opens findings that carry the names exactly and injects nothing', async () => {
    await runDuckDb(breakWarehouseSql());
    const report = await syncNow();
    const prefix = `${DATABASE.toUpperCase()}.${SCHEMA.toUpperCase()}`;
    const dropped = `${prefix}.${quoted(DROPPED_TABLE)}`;
    const script = `${prefix}.${quoted(SCRIPT_TABLE)}`;

    expect(report.sync.status, report.sync.error ?? '').toBe('ok');
    expect(report.findings.map((f) => [f.key, f.tableRef, f.column])).toEqual([
      [
        `column_missing:${script}:${quoted(IMG_COLUMN)}`,
        script,
        quoted(IMG_COLUMN),
      ],
      [`table_missing:${dropped}`, dropped, null],
    ]);
    expect(report.findings[0]?.affectedConsumers).toEqual([
      { id: 'aud-hostile', name: CONSUMER_NAME },
    ]);
    expect(await countRows('SELECT count(*) AS n FROM main.victim')).toBe(1);
    expect(
      await countRows(
        `SELECT count(*) AS n FROM information_schema.tables ` +
          `WHERE table_schema = '${SCHEMA}'`,
      ),
    ).toBe(6);
  });
});

interface ReportJson {
  sync: { status: string; error: string | null };
  findings: {
    key: string;
    tableRef: string;
    column: string | null;
    affectedConsumers: { id: string; name: string }[];
  }[];
}

async function syncNow(): Promise<ReportJson> {
  const run = await runMonitor([
    'sync-now',
    '--json',
    '--no-notify',
    '--config',
    config,
  ]);
  expect(run.stderr).not.toMatch(/this is a bug|syntax error/i);
  expect(run.stdout, run.stderr).not.toBe('');
  return JSON.parse(run.stdout) as ReportJson;
}

async function runDuckDb(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function countRows(sql: string): Promise<number> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return Number(reader.getRows()[0]?.[0]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
