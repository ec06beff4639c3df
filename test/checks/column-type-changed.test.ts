import { describe, expect, it } from 'vitest';
import type { Baseline } from '../../src/model/check.js';
import type { GraphUsage } from '../../src/model/usage.js';
import type { WarehouseText } from './support/build.js';
import { acceptBaseline, baselineOf, usageOf } from './support/build.js';
import { referenceUsage, referenceWarehouse } from './support/reference.js';
import type { FindingSummary } from './support/run.js';
import { productionSnapshot, runChecks, summarize } from './support/run.js';

const first = runChecks({ snapshot: productionSnapshot(referenceWarehouse()) });

/** The household table with one more column, of a user-defined type. */
const WITH_ENUM = usageOf({
  'PRODUCTION.CUST.HOUSEHOLD': {
    uses: ['entity:household-entity table_ref'],
    columns: { TIER: ['relationship:user-households join_key'] },
  },
});

interface Row {
  readonly name: string;
  readonly usage?: GraphUsage;
  readonly baseline: Baseline;
  readonly change: (warehouse: WarehouseText) => void;
  readonly expected: readonly FindingSummary[];
}

const HOUSEHOLD_KEY: FindingSummary = {
  key: 'column_type_changed:PRODUCTION.CUST.HOUSEHOLD:HOUSEHOLD_ID',
  uses: ['entity:household-entity primary_key'],
  consumers: ['aud-households'],
  before: { type: 'bigint', family: 'number' },
  after: { type: 'text', family: 'string' },
  suggestion: null,
};

const ROWS: readonly Row[] = [
  {
    name: 'a key that left its family is a potential finding',
    baseline: acceptBaseline(first),
    change: (w) => {
      w.cust!.household!.household_id = 'text';
    },
    expected: [HOUSEHOLD_KEY],
  },
  {
    name: 'without an accepted type nothing is compared',
    baseline: baselineOf(),
    change: (w) => {
      w.cust!.household!.household_id = 'text';
    },
    expected: [],
  },
  {
    name: 'a change inside the number family raises nothing',
    baseline: acceptBaseline(first),
    change: (w) => {
      w.cust!.household!.household_id = 'numeric(24,0)';
    },
    expected: [],
  },
  {
    name: 'a change inside the string family raises nothing',
    baseline: acceptBaseline(first),
    change: (w) => {
      w.cust!.account!.email_id = 'character varying(16)';
    },
    expected: [],
  },
  {
    name: 'another type of the accepted family raises nothing',
    baseline: baselineOf(
      {},
      { 'PRODUCTION.CUST.HOUSEHOLD:HOUSEHOLD_ID': 'integer' },
    ),
    change: () => undefined,
    expected: [],
  },
  {
    name: 'two different types of the other family are a change',
    usage: WITH_ENUM,
    baseline: baselineOf({}, { 'PRODUCTION.CUST.HOUSEHOLD:TIER': 'tier_enum' }),
    change: (w) => {
      w.cust!.household!.tier = 'plan_enum';
    },
    expected: [
      {
        key: 'column_type_changed:PRODUCTION.CUST.HOUSEHOLD:TIER',
        uses: ['relationship:user-households join_key'],
        consumers: ['aud-households'],
        before: { type: 'tier_enum', family: 'other' },
        after: { type: 'plan_enum', family: 'other' },
        suggestion: null,
      },
    ],
  },
  {
    name: 'the same type of the other family, spelled in another case, is no change',
    usage: WITH_ENUM,
    baseline: baselineOf({}, { 'PRODUCTION.CUST.HOUSEHOLD:TIER': 'tier_enum' }),
    change: (w) => {
      w.cust!.household!.tier = 'TIER_ENUM';
    },
    expected: [],
  },
  {
    name: 'a dropped column is missing, not changed',
    baseline: acceptBaseline(first),
    change: (w) => void delete w.cust!.household!.household_id,
    expected: [
      {
        ...HOUSEHOLD_KEY,
        key: 'column_missing:PRODUCTION.CUST.HOUSEHOLD:HOUSEHOLD_ID',
        after: null,
      },
    ],
  },
];

describe('column_type_changed', () => {
  it.each(ROWS)('$name', (row) => {
    const warehouse = referenceWarehouse();
    row.change(warehouse);

    const result = runChecks({
      snapshot: productionSnapshot(warehouse),
      usage: row.usage ?? referenceUsage(),
      baseline: row.baseline,
    });
    expect(summarize(result)).toEqual(row.expected);
  });

  it('reports the current type of a column changed inside its family', () => {
    const warehouse = referenceWarehouse();
    warehouse.cust!.account!.email_id = 'character varying(16)';

    const result = runChecks({
      snapshot: productionSnapshot(warehouse),
      baseline: acceptBaseline(first),
    });
    expect(result.columns.get('PRODUCTION.CUST.ACCOUNT:EMAIL_ID')).toEqual({
      state: 'present',
      value: { type: 'character varying(16)', family: 'string' },
    });
  });
});
