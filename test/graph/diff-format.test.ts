import { describe, expect, it } from 'vitest';
import type { DiffReport, GraphChange } from '../../src/graph/diff.js';
import {
  formatDiffGithub,
  formatDiffText,
} from '../../src/graph/diff-format.js';

function change(overrides: Partial<GraphChange>): GraphChange {
  return {
    kind: 'label_changed',
    severity: 'none',
    subject: 'entity:cart-entity',
    line: 14,
    before: null,
    after: null,
    affectedConsumers: [],
    message: 'entity "cart-entity": name changed from "cart" to "carts"',
    ...overrides,
  };
}

const REPORT: DiffReport = {
  changes: [
    change({
      kind: 'relationship_removed',
      severity: 'definite',
      subject: 'relationship:user-carts',
      line: 44,
      message:
        'relationship "user-carts" was removed; breaks aud-premium-carts',
    }),
    change({
      kind: 'table_ref_changed',
      severity: 'potential',
      line: 140,
      message: 'entity "cart-entity": table_ref changed from A.B.C to A.B.D',
    }),
    change({}),
  ],
  summary: { definite: 1, potential: 1, none: 1 },
};

describe('formatDiffText', () => {
  it('prints one aligned line per change and a summary', () => {
    expect(formatDiffText(REPORT)).toBe(
      'definite   line 44   relationship "user-carts" was removed; breaks ' +
        'aud-premium-carts\n' +
        'potential  line 140  entity "cart-entity": table_ref changed from ' +
        'A.B.C to A.B.D\n' +
        'none       line 14   entity "cart-entity": name changed from ' +
        '"cart" to "carts"\n' +
        '\n' +
        '3 changes: 1 definite, 1 potential, 1 none\n',
    );
  });

  it('says so when nothing changed', () => {
    const empty: DiffReport = {
      changes: [],
      summary: { definite: 0, potential: 0, none: 0 },
    };

    expect(formatDiffText(empty)).toBe('no changes to the graph\n');
  });
});

describe('formatDiffGithub', () => {
  it('annotates removals in the old file and other changes in the new one', () => {
    expect(formatDiffGithub(REPORT, 'old.hcl', 'graph/new.hcl')).toBe(
      '::error file=old.hcl,line=44,title=data graph relationship_removed::' +
        'relationship "user-carts" was removed; breaks aud-premium-carts\n' +
        '::warning file=graph/new.hcl,line=140,title=data graph ' +
        'table_ref_changed::entity "cart-entity": table_ref changed from ' +
        'A.B.C to A.B.D\n' +
        '::notice file=graph/new.hcl,line=14,title=data graph label_changed' +
        '::entity "cart-entity": name changed from "cart" to "carts"\n',
    );
  });

  it('escapes percent signs, line breaks, colons and commas', () => {
    const report: DiffReport = {
      changes: [
        change({ message: 'name changed from "50%" to "a\r\nb: c, d"' }),
      ],
      summary: { definite: 0, potential: 0, none: 1 },
    };

    expect(formatDiffGithub(report, 'o', 'C:\\graphs\\a,b%.hcl')).toBe(
      '::notice file=C%3A\\graphs\\a%2Cb%25.hcl,line=14,title=data graph ' +
        'label_changed::name changed from "50%25" to "a%0D%0Ab: c, d"\n',
    );
  });

  it('prints nothing when nothing changed', () => {
    const empty: DiffReport = {
      changes: [],
      summary: { definite: 0, potential: 0, none: 0 },
    };

    expect(formatDiffGithub(empty, 'a', 'b')).toBe('');
  });
});
