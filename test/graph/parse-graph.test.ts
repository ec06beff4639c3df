import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGraphFile } from '../../src/graph/parse-graph.js';
import { GraphError } from '../../src/model/errors.js';
import { listRelationships } from '../../src/model/graph.js';
import { CASES_GRAPH, fixturePath } from './support.js';

describe('readGraphFile', () => {
  it('reads the cases graph into entities and nested relationships', async () => {
    const { graph, warnings } = await readGraphFile(CASES_GRAPH);

    expect(warnings).toEqual([]);
    expect(graph.version).toBe('v1.0.0');
    expect(graph.entities).toHaveLength(5);
    expect(graph.entities[2]).toEqual({
      slug: 'cart-entity',
      name: 'cart',
      description: null,
      tableRef: 'PRODUCTION.CUST.CART',
      tableParts: [
        { name: 'PRODUCTION', quoted: false },
        { name: 'CUST', quoted: false },
        { name: 'CART', quoted: false },
      ],
      primaryKey: { name: 'ID', quoted: false },
      isEnrichmentEnabled: true,
      position: { file: CASES_GRAPH, line: 14, column: 3 },
    });
    expect(
      listRelationships(graph).map((r) => [r.slug, r.parent, r.depth]),
    ).toEqual([
      ['user-accounts', null, 2],
      ['user-carts', 'user-accounts', 3],
      ['products', 'user-carts', 4],
      ['user-households', null, 2],
      ['user-subscriptions', 'user-households', 3],
    ]);
  });

  it('fills the profile and each kind of join of the cases graph', async () => {
    const { graph } = await readGraphFile(CASES_GRAPH);
    const [accounts, households] = graph.profile?.relationships ?? [];
    const carts = accounts?.relationships[0];
    const products = carts?.relationships[0];

    expect(graph.profile).toMatchObject({
      profileFolder: 'PRODUCTION.SEGMENT',
      folderParts: [
        { name: 'PRODUCTION', quoted: false },
        { name: 'SEGMENT', quoted: false },
      ],
      type: 'segment:materialized',
      position: { line: 33, column: 3 },
    });
    expect(accounts?.join).toEqual({
      kind: 'external_id',
      type: 'email',
      joinKey: { name: 'EMAIL_ID', quoted: false },
      position: { file: CASES_GRAPH, line: 40, column: 7 },
    });
    expect(carts?.join).toMatchObject({
      kind: 'join_on',
      expression: 'account-entity.ID = cart-entity.ACCOUNT_ID',
      parentSide: { entity: 'account-entity', column: { name: 'ID' } },
      relatedSide: { entity: 'cart-entity', column: { name: 'ACCOUNT_ID' } },
      position: { line: 47, column: 9 },
    });
    expect(products?.join).toMatchObject({
      kind: 'junction_table',
      tableRef: 'PRODUCTION.CUSTOMER.CART_PRODUCT',
      primaryKey: { name: 'ID', quoted: false },
      parentSide: { entity: 'cart-entity', column: { name: 'ID' } },
      junctionParentColumn: { name: 'CART_ID', quoted: false },
      junctionRelatedColumn: { name: 'PRODUCT_ID', quoted: false },
      relatedSide: { entity: 'product-entity', column: { name: 'SKU' } },
    });
    expect(households?.relationships[0]?.relatedEntity).toBe(
      'subscription-entity',
    );
  });

  it('throws a GraphError holding every error of a broken file', async () => {
    const file = fixturePath('doc-many-to-many.hcl');
    const error = await readGraphFile(file).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GraphError);
    const diagnostics = (error as GraphError).diagnostics;
    expect(diagnostics).toHaveLength(5);
    expect(diagnostics.every((d) => d.file === file)).toBe(true);
    expect((error as GraphError).exitCode).toBe(2);
  });

  it('returns warnings beside a graph that has no error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'graph-'));
    const file = join(dir, 'graph.hcl');
    await writeFile(file, 'data_graph {\n  colour = "blue"\n}\n');

    const { graph, warnings } = await readGraphFile(file);
    expect(graph.entities).toEqual([]);
    expect(warnings).toEqual([
      {
        severity: 'warning',
        file,
        line: 2,
        column: 3,
        message: 'data_graph: unknown attribute colour is ignored',
      },
    ]);
  });

  it('throws one clear error naming a file that does not exist', async () => {
    const file = join(tmpdir(), 'no-such-dir-graph', 'graph.hcl');
    const error = await readGraphFile(file).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).diagnostics).toEqual([
      {
        severity: 'error',
        file,
        line: 1,
        column: 1,
        message:
          'cannot read the graph file: no such file (check the graph path ' +
          'in the config)',
      },
    ]);
  });

  it('throws one clear error when the path is a directory', async () => {
    const error = await readGraphFile(tmpdir()).catch((e: unknown) => e);

    expect((error as GraphError).message).toBe(
      `${tmpdir()}:1:1: error: cannot read the graph file: it is a ` +
        'directory, expected a file',
    );
  });
});
