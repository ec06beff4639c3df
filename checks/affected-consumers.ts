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
  const bySubject = consumerIndex(consumers);
  const affected = new Map<string, ConsumerRef>();

  for (const subject of broken) {
    for (const c of bySubject.get(subject) ?? []) {
      affected.set(c.id, { id: c.id, name: c.name });
    }
  }
  return [...affected.values()].sort((a, b) => compareText(a.id, b.id));
}

/** The subjects a finding with these uses breaks, closure included. */
export function findBrokenSubjects(
  graph: DataGraph,
  uses: readonly Use[],
): Set<Subject> {
  const index = graphIndex(graph);
  const broken = new Set<Subject>(uses.map((use) => use.subject));

  if (broken.has('profile')) {
    for (const r of index.all) broken.add(`relationship:${r.slug}`);
    return broken;
  }

  // Work only through what breaks: a finding touches a few subjects, and
  // the graph may hold thousands of relationships.
  const roots: Relationship[] = [];
  for (const subject of [...broken]) {
    roots.push(...(index.byEntity.get(subject) ?? []));
    const relationship = index.bySubject.get(subject);
    if (relationship !== undefined) roots.push(relationship);
  }
  for (const root of roots) addWithDescendants(root, broken);
  return broken;
}

interface GraphIndex {
  readonly all: readonly Relationship[];
  /** `entity:<slug>` to the relationships relating that entity. */
  readonly byEntity: ReadonlyMap<Subject, Relationship[]>;
  /** `relationship:<slug>` to the relationship. */
  readonly bySubject: ReadonlyMap<Subject, Relationship>;
}

// Built once per graph and consumer list, not once per finding.
const graphIndexes = new WeakMap<DataGraph, GraphIndex>();
const consumerIndexes = new WeakMap<
  readonly Consumer[],
  Map<Subject, Consumer[]>
>();

function graphIndex(graph: DataGraph): GraphIndex {
  const cached = graphIndexes.get(graph);
  if (cached !== undefined) return cached;

  const all = listRelationships(graph);
  const byEntity = new Map<Subject, Relationship[]>();
  const bySubject = new Map<Subject, Relationship>();
  for (const r of all) {
    const entity = `entity:${r.relatedEntity}`;
    const list = byEntity.get(entity);
    if (list === undefined) byEntity.set(entity, [r]);
    else list.push(r);
    bySubject.set(`relationship:${r.slug}`, r);
  }
  const index = { all, byEntity, bySubject };
  graphIndexes.set(graph, index);
  return index;
}

function consumerIndex(
  consumers: readonly Consumer[],
): Map<Subject, Consumer[]> {
  const cached = consumerIndexes.get(consumers);
  if (cached !== undefined) return cached;

  const index = new Map<Subject, Consumer[]>();
  for (const consumer of consumers) {
    for (const entry of new Set(consumer.uses.map((u) => u.trim()))) {
      const list = index.get(entry);
      if (list === undefined) index.set(entry, [consumer]);
      else list.push(consumer);
    }
  }
  consumerIndexes.set(consumers, index);
  return index;
}

function addWithDescendants(root: Relationship, broken: Set<Subject>): void {
  const stack = [root];
  for (let r = stack.pop(); r !== undefined; r = stack.pop()) {
    broken.add(`relationship:${r.slug}`);
    stack.push(...r.relationships);
  }
}
