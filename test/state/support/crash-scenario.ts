// The syncs of the crash test: one before, and the one that is killed.
import type { CheckResult } from '../../../src/model/check.js';
import { ACCOUNT, CART, ORDERS, obs, result, usualTables } from './fixtures.js';

/** Open before the crash: a missing column and a type change. */
export const BEFORE = [
  obs('column_missing', CART, 'ACCOUNT_ID'),
  obs('column_type_changed', ACCOUNT, 'EMAIL', {
    before: { type: 'text', family: 'string' },
    after: { type: 'jsonb', family: 'semi_structured' },
  }),
];

/** Open after the killed sync: a dropped table and a dropped column. */
export const AFTER = [
  obs('table_missing', ORDERS),
  obs('column_missing', ACCOUNT, 'EMAIL'),
];

/** What the first sync sees. */
export function beforeCrash(): CheckResult {
  const tables = usualTables();
  return result(
    {
      ...tables,
      [CART]: { columns: { ID: ['bigint', 'number'], ACCOUNT_ID: 'absent' } },
      [ACCOUNT]: {
        columns: {
          ID: ['bigint', 'number'],
          EMAIL: ['jsonb', 'semi_structured'],
        },
      },
    },
    BEFORE,
  );
}

/**
 * What the killed sync sees: the column is back (a resolution), a table
 * and a column are gone (two openings, one superseding the type change),
 * and a raw type changed inside its family (a history row).
 */
export function crashingSync(): CheckResult {
  return result(
    {
      ...usualTables(),
      [CART]: {
        columns: {
          ID: ['integer', 'number'],
          ACCOUNT_ID: ['bigint', 'number'],
        },
      },
      [ACCOUNT]: { columns: { ID: ['bigint', 'number'], EMAIL: 'absent' } },
      [ORDERS]: { state: 'absent' },
    },
    AFTER,
  );
}
