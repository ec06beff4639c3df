import { describe, expect, it } from 'vitest';
import type { Baseline, KnownNames } from '../../src/model/check.js';
import type { GraphUsage } from '../../src/model/usage.js';
import type { WarehouseText } from './support/build.js';
import {
  acceptBaseline,
  baselineOf,
  knownNamesOf,
  usageOf,
} from './support/build.js';
import { referenceUsage, referenceWarehouse } from './support/reference.js';
import type { FindingSummary } from './support/run.js';
import { productionSnapshot, runChecks, summarize } from './support/run.js';

const first = runChecks({ snapshot: productionSnapshot(referenceWarehouse()) });

/** The account table, with its ID used in three roles. */
const THREE_ROLES = usageOf({
  'PRODUCTION.CUST.ACCOUNT': {
    uses: ['entity:account-entity table_ref'],
    columns: {
      ID: [
        'relationship:user-carts join_on',
        'entity:account-entity primary_key',
        'relationship:products junction_join',
      ],
    },
  },
});

/** The account table, used through names the graph quotes. */
const QUOTED = usageOf({
  'PRODUCTION.CUST.ACCOUNT': {
    uses: ['entity:account-entity table_ref'],
    columns: { '"Email"': ['relationship:user-accounts join_key'] },
  },
});

interface Row {
  readonly name: string;
  readonly usage?: GraphUsage;
  readonly baseline?: Baseline;
  readonly knownNames?: KnownNames | null;
  readonly change: (warehouse: WarehouseText) => void;
  readonly expected: readonly FindingSummary[];
}

const EMAIL_ID: FindingSummary = {
  key: 'column_missing:PRODUCTION.CUST.ACCOUNT:EMAIL_ID',
  uses: ['relationship:user-accounts join_key'],
  consumers: ['aud-accounts', 'aud-premium-carts', 'aud-product-buyers'],
  before: { type: 'text', family: 'string' },
  after: null,
  suggestion: null,
};

const renameEmail =
  (to: Record<string, string>) =>
  (w: WarehouseText): void => {
    delete w.cust!.account!.email_id;
    Object.assign(w.cust!.account!, to);
  };

const ROWS: readonly Row[] = [
  {
    name: 'a column used in three roles is one finding listing every use',
    usage: THREE_ROLES,
    change: (w) => void delete w.cust!.account!.id,
    expected: [
      {
        key: 'column_missing:PRODUCTION.CUST.ACCOUNT:ID',
        uses: [
          'entity:account-entity primary_key',
          'relationship:products junction_join',
          'relationship:user-carts join_on',
        ],
        consumers: ['aud-accounts', 'aud-premium-carts', 'aud-product-buyers'],
        before: { type: 'bigint', family: 'number' },
        after: null,
        suggestion: null,
      },
    ],
  },
  {
    name: 'a rename to a column of another family is no suggestion',
    change: renameEmail({ email: 'bigint' }),
    expected: [EMAIL_ID],
  },
  {
    name: 'two look-alike new columns make no suggestion',
    change: renameEmail({ email: 'text', email_addr: 'text' }),
    expected: [EMAIL_ID],
  },
  {
    name: 'a look-alike column the previous sync already saw is no suggestion',
    knownNames: knownNamesOf(
      {},
      { 'PRODUCTION.CUST.ACCOUNT': ['email', 'email_id', 'id', 'name'] },
    ),
    change: renameEmail({ email: 'text' }),
    expected: [EMAIL_ID],
  },
  {
    name: 'before any good sync, unused columns count as new, of any family',
    baseline: baselineOf(),
    knownNames: null,
    change: renameEmail({ email: 'bigint' }),
    expected: [
      {
        ...EMAIL_ID,
        before: null,
        suggestion: 'column EMAIL_ID may have been renamed to EMAIL',
      },
    ],
  },
  {
    name: 'a new column too far from the missing name is no suggestion',
    change: renameEmail({ email_address: 'text' }),
    expected: [EMAIL_ID],
  },
  {
    name: 'a rename to a name that needs quotes is suggested with quotes',
    change: renameEmail({ 'E-Mail_ID': 'text' }),
    expected: [
      {
        ...EMAIL_ID,
        suggestion: 'column EMAIL_ID may have been renamed to "E-Mail_ID"',
      },
    ],
  },
  {
    name: 'an unquoted name matches a unique catalog name that differs in case',
    change: renameEmail({ Email_Id: 'text' }),
    expected: [],
  },
  {
    name: 'an unquoted name matching two names only ignoring case is missing',
    change: renameEmail({ Email_Id: 'text', EMAIL_ID: 'text' }),
    expected: [
      {
        ...EMAIL_ID,
        suggestion:
          'column EMAIL_ID matches "Email_Id" and "EMAIL_ID" only ignoring' +
          ' case; quote the one meant in the graph',
      },
    ],
  },
  {
    name: 'a quoted name matches its exact spelling',
    usage: QUOTED,
    baseline: baselineOf(),
    change: renameEmail({ Email: 'text' }),
    expected: [],
  },
  {
    name: 'a quoted name does not match another case, and its key keeps quotes',
    usage: QUOTED,
    baseline: baselineOf(),
    change: renameEmail({ email: 'text' }),
    expected: [
      {
        key: 'column_missing:PRODUCTION.CUST.ACCOUNT:"Email"',
        uses: ['relationship:user-accounts join_key'],
        consumers: ['aud-accounts', 'aud-premium-carts', 'aud-product-buyers'],
        before: null,
        after: null,
        suggestion: 'column "Email" may have been renamed to EMAIL',
      },
    ],
  },
];

describe('column_missing', () => {
  it.each(ROWS)('$name', (row) => {
    const warehouse = referenceWarehouse();
    row.change(warehouse);

    const result = runChecks({
      snapshot: productionSnapshot(warehouse),
      usage: row.usage ?? referenceUsage(),
      baseline: row.baseline ?? acceptBaseline(first),
      knownNames:
        row.knownNames === undefined ? first.knownNames : row.knownNames,
    });
    expect(summarize(result)).toEqual(row.expected);
  });

  it('a column missing from a table the role sees is gone, whatever the warehouse', () => {
    const warehouse = referenceWarehouse();
    delete warehouse.cust!.account!.email_id;
    const snapshot = productionSnapshot(warehouse);

    const messages = [undefined, true, false].map((canTellDenied) => {
      const flag = canTellDenied === undefined ? {} : { canTellDenied };
      const result = runChecks({ snapshot: { ...snapshot, ...flag } });
      return result.observations.map((o) => o.message);
    });

    const expected =
      'column missing: PRODUCTION.CUST.ACCOUNT.EMAIL_ID is not in its ' +
      'table; used by relationship:user-accounts (join_key); restore it or ' +
      'update the graph to the column that replaced it';
    expect(messages).toEqual([[expected], [expected], [expected]]);
  });

  it('a missing column leaves the other columns of its table checked', () => {
    const warehouse = referenceWarehouse();
    delete warehouse.cust!.cart!.account_id;
    warehouse.cust!.cart!.id = 'text';

    const result = runChecks({
      snapshot: productionSnapshot(warehouse),
      baseline: acceptBaseline(first),
    });
    expect(result.observations.map((o) => o.key)).toEqual([
      'column_missing:PRODUCTION.CUST.CART:ACCOUNT_ID',
      'column_type_changed:PRODUCTION.CUST.CART:ID',
      'join_type_mismatch:PRODUCTION.CUST.CART:ID=PRODUCTION.CUSTOMER.CART_PRODUCT:CART_ID',
    ]);
  });
});
