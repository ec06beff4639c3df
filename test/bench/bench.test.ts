// The benchmark's building blocks at a tiny size, so that they cannot rot
// between benchmark runs. Nothing here asserts a time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { writeBenchFiles, type BenchTarget } from '../../bench/bench-config.js';
import { BENCH_ROW_KEYS, type SizeResult } from '../../bench/bench-row.js';
import { openDirectSession, measureNaive } from '../../bench/direct-session.js';
import {
  createDuckDbWarehouse,
  createPostgresWarehouse,
} from '../../bench/fixtures.js';
import { measureSize } from '../../bench/measure-size.js';
import { coveredMs, median } from '../../bench/stats.js';
import { buildGraphText, syntheticNames } from '../../bench/synthetic-graph.js';
import {
  expectedFindings,
  listSyntheticTables,
} from '../../bench/synthetic-warehouse.js';
import { checkTargets } from '../../bench/targets.js';
import { parseGraph } from '../../src/graph/parse-graph.js';
import { collectUsage } from '../../src/graph/usage.js';
import { buildCatalogRequests } from '../../src/scheduler/catalog-requests.js';

// 20 entities: four chains, one junction each, and index 17 is the
// dropped table, 7 the join whose type changed, 11 the dropped column.
const ENTITIES = 20;
const tag = `t${process.pid}`;
const names = syntheticNames(tag);
const work = mkdtempSync(join(tmpdir(), 'dgm-bench-test-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

async function measureTiny(target: BenchTarget): Promise<SizeResult> {
  const workDir = mkdtempSync(join(work, `${target.type}-`));
  await writeBenchFiles(workDir, ENTITIES, names, target);
  return measureSize({
    target,
    entities: ENTITIES,
    tag,
    workDir,
    runs: 1,
    naiveRuns: 1,
    naiveBudgetMs: 60_000,
  });
}

function expectSound({ row, detail }: SizeResult, warehouse: string): void {
  expect(Object.keys(row).sort()).toEqual([...BENCH_ROW_KEYS].sort());
  expect(row).toMatchObject({
    warehouse,
    entities: ENTITIES,
    tables: 26,
    databases: 2,
    metadataQueries: 4,
  });
  expect(detail.sync.catalogStatements).toBe(4);
  expect(detail.findings).toEqual(expectedFindings(ENTITIES));
  expect(detail.naive).toMatchObject({ sampled: null, runs: 1, total: 26 });
}

describe('synthetic warehouse', () => {
  it('builds a graph that parses without a diagnostic', () => {
    const text = buildGraphText(ENTITIES, names);

    const { graph, diagnostics } = parseGraph(text, 'graph.hcl');

    expect(diagnostics).toEqual([]);
    expect(graph?.entities).toHaveLength(ENTITIES);
  });

  it('creates every table the graph uses except the one it drops', () => {
    const { graph } = parseGraph(buildGraphText(ENTITIES, names), 'g.hcl');
    if (graph === null) throw new Error('graph does not parse');

    const used = collectUsage(graph, names.main).tables;

    // 20 entity tables, 4 junction tables, 2 profile tables.
    expect(used).toHaveLength(26);
    expect(listSyntheticTables(ENTITIES)).toHaveLength(25);
    expect(expectedFindings(ENTITIES)).toEqual({
      join_type_mismatch: 1,
      column_missing: 1,
      table_missing: 1,
    });
  });

  it('refuses a number of entities that does not fill its chains', () => {
    expect(() => buildGraphText(12, names)).toThrow(/multiple of 5/);
  });
});

describe('measuring one size', () => {
  it('measures PostgreSQL with two statements per database', async () => {
    const adminUrl = inject('pgAdminUrl');
    await createPostgresWarehouse(
      adminUrl,
      names,
      listSyntheticTables(ENTITIES),
    );

    const result = await measureTiny({ type: 'postgres', adminUrl });

    expectSound(result, 'postgres');
  });

  it('measures DuckDB with two catalog statements per catalog', async () => {
    const files = await createDuckDbWarehouse(
      work,
      names,
      listSyntheticTables(ENTITIES),
    );

    const result = await measureTiny({ type: 'duckdb', files });

    expectSound(result, 'duckdb');
  });

  it('stops a naive run past its budget and scales it up', async () => {
    const dir = mkdtempSync(join(work, 'naive-'));
    const files = await createDuckDbWarehouse(dir, names, []);
    const { graph } = parseGraph(buildGraphText(ENTITIES, names), 'g.hcl');
    if (graph === null) throw new Error('graph does not parse');
    const usage = collectUsage(graph, names.main);
    const config = {
      type: 'duckdb' as const,
      database: names.main,
      queryTimeoutMs: 60_000,
      path: files.path,
      attach: [files.attach],
      url: null,
      snowflake: null,
      bigquery: null,
      databricks: null,
    };
    const session = await openDirectSession(
      config,
      buildCatalogRequests(usage),
    );

    try {
      const naive = await measureNaive(session, usage.tables, 5, 0);

      expect(naive).toMatchObject({ runs: 0, sampled: 1, total: 26 });
    } finally {
      await session.close();
    }
  });
});

describe('statistics and targets', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('counts overlapping statements once', () => {
    const spans = [
      { start: 0, end: 10 },
      { start: 5, end: 12 },
      { start: 20, end: 25 },
    ];

    expect(coveredMs(spans)).toBe(17);
  });

  it('names the costly steps of a sync that misses its floor target', () => {
    const slow = sizeResult({ syncMs: 400, floorMs: 100, classifyMs: 250 });

    const [floor, queries, memory] = checkTargets([slow], []);

    expect(floor?.isMet).toBe(false);
    expect(floor?.text).toContain('classify 250.0 ms');
    expect(queries?.isMet).toBe(true);
    expect(memory?.isMet).toBe(true);
  });
});

function sizeResult(times: {
  syncMs: number;
  floorMs: number;
  classifyMs: number;
}): SizeResult {
  return {
    row: {
      warehouse: 'postgres',
      entities: 10_000,
      tables: 12_002,
      databases: 2,
      syncMs: times.syncMs,
      floorMs: times.floorMs,
      naiveMs: 10_000,
      classifyMs: times.classifyMs,
      metadataQueries: 4,
      peakRssMb: 150,
    },
    detail: {
      parseMs: 1,
      usageMs: 1,
      warmFloorMs: times.floorMs,
      baseRssMb: 80,
      graphHeapMb: 10,
      firstSyncMs: times.syncMs,
      sync: {
        totalMs: times.syncMs,
        syncMs: times.syncMs,
        readMs: times.floorMs + 10,
        statementsMs: times.floorMs,
        sessionMs: 0,
        loadContextMs: 5,
        classifyMs: times.classifyMs,
        stateWriteMs: 35,
        heapMb: 40,
        catalogStatements: 4,
      },
      stateAloneMs: 35,
      resolveMs: 50,
      affectedMs: 100,
      naive: { ms: 10_000, runs: 1, sampled: null, total: 12_002 },
      findings: {},
    },
  };
}
