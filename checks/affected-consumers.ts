/** Which consumers a finding breaks (SPEC §4 "Affected consumers"). */
import type { Consumer, ConsumerRef } from '../src/model/consumer.js';
import type { DataGraph, Relationship, Subject } from '../src/model/graph.js';
import { listRelationships } from '../src/model/graph.js';
import type { Use } from '../src/model/usage.js';
import { compareText } from './rule.js';

/**
 * The consumers that name a broken subject in their own `uses`, sorted by
 * id. A finding breaks the subjects that use the object; a broken entity
 * breaks every relationship whose related_entity it is; a broken
 * relationship breaks every relationship below it; a broken profile breaks
 * every relationship.
 */
export function findAffectedConsumers(
  graph: DataGraph,
  consumers: readonly Consumer[],
  uses: readonly Use[],
): ConsumerRef[] {
  const broken = findBrokenSubjects(graph, uses);

  return consumers
    .filter((c) => c.uses.some((entry) => broken.has(entry.trim())))
    .map((c) => ({ id: c.id, name: c.name }))
    .sort((a, b) => compareText(a.id, b.id));
}

/** The subjects a finding with these uses breaks, closure included. */
export function findBrokenSubjects(
  graph: DataGraph,
  uses: readonly Use[],
): Set<Subject> {
  const broken = new Set<Subject>(uses.map((use) => use.subject));
  const relationships = listRelationships(graph);

  // Entities and the profile first, since they break relationships whose
  // descendants then break in turn.
  const isProfileBroken = broken.has('profile');
  for (const relationship of relationships) {
    const entity = `entity:${relationship.relatedEntity}`;
    if (isProfileBroken || broken.has(entity)) {
      broken.add(`relationship:${relationship.slug}`);
    }
  }

  for (const relationship of relationships) {
    if (broken.has(`relationship:${relationship.slug}`)) {
      addDescendants(relationship, broken);
    }
  }
  return broken;
}

function addDescendants(parent: Relationship, broken: Set<Subject>): void {
  for (const child of parent.relationships) {
    broken.add(`relationship:${child.slug}`);
    addDescendants(child, broken);
  }
}
