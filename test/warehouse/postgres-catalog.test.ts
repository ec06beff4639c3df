import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  postgresSchemaKeys,
  quotePostgresIdent,
  shapePostgresCatalog,
} from '../../src/warehouse/postgres-catalog.js';

// Rows recorded from PostgreSQL 15 (see the file's "about").
const recorded = JSON.parse(
  readFileSync(
    new URL('../fixtures/postgres/catalog-rows.json', import.meta.url),
    'utf8',
  ),
) as { schemaRows: unknown[]; relationRows: unknown[] };

const catalog = shapePostgresCatalog(
  'production',
  recorded.schemaRows,
  recorded.relationRows,
);

function table(name: string) {
  return catalog.tables.find((t) => t.name === name);
}

describe('shapePostgresCatalog', () => {
  it('lists every schema that exists, usable or not, and not the missing one', () => {
    expect(catalog.schemas).toEqual([
      { name: 'cust', isUsable: true, missingGrant: null },
      { name: 'empty_one', isUsable: true, missingGrant: null },
      {
        name: 'locked',
        isUsable: false,
        missingGrant: 'GRANT USAGE ON SCHEMA "locked" TO "monitor"',
      },
    ]);
  });

  it('maps relkinds to table, view and materialized view', () => {
    expect(catalog.tables.map((t) => [t.schema, t.name, t.kind])).toEqual([
      ['cust', 'account', 'table'],
      ['cust', 'account_counts', 'materialized_view'],
      ['cust', 'open_accounts', 'view'],
      ['cust', 'partial', 'table'],
      ['cust', 'secret', 'table'],
      ['locked', 'hidden', 'table'],
    ]);
  });

  it('keeps raw types and gives domains their base type family', () => {
    expect(
      table('account')?.columns.map((c) => [c.name, c.dataType, c.family]),
    ).toEqual([
      ['id', 'bigint', 'number'],
      ['email', 'cust.email', 'string'],
      ['tags', 'text[]', 'semi_structured'],
      ['external_id', 'uuid', 'other'],
      ['created_at', 'timestamp(3) with time zone', 'temporal'],
      ['status', 'cust.status', 'other'],
    ]);
  });

  it('makes a table unreadable with the grant it lacks', () => {
    expect(table('secret')).toMatchObject({
      isReadable: false,
      missingGrant: 'GRANT SELECT ON "cust"."secret" TO "monitor"',
    });
  });

  it('makes tables of an unusable schema unreadable with the USAGE grant', () => {
    expect(table('hidden')).toMatchObject({
      isReadable: false,
      missingGrant: 'GRANT USAGE ON SCHEMA "locked" TO "monitor"',
    });
    expect(table('hidden')?.columns[0]?.isReadable).toBe(false);
  });

  it('marks columns without a column grant in a partly granted table', () => {
    expect(table('partial')?.isReadable).toBe(true);
    expect(table('partial')?.columns.map((c) => c.isReadable)).toEqual([
      true,
      false,
    ]);
  });

  it('returns deeply frozen plain data', () => {
    expect(Object.isFrozen(catalog.schemas)).toBe(true);
    expect(Object.isFrozen(table('account')?.columns[1])).toBe(true);
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
  });

  it('rejects a row of an unexpected shape instead of dropping it', () => {
    const row = { ...(recorded.relationRows[0] as object), relkind: 'S' };
    const badFlag = { ...(recorded.relationRows[0] as object), table_name: 7 };

    expect(() => shapePostgresCatalog('p', [], [row])).toThrow(/relkind S/);
    expect(() => shapePostgresCatalog('p', [], [badFlag])).toThrow(
      /table_name should be text, got number/,
    );
  });
});

describe('postgres identifiers', () => {
  it('double-quotes identifiers and doubles embedded quotes', () => {
    expect(quotePostgresIdent('a"b; DROP')).toBe('"a""b; DROP"');
  });

  it('asks for schemas as spelled and lower-cased, once each', () => {
    expect(postgresSchemaKeys(['CUST', 'cust', 'Sales'])).toEqual([
      'CUST',
      'cust',
      'Sales',
      'sales',
    ]);
  });
});
