import { describe, expect, it } from 'vitest';
import type { TypeFamily, WarehouseType } from '../../src/model/catalog.js';
import {
  classifyType,
  typeFamilyOf,
  typeKeywords,
} from '../../src/warehouse/type-family.js';

const CASES: Record<WarehouseType, [string, TypeFamily][]> = {
  postgres: [
    ['integer', 'number'],
    ['bigint', 'number'],
    ['numeric(24,0)', 'number'],
    ['double precision', 'number'],
    ['character varying(16)', 'string'],
    ['character(1)', 'string'],
    ['"char"', 'string'],
    ['text', 'string'],
    ['timestamp with time zone', 'temporal'],
    ['timestamp(3) without time zone', 'temporal'],
    ['time with time zone', 'temporal'],
    ['date', 'temporal'],
    ['boolean', 'boolean'],
    ['bytea', 'binary'],
    ['json', 'semi_structured'],
    ['jsonb', 'semi_structured'],
    ['integer[]', 'semi_structured'],
    ['character varying(16)[]', 'semi_structured'],
    ['uuid', 'other'],
    ['interval', 'other'],
    ['bit varying(8)', 'other'],
    ['inet', 'other'],
    ['public.mood', 'other'],
  ],
  duckdb: [
    ['HUGEINT', 'number'],
    ['UBIGINT', 'number'],
    ['DECIMAL(18,3)', 'number'],
    ['DOUBLE', 'number'],
    ['VARCHAR', 'string'],
    ["ENUM('x', 'y')", 'string'],
    ['TIMESTAMP WITH TIME ZONE', 'temporal'],
    ['TIMESTAMP_NS', 'temporal'],
    ['TIME WITH TIME ZONE', 'temporal'],
    ['DATE', 'temporal'],
    ['BOOLEAN', 'boolean'],
    ['BLOB', 'binary'],
    ['STRUCT(a INTEGER, b VARCHAR)', 'semi_structured'],
    ['INTEGER[]', 'semi_structured'],
    ['INTEGER[3]', 'semi_structured'],
    ['MAP(VARCHAR, INTEGER)', 'semi_structured'],
    ['UNION(num INTEGER, str VARCHAR)', 'semi_structured'],
    ['JSON', 'semi_structured'],
    ['UUID', 'other'],
    ['INTERVAL', 'other'],
    ['BIT', 'other'],
  ],
  redshift: [
    ['character varying(256)', 'string'],
    ['numeric(38,0)', 'number'],
    ['timestamp without time zone', 'temporal'],
    ['super', 'semi_structured'],
    ['varbyte(64)', 'binary'],
    ['geometry', 'other'],
    ['double precision', 'number'],
    ['float8', 'number'],
    ['bool', 'boolean'],
  ],
  snowflake: [
    ['NUMBER(38,0)', 'number'],
    ['FIXED', 'number'],
    ['VARCHAR(16777216)', 'string'],
    ['TEXT', 'string'],
    ['TIMESTAMP_NTZ(9)', 'temporal'],
    ['BINARY(8388608)', 'binary'],
    ['VARIANT', 'semi_structured'],
    ['GEOGRAPHY', 'other'],
  ],
  bigquery: [
    ['INT64', 'number'],
    ['BIGNUMERIC(76, 38)', 'number'],
    ['STRING', 'string'],
    ['DATETIME', 'temporal'],
    ['BYTES', 'binary'],
    ['BOOL', 'boolean'],
    ['ARRAY<INT64>', 'semi_structured'],
    ['STRUCT<a INT64, b STRING>', 'semi_structured'],
    ['GEOGRAPHY', 'other'],
  ],
  databricks: [
    ['bigint', 'number'],
    ['decimal(10,2)', 'number'],
    ['string', 'string'],
    ['timestamp_ntz', 'temporal'],
    ['binary', 'binary'],
    ['array<int>', 'semi_structured'],
    ['map<string,int>', 'semi_structured'],
    ['interval day to second', 'other'],
  ],
};

describe('typeFamilyOf', () => {
  for (const [dialect, cases] of Object.entries(CASES)) {
    it(`maps ${dialect} raw types to their families`, () => {
      const actual = cases.map(([raw]) => [
        raw,
        typeFamilyOf(raw, dialect as WarehouseType),
      ]);
      expect(actual).toEqual(cases);
    });
  }

  it('keeps synonyms and parameters of one type in one family', () => {
    const spellings = ['VARCHAR(16)', 'varchar', 'TEXT', 'character varying'];
    const families = spellings.map((raw) => typeFamilyOf(raw, 'postgres'));

    expect(new Set(families)).toEqual(new Set(['string']));
  });

  it('does not carry one dialect’s keywords into another', () => {
    expect(typeFamilyOf('VARIANT', 'postgres')).toBe('other');
    expect(typeFamilyOf('INT64', 'snowflake')).toBe('other');
  });
});

describe('classifyType', () => {
  it('classifies by a custom keyword table, unknown keywords as other', () => {
    const keywords = typeKeywords({
      number: 'NUM  INT\n WHOLE',
      string: 'STR',
    });

    expect(classifyType(' whole(3) ', keywords)).toBe('number');
    expect(classifyType('str', keywords)).toBe('string');
    expect(classifyType('blob', keywords)).toBe('other');
  });
});
