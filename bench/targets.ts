/**
 * The performance targets and how a run compares with them. Where one is
 * missed, the line says which step costs what.
 */
import type { SizeResult } from './bench-row.js';
import { count, fixed } from './report.js';
import type { StartupResult } from './startup.js';

/** One target for one warehouse (or the CLI), met or missed. */
export interface TargetCheck {
  readonly isMet: boolean;
  readonly text: string;
}

/** The targets, as printed above the checks. */
export const TARGETS: readonly string[] = [
  'at 10,000 entities, the sync takes at most 1.5x the floor',
  'at 10,000 entities, at most 2 metadata queries per database',
  'at 10,000 entities, peak RSS at most 200 MB',
  'cost grows linearly: sync ms per table at 10,000 entities at most ' +
    '1.5x that at 1,000 (and likewise for parse, classify and state write ' +
    'alone)',
  'monitor --version starts in under 300 ms (median of 10 spawns)',
];

const LARGEST = 10_000;
const LINEAR_FROM = 1_000;

/** Compares each warehouse's largest size, and start-up, with the targets. */
export function checkTargets(
  results: readonly SizeResult[],
  startup: readonly StartupResult[],
): TargetCheck[] {
  const checks: TargetCheck[] = [];

  for (const warehouse of [...new Set(results.map((r) => r.row.warehouse))]) {
    const of = (entities: number) =>
      results.find(
        (r) => r.row.warehouse === warehouse && r.row.entities === entities,
      );
    const largest = of(LARGEST);
    if (!largest) continue;
    checks.push(checkFloor(largest), checkQueries(largest));
    checks.push(checkMemory(largest));
    const smaller = of(LINEAR_FROM);
    if (smaller) checks.push(...checkLinear(smaller, largest));
  }
  for (const result of startup) {
    if (result.kind === 'version' || result.kind === 'validate') {
      checks.push(checkStartup(result, startup));
    }
  }
  return checks;
}

function checkStartup(
  result: StartupResult,
  all: readonly StartupResult[],
): TargetCheck {
  const exit = result.exitCode === 0 ? '' : `, exit ${result.exitCode}`;
  const text = `${result.label}: ${fixed(result.medianMs)} ms${exit}`;
  if (result.medianMs < 300 && result.exitCode === 0) {
    return { isMet: true, text };
  }

  const node = all.find((s) => s.kind === 'node')?.medianMs ?? 0;
  const imports = all.find((s) => s.kind === 'validate-imports')?.medianMs;
  if (result.kind !== 'validate' || imports === undefined) {
    return { isMet: false, text: `${text}; node alone ${fixed(node)} ms` };
  }
  return {
    isMet: false,
    text:
      `${text}: node alone ${fixed(node)} ms, loading validate's modules ` +
      `${fixed(imports - node)} ms, reading and checking config, graph ` +
      `and consumers ${fixed(result.medianMs - imports)} ms`,
  };
}

function checkFloor({ row, detail }: SizeResult): TargetCheck {
  const ratio = row.syncMs / row.floorMs;
  const text =
    `${row.warehouse}: sync ${fixed(row.syncMs)} ms = ` +
    `${fixed(ratio, 2)}x floor ${fixed(row.floorMs)} ms`;
  if (ratio <= 1.5) return { isMet: true, text };

  const { sync } = detail;
  const readRest = sync.readMs - sync.statementsMs - sync.sessionMs;
  return {
    isMet: false,
    text:
      `${text}; over the floor by ${fixed(row.syncMs - row.floorMs)} ms: ` +
      `catalog statements in the sync ${fixed(sync.statementsMs)} ms, ` +
      `session statements ${fixed(sync.sessionMs)} ms, ` +
      `other read work (connecting, row shaping) ${fixed(readRest)} ms, ` +
      `baseline load ${fixed(sync.loadContextMs)} ms, ` +
      `classify ${fixed(sync.classifyMs)} ms (alone: resolving objects ` +
      `${fixed(detail.resolveMs)} ms, affected consumers ` +
      `${fixed(detail.affectedMs)} ms), ` +
      `state write ${fixed(sync.stateWriteMs)} ms`,
  };
}

function checkQueries({ row }: SizeResult): TargetCheck {
  const limit = 2 * row.databases;
  return {
    isMet: row.metadataQueries <= limit,
    text:
      `${row.warehouse}: ${row.metadataQueries} metadata queries for ` +
      `${row.databases} databases (limit ${limit})`,
  };
}

function checkMemory({ row, detail }: SizeResult): TargetCheck {
  const text =
    `${row.warehouse}: peak RSS ${fixed(row.peakRssMb)} MB ` +
    `(${fixed(detail.baseRssMb)} MB before the graph was parsed)`;
  if (row.peakRssMb <= 200) return { isMet: true, text };
  const added = row.peakRssMb - detail.baseRssMb;
  const heap = detail.sync.heapMb;
  return {
    isMet: false,
    text:
      `${text}; parsing and syncing ${count(row.tables)} tables add ` +
      `${fixed(added)} MB. The JS heap reaches at least ${fixed(heap)} MB ` +
      `in a sync, of which the parsed graph and config keep ` +
      `${fixed(detail.graphHeapMb)} MB; the rest of the RSS is native ` +
      '(the driver reading the catalog, SQLite) and heap pages V8 has ' +
      'not returned',
  };
}

// The sync as a whole, then the steps measured alone, so that a step that
// grows faster than the rest is named even when the whole stays linear.
function checkLinear(smaller: SizeResult, larger: SizeResult): TargetCheck[] {
  const sync = checkGrowth('sync', (r) => r.row.syncMs, smaller, larger);
  const steps: [string, (r: SizeResult) => number][] = [
    ['parseGraph', (r) => r.detail.parseMs],
    ['classify() alone', (r) => r.row.classifyMs],
    ['finishSync alone', (r) => r.detail.stateAloneMs],
  ];
  const checks = steps.map(([label, ms]) =>
    checkGrowth(label, ms, smaller, larger),
  );
  if (sync.isMet) return [sync, ...checks];

  const per = (r: SizeResult) => ({
    read: r.detail.sync.readMs / r.row.tables,
    classify: r.detail.sync.classifyMs / r.row.tables,
    state: r.detail.sync.stateWriteMs / r.row.tables,
  });
  const [a, b] = [per(smaller), per(larger)];
  const detail =
    `; per table, read ${fixed(a.read, 4)} -> ${fixed(b.read, 4)}, ` +
    `classify ${fixed(a.classify, 4)} -> ${fixed(b.classify, 4)}, ` +
    `state write ${fixed(a.state, 4)} -> ${fixed(b.state, 4)} ms`;
  return [{ isMet: false, text: sync.text + detail }, ...checks];
}

function checkGrowth(
  label: string,
  ms: (r: SizeResult) => number,
  smaller: SizeResult,
  larger: SizeResult,
): TargetCheck {
  const per = (r: SizeResult) => ms(r) / r.row.tables;
  const growth = per(larger) / per(smaller);
  return {
    isMet: growth <= 1.5,
    text:
      `${larger.row.warehouse} ${label}: ${fixed(per(smaller), 4)} ms per ` +
      `table at ${count(smaller.row.entities)} entities, ` +
      `${fixed(per(larger), 4)} at ${count(larger.row.entities)} ` +
      `(${fixed(growth, 2)}x)`,
  };
}
