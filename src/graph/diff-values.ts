/** The `before`/`after` values and texts of graph changes (SPEC §7). */
import type { Entity, Relationship, RelationshipJoin } from '../model/graph.js';
import { formatNamePart, formatNamePath } from '../model/names.js';

/** The change kinds of SPEC §7 "diff --json". */
export type ChangeKind =
  | 'entity_removed'
  | 'relationship_removed'
  | 'entity_added'
  | 'relationship_added'
  | 'table_ref_changed'
  | 'primary_key_changed'
  | 'join_changed'
  | 'related_entity_changed'
  | 'enrichment_disabled'
  | 'label_changed'
  | 'profile_changed';

/** A JSON object describing one side of a change, in the graph's terms. */
export interface ChangeValue {
  readonly [key: string]: string | boolean | null | ChangeValue;
}

/** An entity as a removal or addition shows it. */
export function entityValue(entity: Entity): ChangeValue {
  return {
    name: entity.name,
    table_ref: entity.tableRef,
    primary_key: formatNamePart(entity.primaryKey),
  };
}

/** A relationship as a removal or addition shows it. */
export function relationshipValue(relationship: Relationship): ChangeValue {
  return {
    name: relationship.name,
    related_entity: relationship.relatedEntity,
  };
}

/** A join as written in the graph: `{ join_on: "…" }` and the like. */
export function joinValue(join: RelationshipJoin): ChangeValue {
  switch (join.kind) {
    case 'external_id':
      return {
        external_id: {
          type: join.type,
          join_key: formatNamePart(join.joinKey),
        },
      };
    case 'trait':
      return {
        trait: { name: join.name, join_key: formatNamePart(join.joinKey) },
      };
    case 'join_on':
      return { join_on: join.expression };
    case 'junction_table':
      return {
        junction_table: {
          table_ref: join.tableRef,
          primary_key: formatNamePart(join.primaryKey),
          left_join_on: join.leftJoinOn,
          right_join_on: join.rightJoinOn,
        },
      };
  }
}

/**
 * What a join compares, in canonical names. Entity slugs are left out:
 * they follow from the related entities, whose changes are their own kind.
 */
export function joinSignature(relationship: Relationship): string {
  const { join } = relationship;
  const column = formatNamePart;

  switch (join.kind) {
    case 'external_id':
      return ['external_id', join.type, column(join.joinKey)].join('\u0000');
    case 'trait':
      return ['trait', join.name, column(join.joinKey)].join('\u0000');
    case 'join_on':
      return [
        'join_on',
        column(join.parentSide.column),
        column(join.relatedSide.column),
      ].join('\u0000');
    case 'junction_table':
      return [
        'junction_table',
        formatNamePath(join.tableParts),
        column(join.primaryKey),
        column(join.parentSide.column),
        column(join.junctionParentColumn),
        column(join.junctionRelatedColumn),
        column(join.relatedSide.column),
      ].join('\u0000');
  }
}

/** A join in one phrase: `join_on "a.ID = b.A_ID"`. */
export function describeJoin(join: RelationshipJoin): string {
  switch (join.kind) {
    case 'external_id':
      return `external_id ${join.type} = ${formatNamePart(join.joinKey)}`;
    case 'trait':
      return `trait ${join.name} = ${formatNamePart(join.joinKey)}`;
    case 'join_on':
      return `join_on "${join.expression}"`;
    case 'junction_table':
      return (
        `junction_table ${join.tableRef} ("${join.leftJoinOn}", ` +
        `"${join.rightJoinOn}")`
      );
  }
}

/** Says a removed slug may live on as a new one, still a removal. */
export function renameHint(newSlug: string | undefined): string {
  if (newSlug === undefined) return '';
  return (
    ` (if it was renamed to "${newSlug}": slugs are immutable, so ` +
    'consumers of the old slug lose it)'
  );
}

/** A name or description change, as [before, after, message]. */
export function compareLabels(
  old: Entity | Relationship,
  current: Entity | Relationship,
): [ChangeValue, ChangeValue, string] | null {
  const parts: string[] = [];
  if (old.name !== current.name) {
    parts.push(`name changed from "${old.name}" to "${current.name}"`);
  }
  if (old.description !== current.description) {
    parts.push('description changed');
  }

  if (parts.length === 0) return null;
  return [
    { name: old.name, description: old.description },
    { name: current.name, description: current.description },
    parts.join('; '),
  ];
}
