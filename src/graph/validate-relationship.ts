/**
 * Checks relationship blocks (SPEC §2): slugs, the related entity, the
 * nesting depth and the join, recursing into nested relationships.
 */
import { didYouMean } from '../model/did-you-mean.js';
import type { Relationship } from '../model/graph.js';
import { readBlock } from './block-reader.js';
import type { BlockSchema } from './block-reader.js';
import type { DiagnosticSink, Place } from './diagnostics.js';
import { isSlug, slugProblem } from './identifiers.js';
import { readEntityJoin, readProfileJoin } from './read-join.js';
import type { SyntaxBlock } from './syntax.js';

/** The profile is level 1; relationships reach level 6 at most. */
export const MAX_DEPTH = 6;

/** What a relationship inherits from the block it sits in. */
export interface ParentLink {
  /** The parent relationship's slug; null for the profile. */
  readonly slug: string | null;
  /** The parent's related entity; null for the profile or when invalid. */
  readonly entity: string | null;
  readonly depth: number;
}

/** What every relationship of one graph is checked against. */
export interface RelationshipScope {
  readonly entities: ReadonlySet<string>;
  /** Relationship slugs seen so far, for uniqueness. */
  readonly seen: Map<string, Place>;
  readonly sink: DiagnosticSink;
}

/** Checks and builds the relationships of one block, in source order. */
export function readRelationships(
  blocks: readonly SyntaxBlock[],
  parent: ParentLink,
  scope: RelationshipScope,
): Relationship[] {
  const out: Relationship[] = [];

  for (const block of blocks) {
    const relationship = readRelationship(block, parent, scope);
    if (relationship !== null) out.push(relationship);
  }
  return out;
}

const COMMON_ATTRIBUTES: BlockSchema['attributes'] = {
  name: { type: 'string', isRequired: true },
  description: { type: 'string', isRequired: false },
  related_entity: { type: 'string', isRequired: true },
};

const UNDER_PROFILE: BlockSchema = {
  attributes: COMMON_ATTRIBUTES,
  blocks: {
    external_id: { hasLabel: false },
    trait: { hasLabel: false },
    relationship: { hasLabel: true },
  },
  misplaced: {
    join_on:
      'join_on is for a relationship nested in another; directly under ' +
      'the profile use an external_id { … } or trait { … } block',
    junction_table:
      'junction_table is for a relationship nested in another; directly ' +
      'under the profile use an external_id { … } or trait { … } block',
  },
};

const NESTED: BlockSchema = {
  attributes: {
    ...COMMON_ATTRIBUTES,
    join_on: { type: 'string', isRequired: false },
  },
  blocks: {
    junction_table: { hasLabel: false },
    relationship: { hasLabel: true },
  },
  misplaced: {
    external_id:
      'external_id joins the profile, so it belongs only directly under ' +
      'the profile; here use join_on = "…" or a junction_table { … } block',
    trait:
      'trait joins the profile, so it belongs only directly under the ' +
      'profile; here use join_on = "…" or a junction_table { … } block',
  },
};

function readRelationship(
  block: SyntaxBlock,
  parent: ParentLink,
  scope: RelationshipScope,
): Relationship | null {
  const slug = block.labels[0]?.value ?? '';
  const context = `relationship "${slug}"`;
  const depth = parent.depth + 1;
  if (isTooDeep(block, context, depth, scope.sink)) return null;
  checkSlug(block, slug, scope);

  const isUnderProfile = parent.slug === null;
  const schema = isUnderProfile ? UNDER_PROFILE : NESTED;
  const content = readBlock(block, context, schema, scope.sink);
  const name = content.strings.get('name');
  const relatedEntity = readRelatedEntity(
    content.strings.get('related_entity'),
    context,
    scope,
  );

  const join = isUnderProfile
    ? readProfileJoin(block, content, context, scope.sink)
    : readEntityJoin(block, content, context, {
        parent: parent.entity,
        related: relatedEntity,
        sink: scope.sink,
      });
  const relationships = readRelationships(
    content.blocksOf('relationship'),
    { slug, entity: relatedEntity, depth },
    scope,
  );

  if (!name || relatedEntity === null || join === null) return null;
  return {
    slug,
    name: name.value,
    description: content.strings.get('description')?.value ?? null,
    relatedEntity,
    join,
    parent: parent.slug,
    depth,
    relationships,
    position: { file: scope.sink.file, ...block.at },
  };
}

function readRelatedEntity(
  value: { value: string; at: Place } | undefined,
  context: string,
  scope: RelationshipScope,
): string | null {
  if (value === undefined) return null;
  if (scope.entities.has(value.value)) return value.value;

  scope.sink.error(
    value.at,
    `${context}: related_entity "${value.value}" names no entity; ` +
      'expected the slug of an entity block' +
      didYouMean(value.value, scope.entities),
  );
  return null;
}

function isTooDeep(
  block: SyntaxBlock,
  context: string,
  depth: number,
  sink: DiagnosticSink,
): boolean {
  if (depth <= MAX_DEPTH) return false;

  sink.error(
    block.at,
    `${context} is nested ${depth - 1} levels below the profile; ` +
      `expected at most ${MAX_DEPTH - 1} ` +
      `(${MAX_DEPTH} levels with the profile)`,
  );
  return true;
}

function checkSlug(
  block: SyntaxBlock,
  slug: string,
  scope: RelationshipScope,
): void {
  const label = block.labels[0];
  if (label === undefined) return;

  const first = scope.seen.get(slug);
  if (!isSlug(slug)) {
    scope.sink.error(label.at, `relationship "${slug}": ${slugProblem(slug)}`);
  } else if (first !== undefined) {
    scope.sink.error(
      label.at,
      `relationship "${slug}" is already defined at ` +
        `${first.line}:${first.column}; expected unique relationship slugs`,
    );
  }
  if (first === undefined) scope.seen.set(slug, label.at);
}
