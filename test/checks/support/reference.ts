/**
 * The scenario cases' shared graph, consumers and warehouse
 * (/work/shared/cases): what the graph uses and warehouse.sql by hand.
 */
import type { GraphUsage } from '../../../src/model/usage.js';
import type { WarehouseText } from './build.js';
import { usageOf } from './build.js';

export { referenceConsumers, referenceGraph } from './reference-graph.js';

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
