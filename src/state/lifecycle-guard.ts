/**
 * How a sync ended before findings are weighed: failed or partial from
 * what could not be read, and suspect from the mass disappearance guard
 * (SPEC §4 "Present, absent, unknown").
 */
import type { CheckResult } from '../model/check.js';
import { findingKey } from '../model/finding.js';
import type { UnknownDatabase } from '../model/sync.js';
import type { LifecycleConfig } from './store.js';

/** What could be read: nothing, some databases, or everything. */
export interface SyncReading {
  readonly status: 'ok' | 'partial' | 'failed';
  readonly unknown: readonly UnknownDatabase[];
  readonly error: string | null;
}

/** Consecutive suspect syncs that saw the same tables disappear. */
export interface SuspectGuardState {
  /** The newly missing or denied tableRefs, sorted. */
  readonly tables: readonly string[];
  readonly count: number;
}

/** What the guard decided for this sync. */
export interface GuardDecision {
  readonly isSuspect: boolean;
  /** The state to keep for the next sync; null resets the count. */
  readonly state: SuspectGuardState | null;
  /** Keys the guard held back long enough: they open now. */
  readonly releasedKeys: ReadonlySet<string>;
  readonly error: string | null;
}

/** Failed when nothing was read, partial when some of it was, else ok. */
export function readSync(
  result: CheckResult | null,
  error: string | null,
  unknownWhenLost: readonly UnknownDatabase[],
): SyncReading {
  if (result === null) {
    const why = error ?? 'the warehouse could not be read';
    return { status: 'failed', unknown: unknownWhenLost, error: why };
  }

  const states = [...result.tables.values()].map((t) => t.state);
  const unknownCount = states.filter((s) => s === 'unknown').length;
  const isNothingRead =
    states.length > 0
      ? unknownCount === states.length
      : result.unknown.length > 0;
  if (isNothingRead) {
    const why = `no database could be read: ${describe(result.unknown)}`;
    return { status: 'failed', unknown: result.unknown, error: error ?? why };
  }

  if (unknownCount > 0 || result.unknown.length > 0) {
    const why = `some databases or schemas could not be read: ${describe(
      result.unknown,
    )}`;
    return { status: 'partial', unknown: result.unknown, error: error ?? why };
  }
  return { status: 'ok', unknown: [], error };
}

/**
 * The mass disappearance guard: more than `maxMissingRatio` of the graph's
 * tables newly missing or denied (and at least 4 tables) makes the sync
 * suspect, until `suspectSyncsBeforeOpen` suspect syncs in a row saw the
 * same set; the next one opens them.
 */
export function judgeDisappearance(
  result: CheckResult,
  openKeys: ReadonlySet<string>,
  graphTableCount: number,
  config: LifecycleConfig,
  prior: SuspectGuardState | null,
): GuardDecision {
  const newly = newlyMissing(result, openKeys);
  const tables = [...newly.keys()].sort();
  const isMass =
    graphTableCount >= 4 &&
    tables.length > config.maxMissingRatio * graphTableCount;
  const none = { isSuspect: false, state: null, error: null };
  if (!isMass) return { ...none, releasedKeys: new Set() };

  const isSameSet =
    prior !== null &&
    prior.tables.length === tables.length &&
    prior.tables.every((t, i) => t === tables[i]);
  const count = isSameSet ? prior.count : 0;
  if (count >= config.suspectSyncsBeforeOpen) {
    return { ...none, releasedKeys: new Set(newly.values()) };
  }

  const error =
    `${tables.length} of ${graphTableCount} tables would newly be ` +
    `reported missing or denied: nothing was opened or resolved (suspect ` +
    `sync ${count + 1} of ${config.suspectSyncsBeforeOpen} before they open)`;
  return {
    isSuspect: true,
    state: { tables, count: count + 1 },
    releasedKeys: new Set(),
    error,
  };
}

// tableRef -> the key of the finding that would report it.
function newlyMissing(
  result: CheckResult,
  openKeys: ReadonlySet<string>,
): Map<string, string> {
  const found = new Map<string, string>();
  const note = (tableRef: string, key: string): void => {
    if (!openKeys.has(key) && !found.has(tableRef)) found.set(tableRef, key);
  };

  for (const o of result.observations) {
    const isTableLevel = o.column === null;
    if (isTableLevel && o.kind === 'table_missing') note(o.tableRef, o.key);
    if (isTableLevel && o.kind === 'access_denied') note(o.tableRef, o.key);
  }
  for (const [tableRef, table] of result.tables) {
    if (table.state === 'absent') {
      note(tableRef, findingKey('table_missing', tableRef, null));
    } else if (table.state === 'denied') {
      note(tableRef, findingKey('access_denied', tableRef, null));
    }
  }
  return found;
}

function describe(unknown: readonly UnknownDatabase[]): string {
  if (unknown.length === 0) return 'no reason given';
  return unknown.map((u) => `${u.database} (${u.reason})`).join('; ');
}
