/**
 * Classifies an edit of the graph (SPEC §7 "diff"): what changed, how
 * badly, and which consumers it reaches. Consumers are resolved against
 * the old graph, since the edit may remove what they name.
 */
import type { Consumer, ConsumerRef } from '../model/consumer.js';
import type { DataGraph, Subject } from '../model/graph.js';
import { compareGraphs } from './diff-compare.js';
import type { RawChange } from './diff-compare.js';
import type { ChangeKind, ChangeValue } from './diff-values.js';
import { expandUses } from './tree.js';

export type { ChangeKind, ChangeValue } from './diff-values.js';

/** How a change affects consumers; `none` reaches none of them. */
export type ChangeSeverity = 'definite' | 'potential' | 'none';

/** One change of the graph, as `diff --json` prints it. */
export interface GraphChange {
  readonly kind: ChangeKind;
  readonly severity: ChangeSeverity;
  readonly subject: Subject;
  /** The element's line in the new file; in the old one for removals. */
  readonly line: number;
  readonly before: ChangeValue | null;
  readonly after: ChangeValue | null;
  /** Sorted by id; empty when the severity is `none`. */
  readonly affectedConsumers: readonly ConsumerRef[];
  readonly message: string;
}

/** The `diff --json` document. */
export interface DiffReport {
  /** Definite first, then potential, then none; each by line. */
  readonly changes: readonly GraphChange[];
  readonly summary: Readonly<Record<ChangeSeverity, number>>;
}

/** Compares two valid graphs and rates each change for `consumers`. */
export function diffGraphs(
  oldGraph: DataGraph,
  newGraph: DataGraph,
  consumers: readonly Consumer[],
): DiffReport {
  const users = consumers.map((consumer) => ({
    consumer,
    uses: new Set(expandUses(oldGraph, consumer.uses)),
  }));
  const changes = compareGraphs(oldGraph, newGraph)
    .map((raw) => rate(raw, users))
    .sort(compareChanges);

  const summary = { definite: 0, potential: 0, none: 0 };
  for (const change of changes) summary[change.severity] += 1;
  return { changes, summary };
}

const RANK: Readonly<Record<ChangeSeverity, number>> = {
  definite: 0,
  potential: 1,
  none: 2,
};

/** Kinds that are potential when the subject is used. */
const POTENTIAL_KINDS: readonly ChangeKind[] = [
  'table_ref_changed',
  'primary_key_changed',
  'join_changed',
  'related_entity_changed',
];

interface ConsumerUses {
  readonly consumer: Consumer;
  /** The consumer's uses with the closure of SPEC §3, in the old graph. */
  readonly uses: ReadonlySet<Subject>;
}

function rate(raw: RawChange, users: readonly ConsumerUses[]): GraphChange {
  const [severity, reached] = reach(raw, users);
  const affectedConsumers = reached
    .map(({ consumer }) => ({ id: consumer.id, name: consumer.name }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return {
    kind: raw.kind,
    severity,
    subject: raw.subject,
    line: raw.line,
    before: raw.before,
    after: raw.after,
    affectedConsumers,
    message: raw.message + consumerSuffix(severity, affectedConsumers),
  };
}

function reach(
  raw: RawChange,
  users: readonly ConsumerUses[],
): [ChangeSeverity, ConsumerUses[]] {
  const using = users.filter((u) => u.uses.has(raw.subject));

  if (raw.kind === 'entity_removed' || raw.kind === 'relationship_removed') {
    // The closure holds every ancestor, so consumers of anything below a
    // removed relationship are among those using it.
    return using.length > 0 ? ['definite', using] : ['none', []];
  }
  if (POTENTIAL_KINDS.includes(raw.kind)) {
    return using.length > 0 ? ['potential', using] : ['none', []];
  }
  if (raw.kind === 'profile_changed') {
    const relationshipUsers = users.filter((u) =>
      [...u.uses].some((s) => s.startsWith('relationship:')),
    );
    return relationshipUsers.length > 0
      ? ['potential', relationshipUsers]
      : ['none', []];
  }
  if (raw.kind === 'enrichment_disabled') {
    const events = using.filter((u) => u.consumer.type === 'linked_event');
    return events.length > 0 ? ['definite', events] : ['none', []];
  }
  return ['none', []];
}

function consumerSuffix(
  severity: ChangeSeverity,
  consumers: readonly ConsumerRef[],
): string {
  if (severity === 'none') return '';

  const ids = consumers.slice(0, 5).map((c) => c.id);
  if (consumers.length > 5) ids.push(`and ${consumers.length - 5} more`);
  const verb = severity === 'definite' ? 'breaks' : 'may break';
  return `; ${verb} ${ids.join(', ')}`;
}

function compareChanges(a: GraphChange, b: GraphChange): number {
  return (
    RANK[a.severity] - RANK[b.severity] ||
    a.line - b.line ||
    compareText(a.subject, b.subject) ||
    compareText(a.kind, b.kind)
  );
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
