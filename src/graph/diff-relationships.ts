/** Changes of relationships between two versions of a graph. */
import type { Relationship } from '../model/graph.js';
import type { RawChange } from './diff-compare.js';
import {
  compareLabels,
  describeJoin,
  joinSignature,
  joinValue,
  relationshipValue,
  renameHint,
} from './diff-values.js';
import { relationshipSubject } from './tree.js';

/** Removed, added and changed relationships, matched by slug. */
export function compareRelationships(
  before: readonly Relationship[],
  after: readonly Relationship[],
): RawChange[] {
  const out: RawChange[] = [];
  const newBySlug = new Map(after.map((r) => [r.slug, r]));
  const oldSlugs = new Set(before.map((r) => r.slug));
  const added = after.filter((r) => !oldSlugs.has(r.slug));

  for (const old of before) {
    const current = newBySlug.get(old.slug);
    if (current !== undefined) {
      out.push(...compareRelationship(old, current));
      continue;
    }
    const twin = added.find(
      (r) =>
        r.relatedEntity === old.relatedEntity &&
        (r.name === old.name || joinSignature(r) === joinSignature(old)),
    );
    out.push({
      kind: 'relationship_removed',
      subject: relationshipSubject(old.slug),
      line: old.position.line,
      before: relationshipValue(old),
      after: null,
      message:
        `relationship "${old.slug}" was removed` + renameHint(twin?.slug),
    });
  }
  for (const relationship of added) {
    const where = relationship.parent
      ? `under relationship "${relationship.parent}"`
      : 'under the profile';
    out.push({
      kind: 'relationship_added',
      subject: relationshipSubject(relationship.slug),
      line: relationship.position.line,
      before: null,
      after: relationshipValue(relationship),
      message: `relationship "${relationship.slug}" was added ${where}`,
    });
  }
  return out;
}

function compareRelationship(
  old: Relationship,
  current: Relationship,
): RawChange[] {
  const out: RawChange[] = [];
  const subject = relationshipSubject(current.slug);
  const context = `relationship "${current.slug}"`;

  if (old.relatedEntity !== current.relatedEntity) {
    out.push({
      kind: 'related_entity_changed',
      subject,
      line: current.position.line,
      before: { related_entity: old.relatedEntity },
      after: { related_entity: current.relatedEntity },
      message:
        `${context}: related_entity changed from "${old.relatedEntity}" ` +
        `to "${current.relatedEntity}"`,
    });
  }
  const isMoved = old.parent !== current.parent;
  if (isMoved || joinSignature(old) !== joinSignature(current)) {
    const moved = isMoved
      ? `moved from ${parentText(old.parent)} to ${parentText(current.parent)}`
      : null;
    const joined =
      joinSignature(old) === joinSignature(current)
        ? null
        : `join changed from ${describeJoin(old.join)} to ` +
          describeJoin(current.join);
    out.push({
      kind: 'join_changed',
      subject,
      line: moved ? current.position.line : current.join.position.line,
      before: { parent: old.parent, ...joinValue(old.join) },
      after: { parent: current.parent, ...joinValue(current.join) },
      message: `${context}: ${[moved, joined].filter(Boolean).join('; ')}`,
    });
  }
  const label = compareLabels(old, current);
  if (label !== null) {
    const [before, after, message] = label;
    out.push({
      kind: 'label_changed',
      subject,
      line: current.position.line,
      before,
      after,
      message: `${context}: ${message}`,
    });
  }
  return out;
}

function parentText(parent: string | null): string {
  return parent === null ? 'the profile' : `relationship "${parent}"`;
}
