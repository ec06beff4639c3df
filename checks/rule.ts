/** What every rule of the classifier takes and gives. */
import type { CheckInput } from '../src/model/check.js';
import type {
  FindingKind,
  FindingValue,
  Observation,
} from '../src/model/finding.js';
import { findingKey, SEVERITY_OF } from '../src/model/finding.js';
import type { Use } from '../src/model/usage.js';
import { describeFinding } from './messages.js';
import type { ResolvedTable } from './resolve-objects.js';

/** The input of a rule: the check input and every resolved object. */
export interface RuleContext {
  readonly input: CheckInput;
  readonly tables: readonly ResolvedTable[];
}

/** A finding before its affected consumers are worked out. */
export type Draft = Omit<Observation, 'affectedConsumers'>;

/** The facts a rule states; the rest of a draft follows from them. */
export interface FindingFacts {
  readonly kind: FindingKind;
  readonly tableRef: string;
  readonly column: string | null;
  readonly uses: readonly Use[];
  readonly before: FindingValue | null;
  readonly after: FindingValue | null;
  readonly suggestion: string | null;
  /** Only when the key is not `<kind>:<tableRef>[:<column>]`. */
  readonly key?: string;
}

/** Builds a draft: key, severity, sorted uses and message. */
export function draftFinding(facts: FindingFacts): Draft {
  const uses = sortUses(facts.uses);
  const key = facts.key ?? findingKey(facts.kind, facts.tableRef, facts.column);

  return {
    key,
    kind: facts.kind,
    severity: SEVERITY_OF[facts.kind],
    tableRef: facts.tableRef,
    column: facts.column,
    uses,
    before: facts.before,
    after: facts.after,
    message: describeFinding({ ...facts, uses }),
    suggestion: facts.suggestion,
  };
}

/** Uses without repeats, sorted by subject, then role (SPEC §7). */
export function sortUses(uses: readonly Use[]): Use[] {
  const unique = new Map<string, Use>();
  for (const use of uses) unique.set(`${use.subject}\u0000${use.role}`, use);

  return [...unique.values()].sort(
    (a, b) => compareText(a.subject, b.subject) || compareText(a.role, b.role),
  );
}

/** The key of a column in the baseline and in the result maps. */
export function columnKey(tableRef: string, column: string): string {
  return `${tableRef}:${column}`;
}

/** Code-unit order, the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
