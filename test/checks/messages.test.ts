import { describe, expect, it } from 'vitest';
import { describeFinding } from '../../checks/messages.js';
import type { Absence, MessageFacts } from '../../checks/messages.js';
import type { FindingKind } from '../../src/model/finding.js';

const USES = [
  { subject: 'entity:account-entity', role: 'primary_key' },
  { subject: 'entity:account-entity', role: 'table_ref' },
  { subject: 'relationship:user-carts', role: 'join_on' },
] as const;

function facts(kind: FindingKind, extra: Partial<MessageFacts>): MessageFacts {
  return {
    kind,
    tableRef: 'PRODUCTION.CUST.ACCOUNT',
    column: 'ID',
    uses: USES,
    before: null,
    after: null,
    ...extra,
  };
}

describe('finding messages', () => {
  it.each<[FindingKind, Partial<MessageFacts>, string]>([
    [
      'table_missing',
      { column: null },
      'table missing: PRODUCTION.CUST.ACCOUNT is not in the warehouse',
    ],
    ['column_missing', {}, 'column missing: PRODUCTION.CUST.ACCOUNT.ID is not'],
    ['access_denied', {}, 'may not read column PRODUCTION.CUST.ACCOUNT.ID'],
    [
      'column_type_changed',
      {
        before: { type: 'bigint', family: 'number' },
        after: { type: 'text', family: 'string' },
      },
      'went from bigint (number) to text (string)',
    ],
    [
      'table_kind_changed',
      {
        column: null,
        before: { kind: 'table' },
        after: { kind: 'materialized_view' },
      },
      'went from table to materialized view',
    ],
    [
      'join_type_mismatch',
      {
        after: {
          left: {
            tableRef: 'PRODUCTION.CUST.ACCOUNT',
            column: 'ID',
            type: 'bigint',
          },
          right: {
            tableRef: 'PRODUCTION.CUST.CART',
            column: 'ACCOUNT_ID',
            type: 'text',
          },
        },
      },
      'PRODUCTION.CUST.ACCOUNT.ID (bigint) = PRODUCTION.CUST.CART.ACCOUNT_ID (text)',
    ],
  ])(
    '%s is one lower-case line naming the object and every use',
    (kind, extra, part) => {
      const message = describeFinding(facts(kind, extra));

      expect(message).toContain(part);
      expect(message).toMatch(/^[a-z]/);
      expect(message).not.toMatch(/[\r\n]/);
      expect(message).toContain(
        'used by entity:account-entity (primary_key, table_ref),' +
          ' relationship:user-carts (join_on);',
      );
    },
  );

  it('says what to do', () => {
    const message = describeFinding(facts('column_missing', {}));

    expect(message).toMatch(/; restore it or update the graph/);
  });

  it.each<[string, Absence | undefined, string, string]>([
    [
      'nothing more known',
      undefined,
      'table missing: PRODUCTION.CUST.ACCOUNT is not in the warehouse',
      'restore it or point the graph at the table that replaced it',
    ],
    [
      'a catalog that hides what the role may not use',
      { cause: 'unseen' },
      "table missing: PRODUCTION.CUST.ACCOUNT is not visible to the monitor's" +
        ' role: dropped, or its grant was revoked',
      "restore it or the role's grant, or point the graph at the table that" +
        ' replaced it',
    ],
    [
      'a proved drop',
      { cause: 'dropped', droppedAt: '2024-05-02T10:15:00.123Z' },
      'table missing: PRODUCTION.CUST.ACCOUNT was dropped at ' +
        '2024-05-02T10:15:00.123Z',
      'undrop it or point the graph at the table that replaced it',
    ],
  ])(
    'a missing table with %s says what is known and what to do',
    (_, absence, problem, advice) => {
      const extra = absence === undefined ? {} : { absence };
      const message = describeFinding(
        facts('table_missing', { column: null, ...extra }),
      );

      const usedBy =
        'used by entity:account-entity (primary_key, table_ref),' +
        ' relationship:user-carts (join_on)';
      expect(message).toBe(`${problem}; ${usedBy}; ${advice}`);
    },
  );
});
