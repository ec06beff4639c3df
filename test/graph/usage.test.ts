import { describe, expect, it } from 'vitest';
import { readGraphFile } from '../../src/graph/parse-graph.js';
import { collectUsage } from '../../src/graph/usage.js';
import { CASES_GRAPH, parseValid } from './support.js';

describe('collectUsage on the cases graph', () => {
  it('lists every used table once, sorted, with its uses', async () => {
    const { graph } = await readGraphFile(CASES_GRAPH);
    const usage = collectUsage(graph, 'production');

    expect(usage.tables.map((t) => [t.tableRef, t.uses])).toEqual([
      [
        'PRODUCTION.CUST.ACCOUNT',
        [{ subject: 'entity:account-entity', role: 'table_ref' }],
      ],
      [
        'PRODUCTION.CUST.CART',
        [{ subject: 'entity:cart-entity', role: 'table_ref' }],
      ],
      [
        'PRODUCTION.CUST.HOUSEHOLD',
        [{ subject: 'entity:household-entity', role: 'table_ref' }],
      ],
      [
        'PRODUCTION.CUST.SUBSCRIPTION',
        [{ subject: 'entity:subscription-entity', role: 'table_ref' }],
      ],
      [
        'PRODUCTION.CUSTOMER.CART_PRODUCT',
        [{ subject: 'relationship:products', role: 'junction_table' }],
      ],
      [
        'PRODUCTION.PROD.PRODUCT_SKUS',
        [{ subject: 'entity:product-entity', role: 'table_ref' }],
      ],
      [
        'PRODUCTION.SEGMENT.USER_IDENTIFIERS',
        [{ subject: 'profile', role: 'profile_table' }],
      ],
      [
        'PRODUCTION.SEGMENT.USER_TRAITS',
        [{ subject: 'profile', role: 'profile_table' }],
      ],
    ]);
  });

  it('merges every use of a column, such as a primary key that is also joined', async () => {
    const { graph } = await readGraphFile(CASES_GRAPH);
    const usage = collectUsage(graph, 'production');
    const columns = (ref: string) =>
      usage.tables
        .find((t) => t.tableRef === ref)
        ?.columns.map((c) => [
          c.name,
          c.uses.map((u) => `${u.subject} ${u.role}`),
        ]);

    expect(columns('PRODUCTION.CUST.ACCOUNT')).toEqual([
      ['EMAIL_ID', ['relationship:user-accounts join_key']],
      [
        'ID',
        [
          'entity:account-entity primary_key',
          'relationship:user-carts join_on',
        ],
      ],
    ]);
    expect(columns('PRODUCTION.CUST.CART')).toEqual([
      ['ACCOUNT_ID', ['relationship:user-carts join_on']],
      [
        'ID',
        [
          'entity:cart-entity primary_key',
          'relationship:products junction_join',
        ],
      ],
    ]);
    expect(columns('PRODUCTION.CUSTOMER.CART_PRODUCT')).toEqual([
      ['CART_ID', ['relationship:products junction_join']],
      ['ID', ['relationship:products junction_primary_key']],
      ['PRODUCT_ID', ['relationship:products junction_join']],
    ]);
    expect(columns('PRODUCTION.CUST.HOUSEHOLD')).toEqual([
      ['EMAIL_ID', ['relationship:user-households join_key']],
      ['HOUSEHOLD_ID', ['entity:household-entity primary_key']],
      ['SUB_ID', ['relationship:user-subscriptions join_on']],
    ]);
    expect(columns('PRODUCTION.SEGMENT.USER_IDENTIFIERS')).toEqual([
      ['TYPE', ['profile profile_column']],
      ['VALUE', ['profile profile_column']],
    ]);
    expect(columns('PRODUCTION.SEGMENT.USER_TRAITS')).toEqual([
      ['NAME', ['profile profile_column']],
      ['VALUE', ['profile profile_column']],
    ]);
  });

  it('lists one join per join_on and two per junction, parent side left', async () => {
    const { graph } = await readGraphFile(CASES_GRAPH);

    expect(collectUsage(graph, 'production').joins).toEqual([
      {
        subject: 'relationship:user-carts',
        role: 'join_on',
        left: { tableRef: 'PRODUCTION.CUST.ACCOUNT', column: 'ID' },
        right: { tableRef: 'PRODUCTION.CUST.CART', column: 'ACCOUNT_ID' },
      },
      {
        subject: 'relationship:products',
        role: 'junction_join',
        left: { tableRef: 'PRODUCTION.CUST.CART', column: 'ID' },
        right: {
          tableRef: 'PRODUCTION.CUSTOMER.CART_PRODUCT',
          column: 'CART_ID',
        },
      },
      {
        subject: 'relationship:products',
        role: 'junction_join',
        left: {
          tableRef: 'PRODUCTION.CUSTOMER.CART_PRODUCT',
          column: 'PRODUCT_ID',
        },
        right: { tableRef: 'PRODUCTION.PROD.PRODUCT_SKUS', column: 'SKU' },
      },
      {
        subject: 'relationship:user-subscriptions',
        role: 'join_on',
        left: { tableRef: 'PRODUCTION.CUST.HOUSEHOLD', column: 'SUB_ID' },
        right: {
          tableRef: 'PRODUCTION.CUST.SUBSCRIPTION',
          column: 'HOUSEHOLD_ID',
        },
      },
    ]);
  });
});

describe('collectUsage naming', () => {
  const text = `data_graph {
  entity "a" {
    name = "A"
    table_ref = "cust.\\"Orders\\""
    primary_key = "\\"Id\\""
  }
  entity "b" {
    name = "B"
    table_ref = "warehouse.cust.\\"Orders\\""
    primary_key = "id"
  }
  profile {
    profile_folder = "analytics.segment"
    type = "segment:unmaterialized"
    relationship "to-a" {
      name = "to a"
      related_entity = "a"
      trait {
        name = "customer_id"
        join_key = "\\"Id\\""
      }
    }
  }
}
`;

  it('puts two-part table_refs in the default database and keeps quoted parts', () => {
    const usage = collectUsage(parseValid(text), 'warehouse');
    const orders = usage.tables.find(
      (t) => t.tableRef === 'WAREHOUSE.CUST."Orders"',
    );

    expect(orders?.database).toEqual({ name: 'warehouse', quoted: false });
    expect(orders?.table).toEqual({ name: 'Orders', quoted: true });
    expect(orders?.uses).toEqual([
      { subject: 'entity:a', role: 'table_ref' },
      { subject: 'entity:b', role: 'table_ref' },
    ]);
    expect(orders?.columns.map((c) => [c.name, c.uses.length])).toEqual([
      ['"Id"', 2],
      ['ID', 1],
    ]);
  });

  it('lists the unmaterialized profile tables without columns', () => {
    const usage = collectUsage(parseValid(text), 'warehouse');
    const profile = usage.tables.filter((t) =>
      t.uses.some((u) => u.subject === 'profile'),
    );

    expect(profile.map((t) => [t.tableRef, t.table, t.columns])).toEqual([
      [
        'ANALYTICS.SEGMENT.EXTERNAL_ID_MAPPING_UPDATES',
        { name: 'external_id_mapping_updates', quoted: false },
        [],
      ],
      [
        'ANALYTICS.SEGMENT.PROFILE_TRAITS_UPDATES',
        { name: 'profile_traits_updates', quoted: false },
        [],
      ],
    ]);
    expect(usage.joins).toEqual([]);
  });
});
