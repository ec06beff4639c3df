// The pure parts of the Snowflake drop proof: the SHOW TABLES HISTORY
// statement (identifiers quoted, LIKE pattern escaped inside a string
// literal) and the mapping of its rows to proved drops.
import { describe, expect, it } from 'vitest';
import {
  buildTableHistorySql,
  shapeDroppedTables,
  snowflakeLikeLiteral,
} from '../../src/warehouse/snowflake-history.js';

describe('snowflake history statement and rows', () => {
  it.each([
    ['ORDERS', String.raw`'ORDERS'`],
    ['ORDER_ITEMS', String.raw`'ORDER\\_ITEMS'`],
    ["it's 100%", String.raw`'it''s 100\\%'`],
    [String.raw`back\slash`, String.raw`'back\\\\slash'`],
  ])('writes the LIKE pattern of %s as %s', (name, literal) => {
    expect(snowflakeLikeLiteral(name)).toBe(literal);
  });

  it('quotes the database and schema of the scope as identifiers', () => {
    const sql = buildTableHistorySql('we"ird db', {
      schema: 'x"; DROP TABLE t; --',
      tables: [{ name: 'T', quoted: true }],
    });

    expect(sql).toBe(
      `SHOW TABLES HISTORY LIKE 'T' ` +
        'IN SCHEMA "we""ird db"."x""; DROP TABLE t; --"',
    );
  });

  it('reads a drop time given as text and ignores one it cannot read', () => {
    const missing = {
      schema: 'CUST',
      tables: [
        { name: 'ORDERS', quoted: false },
        { name: 'BROKEN', quoted: false },
      ],
    };

    const dropped = shapeDroppedTables(missing, [
      { name: 'ORDERS', dropped_on: '2024-05-02T10:15:00.123Z' },
      { name: 'ORDERS', dropped_on: '2024-04-01T08:00:00Z' },
      { name: 'BROKEN', dropped_on: 'yesterday-ish' },
      { name: 42, dropped_on: '2024-05-02T10:15:00Z' },
      null,
    ]);

    expect(dropped).toEqual([
      { schema: 'CUST', name: 'ORDERS', droppedAt: '2024-05-02T10:15:00.123Z' },
    ]);
  });

  it('matches an unquoted name to its upper-case form before any other case', () => {
    const missing = {
      schema: 'CUST',
      tables: [{ name: 'orders', quoted: false }],
    };
    const at = (iso: string) => new Date(iso);

    const dropped = shapeDroppedTables(missing, [
      { name: 'orders', dropped_on: at('2024-05-01T00:00:00Z') },
      { name: 'ORDERS', dropped_on: at('2024-04-01T00:00:00Z') },
    ]);

    expect(dropped).toEqual([
      { schema: 'CUST', name: 'ORDERS', droppedAt: '2024-04-01T00:00:00.000Z' },
    ]);
  });
});
