import { describe, expect, it } from 'vitest';
import {
  findAffectedConsumers,
  findBrokenSubjects,
} from '../../checks/affected-consumers.js';
import type { Use } from '../../src/model/usage.js';
import { consumerOf } from './support/build.js';
import { referenceConsumers, referenceGraph } from './support/reference.js';

const graph = referenceGraph();

function brokenBy(subject: string): string[] {
  const uses: Use[] = [{ subject, role: 'table_ref' }];
  return [...findBrokenSubjects(graph, uses)].sort();
}

describe('broken subjects', () => {
  it.each([
    {
      subject: 'entity:account-entity',
      broken: [
        'entity:account-entity',
        'relationship:products',
        'relationship:user-accounts',
        'relationship:user-carts',
      ],
    },
    {
      subject: 'entity:cart-entity',
      broken: [
        'entity:cart-entity',
        'relationship:products',
        'relationship:user-carts',
      ],
    },
    {
      subject: 'relationship:user-carts',
      broken: ['relationship:products', 'relationship:user-carts'],
    },
    {
      subject: 'relationship:products',
      broken: ['relationship:products'],
    },
    {
      subject: 'profile',
      broken: [
        'profile',
        'relationship:products',
        'relationship:user-accounts',
        'relationship:user-carts',
        'relationship:user-households',
        'relationship:user-subscriptions',
      ],
    },
  ])('$subject breaks exactly what lies below it', ({ subject, broken }) => {
    expect(brokenBy(subject)).toEqual(broken);
  });
});

describe('affected consumers', () => {
  it('are those whose own uses name a broken subject, sorted by id', () => {
    const uses: Use[] = [
      { subject: 'relationship:user-carts', role: 'join_on' },
    ];

    expect(findAffectedConsumers(graph, referenceConsumers(), uses)).toEqual([
      { id: 'aud-premium-carts', name: 'Premium shoppers with open carts' },
      { id: 'aud-product-buyers', name: 'Bought a product' },
    ]);
  });

  it('do not include a consumer of an entity a broken relationship joins', () => {
    const uses: Use[] = [
      { subject: 'relationship:user-carts', role: 'join_on' },
    ];

    const ids = findAffectedConsumers(graph, referenceConsumers(), uses).map(
      (c) => c.id,
    );
    expect(ids).not.toContain('evt-cart-enrich');
  });

  it('include a consumer of the broken entity itself', () => {
    const uses: Use[] = [
      { subject: 'entity:cart-entity', role: 'primary_key' },
    ];

    const ids = findAffectedConsumers(graph, referenceConsumers(), uses).map(
      (c) => c.id,
    );
    expect(ids).toEqual([
      'aud-premium-carts',
      'aud-product-buyers',
      'evt-cart-enrich',
    ]);
  });

  it('do not count a relationship above the broken one', () => {
    const consumers = [
      consumerOf('b-parent', ['relationship:user-accounts']),
      consumerOf('a-child', ['relationship:products']),
    ];
    const uses: Use[] = [
      { subject: 'relationship:products', role: 'junction_table' },
    ];

    expect(
      findAffectedConsumers(graph, consumers, uses).map((c) => c.id),
    ).toEqual(['a-child']);
  });
});
