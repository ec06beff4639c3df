/** Prints a whole benchmark run: tables, notes, start-up and targets. */
import type { SizeResult } from './bench-row.js';
import {
  count,
  formatAroundSync,
  formatClassify,
  formatNaiveNotes,
  formatResultsTable,
  formatStartup,
  formatSyncSteps,
} from './report.js';
import type { StartupResult } from './startup.js';
import { expectedFindings } from './synthetic-warehouse.js';
import { checkTargets, TARGETS } from './targets.js';

/** How the run was made, for the notes under the tables. */
export interface RunSettings {
  readonly runs: number;
  readonly naiveBudgetMs: number;
}

/** Writes the report to stdout. */
export function printReport(
  results: readonly SizeResult[],
  startup: readonly StartupResult[],
  settings: RunSettings,
): void {
  const out: string[] = [
    '',
    formatResultsTable(results),
    '',
    ...legend(settings).flatMap((note) => wrap(`- ${note}`, '  ')),
    '',
    'inside the median sync, ms:',
    formatSyncSteps(results),
    '',
    'around and beside the sync, ms:',
    formatAroundSync(results),
    '',
    'classify() alone, ms:',
    formatClassify(results),
    '',
    ...findingNotes(results),
    ...queryNotes(results),
    `naive monitor (budget ${settings.naiveBudgetMs / 1000} s per size):`,
    ...formatNaiveNotes(results).flatMap((note) => wrap(`  ${note}`, '    ')),
    '',
    'CLI start-up:',
    formatStartup(startup),
    '',
    'targets:',
    ...TARGETS.flatMap((target) => wrap(`  - ${target}`, '    ')),
    '',
    ...checkTargets(results, startup).flatMap((check) =>
      wrap(`  ${check.isMet ? 'met   ' : 'MISSED'} ${check.text}`, '         '),
    ),
    '',
  ];
  process.stdout.write(out.join('\n'));
}

function legend(settings: RunSettings): string[] {
  return [
    'sync ms: runSync from the first catalog statement sent to the state ' +
      `commit, median of ${settings.runs} runs after a warm-up (which ` +
      'writes the baseline: "first sync").',
    'floor ms: the same catalog statements alone, on connections opened ' +
      'just before (untimed), as the adapter connects every sync; median ' +
      'likewise. "warm floor": on connections kept open.',
    'naive ms: one information_schema query per used table, in turn ' +
      '(* estimated, see below). classify ms: classify() alone on a real ' +
      'snapshot. peak MB: maxRSS of the size’s own process, read right ' +
      'after its syncs.',
    'inside the sync: "read" runs from the first catalog statement to ' +
      'the snapshot; "statements" has a catalog statement in flight, ' +
      '"session" only BEGIN, ATTACH or DETACH; "context" loads the ' +
      'baseline; "state write" is finishSync. pg delivers rows as objects ' +
      'within its statements; DuckDB delivers result chunks, which the ' +
      'adapter converts outside them (in "read", not in "statements" or ' +
      'the floor).',
    'around it: "parse" is parseGraph, "usage" collectUsage (both come ' +
      'before the first catalog statement); "whole sync" is runSync with ' +
      'connecting; "write alone" is finishSync alone; "base MB" is peak ' +
      'RSS before parsing; "graph MB" the heap the parsed graph keeps; ' +
      '"heap MB" the largest JS heap sampled in the sync.',
  ];
}

// The synthetic warehouse's drift gives a known set of findings; another
// set means a sync that did not see what it should, and then its time
// measures something else.
function findingNotes(results: readonly SizeResult[]): string[] {
  const wrong = results.filter(({ row, detail }) => {
    const expected = expectedFindings(row.entities);
    const kinds = new Set([
      ...Object.keys(expected),
      ...Object.keys(detail.findings),
    ]);
    return [...kinds].some((k) => expected[k] !== detail.findings[k]);
  });
  if (wrong.length === 0) {
    const sizes = [...new Set(results.map((r) => r.row.entities))];
    return [
      'every sync found exactly the drift built into its warehouse:',
      ...sizes.map((n) => `  ${count(n)} entities: ${describe(n)}`),
      '',
    ];
  }

  return [
    ...wrong.map(
      ({ row }) =>
        `WARNING: ${row.warehouse} ${count(row.entities)} did not find ` +
        `the drift built in (${describe(row.entities)})`,
    ),
    '',
  ];
}

// The adapter counts its own statements; the driver log is a second,
// independent count of what reached the warehouse.
function queryNotes(results: readonly SizeResult[]): string[] {
  const wrong = results.filter(
    ({ row, detail }) => row.metadataQueries !== detail.sync.catalogStatements,
  );
  if (wrong.length === 0) {
    return ['every sync counted exactly the catalog statements it sent', ''];
  }
  return [
    ...wrong.map(
      ({ row, detail }) =>
        `WARNING: ${row.warehouse} ${count(row.entities)} counted ` +
        `${row.metadataQueries} metadata queries but sent ` +
        `${detail.sync.catalogStatements} catalog statements`,
    ),
    '',
  ];
}

function describe(entities: number): string {
  return Object.entries(expectedFindings(entities))
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
}

function wrap(text: string, indent: string, width = 80): string[] {
  const lead = /^ */.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line = lead;

  for (const word of text.slice(lead.length).split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line.trim() === '' ? line + word : `${line} ${word}`;
    }
  }
  if (line.trim() !== '') lines.push(line);
  return lines;
}
