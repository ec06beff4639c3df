/** The scenario cases' graph.hcl and consumers.yaml, built by hand. */
import type { Consumer } from '../../../src/model/consumer.js';
import type {
  DataGraph,
  Entity,
  Relationship,
  RelationshipJoin,
} from '../../../src/model/graph.js';
import type { NamePart } from '../../../src/model/names.js';

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
