/**
 * The scenario cases' shared graph, consumers and warehouse
 * (/work/shared/cases): graph.hcl, consumers.yaml and warehouse.sql by hand.
 */
import type { Consumer } from '../../../src/model/consumer.js';
import type {
  DataGraph,
  Entity,
  Relationship,
  RelationshipJoin,
} from '../../../src/model/graph.js';
import type { NamePart } from '../../../src/model/names.js';
import type { GraphUsage } from '../../../src/model/usage.js';
import type { WarehouseText } from './build.js';
import { usageOf } from './build.js';

const AT = { file: 'graph.hcl', line: 1, column: 1 };

/** The reference Data Graph of the scenario cases. */
export function referenceGraph(): DataGraph {
  return {
    file: 'graph.hcl',
    version: 'v1.0.0',
    entities: [
      entity('account-entity', 'account', 'PRODUCTION.CUST.ACCOUNT', 'ID'),
      entity(
        'product-entity',
        'product',
        'PRODUCTION.PROD.PRODUCT_SKUS',
        'SKU',
      ),
      entity('cart-entity', 'cart', 'PRODUCTION.CUST.CART', 'ID'),
      entity(
        'household-entity',
        'household',
        'PRODUCTION.CUST.HOUSEHOLD',
        'HOUSEHOLD_ID',
      ),
      entity(
        'subscription-entity',
        'subscription',
        'PRODUCTION.CUST.SUBSCRIPTION',
        'SUB_ID',
      ),
    ],
    profile: {
      profileFolder: 'PRODUCTION.SEGMENT',
      folderParts: [name('PRODUCTION'), name('SEGMENT')],
      type: 'segment:materialized',
      position: AT,
      relationships: [
        relationship(
          'user-accounts',
          'account-entity',
          null,
          2,
          externalId('EMAIL_ID'),
          [
            relationship(
              'user-carts',
              'cart-entity',
              'user-accounts',
              3,
              joinOn(
                'account-entity.ID = cart-entity.ACCOUNT_ID',
                ['account-entity', 'ID'],
                ['cart-entity', 'ACCOUNT_ID'],
              ),
              [
                relationship(
                  'products',
                  'product-entity',
                  'user-carts',
                  4,
                  junction(),
                  [],
                ),
              ],
            ),
          ],
        ),
        relationship(
          'user-households',
          'household-entity',
          null,
          2,
          externalId('EMAIL_ID'),
          [
            relationship(
              'user-subscriptions',
              'subscription-entity',
              'user-households',
              3,
              joinOn(
                'household-entity.SUB_ID = subscription-entity.HOUSEHOLD_ID',
                ['household-entity', 'SUB_ID'],
                ['subscription-entity', 'HOUSEHOLD_ID'],
              ),
              [],
            ),
          ],
        ),
      ],
    },
  };
}

/** consumers.yaml of the scenario cases. */
export function referenceConsumers(): Consumer[] {
  const audience = (id: string, title: string, uses: string[]): Consumer => ({
    id,
    name: title,
    type: 'linked_audience',
    uses,
    owner: null,
  });
  return [
    audience('aud-premium-carts', 'Premium shoppers with open carts', [
      'relationship:user-carts',
    ]),
    audience('aud-product-buyers', 'Bought a product', [
      'relationship:products',
    ]),
    audience('aud-households', 'Households with a subscription', [
      'relationship:user-subscriptions',
    ]),
    {
      id: 'evt-cart-enrich',
      name: 'Cart enrichment of checkout events',
      type: 'linked_event',
      uses: ['entity:cart-entity'],
      owner: null,
    },
    audience('aud-accounts', 'Premium accounts', [
      'relationship:user-accounts',
    ]),
  ];
}

/** Every table and column the reference graph uses (SPEC §4 "Objects"). */
export function referenceUsage(): GraphUsage {
  return usageOf(
    {
      'PRODUCTION.CUST.ACCOUNT': {
        uses: ['entity:account-entity table_ref'],
        columns: {
          ID: [
            'entity:account-entity primary_key',
            'relationship:user-carts join_on',
          ],
          EMAIL_ID: ['relationship:user-accounts join_key'],
        },
      },
      'PRODUCTION.CUST.CART': {
        uses: ['entity:cart-entity table_ref'],
        columns: {
          ID: [
            'entity:cart-entity primary_key',
            'relationship:products junction_join',
          ],
          ACCOUNT_ID: ['relationship:user-carts join_on'],
        },
      },
      'PRODUCTION.CUST.HOUSEHOLD': {
        uses: ['entity:household-entity table_ref'],
        columns: {
          HOUSEHOLD_ID: ['entity:household-entity primary_key'],
          EMAIL_ID: ['relationship:user-households join_key'],
          SUB_ID: ['relationship:user-subscriptions join_on'],
        },
      },
      'PRODUCTION.CUST.SUBSCRIPTION': {
        uses: ['entity:subscription-entity table_ref'],
        columns: {
          SUB_ID: ['entity:subscription-entity primary_key'],
          HOUSEHOLD_ID: ['relationship:user-subscriptions join_on'],
        },
      },
      'PRODUCTION.CUSTOMER.CART_PRODUCT': {
        uses: ['relationship:products junction_table'],
        columns: {
          ID: ['relationship:products junction_primary_key'],
          CART_ID: ['relationship:products junction_join'],
          PRODUCT_ID: ['relationship:products junction_join'],
        },
      },
      'PRODUCTION.PROD.PRODUCT_SKUS': {
        uses: ['entity:product-entity table_ref'],
        columns: {
          SKU: [
            'entity:product-entity primary_key',
            'relationship:products junction_join',
          ],
        },
      },
      'PRODUCTION.SEGMENT.USER_IDENTIFIERS': {
        uses: ['profile profile_table'],
        columns: {
          TYPE: ['profile profile_column'],
          VALUE: ['profile profile_column'],
        },
      },
      'PRODUCTION.SEGMENT.USER_TRAITS': {
        uses: ['profile profile_table'],
        columns: {
          NAME: ['profile profile_column'],
          VALUE: ['profile profile_column'],
        },
      },
    },
    [
      [
        'relationship:user-carts',
        'join_on',
        'PRODUCTION.CUST.ACCOUNT:ID',
        'PRODUCTION.CUST.CART:ACCOUNT_ID',
      ],
      [
        'relationship:products',
        'junction_join',
        'PRODUCTION.CUST.CART:ID',
        'PRODUCTION.CUSTOMER.CART_PRODUCT:CART_ID',
      ],
      [
        'relationship:products',
        'junction_join',
        'PRODUCTION.CUSTOMER.CART_PRODUCT:PRODUCT_ID',
        'PRODUCTION.PROD.PRODUCT_SKUS:SKU',
      ],
      [
        'relationship:user-subscriptions',
        'join_on',
        'PRODUCTION.CUST.HOUSEHOLD:SUB_ID',
        'PRODUCTION.CUST.SUBSCRIPTION:HOUSEHOLD_ID',
      ],
    ],
  );
}

/** warehouse.sql's database `production`, as PostgreSQL's catalog spells it. */
export function referenceWarehouse(): WarehouseText {
  return {
    cust: {
      account: {
        id: 'bigint',
        email_id: 'text',
        name: 'text',
        created_at: 'timestamp with time zone',
      },
      cart: {
        id: 'bigint',
        account_id: 'bigint',
        status: 'text',
        total: 'numeric(12,2)',
      },
      household: { household_id: 'bigint', email_id: 'text', sub_id: 'bigint' },
      subscription: { sub_id: 'bigint', household_id: 'bigint', plan: 'text' },
    },
    prod: {
      product_skus: { sku: 'text', title: 'text', price: 'numeric(10,2)' },
    },
    customer: {
      cart_product: {
        id: 'bigint',
        cart_id: 'bigint',
        product_id: 'text',
        qty: 'integer',
      },
    },
    segment: {
      user_identifiers: {
        canonical_segment_id: 'text',
        type: 'text',
        value: 'text',
      },
      user_traits: {
        canonical_segment_id: 'text',
        name: 'text',
        value: 'text',
      },
      profile_merges: {
        segment_id: 'text',
        canonical_segment_id: 'text',
        merged_at: 'timestamp with time zone',
      },
    },
  };
}

function name(text: string): NamePart {
  return { name: text, quoted: false };
}

function entity(
  slug: string,
  title: string,
  tableRef: string,
  key: string,
): Entity {
  return {
    slug,
    name: title,
    description: null,
    tableRef,
    tableParts: tableRef.split('.').map(name),
    primaryKey: name(key),
    isEnrichmentEnabled: slug === 'cart-entity',
    position: AT,
  };
}

function relationship(
  slug: string,
  relatedEntity: string,
  parent: string | null,
  depth: number,
  join: RelationshipJoin,
  relationships: Relationship[],
): Relationship {
  return {
    slug,
    name: slug,
    description: null,
    relatedEntity,
    join,
    parent,
    depth,
    relationships,
    position: AT,
  };
}

function externalId(joinKey: string): RelationshipJoin {
  return {
    kind: 'external_id',
    type: 'email',
    joinKey: name(joinKey),
    position: AT,
  };
}

function joinOn(
  expression: string,
  parent: [string, string],
  related: [string, string],
): RelationshipJoin {
  return {
    kind: 'join_on',
    expression,
    parentSide: { entity: parent[0], column: name(parent[1]) },
    relatedSide: { entity: related[0], column: name(related[1]) },
    position: AT,
  };
}

function junction(): RelationshipJoin {
  return {
    kind: 'junction_table',
    tableRef: 'PRODUCTION.CUSTOMER.CART_PRODUCT',
    tableParts: ['PRODUCTION', 'CUSTOMER', 'CART_PRODUCT'].map(name),
    primaryKey: name('ID'),
    leftJoinOn: 'cart-entity.ID = CART_ID',
    rightJoinOn: 'PRODUCT_ID = product-entity.SKU',
    parentSide: { entity: 'cart-entity', column: name('ID') },
    junctionParentColumn: name('CART_ID'),
    junctionRelatedColumn: name('PRODUCT_ID'),
    relatedSide: { entity: 'product-entity', column: name('SKU') },
    position: AT,
  };
}
