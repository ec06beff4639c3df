/** The printed tables of a benchmark run. */
import type { SizeResult } from './bench-row.js';
import type { StartupResult } from './startup.js';

/** The side-by-side table: one line per warehouse and size. */
export function formatResultsTable(results: readonly SizeResult[]): string {
  const header = [
    'warehouse',
    'entities',
    'tables',
    'dbs',
    'sync ms',
    'floor ms',
    'sync/floor',
    'naive ms',
    'classify ms',
    'queries',
    'peak MB',
    'sync ms/table',
  ];
  const rows = results.map(({ row, detail }) => [
    row.warehouse,
    count(row.entities),
    count(row.tables),
    String(row.databases),
    fixed(row.syncMs),
    fixed(row.floorMs),
    `${fixed(row.syncMs / row.floorMs, 2)}x`,
    fixed(row.naiveMs, 0) + (detail.naive.sampled === null ? '' : '*'),
    fixed(row.classifyMs),
    String(row.metadataQueries),
    fixed(row.peakRssMb),
    fixed(row.syncMs / row.tables, 4),
  ]);
  return formatColumns(header, rows);
}

/** Where the median sync's time went, from its first catalog statement. */
export function formatSyncSteps(results: readonly SizeResult[]): string {
  const header = [
    'warehouse',
    'entities',
    'sync',
    'read',
    'statements',
    'session',
    'context',
    'classify',
    'state write',
  ];
  const rows = results.map(({ row, detail: { sync } }) => [
    row.warehouse,
    count(row.entities),
    fixed(sync.syncMs),
    fixed(sync.readMs),
    fixed(sync.statementsMs),
    fixed(sync.sessionMs),
    fixed(sync.loadContextMs),
    fixed(sync.classifyMs),
    fixed(sync.stateWriteMs),
  ]);
  return formatColumns(header, rows);
}

/** What was measured around and beside the sync. */
export function formatAroundSync(results: readonly SizeResult[]): string {
  const header = [
    'warehouse',
    'entities',
    'parse',
    'usage',
    'warm floor',
    'first sync',
    'whole sync',
    'write alone',
    'base MB',
    'graph MB',
    'heap MB',
  ];
  const rows = results.map(({ row, detail }) => [
    row.warehouse,
    count(row.entities),
    fixed(detail.parseMs),
    fixed(detail.usageMs),
    fixed(detail.warmFloorMs),
    fixed(detail.firstSyncMs),
    fixed(detail.sync.totalMs),
    fixed(detail.stateAloneMs),
    fixed(detail.baseRssMb),
    fixed(detail.graphHeapMb),
    fixed(detail.sync.heapMb),
  ]);
  return formatColumns(header, rows);
}

/** classify() alone, and two of its steps each timed alone. */
export function formatClassify(results: readonly SizeResult[]): string {
  const header = [
    'warehouse',
    'entities',
    'classify',
    'resolve objects',
    'affected consumers',
    'findings',
  ];
  const rows = results.map(({ row, detail }) => [
    row.warehouse,
    count(row.entities),
    fixed(row.classifyMs),
    fixed(detail.resolveMs),
    fixed(detail.affectedMs),
    String(Object.values(detail.findings).reduce((a, b) => a + b, 0)),
  ]);
  return formatColumns(header, rows);
}

/** How each naive figure was obtained. */
export function formatNaiveNotes(results: readonly SizeResult[]): string[] {
  return results.map(({ row, detail }) => {
    const { naive } = detail;
    const where = `${row.warehouse} ${count(row.entities)}`;
    if (naive.sampled === null) {
      return (
        `${where}: median of ${naive.runs} full run(s) over ` +
        `${count(naive.total)} tables`
      );
    }
    return (
      `${where}: * estimated: the run was stopped after ` +
      `${count(naive.sampled)} of ${count(naive.total)} tables and scaled`
    );
  });
}

/** Start-up times of the CLI. */
export function formatStartup(results: readonly StartupResult[]): string {
  const rows = results.map((r) => [
    r.label,
    fixed(r.medianMs),
    String(r.runs),
    r.exitCode === null ? 'killed' : String(r.exitCode),
  ]);
  return formatColumns(['command', 'median ms', 'spawns', 'exit'], rows);
}

/** Aligned columns: text left, numbers right. */
export function formatColumns(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const isNumeric = header.map((_, i) =>
    rows.every((r) => /^[\d.,x*-]+$/.test(r[i] ?? '')),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return isNumeric[i] ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();

  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** A number with thousands separators. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** A number with `digits` decimals. */
export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}
