/** Operational alerts of SPEC §5: unreadable, recovered, suspect; pure. */
import type { SyncRecord } from '../src/model/sync.js';
import type { OperationalNote } from './alert.js';

/** The settings and history the operational alerts depend on. */
export interface OperationalContext {
  readonly failedSyncsBeforeAlert: number;
  /** Failed or partial syncs directly before this one. */
  readonly failuresBefore: number;
}

/**
 * The operational notes of one sync: "cannot read the warehouse" once a
 * run of failed or partial syncs reaches the threshold, "recovered" at the
 * first sync after such a run, and one note per suspect sync.
 */
export function composeOperational(
  sync: SyncRecord,
  context: OperationalContext,
): OperationalNote[] {
  const threshold = Math.max(1, context.failedSyncsBeforeAlert);
  const isFailing = sync.status === 'failed' || sync.status === 'partial';
  const notes: OperationalNote[] = [];

  // Equality, not >=: the alert goes once per run of failures.
  if (isFailing && context.failuresBefore + 1 === threshold) {
    notes.push(unreadableNote(sync, threshold));
  }
  if (!isFailing && context.failuresBefore >= threshold) {
    notes.push({
      kind: 'warehouse_recovered',
      title: 'warehouse readable again',
      details: [
        `sync ${sync.id ?? '?'} read the warehouse after ` +
          `${context.failuresBefore} failed or partial syncs`,
      ],
    });
  }
  if (sync.status === 'suspect') notes.push(suspectNote(sync));
  return notes;
}

function unreadableNote(sync: SyncRecord, threshold: number): OperationalNote {
  const details = [
    `${threshold} syncs in a row failed or were partial; findings in what ` +
      'could not be read neither open nor resolve',
  ];

  for (const unknown of sync.unknown) {
    details.push(`${unknown.database}: ${unknown.reason}`);
  }
  if (sync.error !== null && sync.unknown.length === 0) {
    details.push(sync.error);
  }
  return {
    kind: 'warehouse_unreadable',
    title: 'cannot read the warehouse',
    details,
  };
}

function suspectNote(sync: SyncRecord): OperationalNote {
  const details = [
    'too many tables would newly be missing or denied at once; this sync ' +
      'opened, resolved and accepted nothing (checks.max_missing_ratio)',
  ];

  if (sync.error !== null) details.push(sync.error);
  return {
    kind: 'sync_suspect',
    title: `suspect sync ${sync.id ?? '?'}`,
    details,
  };
}
