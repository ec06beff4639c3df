/**
 * One-line finding messages: kind, object, uses, what to do. Plain text;
 * each channel escapes it for Slack, email or the page.
 */
import type {
  ColumnValue,
  FindingKind,
  FindingValue,
  JoinColumnValue,
  JoinValue,
  TableValue,
} from '../src/model/finding.js';
import type { Use } from '../src/model/usage.js';

/**
 * What is known of why a table is missing, beyond its absence: the
 * catalog hides what the role may not use (a revoked grant reads the
 * same as a drop), or the warehouse proved the drop and when.
 */
export type Absence =
  | { readonly cause: 'unseen' }
  | { readonly cause: 'dropped'; readonly droppedAt: string };

/** What a message says. */
export interface MessageFacts {
  readonly kind: FindingKind;
  readonly tableRef: string;
  readonly column: string | null;
  /** Already sorted. */
  readonly uses: readonly Use[];
  readonly before: FindingValue | null;
  readonly after: FindingValue | null;
  /** For `table_missing`; absent: confirmed gone, nothing more known. */
  readonly absence?: Absence;
}

/** The message of a finding, lower case first, on one line. */
export function describeFinding(facts: MessageFacts): string {
  const path =
    facts.column === null
      ? facts.tableRef
      : `${facts.tableRef}.${facts.column}`;
  const problem = describeProblem(facts, path);

  const usedBy = `used by ${describeUses(facts.uses)}`;
  return `${problem}; ${usedBy}; ${describeAdvice(facts)}`;
}

/** `entity:a (primary_key, table_ref), relationship:b (join_on)`. */
export function describeUses(uses: readonly Use[]): string {
  const roles = new Map<string, string[]>();
  for (const use of uses) {
    const list = roles.get(use.subject) ?? [];
    list.push(use.role);
    roles.set(use.subject, list);
  }

  if (roles.size === 0) return 'no graph element';
  return [...roles]
    .map(([subject, list]) => `${subject} (${list.join(', ')})`)
    .join(', ');
}

const ADVICE: Readonly<Record<FindingKind, string>> = {
  table_missing: 'restore it or point the graph at the table that replaced it',
  column_missing:
    'restore it or update the graph to the column that replaced it',
  access_denied:
    "grant access to the monitor's role and to the consumers' role",
  column_type_changed:
    'check the joins and filters on it, then acknowledge to accept it',
  table_kind_changed:
    'check that the consumers still read it as expected, then acknowledge',
  join_type_mismatch: 'cast one side or give both columns one type',
  primary_key_not_unique: 'remove the duplicates or choose a unique key',
};

const ABSENCE_ADVICE: Readonly<Record<Absence['cause'], string>> = {
  unseen:
    "restore it or the role's grant, or point the graph at the table " +
    'that replaced it',
  dropped: 'undrop it or point the graph at the table that replaced it',
};

function describeAdvice(facts: MessageFacts): string {
  if (facts.kind !== 'table_missing' || facts.absence === undefined) {
    return ADVICE[facts.kind];
  }
  return ABSENCE_ADVICE[facts.absence.cause];
}

function describeMissingTable(path: string, absence?: Absence): string {
  switch (absence?.cause) {
    case undefined:
      return `table missing: ${path} is not in the warehouse`;
    case 'unseen':
      return (
        `table missing: ${path} is not visible to the monitor's role: ` +
        'dropped, or its grant was revoked'
      );
    case 'dropped':
      return `table missing: ${path} was dropped at ${absence.droppedAt}`;
  }
}

function describeProblem(facts: MessageFacts, path: string): string {
  const { before, after } = facts;
  const object = `${facts.column === null ? 'table' : 'column'} ${path}`;

  switch (facts.kind) {
    case 'table_missing':
      return describeMissingTable(path, facts.absence);
    case 'column_missing':
      return `column missing: ${path} is not in its table`;
    case 'access_denied':
      return `access denied: the monitor may not read ${object}`;
    case 'column_type_changed':
    case 'table_kind_changed': {
      const label = facts.kind.replaceAll('_', ' ');
      const from = describeValue(before);
      return `${label}: ${path} went from ${from} to ${describeValue(after)}`;
    }
    case 'join_type_mismatch':
      return `join type mismatch: ${describeJoin(after)} mixes type families`;
    case 'primary_key_not_unique':
      return `primary key not unique: ${path} holds duplicate values`;
  }
}

function describeValue(value: FindingValue | null): string {
  if (value === null) return 'unknown';
  if (isColumnValue(value)) return `${value.type} (${value.family})`;
  if (isTableValue(value)) return value.kind.replace('_', ' ');
  return describeJoin(value);
}

function describeJoin(value: FindingValue | null): string {
  if (value === null || !isJoinValue(value)) return 'a join';
  return `${describeSide(value.left)} = ${describeSide(value.right)}`;
}

function describeSide(side: JoinColumnValue): string {
  return `${side.tableRef}.${side.column} (${side.type})`;
}

function isColumnValue(value: FindingValue): value is ColumnValue {
  return 'family' in value;
}

function isTableValue(value: FindingValue): value is TableValue {
  return 'kind' in value;
}

function isJoinValue(value: FindingValue): value is JoinValue {
  return 'left' in value;
}
