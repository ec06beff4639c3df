import { describe, expect, it } from 'vitest';
import { formatSyncReport } from '../../src/cli/format-report.js';
import type { SyncReport } from '../../src/model/sync.js';

const hostile = 'X"; DROP TABLE victim; --\nBcc: evil@example.com\u202e';

const report: SyncReport = {
  sync: {
    id: 3,
    status: 'ok',
    startedAt: '2026-12-04T10:00:00.000Z',
    finishedAt: '2026-12-04T10:00:00.120Z',
    error: null,
    metadataQueries: 2,
    unknown: [],
  },
  findings: [
    {
      key: `column_missing:PRODUCTION.CUST.CART:"${hostile}"`,
      kind: 'column_missing',
      severity: 'definite',
      status: 'open',
      new: true,
      tableRef: 'PRODUCTION.CUST.CART',
      column: `"${hostile}"`,
      uses: [{ subject: 'relationship:user-carts', role: 'join_on' }],
      before: { type: 'bigint', family: 'number' },
      after: null,
      affectedConsumers: [{ id: 'aud-1', name: 'One' }],
      message: `column missing: PRODUCTION.CUST.CART."${hostile}" is gone`,
      suggestion: null,
      acknowledged: false,
      snoozedUntil: null,
      firstSeenAt: '2026-12-04T10:00:00.000Z',
      resolvedAt: null,
    },
  ],
  summary: {
    open: { definite: 1, potential: 0 },
    opened: 1,
    worsened: 0,
    resolved: 0,
  },
};

describe('human sync output', () => {
  it('escapes line breaks and bidi marks in names, so no line is forged', () => {
    const text = formatSyncReport(report);

    expect(text.split('\n').some((l) => l.startsWith('Bcc:'))).toBe(false);
    expect(text).toContain('--\\nBcc: evil@example.com\\u202e');
    expect(text).toMatch(/^sync 3 ok at .* \(120 ms, 2 metadata queries\)/);
  });
});
