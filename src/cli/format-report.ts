/** Short, aligned human output for sync and status reports. */
import type { FindingReport, FindingValue } from '../model/finding.js';
import { printLines } from '../model/printable.js';
import type { SyncRecord, SyncReport } from '../model/sync.js';

/** The lines `monitor sync-now` prints. */
export function formatSyncReport(report: SyncReport): string {
  const { sync } = report;
  const lines = [formatSyncLine({ ...sync, error: null })];
  const { open, opened, resolved, worsened } = report.summary;

  // Each cause once: per database when known, else the sync's error.
  for (const unknown of sync.unknown) {
    lines.push(`could not read ${unknown.database}: ${unknown.reason}`);
  }
  if (sync.unknown.length === 0 && sync.error) lines.push(sync.error);
  const changes =
    sync.status === 'ok' || sync.status === 'partial'
      ? ` · this sync: ${opened} opened, ${worsened} worsened,` +
        ` ${resolved} resolved`
      : '';
  lines.push(
    `open: ${open.definite} definite, ${open.potential} potential${changes}`,
  );
  if (report.findings.length > 0) lines.push('');
  for (const finding of report.findings) lines.push(...formatFinding(finding));
  return printLines(lines);
}

/** The fields of a sync that its one-line summary shows. */
export type SyncLine = Pick<
  SyncRecord,
  'startedAt' | 'finishedAt' | 'error' | 'metadataQueries'
> & { readonly id: number | null; readonly status: string };

/** One line about a sync: id, status, time, queries. */
export function formatSyncLine(sync: SyncLine): string {
  const id = sync.id === null ? '-' : String(sync.id);
  const ms = sync.finishedAt
    ? Date.parse(sync.finishedAt) - Date.parse(sync.startedAt)
    : null;
  const took = ms === null ? 'running' : `${ms} ms`;
  const error = sync.error ? ` · ${sync.error}` : '';
  const queries = sync.metadataQueries === 1 ? 'query' : 'queries';
  return (
    `sync ${id} ${sync.status} at ${sync.startedAt} (${took},` +
    ` ${sync.metadataQueries} metadata ${queries})${error}`
  );
}

/** A finding as a block of aligned lines. */
export function formatFinding(
  finding: FindingReport,
  options: { readonly isInSync?: boolean } = {},
): string[] {
  const where = finding.column
    ? `${finding.tableRef}.${finding.column}`
    : finding.tableRef;
  const marks = [
    finding.status !== 'open' ? finding.status : '',
    finding.new && options.isInSync !== false ? 'new' : '',
    finding.acknowledged ? 'acknowledged' : '',
    finding.snoozedUntil ? `snoozed until ${finding.snoozedUntil}` : '',
  ].filter(Boolean);
  const head =
    `${finding.severity.toUpperCase().padEnd(9)} ` +
    `${finding.kind.padEnd(21)} ${where}` +
    (marks.length ? `  [${marks.join(', ')}]` : '');

  const lines = [head, detail('what', finding.message)];
  const change = formatChange(finding.before, finding.after);
  if (change) lines.push(detail('change', change));
  lines.push(
    detail(
      'used by',
      finding.uses.map((u) => `${u.subject} (${u.role})`).join(', '),
    ),
  );
  if (finding.affectedConsumers.length > 0) {
    const names = finding.affectedConsumers.map((c) => c.id).join(', ');
    lines.push(detail('breaks', names));
  }
  if (finding.suggestion) lines.push(detail('hint', finding.suggestion));
  lines.push('');
  return lines;
}

function detail(label: string, text: string): string {
  return `          ${label.padEnd(8)}${text}`;
}

function formatChange(
  before: FindingValue | null,
  after: FindingValue | null,
): string | null {
  if (before === null && after === null) return null;
  // A join's two sides, or an unchanged value (access denied), read best
  // on their own.
  if (after !== null && 'left' in after) return formatValue(after);
  if (JSON.stringify(before) === JSON.stringify(after)) {
    return formatValue(after);
  }
  return `${formatValue(before)} -> ${formatValue(after)}`;
}

function formatValue(value: FindingValue | null): string {
  if (value === null) return 'none';
  if ('kind' in value) return value.kind;
  if ('left' in value) {
    return (
      `${value.left.column} ${value.left.type} vs ` +
      `${value.right.column} ${value.right.type}`
    );
  }
  return `${value.type} (${value.family})`;
}
