import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  quoteDuckDbIdent,
  quoteDuckDbString,
  shapeDuckDbCatalog,
} from '../../src/warehouse/duckdb-catalog.js';

// Rows recorded from @duckdb/node-api (see the file's "about").
const recorded = JSON.parse(
  readFileSync(
    new URL('../fixtures/duckdb/catalog-rows.json', import.meta.url),
    'utf8',
  ),
) as { schemaRows: unknown[]; relationRows: unknown[] };

const catalog = shapeDuckDbCatalog(
  'production',
  recorded.schemaRows,
  recorded.relationRows,
);

describe('shapeDuckDbCatalog', () => {
  it('lists the schemas that exist as usable', () => {
    expect(catalog.schemas).toEqual([
      { name: 'Mixed', isUsable: true, missingGrant: null },
      { name: 'cust', isUsable: true, missingGrant: null },
      { name: 'empty_one', isUsable: true, missingGrant: null },
    ]);
  });

  it('groups columns under their table or view, in column order', () => {
    expect(
      catalog.tables.map((t) => [
        `${t.schema}.${t.name}`,
        t.kind,
        t.columns.map((c) => c.name).join(','),
      ]),
    ).toEqual([
      ['Mixed.Orders', 'table', 'OrderId'],
      [
        'cust.account',
        'table',
        'id,total,email,created_at,address,tags,doc,raw,external_id',
      ],
      ['cust.open_accounts', 'view', 'id,email'],
    ]);
  });

  it('gives each raw type its family and every object readable', () => {
    const account = catalog.tables.find((t) => t.name === 'account');

    expect(account?.columns.map((c) => c.family)).toEqual([
      'number',
      'number',
      'string',
      'temporal',
      'semi_structured',
      'semi_structured',
      'semi_structured',
      'binary',
      'other',
    ]);
    expect(catalog.tables.every((t) => t.isReadable && !t.missingGrant)).toBe(
      true,
    );
  });

  it('returns deeply frozen plain data', () => {
    expect(Object.isFrozen(catalog.tables[0]?.columns[0])).toBe(true);
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
  });

  it('rejects a row of an unexpected kind instead of guessing', () => {
    const row = { ...(recorded.relationRows[0] as object), kind: 'index' };

    expect(() => shapeDuckDbCatalog('p', [], [row])).toThrow(
      /unexpected duckdb relation kind index/,
    );
  });
});

describe('duckdb quoting', () => {
  it('quotes identifiers and string literals, doubling embedded quotes', () => {
    expect(quoteDuckDbIdent('a"b; DROP')).toBe('"a""b; DROP"');
    expect(quoteDuckDbString("/tmp/it's.duckdb")).toBe("'/tmp/it''s.duckdb'");
  });
});
