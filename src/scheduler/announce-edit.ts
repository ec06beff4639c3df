/** Tells people about an applied edit of the graph, consumers or config. */
import type { FindingReport } from '../model/finding.js';
import { FeedStore } from '../state/feed-store.js';
import type { MonitorSession, MonitorSetup } from './monitor-session.js';

/** Writes one feed notification describing the edit and its effects. */
export function announceEdit(
  session: MonitorSession,
  before: MonitorSetup,
  after: MonitorSetup,
  removed: readonly FindingReport[],
): void {
  const lines = describeSetupChange(before, after);
  for (const finding of removed) {
    lines.push(`resolved ${finding.key}: removed from the graph`);
  }

  new FeedStore(session.store.database).addNotification({
    createdAt: new Date().toISOString(),
    kind: 'graph_reloaded',
    severity: 'info',
    title: 'graph, consumers or config reloaded',
    body: lines.join('\n'),
  });
}

function describeSetupChange(before: MonitorSetup, after: MonitorSetup): string[] {
  const lines: string[] = [];
  const entities = (s: MonitorSetup): number => s.graph.entities.length;
  if (entities(before) !== entities(after)) {
    lines.push(`entities: ${entities(before)} -> ${entities(after)}`);
  }
  const consumers = (s: MonitorSetup): number => s.config.consumers.length;
  if (consumers(before) !== consumers(after)) {
    lines.push(`consumers: ${consumers(before)} -> ${consumers(after)}`);
  }
  return lines;
}
