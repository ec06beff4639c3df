/**
 * Announces an applied edit of the graph, consumers or config: the edit
 * is classified like `monitor diff` and sent as one notification through
 * every channel, with the findings it resolved.
 */
import type { Alert, OperationalNote } from '../../notifiers/alert.js';
import { diffGraphs, type DiffReport } from '../graph/diff.js';
import type { FindingReport } from '../model/finding.js';
import type { MonitorSession, MonitorSetup } from './monitor-session.js';
import { warehouseLabel } from './monitor-session.js';

/** Enqueues one notification describing the edit; nothing if none. */
export function announceEdit(
  session: MonitorSession,
  before: MonitorSetup,
  after: MonitorSetup,
  removed: readonly FindingReport[],
  now: Date = new Date(),
): DiffReport {
  // Consumers are judged as they were before the edit, as `diff` does.
  const report = diffGraphs(before.graph, after.graph, before.config.consumers);
  const note = describeEdit(report, before, after, removed);
  const pageUrl = after.config.server.publicUrl.replace(/\/+$/, '') + '/';

  const alert: Alert = {
    syncId: session.store.recentSyncs(1)[0]?.id ?? 0,
    messageKey: `edit-${now.getTime()}`,
    createdAt: now.toISOString(),
    warehouseLabel: warehouseLabel(after.config),
    pageUrl,
    severity: report.summary.definite > 0 ? 'definite' : 'info',
    summary: note.title,
    counts: { opened: 0, worsened: 0, resolved: 0, stillOpen: 0 },
    operational: [note],
    items: [],
    isReminder: false,
  };
  session.delivery.enqueueAlert(alert);
  return report;
}

function describeEdit(
  report: DiffReport,
  before: MonitorSetup,
  after: MonitorSetup,
  removed: readonly FindingReport[],
): OperationalNote {
  const { definite, potential, none } = report.summary;
  const details = report.changes.map(
    (c) => `${c.severity}: ${c.message} (line ${c.line})`,
  );
  for (const finding of removed) {
    details.push(`resolved ${finding.key}: removed from the graph`);
  }
  if (before.config.consumers.length !== after.config.consumers.length) {
    details.push(
      `consumers: ${before.config.consumers.length} -> ` +
        `${after.config.consumers.length}`,
    );
  }
  if (details.length === 0) details.push('settings changed; the graph did not');

  return {
    kind: 'graph_changed',
    title:
      `graph edited: ${definite} definite, ${potential} potential, ` +
      `${none} other changes`,
    details,
  };
}
