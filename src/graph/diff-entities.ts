/** Changes of entities between two versions of a graph. */
import type { Entity } from '../model/graph.js';
import { formatNamePart, formatNamePath } from '../model/names.js';
import type { RawChange } from './diff-compare.js';
import { compareLabels, entityValue, renameHint } from './diff-values.js';
import type { ChangeKind, ChangeValue } from './diff-values.js';
import { entitySubject } from './tree.js';

/** Removed, added and changed entities, matched by slug. */
export function compareEntities(
  before: readonly Entity[],
  after: readonly Entity[],
): RawChange[] {
  const out: RawChange[] = [];
  const newBySlug = new Map(after.map((e) => [e.slug, e]));
  const oldSlugs = new Set(before.map((e) => e.slug));
  const added = after.filter((e) => !oldSlugs.has(e.slug));

  for (const old of before) {
    const current = newBySlug.get(old.slug);
    if (current === undefined) {
      const twin = added.find((e) => e.name === old.name || sameTable(e, old));
      out.push({
        kind: 'entity_removed',
        subject: entitySubject(old.slug),
        line: old.position.line,
        before: entityValue(old),
        after: null,
        message: `entity "${old.slug}" was removed${renameHint(twin?.slug)}`,
      });
    } else {
      out.push(...compareEntity(old, current));
    }
  }
  for (const entity of added) {
    out.push({
      kind: 'entity_added',
      subject: entitySubject(entity.slug),
      line: entity.position.line,
      before: null,
      after: entityValue(entity),
      message: `entity "${entity.slug}" was added`,
    });
  }
  return out;
}

function compareEntity(old: Entity, current: Entity): RawChange[] {
  const out: RawChange[] = [];
  const context = `entity "${current.slug}"`;
  const change = (
    kind: ChangeKind,
    before: ChangeValue,
    after: ChangeValue,
    message: string,
  ): void => {
    out.push({
      kind,
      subject: entitySubject(current.slug),
      line: current.position.line,
      before,
      after,
      message: `${context}: ${message}`,
    });
  };

  if (!sameTable(old, current)) {
    change(
      'table_ref_changed',
      { table_ref: old.tableRef },
      { table_ref: current.tableRef },
      `table_ref changed from ${old.tableRef} to ${current.tableRef}`,
    );
  }
  const [oldKey, newKey] = [old.primaryKey, current.primaryKey].map(
    formatNamePart,
  );
  if (oldKey !== newKey) {
    change(
      'primary_key_changed',
      { primary_key: oldKey ?? '' },
      { primary_key: newKey ?? '' },
      `primary_key changed from ${oldKey} to ${newKey}`,
    );
  }
  if (old.isEnrichmentEnabled && !current.isEnrichmentEnabled) {
    change(
      'enrichment_disabled',
      { enrichment_enabled: true },
      { enrichment_enabled: false },
      'enrichment_enabled was turned off',
    );
  }
  const label = compareLabels(old, current);
  if (label !== null) change('label_changed', ...label);
  return out;
}

function sameTable(a: Entity, b: Entity): boolean {
  return formatNamePath(a.tableParts) === formatNamePath(b.tableParts);
}
