import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findDuplicateKeys,
  listKeyColumns,
} from '../../checks/primary-key-not-unique.js';
import { parseGraph } from '../../src/graph/parse-graph.js';
import { collectUsage } from '../../src/graph/usage.js';
import type { Consumer } from '../../src/model/consumer.js';

const CASES = join(process.cwd(), 'test', 'fixtures', 'cases');
const { graph } = parseGraph(
  readFileSync(join(CASES, 'graph.hcl'), 'utf8'),
  'graph.hcl',
);
if (graph === null) throw new Error('the cases graph must parse');
const usage = collectUsage(graph, 'PRODUCTION');
const consumers: Consumer[] = [
  {
    id: 'evt-cart',
    name: 'Cart events',
    type: 'linked_event',
    uses: ['entity:cart-entity'],
    owner: null,
  },
  {
    id: 'aud-buyers',
    name: 'Buyers',
    type: 'linked_audience',
    uses: ['relationship:products'],
    owner: null,
  },
];

describe('primary_key_not_unique', () => {
  it('lists every entity and junction primary key column', () => {
    expect(listKeyColumns(usage).map((k) => k.key)).toEqual([
      'PRODUCTION.CUST.ACCOUNT:ID',
      'PRODUCTION.CUST.CART:ID',
      'PRODUCTION.CUST.HOUSEHOLD:HOUSEHOLD_ID',
      'PRODUCTION.CUST.SUBSCRIPTION:SUB_ID',
      'PRODUCTION.CUSTOMER.CART_PRODUCT:ID',
      'PRODUCTION.PROD.PRODUCT_SKUS:SKU',
    ]);
  });

  it.each([
    { counts: {}, expected: [] },
    { counts: { 'PRODUCTION.CUST.CART:ID': 0 }, expected: [] },
    {
      counts: { 'PRODUCTION.CUST.CART:ID': 3 },
      expected: [
        [
          'primary_key_not_unique:PRODUCTION.CUST.CART:ID',
          'entity:cart-entity primary_key',
          'aud-buyers,evt-cart',
        ],
      ],
    },
    {
      counts: { 'PRODUCTION.CUSTOMER.CART_PRODUCT:ID': 1 },
      expected: [
        [
          'primary_key_not_unique:PRODUCTION.CUSTOMER.CART_PRODUCT:ID',
          'relationship:products junction_primary_key',
          'aud-buyers',
        ],
      ],
    },
  ])('reports only keys with duplicates: $counts', ({ counts, expected }) => {
    const found = findDuplicateKeys(
      graph,
      consumers,
      listKeyColumns(usage),
      new Map(Object.entries(counts)),
    );

    expect(
      found.map((f) => [
        f.key,
        f.uses.map((u) => `${u.subject} ${u.role}`).join(','),
        f.affectedConsumers.map((c) => c.id).join(','),
      ]),
    ).toEqual(expected);
    for (const f of found) expect(f.severity).toBe('potential');
  });
});
