/** What each consumer depends on, and which open findings affect it. */
import type { Consumer } from '../model/consumer.js';
import type { FindingReport } from '../model/finding.js';
import type { DataGraph, Subject } from '../model/graph.js';
import type { GraphUsage } from '../model/usage.js';
import type { ConsumerInsight } from '../server/monitor-api.js';
import {
  entitySubject,
  expandUses,
  findSubject,
  PROFILE_SUBJECT,
  relationshipPath,
  relationshipSubject,
} from './tree.js';

/** One insight per consumer, in config order. */
export function consumerInsights(
  graph: DataGraph,
  consumers: readonly Consumer[],
  usage: GraphUsage,
  openFindings: readonly FindingReport[],
): ConsumerInsight[] {
  return consumers.map((consumer) => {
    const closure = new Set(expandUses(graph, consumer.uses));
    // A relationship reads the profile tables too (SPEC §4).
    if ([...closure].some((s) => s.startsWith('relationship:'))) {
      closure.add(PROFILE_SUBJECT);
    }
    return {
      id: consumer.id,
      name: consumer.name,
      type: consumer.type,
      owner: consumer.owner,
      path: dependencyPath(graph, consumer.uses),
      objects: objectsUsedBy(usage, closure),
      openFindings: openFindings
        .filter((f) => f.affectedConsumers.some((c) => c.id === consumer.id))
        .map((f) => f.key),
    };
  });
}

/** profile → relationships → entity, for each `uses` entry in turn. */
export function dependencyPath(
  graph: DataGraph,
  uses: readonly Subject[],
): Subject[] {
  const path: Subject[] = [];
  const add = (subject: Subject): void => {
    if (!path.includes(subject)) path.push(subject);
  };

  for (const subject of uses) {
    const element = findSubject(graph, subject);
    if (element?.kind === 'entity') add(subject);
    if (element?.kind !== 'relationship') continue;
    add(PROFILE_SUBJECT);
    for (const r of relationshipPath(graph, element.relationship.slug)) {
      add(relationshipSubject(r.slug));
      add(entitySubject(r.relatedEntity));
    }
  }
  return path;
}

function objectsUsedBy(usage: GraphUsage, closure: Set<Subject>): string[] {
  const objects: string[] = [];
  const isUsed = (uses: readonly { subject: Subject }[]): boolean =>
    uses.some((u) => closure.has(u.subject));

  for (const table of usage.tables) {
    if (isUsed(table.uses)) objects.push(table.tableRef);
    for (const column of table.columns) {
      if (isUsed(column.uses)) objects.push(`${table.tableRef}.${column.name}`);
    }
  }
  return objects;
}
