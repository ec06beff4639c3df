import { describe, expect, it } from 'vitest';
import { readGraphFile } from '../../src/graph/parse-graph.js';
import {
  expandBroken,
  expandUses,
  findSubject,
  listDescendants,
  listSubjects,
  relationshipPath,
} from '../../src/graph/tree.js';
import { CASES_GRAPH } from './support.js';

const { graph } = await readGraphFile(CASES_GRAPH);

describe('graph subjects', () => {
  it('lists entities then relationships in source order', () => {
    expect(listSubjects(graph)).toEqual([
      'entity:account-entity',
      'entity:product-entity',
      'entity:cart-entity',
      'entity:household-entity',
      'entity:subscription-entity',
      'relationship:user-accounts',
      'relationship:user-carts',
      'relationship:products',
      'relationship:user-households',
      'relationship:user-subscriptions',
    ]);
  });

  it('finds an entity or relationship by subject and nothing else', () => {
    expect(findSubject(graph, 'entity:cart-entity')).toMatchObject({
      kind: 'entity',
      entity: { slug: 'cart-entity' },
    });
    expect(findSubject(graph, 'relationship:products')).toMatchObject({
      kind: 'relationship',
      relationship: { slug: 'products', parent: 'user-carts' },
    });
    expect(findSubject(graph, 'relationship:cart-entity')).toBeNull();
    expect(findSubject(graph, 'profile')).toBeNull();
    expect(findSubject(graph, 'cart-entity')).toBeNull();
  });

  it('gives the path from the profile down to a relationship', () => {
    expect(relationshipPath(graph, 'products').map((r) => r.slug)).toEqual([
      'user-accounts',
      'user-carts',
      'products',
    ]);
    expect(relationshipPath(graph, 'missing')).toEqual([]);
  });

  it('lists every relationship below one, depth first', () => {
    const [accounts] = graph.profile?.relationships ?? [];

    expect(accounts && listDescendants(accounts).map((r) => r.slug)).toEqual([
      'user-carts',
      'products',
    ]);
  });
});

describe('expandUses', () => {
  it('brings every relationship above a used one and each related entity', () => {
    expect(expandUses(graph, ['relationship:products'])).toEqual([
      'entity:account-entity',
      'entity:cart-entity',
      'entity:product-entity',
      'relationship:products',
      'relationship:user-accounts',
      'relationship:user-carts',
    ]);
  });

  it('brings only the entity itself for a used entity', () => {
    expect(expandUses(graph, ['entity:cart-entity'])).toEqual([
      'entity:cart-entity',
    ]);
  });

  it('leaves out subjects the graph lacks', () => {
    expect(
      expandUses(graph, ['relationship:gone', 'entity:user-subscriptions']),
    ).toEqual([]);
  });
});

describe('expandBroken', () => {
  it('breaks the relationships relating a broken entity and all below them', () => {
    expect([...expandBroken(graph, ['entity:cart-entity'])].sort()).toEqual([
      'entity:cart-entity',
      'relationship:products',
      'relationship:user-carts',
    ]);
  });

  it('breaks every relationship when the profile breaks', () => {
    const broken = expandBroken(graph, ['profile']);

    expect(broken.size).toBe(6);
    expect(broken.has('relationship:user-subscriptions')).toBe(true);
    expect(broken.has('entity:cart-entity')).toBe(false);
  });

  it('breaks only the relationships below a broken relationship', () => {
    expect([...expandBroken(graph, ['relationship:user-households'])]).toEqual([
      'relationship:user-households',
      'relationship:user-subscriptions',
    ]);
  });
});
