import { describe, expect, it } from 'vitest';
import { parseGraph } from '../../src/graph/parse-graph.js';
import { formatDiagnostic } from '../../src/model/errors.js';
import { readFixture } from './support.js';

const PLACEHOLDER =
  'error: "..." is a placeholder left from an example: ' +
  'write out the attributes and blocks it stands for';

function check(name: string): { valid: boolean; lines: string[] } {
  const result = parseGraph(readFixture(name), name);
  return {
    valid: result.graph !== null,
    lines: result.diagnostics.map(formatDiagnostic),
  };
}

describe('the vendor documentation examples', () => {
  it('accepts the entity example as written', () => {
    expect(check('doc-entities.hcl')).toEqual({ valid: true, lines: [] });
  });

  it('reports the two braces the full example lacks as one error', () => {
    expect(check('doc-full-example.hcl')).toEqual({
      valid: false,
      lines: [
        'doc-full-example.hcl:96:1: error: expected "}" to close the ' +
          'profile block opened at 38:3 and the data_graph block opened ' +
          'at 1:1, found the end of the file',
      ],
    });
  });

  it('accepts the full example once its two braces are added', () => {
    const text = readFixture('doc-full-example.hcl') + '  }\n}\n';
    const result = parseGraph(text, 'full.hcl');

    expect(result.diagnostics).toEqual([]);
    expect(result.graph?.entities.map((e) => e.slug)).toEqual([
      'account-entity',
      'product-entity',
      'cart-entity',
      'household-entity',
      'subscription-entity',
    ]);
  });

  it('rejects the "..." placeholder of the profile example', () => {
    expect(check('doc-profile.hcl')).toEqual({
      valid: false,
      lines: [`doc-profile.hcl:3:3: ${PLACEHOLDER}`],
    });
  });

  it('rejects the profile relationship holding both external_id and trait', () => {
    expect(check('doc-profile-relationship.hcl')).toEqual({
      valid: false,
      lines: [
        'doc-profile-relationship.hcl:27:7: error: relationship ' +
          '"user-accounts": holds both external_id (at 21:7) and trait; ' +
          'expected exactly one of them',
      ],
    });
  });

  it('suggests cart-entity for the relationship pointing at carts-entity', () => {
    expect(check('doc-one-to-many.hcl')).toEqual({
      valid: false,
      lines: [
        `doc-one-to-many.hcl:15:7: ${PLACEHOLDER}`,
        'doc-one-to-many.hcl:21:26: error: relationship "user-carts": ' +
          'related_entity "carts-entity" names no entity; expected the ' +
          'slug of an entity block (did you mean "cart-entity"?)',
      ],
    });
  });

  it('reports every placeholder and gap of the many-to-many example', () => {
    expect(check('doc-many-to-many.hcl')).toEqual({
      valid: false,
      lines: [
        'doc-many-to-many.hcl:4:3: error: profile: missing required ' +
          'attribute profile_folder',
        'doc-many-to-many.hcl:4:3: error: profile: missing required ' +
          'attribute type',
        `doc-many-to-many.hcl:7:7: ${PLACEHOLDER}`,
        `doc-many-to-many.hcl:9:9: ${PLACEHOLDER}`,
        'doc-many-to-many.hcl:14:28: error: relationship "products": ' +
          'related_entity "product-entity" names no entity; expected the ' +
          'slug of an entity block',
      ],
    });
  });
});
