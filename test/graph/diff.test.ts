import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffGraphs } from '../../src/graph/diff.js';
import type { Consumer } from '../../src/model/consumer.js';
import { CASES_GRAPH, parseValid } from './support.js';

const TEXT = readFileSync(CASES_GRAPH, 'utf8');
const OLD = parseValid(TEXT, 'old.hcl');

/** The consumers of /work/shared/cases/consumers.yaml. */
const CONSUMERS: Consumer[] = [
  consumer('aud-premium-carts', 'linked_audience', 'relationship:user-carts'),
  consumer('aud-product-buyers', 'linked_audience', 'relationship:products'),
  consumer(
    'aud-households',
    'linked_audience',
    'relationship:user-subscriptions',
  ),
  consumer('evt-cart-enrich', 'linked_event', 'entity:cart-entity'),
  consumer('aud-accounts', 'linked_audience', 'relationship:user-accounts'),
];

const ALL_RELATIONSHIP_USERS = [
  'aud-accounts',
  'aud-households',
  'aud-premium-carts',
  'aud-product-buyers',
];

type Row = [
  kind: string,
  severity: string,
  subject: string,
  line: number,
  ids: string[],
];

function consumer(id: string, type: Consumer['type'], use: string): Consumer {
  return { id, name: `${id} name`, type, uses: [use], owner: null };
}

/** The cases graph with each `[from, to]` replaced once; `from` must exist. */
function edit(...replacements: [string, string][]): string {
  let text = TEXT;
  for (const [from, to] of replacements) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  return text;
}

/** Lines `from` to `to` (1-based, inclusive) of the cases graph removed. */
function withoutLines(from: number, to: number): string {
  const lines = TEXT.split('\n');
  lines.splice(from - 1, to - from + 1);
  return lines.join('\n');
}

function rows(newText: string, consumers = CONSUMERS): Row[] {
  const report = diffGraphs(OLD, parseValid(newText, 'new.hcl'), consumers);
  return report.changes.map((c) => [
    c.kind,
    c.severity,
    c.subject,
    c.line,
    c.affectedConsumers.map((a) => a.id),
  ]);
}

const CARTS = 'relationship "user-carts"';

const STORE_ENTITY = `  entity "store-entity" {
    name = "store"
    table_ref = "S.STORE"
    primary_key = "ID"
  }
`;

const STORE_RELATIONSHIP = `    relationship "user-stores" {
      name = "Stores"
      related_entity = "store-entity"
      trait {
        name = "store"
        join_key = "ID"
      }
    }
`;
const ACCOUNTS_JOIN =
  'external_id {\n        type = "email"\n        join_key = "EMAIL_ID"';

describe('diffGraphs kinds and severities', () => {
  it.each<[string, string, Row[]]>([
    ['no edit', TEXT, []],
    [
      'a used relationship removed',
      withoutLines(48, 57),
      [
        [
          'relationship_removed',
          'definite',
          'relationship:products',
          48,
          ['aud-product-buyers'],
        ],
      ],
    ],
    [
      'a relationship removed with the one below it',
      withoutLines(44, 58),
      [
        [
          'relationship_removed',
          'definite',
          'relationship:user-carts',
          44,
          ['aud-premium-carts', 'aud-product-buyers'],
        ],
        [
          'relationship_removed',
          'definite',
          'relationship:products',
          48,
          ['aud-product-buyers'],
        ],
      ],
    ],
    [
      'a relationship slug renamed',
      edit([CARTS, 'relationship "user-baskets"']),
      [
        [
          'relationship_removed',
          'definite',
          'relationship:user-carts',
          44,
          ['aud-premium-carts', 'aud-product-buyers'],
        ],
        [
          'join_changed',
          'potential',
          'relationship:products',
          48,
          ['aud-product-buyers'],
        ],
        ['relationship_added', 'none', 'relationship:user-baskets', 44, []],
      ],
    ],
    [
      'an entity slug renamed',
      edit(
        ['entity "household-entity"', 'entity "home-entity"'],
        [
          'related_entity = "household-entity"',
          'related_entity = "home-entity"',
        ],
        ['"household-entity.SUB_ID', '"home-entity.SUB_ID'],
      ),
      [
        [
          'entity_removed',
          'definite',
          'entity:household-entity',
          20,
          ['aud-households'],
        ],
        [
          'related_entity_changed',
          'potential',
          'relationship:user-households',
          60,
          ['aud-households'],
        ],
        ['entity_added', 'none', 'entity:home-entity', 20, []],
      ],
    ],
    [
      'a table_ref changed',
      edit(['PRODUCTION.CUST.CART"', 'PRODUCTION.SALES.CART"']),
      [
        [
          'table_ref_changed',
          'potential',
          'entity:cart-entity',
          14,
          ['aud-premium-carts', 'aud-product-buyers', 'evt-cart-enrich'],
        ],
      ],
    ],
    [
      'a table_ref changed only in the case of unquoted parts',
      edit(['PRODUCTION.CUST.CART"', 'production.cust.cart"']),
      [],
    ],
    [
      'a table_ref part newly quoted',
      edit(['PRODUCTION.CUST.CART"', 'PRODUCTION.CUST.\\"cart\\""']),
      [
        [
          'table_ref_changed',
          'potential',
          'entity:cart-entity',
          14,
          ['aud-premium-carts', 'aud-product-buyers', 'evt-cart-enrich'],
        ],
      ],
    ],
    [
      'a primary_key changed',
      edit(['primary_key = "SKU"', 'primary_key = "PRODUCT_SKU"']),
      [
        [
          'primary_key_changed',
          'potential',
          'entity:product-entity',
          9,
          ['aud-product-buyers'],
        ],
      ],
    ],
    [
      'a join_on column changed',
      edit(['household-entity.SUB_ID', 'household-entity.HOUSEHOLD_ID']),
      [
        [
          'join_changed',
          'potential',
          'relationship:user-subscriptions',
          70,
          ['aud-households'],
        ],
      ],
    ],
    [
      'a join_on written the other way round',
      edit([
        '"household-entity.SUB_ID = subscription-entity.HOUSEHOLD_ID"',
        '"subscription-entity.HOUSEHOLD_ID = household-entity.SUB_ID"',
      ]),
      [],
    ],
    [
      'an external_id replaced by a trait',
      edit([
        ACCOUNTS_JOIN,
        'trait {\n        name = "email"\n        join_key = "EMAIL_ID"',
      ]),
      [
        [
          'join_changed',
          'potential',
          'relationship:user-accounts',
          40,
          ['aud-accounts', 'aud-premium-carts', 'aud-product-buyers'],
        ],
      ],
    ],
    [
      'an external_id type changed',
      edit(['type = "email"', 'type = "user_id"']),
      [
        [
          'join_changed',
          'potential',
          'relationship:user-accounts',
          40,
          ['aud-accounts', 'aud-premium-carts', 'aud-product-buyers'],
        ],
      ],
    ],
    [
      'a junction column changed',
      edit(['= CART_ID"', '= CARTID"']),
      [
        [
          'join_changed',
          'potential',
          'relationship:products',
          51,
          ['aud-product-buyers'],
        ],
      ],
    ],
    [
      'a related_entity changed',
      edit(
        [
          'related_entity = "subscription-entity"',
          'related_entity = "account-entity"',
        ],
        ['= subscription-entity.HOUSEHOLD_ID', '= account-entity.HOUSEHOLD_ID'],
      ),
      [
        [
          'related_entity_changed',
          'potential',
          'relationship:user-subscriptions',
          67,
          ['aud-households'],
        ],
      ],
    ],
    [
      'enrichment turned off on an entity a linked_event uses',
      edit(['enrichment_enabled = true', 'enrichment_enabled = false']),
      [
        [
          'enrichment_disabled',
          'definite',
          'entity:cart-entity',
          14,
          ['evt-cart-enrich'],
        ],
      ],
    ],
    [
      'a relationship name changed',
      edit(['name = "Shopping Carts"', 'name = "Carts"']),
      [['label_changed', 'none', 'relationship:user-carts', 44, []]],
    ],
    [
      'an entity description added',
      edit(['name = "cart"', 'name = "cart"\n    description = "open carts"']),
      [['label_changed', 'none', 'entity:cart-entity', 14, []]],
    ],
    [
      'the profile type changed',
      edit(['segment:materialized', 'segment:unmaterialized']),
      [['profile_changed', 'potential', 'profile', 33, ALL_RELATIONSHIP_USERS]],
    ],
    [
      'an entity and a relationship added',
      edit(
        ['  profile {', STORE_ENTITY + '  profile {'],
        [
          '    relationship "user-households" {',
          STORE_RELATIONSHIP + '    relationship "user-households" {',
        ],
      ),
      [
        ['entity_added', 'none', 'entity:store-entity', 33, []],
        ['relationship_added', 'none', 'relationship:user-stores', 65, []],
      ],
    ],
    [
      'the whole profile removed',
      withoutLines(32, 73),
      [
        [
          'relationship_removed',
          'definite',
          'relationship:user-accounts',
          37,
          ['aud-accounts', 'aud-premium-carts', 'aud-product-buyers'],
        ],
        [
          'relationship_removed',
          'definite',
          'relationship:user-carts',
          44,
          ['aud-premium-carts', 'aud-product-buyers'],
        ],
        [
          'relationship_removed',
          'definite',
          'relationship:products',
          48,
          ['aud-product-buyers'],
        ],
        [
          'relationship_removed',
          'definite',
          'relationship:user-households',
          60,
          ['aud-households'],
        ],
        [
          'relationship_removed',
          'definite',
          'relationship:user-subscriptions',
          67,
          ['aud-households'],
        ],
        ['profile_changed', 'potential', 'profile', 33, ALL_RELATIONSHIP_USERS],
      ],
    ],
  ])('classifies %s', (_, newText, expected) => {
    expect(rows(newText)).toEqual(expected);
  });
});

describe('diffGraphs when nothing uses the changed element', () => {
  it.each<[string, string, Consumer[], Row[]]>([
    [
      'a removed relationship',
      withoutLines(48, 57),
      [CONSUMERS[2]!],
      [['relationship_removed', 'none', 'relationship:products', 48, []]],
    ],
    [
      'a table_ref change',
      edit(['PRODUCTION.CUST.CART"', 'PRODUCTION.SALES.CART"']),
      [CONSUMERS[2]!],
      [['table_ref_changed', 'none', 'entity:cart-entity', 14, []]],
    ],
    [
      'disabled enrichment used only by audiences',
      edit(['enrichment_enabled = true', 'enrichment_enabled = false']),
      [CONSUMERS[0]!],
      [['enrichment_disabled', 'none', 'entity:cart-entity', 14, []]],
    ],
    [
      'a profile change with no relationship used',
      edit(['segment:materialized', 'segment:unmaterialized']),
      [CONSUMERS[3]!],
      [['profile_changed', 'none', 'profile', 33, []]],
    ],
  ])('rates %s as none', (_, newText, consumers, expected) => {
    expect(rows(newText, consumers)).toEqual(expected);
  });

  it('ignores consumer entries that name nothing in the old graph', () => {
    const ghost = consumer('ghost', 'linked_audience', 'relationship:nope');

    expect(rows(withoutLines(48, 57), [ghost])).toEqual([
      ['relationship_removed', 'none', 'relationship:products', 48, []],
    ]);
  });
});

describe('diffGraphs report', () => {
  it('shows a removal as the spec example does and counts every severity', () => {
    const renamed = parseValid(edit([CARTS, 'relationship "user-baskets"']));
    const report = diffGraphs(OLD, renamed, CONSUMERS);

    expect(report.summary).toEqual({ definite: 1, potential: 1, none: 1 });
    expect(report.changes[0]).toEqual({
      kind: 'relationship_removed',
      severity: 'definite',
      subject: 'relationship:user-carts',
      line: 44,
      before: { name: 'Shopping Carts', related_entity: 'cart-entity' },
      after: null,
      affectedConsumers: [
        { id: 'aud-premium-carts', name: 'aud-premium-carts name' },
        { id: 'aud-product-buyers', name: 'aud-product-buyers name' },
      ],
      message:
        'relationship "user-carts" was removed (if it was renamed to ' +
        '"user-baskets": slugs are immutable, so consumers of the old slug ' +
        'lose it); breaks aud-premium-carts, aud-product-buyers',
    });
  });

  it('says how a join moved and changed', () => {
    const renamed = parseValid(edit([CARTS, 'relationship "user-baskets"']));
    const moved = diffGraphs(OLD, renamed, CONSUMERS).changes[1];

    expect(moved).toMatchObject({
      before: {
        parent: 'user-carts',
        junction_table: { left_join_on: 'cart-entity.ID = CART_ID' },
      },
      after: { parent: 'user-baskets' },
      message:
        'relationship "products": moved from relationship "user-carts" to ' +
        'relationship "user-baskets"; may break aud-product-buyers',
    });
  });

  it('describes a join_on change with both expressions', () => {
    const changed = parseValid(
      edit(['household-entity.SUB_ID', 'household-entity.HOUSEHOLD_ID']),
    );
    const [change] = diffGraphs(OLD, changed, []).changes;

    expect(change?.before).toEqual({
      parent: 'user-households',
      join_on: 'household-entity.SUB_ID = subscription-entity.HOUSEHOLD_ID',
    });
    expect(change?.message).toBe(
      'relationship "user-subscriptions": join changed from join_on ' +
        '"household-entity.SUB_ID = subscription-entity.HOUSEHOLD_ID" to ' +
        'join_on "household-entity.HOUSEHOLD_ID = ' +
        'subscription-entity.HOUSEHOLD_ID"',
    );
  });
});
