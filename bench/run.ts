/**
 * `npm run bench`: builds synthetic warehouses of 100, 1,000 and 10,000
 * entities in a throw-away PostgreSQL server and in DuckDB files,
 * measures each size in its own child process, prints the tables and
 * the targets, and writes bench/results.json.
 *
 * Options: `--sizes=100,1000` (multiples of 5), `--runs=5`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startPostgresServer } from '../test/support/pg-server.js';
import type { PostgresServer } from '../test/support/pg-server.js';
import { writeBenchFiles, type BenchTarget } from './bench-config.js';
import { BENCH_ROW_KEYS, type SizeResult } from './bench-row.js';
import { runInChild } from './fork-size.js';
import {
  createDuckDbWarehouse,
  createPostgresWarehouse,
  type DuckDbFiles,
} from './fixtures.js';
import { printReport } from './print-report.js';
import { measureStartup } from './startup.js';
import { syntheticNames } from './synthetic-graph.js';
import { listSyntheticTables } from './synthetic-warehouse.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');

// The naive monitor may take this long per size; past it, a first run is
// stopped and scaled, later runs are skipped (printed as such).
const NAIVE_BUDGET_MS = 30_000;

async function main(): Promise<void> {
  const sizes = readListOption('sizes', [100, 1_000, 10_000]);
  const runs = readListOption('runs', [5])[0] ?? 5;
  const work = mkdtempSync(join(tmpdir(), 'dgm-bench-'));
  let server: PostgresServer | null = null;
  const stop = async (): Promise<void> => {
    await server?.stop().catch(() => undefined);
    server = null;
    rmSync(work, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));

  try {
    log('starting a throw-away PostgreSQL server');
    server = await startPostgresServer();
    const files = await buildWarehouses(server.adminUrl, sizes, work);
    const results: SizeResult[] = [];

    for (const type of ['postgres', 'duckdb'] as const) {
      for (const entities of sizes) {
        const target: BenchTarget =
          type === 'postgres'
            ? { type, adminUrl: server.adminUrl }
            : { type, files: files.get(entities) as DuckDbFiles };
        const workDir = join(work, `${type}-${entities}`);
        mkdirSync(workDir);
        const names = syntheticNames(String(entities));
        await writeBenchFiles(workDir, entities, names, target);
        log(`measuring ${type} at ${entities} entities`);
        results.push(
          await runInChild({
            target,
            entities,
            tag: String(entities),
            workDir,
            runs,
            naiveRuns: runs,
            naiveBudgetMs: NAIVE_BUDGET_MS,
          }),
        );
      }
    }

    log('measuring CLI start-up');
    const startup = measureStartup(root);
    printReport(results, startup, { runs, naiveBudgetMs: NAIVE_BUDGET_MS });
    writeResults(results);
  } finally {
    await stop();
  }
}

async function buildWarehouses(
  adminUrl: string,
  sizes: readonly number[],
  dir: string,
): Promise<Map<number, DuckDbFiles>> {
  const files = new Map<number, DuckDbFiles>();

  for (const entities of sizes) {
    const names = syntheticNames(String(entities));
    const tables = listSyntheticTables(entities);
    let start = performance.now();
    await createPostgresWarehouse(adminUrl, names, tables);
    log(`postgres: ${tables.length} tables in ${seconds(start)}`);

    start = performance.now();
    files.set(entities, await createDuckDbWarehouse(dir, names, tables));
    log(`duckdb: ${tables.length} tables in ${seconds(start)}`);
  }
  return files;
}

function writeResults(results: readonly SizeResult[]): void {
  const rows = results.map(({ row }) =>
    Object.fromEntries(BENCH_ROW_KEYS.map((key) => [key, row[key]])),
  );
  const path = join(root, 'bench', 'results.json');
  writeFileSync(path, `${JSON.stringify(rows, null, 2)}\n`);
  log(`wrote ${path}`);
}

function readListOption(name: string, fallback: number[]): number[] {
  const prefix = `--${name}=`;
  const arg = process.argv.find((a) => a.startsWith(prefix));
  if (arg === undefined) return fallback;

  const values = arg.slice(prefix.length).split(',').map(Number);
  if (values.some((v) => !Number.isInteger(v) || v <= 0)) {
    throw new Error(`--${name} takes positive whole numbers, got ${arg}`);
  }
  return values;
}

function seconds(start: number): string {
  return `${((performance.now() - start) / 1000).toFixed(1)} s`;
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

await main();
