/**
 * Walking the graph by subject (`entity:<slug>`, `relationship:<slug>`,
 * `profile`): what a consumer depends on (SPEC §3) and what a broken
 * element takes down with it (SPEC §4 "Affected consumers").
 */
import type {
  DataGraph,
  Entity,
  Relationship,
  Subject,
} from '../model/graph.js';
import { listRelationships } from '../model/graph.js';

/** The subject of the profile block. */
export const PROFILE_SUBJECT = 'profile';

/** An entity or relationship found by its subject. */
export type GraphElement =
  | { readonly kind: 'entity'; readonly entity: Entity }
  | { readonly kind: 'relationship'; readonly relationship: Relationship };

/** `entity:<slug>`. */
export function entitySubject(slug: string): Subject {
  return `entity:${slug}`;
}

/** `relationship:<slug>`. */
export function relationshipSubject(slug: string): Subject {
  return `relationship:${slug}`;
}

/** Every subject a consumer may name, entities then relationships. */
export function listSubjects(graph: DataGraph): Subject[] {
  return [
    ...graph.entities.map((e) => entitySubject(e.slug)),
    ...listRelationships(graph).map((r) => relationshipSubject(r.slug)),
  ];
}

/** The entity or relationship a subject names, or null. */
export function findSubject(
  graph: DataGraph,
  subject: Subject,
): GraphElement | null {
  const [kind, slug] = splitSubject(subject);

  if (kind === 'entity') {
    const entity = graph.entities.find((e) => e.slug === slug);
    return entity ? { kind, entity } : null;
  }
  if (kind === 'relationship') {
    const relationship = listRelationships(graph).find((r) => r.slug === slug);
    return relationship ? { kind, relationship } : null;
  }
  return null;
}

/** The relationships from the profile down to `slug`, itself last. */
export function relationshipPath(
  graph: DataGraph,
  slug: string,
): Relationship[] {
  const all = listRelationships(graph);
  const bySlug = new Map(all.map((r) => [r.slug, r]));
  const path: Relationship[] = [];

  for (let r = bySlug.get(slug); r !== undefined;) {
    path.unshift(r);
    r = r.parent === null ? undefined : bySlug.get(r.parent);
  }
  return path;
}

/** Every relationship nested below `relationship`, depth first. */
export function listDescendants(relationship: Relationship): Relationship[] {
  const out: Relationship[] = [];
  const stack = [...relationship.relationships].reverse();

  for (let r = stack.pop(); r !== undefined; r = stack.pop()) {
    out.push(r);
    stack.push(...[...r.relationships].reverse());
  }
  return out;
}

/**
 * What a consumer's `uses` amount to (SPEC §3): a relationship brings
 * every relationship above it and the related entity of each, its own
 * included; an entity brings only itself. Subjects the graph lacks are
 * left out. Sorted.
 */
export function expandUses(
  graph: DataGraph,
  uses: readonly Subject[],
): Subject[] {
  const out = new Set<Subject>();

  for (const subject of uses) {
    const element = findSubject(graph, subject);
    if (element?.kind === 'entity') out.add(subject);
    if (element?.kind !== 'relationship') continue;
    for (const r of relationshipPath(graph, element.relationship.slug)) {
      out.add(relationshipSubject(r.slug));
      out.add(entitySubject(r.relatedEntity));
    }
  }
  return [...out].sort();
}

/**
 * What breaks along with `broken` (SPEC §4): an entity breaks every
 * relationship relating it, a relationship every one below it, the
 * profile every relationship. The given subjects are included.
 */
export function expandBroken(
  graph: DataGraph,
  broken: Iterable<Subject>,
): Set<Subject> {
  const out = new Set<Subject>(broken);
  const all = listRelationships(graph);
  const entities = new Set([...out].filter((s) => s.startsWith('entity:')));

  for (const r of all) {
    const parentBroken =
      r.parent !== null && out.has(relationshipSubject(r.parent));
    // Parents come before children, so one pass carries breakage down.
    if (
      out.has(PROFILE_SUBJECT) ||
      parentBroken ||
      entities.has(entitySubject(r.relatedEntity))
    ) {
      out.add(relationshipSubject(r.slug));
    }
  }
  return out;
}

function splitSubject(subject: Subject): [string, string] {
  const colon = subject.indexOf(':');
  if (colon < 0) return [subject, ''];
  return [subject.slice(0, colon), subject.slice(colon + 1)];
}
