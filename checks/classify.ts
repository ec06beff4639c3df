/**
 * The classifier of SPEC §4: matches every used object to the snapshot
 * and turns what changed into observations. Pure: no I/O, no clock.
 */
import type {
  CheckInput,
  CheckResult,
  ObservedColumn,
  ObservedTable,
} from '../src/model/check.js';
import type { Observation } from '../src/model/finding.js';
import type { UnknownDatabase } from '../src/model/sync.js';
import { findDeniedAccess } from './access-denied.js';
import { findAffectedConsumers } from './affected-consumers.js';
import { findColumnTypeChanges } from './column-type-changed.js';
import { findMissingColumns } from './column-missing.js';
import { findJoinTypeMismatches } from './join-type-mismatch.js';
import { collectKnownNames } from './known-names.js';
import type { ResolvedTable } from './resolve-objects.js';
import { resolveObjects } from './resolve-objects.js';
import type { Draft, RuleContext } from './rule.js';
import { columnKey, compareText, draftFinding } from './rule.js';
import { findMissingTables } from './table-missing.js';
import { findTableKindChanges } from './table-kind-changed.js';

/** The rules, each one finding kind. */
const RULES: readonly ((context: RuleContext) => Draft[])[] = [
  findMissingTables,
  findMissingColumns,
  findDeniedAccess,
  findColumnTypeChanges,
  findJoinTypeMismatches,
  findTableKindChanges,
];

/** Classifies one sync's snapshot against the graph and the baseline. */
export function classify(input: CheckInput): CheckResult {
  const tables = resolveObjects(input.usage, input.snapshot);
  const context: RuleContext = { input, tables };

  const drafts = mergeDrafts(RULES.flatMap((rule) => rule(context)));
  const observations: Observation[] = drafts
    .map((draft) => ({
      ...draft,
      affectedConsumers: findAffectedConsumers(
        input.graph,
        input.consumers,
        draft.uses,
      ),
    }))
    .sort(compareObservations);

  return {
    observations,
    tables: observeTables(tables),
    columns: observeColumns(tables),
    unknown: listUnknown(tables, input),
    knownNames: collectKnownNames(tables, input.knownNames),
  };
}

/** Definite first, then by key (SPEC §7). */
export function compareObservations(a: Observation, b: Observation): number {
  const rank = (o: Observation): number => (o.severity === 'definite' ? 0 : 1);
  return rank(a) - rank(b) || compareText(a.key, b.key);
}

// One physical fact is one finding: should two used objects reach one key,
// their uses are joined.
function mergeDrafts(drafts: readonly Draft[]): Draft[] {
  const byKey = new Map<string, Draft>();

  for (const draft of drafts) {
    const seen = byKey.get(draft.key);
    byKey.set(
      draft.key,
      seen === undefined
        ? draft
        : draftFinding({ ...seen, uses: [...seen.uses, ...draft.uses] }),
    );
  }
  return [...byKey.values()];
}

function observeTables(
  tables: readonly ResolvedTable[],
): Map<string, ObservedTable> {
  const observed = new Map<string, ObservedTable>();

  for (const table of tables) {
    const isSeen = table.state === 'present' || table.state === 'denied';
    observed.set(table.used.tableRef, {
      state: table.state,
      kind: isSeen ? (table.shape?.kind ?? null) : null,
      reason: table.unknown?.reason ?? null,
    });
  }
  return observed;
}

function observeColumns(
  tables: readonly ResolvedTable[],
): Map<string, ObservedColumn> {
  const observed = new Map<string, ObservedColumn>();

  for (const table of tables) {
    for (const column of table.columns) {
      const shape = column.state === 'present' ? column.shape : null;
      observed.set(columnKey(table.used.tableRef, column.used.name), {
        state: column.state,
        value: shape && { type: shape.dataType, family: shape.family },
      });
    }
  }
  return observed;
}

// Unknown catalogs no used table reached are listed too: the sync must
// say everything it could not read.
function listUnknown(
  tables: readonly ResolvedTable[],
  input: CheckInput,
): UnknownDatabase[] {
  const entries = new Map<string, UnknownDatabase>();
  const add = (entry: UnknownDatabase): void => {
    entries.set(`${entry.database}\u0000${entry.reason}`, entry);
  };

  for (const table of tables) if (table.unknown) add(table.unknown);
  for (const catalog of input.snapshot.catalogs) {
    if (catalog.status === 'unknown') add(catalog);
  }
  return [...entries.values()].map(({ database, reason }) => ({
    database,
    reason,
  }));
}
