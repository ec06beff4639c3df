import { describe, expect, it } from 'vitest';
import { pickRenameTarget } from '../../checks/rename-target.js';
import { spellCatalogName } from '../../checks/suggestions.js';
import type { NamingRules } from '../../src/model/names.js';
import { DUCKDB_NAMING, POSTGRES_NAMING, snapshotOf } from './support/build.js';

const SNOWFLAKE_NAMING: NamingRules = {
  fold: 'upper',
  isCaseInsensitive: false,
  caseSensitiveLevels: [],
  isDatabaseFoldedOnly: false,
};

describe('rename targets', () => {
  it.each([
    { missing: 'EMAIL_ID', candidates: ['email'], target: 'email' },
    { missing: 'SKU', candidates: ['sku', 'price'], target: 'sku' },
    { missing: 'CART', candidates: ['shopping_cart'], target: 'shopping_cart' },
    { missing: 'ACCOUNT_ID', candidates: ['acct_id'], target: 'acct_id' },
    { missing: 'ID', candidates: ['qty'], target: null },
    { missing: 'CUSTOMER', candidates: ['orders'], target: null },
    { missing: 'EMAIL_ID', candidates: ['email', 'email_addr'], target: null },
    { missing: 'EMAIL_ID', candidates: ['email_address'], target: null },
    { missing: 'EMAIL_ID', candidates: [], target: null },
  ])(
    '$missing among $candidates is $target',
    ({ missing, candidates, target }) => {
      expect(pickRenameTarget(missing, candidates)).toBe(target);
    },
  );
});

describe('catalog names spelled for the graph', () => {
  it.each([
    { rules: POSTGRES_NAMING, name: 'email', spelled: 'EMAIL' },
    { rules: POSTGRES_NAMING, name: 'Email', spelled: '"Email"' },
    { rules: POSTGRES_NAMING, name: 'e-mail', spelled: '"e-mail"' },
    { rules: SNOWFLAKE_NAMING, name: 'EMAIL', spelled: 'EMAIL' },
    { rules: SNOWFLAKE_NAMING, name: 'email', spelled: '"email"' },
    { rules: DUCKDB_NAMING, name: 'Email', spelled: 'EMAIL' },
  ])('$name is written $spelled', ({ rules, name, spelled }) => {
    const snapshot = snapshotOf([], rules);

    expect(spellCatalogName(name, 'column', snapshot)).toBe(spelled);
  });
});
