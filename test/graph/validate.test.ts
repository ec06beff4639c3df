import { describe, expect, it } from 'vitest';
import { parseGraph } from '../../src/graph/parse-graph.js';
import { diagnose, EXTRA_LINE, graphWith, parseValid } from './support.js';

const ENTITY = (body: string): string =>
  `data_graph {\n  entity "e" {\n${body}\n  }\n}\n`;

const PROFILE =
  '  profile {\n    profile_folder = "DB.SEG"\n' +
  '    type = "segment:unmaterialized"\n  }';

const VALID_ENTITY =
  '    name = "E"\n    table_ref = "DB.S.T"\n    primary_key = "ID"';

describe('entity and data_graph rules', () => {
  it.each([
    [
      'a duplicate attribute',
      ENTITY(`${VALID_ENTITY}\n    name = "again"`),
      'graph.hcl:6:5: error: entity "e": name is already set at 3:5; expected it once',
    ],
    [
      'a missing required attribute',
      ENTITY('    name = "E"\n    table_ref = "DB.S.T"'),
      'graph.hcl:2:3: error: entity "e": missing required attribute primary_key',
    ],
    [
      'a string where a bool is expected',
      ENTITY(`${VALID_ENTITY}\n    enrichment_enabled = "true"`),
      'graph.hcl:6:26: error: entity "e": enrichment_enabled must be true ' +
        'or false, found a string (write true without quotes)',
    ],
    [
      'a bool where a string is expected',
      ENTITY(
        '    name = true\n    table_ref = "DB.S.T"\n    primary_key = "ID"',
      ),
      'graph.hcl:3:12: error: entity "e": name must be a quoted string, found true',
    ],
    [
      'a bare name where a string is expected',
      ENTITY('    name = E\n    table_ref = "DB.S.T"\n    primary_key = "ID"'),
      'graph.hcl:3:12: error: entity "e": name must be a quoted string, ' +
        'found the bare name E',
    ],
    [
      'a table_ref with one part',
      ENTITY('    name = "E"\n    table_ref = "T"\n    primary_key = "ID"'),
      'graph.hcl:4:17: error: entity "e": table_ref "T" has 1 part; ' +
        'expected DATABASE.SCHEMA.TABLE or SCHEMA.TABLE',
    ],
    [
      'a table_ref with an unterminated quote',
      ENTITY(
        '    name = "E"\n    table_ref = "DB.\\"S.T"\n    primary_key = "ID"',
      ),
      'graph.hcl:4:17: error: entity "e": table_ref is not a dotted name: ' +
        'unterminated " in "DB."S.T"',
    ],
    [
      'a primary_key with two parts',
      ENTITY(
        '    name = "E"\n    table_ref = "DB.S.T"\n    primary_key = "T.ID"',
      ),
      'graph.hcl:5:19: error: entity "e": primary_key "T.ID" has 2 parts; ' +
        'expected one column name such as ID',
    ],
    [
      'a slug with capitals',
      'data_graph {\n  entity "Cart Entity" {\n' + VALID_ENTITY + '\n  }\n}\n',
      'graph.hcl:2:10: error: entity "Cart Entity": slug "Cart Entity" is ' +
        'not valid; expected lower-case letters, digits, "-" and "_" ' +
        '(did you mean "cart-entity"?)',
    ],
    [
      'an entity without a slug',
      'data_graph {\n  entity {\n  }\n}\n',
      'graph.hcl:2:3: error: data_graph: a entity block needs a slug: ' +
        'entity "my-slug" { … }',
    ],
    [
      'two profile blocks',
      `data_graph {\n${PROFILE}\n${PROFILE}\n}\n`,
      'graph.hcl:6:3: error: data_graph: a second profile block; expected ' +
        'at most one (the first is at 2:3)',
    ],
    [
      'no data_graph block',
      '# nothing here\n',
      'graph.hcl:1:1: error: expected a data_graph { … } block; the file has none',
    ],
    [
      'a second data_graph block',
      'data_graph {\n}\ndata_graph {\n}\n',
      'graph.hcl:3:1: error: a second data_graph block; expected one per ' +
        'file (the first is at 1:1)',
    ],
    [
      'an entity outside data_graph',
      'data_graph {\n}\nentity "e" {\n}\n',
      'graph.hcl:3:1: error: entity block outside data_graph; expected it ' +
        'inside data_graph { … } (is a "}" too many above it?)',
    ],
    [
      'a profile with an unknown type',
      'data_graph {\n  profile {\n    profile_folder = "DB.SEG"\n' +
        '    type = "segment:materialised"\n  }\n}\n',
      'graph.hcl:4:12: error: profile: type "segment:materialised" is not a ' +
        'profile type; expected "segment:materialized" or ' +
        '"segment:unmaterialized" (did you mean "segment:materialized"?)',
    ],
    [
      'a profile_folder with three parts',
      'data_graph {\n  profile {\n    profile_folder = "DB.SEG.X"\n' +
        '    type = "segment:materialized"\n  }\n}\n',
      'graph.hcl:3:22: error: profile: profile_folder "DB.SEG.X" has 3 ' +
        'parts; expected DATABASE.SCHEMA',
    ],
    [
      'an attribute written as a block',
      ENTITY(`${VALID_ENTITY}\n    description {\n    }`),
      'graph.hcl:6:5: error: entity "e": description is an attribute: ' +
        'write description = "…"',
    ],
  ])('reports %s', (_, text, expected) => {
    expect(diagnose(text)).toEqual([expected]);
  });

  it.each([
    [
      'an unknown attribute close to a known one',
      ENTITY(`${VALID_ENTITY}\n    descripton = "x"`),
      'graph.hcl:6:5: warning: entity "e": unknown attribute descripton is ' +
        'ignored (did you mean "description"?)',
    ],
    [
      'an unknown attribute far from any known one',
      ENTITY(`${VALID_ENTITY}\n    colour = "x"`),
      'graph.hcl:6:5: warning: entity "e": unknown attribute colour is ignored',
    ],
    [
      'an unknown block',
      'data_graph {\n  entitys "x" {\n  }\n}\n',
      'graph.hcl:2:3: warning: data_graph: unknown block entitys is ignored ' +
        '(did you mean "entity"?)',
    ],
    [
      'an attribute named like an object property',
      ENTITY(`${VALID_ENTITY}\n    constructor = "x"`),
      'graph.hcl:6:5: warning: entity "e": unknown attribute constructor ' +
        'is ignored',
    ],
    [
      'a block named like an object property',
      'data_graph {\n  toString {\n  }\n}\n',
      'graph.hcl:2:3: warning: data_graph: unknown block toString is ignored',
    ],
    [
      'an unknown top-level block',
      'data_graph {\n}\ndatagraph {\n}\n',
      'graph.hcl:3:1: warning: unknown block datagraph outside data_graph ' +
        'is ignored (did you mean "data_graph"?)',
    ],
  ])('warns about %s and still returns the graph', (_, text, expected) => {
    const result = parseGraph(text, 'graph.hcl');

    expect(diagnose(text)).toEqual([expected]);
    expect(result.graph).not.toBeNull();
  });

  it('reports every error of a file at once, in source order', () => {
    const text =
      'data_graph {\n  entity "a" {\n    name = 1\n  }\n' +
      '  entity "a" {\n    name = "A"\n    table_ref = "X"\n' +
      '    primary_key = "ID"\n  }\n}\n';

    expect(diagnose(text)).toEqual([
      'graph.hcl:2:3: error: entity "a": missing required attribute table_ref',
      'graph.hcl:2:3: error: entity "a": missing required attribute primary_key',
      'graph.hcl:3:12: error: entity "a": name must be a quoted string, found a number',
      'graph.hcl:5:10: error: entity "a" is already defined at 2:10; ' +
        'expected unique entity slugs',
      'graph.hcl:7:17: error: entity "a": table_ref "X" has 1 part; ' +
        'expected DATABASE.SCHEMA.TABLE or SCHEMA.TABLE',
    ]);
  });

  it('keeps quoted parts of names as written', () => {
    const graph = parseValid(
      ENTITY(
        '    name = "E"\n    table_ref = "`my-proj`.ds.\\"Orders\\""\n' +
          '    primary_key = "\\"Id\\""',
      ),
    );

    expect(graph.entities[0]?.tableParts).toEqual([
      { name: 'my-proj', quoted: true },
      { name: 'ds', quoted: false },
      { name: 'Orders', quoted: true },
    ]);
    expect(graph.entities[0]?.primaryKey).toEqual({ name: 'Id', quoted: true });
  });
});

describe('relationship rules', () => {
  const nested = (body: string, slug = 'to-b'): string =>
    `      relationship "${slug}" {\n${body}\n      }`;
  const JOIN_B = '        name = "B"\n        related_entity = "b"';

  it.each([
    [
      'a related_entity naming no entity',
      nested(
        '        name = "B"\n        related_entity = "bb"\n' +
          '        join_on = "a.ID = b.A_ID"',
      ),
      `graph.hcl:${EXTRA_LINE + 2}:26: error: relationship "to-b": ` +
        'related_entity "bb" names no entity; expected the slug of an ' +
        'entity block (did you mean "b"?)',
    ],
    [
      'a join_on naming the wrong entity',
      nested(`${JOIN_B}\n        join_on = "a.ID = bb.A_ID"`),
      `graph.hcl:${EXTRA_LINE + 3}:19: error: relationship "to-b": join_on ` +
        '"a.ID = bb.A_ID" joins "a" and "bb"; expected the parent\'s ' +
        'related entity "a" and this relationship\'s related entity "b" ' +
        '(did you mean "b"?)',
    ],
    [
      'a join_on that is not an equation',
      nested(`${JOIN_B}\n        join_on = "a.ID"`),
      `graph.hcl:${EXTRA_LINE + 3}:19: error: relationship "to-b": join_on ` +
        '"a.ID" is not one equation; expected "a.COLUMN = b.COLUMN"',
    ],
    [
      'a join_on side without an entity',
      nested(`${JOIN_B}\n        join_on = "ID = b.A_ID"`),
      `graph.hcl:${EXTRA_LINE + 3}:19: error: relationship "to-b": join_on ` +
        'side "ID" is not entity-slug.COLUMN; expected "a.COLUMN = b.COLUMN"',
    ],
    [
      'both join_on and junction_table',
      nested(
        `${JOIN_B}\n        join_on = "a.ID = b.A_ID"\n` +
          '        junction_table {\n          table_ref = "S.J"\n' +
          '          primary_key = "ID"\n' +
          '          left_join_on = "a.ID = A_ID"\n' +
          '          right_join_on = "B_ID = b.ID"\n        }',
      ),
      `graph.hcl:${EXTRA_LINE + 4}:9: error: relationship "to-b": holds ` +
        `both join_on (at ${EXTRA_LINE + 3}:9) and junction_table; ` +
        'expected exactly one of them',
    ],
    [
      'neither join_on nor junction_table',
      nested(JOIN_B),
      `graph.hcl:${EXTRA_LINE}:7: error: relationship "to-b": expected ` +
        'join_on = "…" or a junction_table { … } block to say how it joins, ' +
        'found neither',
    ],
    [
      'an external_id below the first level',
      nested(
        `${JOIN_B}\n        join_on = "a.ID = b.A_ID"\n` +
          '        external_id {\n          type = "email"\n' +
          '          join_key = "EMAIL"\n        }',
      ),
      `graph.hcl:${EXTRA_LINE + 4}:9: error: relationship "to-b": ` +
        'external_id joins the profile, so it belongs only directly under ' +
        'the profile; here use join_on = "…" or a junction_table { … } block',
    ],
    [
      'a left_join_on naming the related entity instead of the parent',
      nested(
        `${JOIN_B}\n        junction_table {\n          table_ref = "S.J"\n` +
          '          primary_key = "ID"\n' +
          '          left_join_on = "b.ID = A_ID"\n' +
          '          right_join_on = "B_ID = b.ID"\n        }',
      ),
      `graph.hcl:${EXTRA_LINE + 6}:26: error: junction_table of ` +
        'relationship "to-b": left_join_on "b.ID = A_ID" names entity "b"; ' +
        'expected the parent\'s related entity "a"',
    ],
    [
      'a right_join_on with the sides swapped',
      nested(
        `${JOIN_B}\n        junction_table {\n          table_ref = "S.J"\n` +
          '          primary_key = "ID"\n' +
          '          left_join_on = "a.ID = A_ID"\n' +
          '          right_join_on = "b.ID = B_ID"\n        }',
      ),
      `graph.hcl:${EXTRA_LINE + 7}:27: error: junction_table of ` +
        'relationship "to-b": right_join_on side "b.ID" is not one column ' +
        'of the junction table; expected "JUNCTION_COLUMN = b.COLUMN"',
    ],
    [
      'a junction_table missing right_join_on',
      nested(
        `${JOIN_B}\n        junction_table {\n          table_ref = "S.J"\n` +
          '          primary_key = "ID"\n' +
          '          left_join_on = "a.ID = A_ID"\n        }',
      ),
      `graph.hcl:${EXTRA_LINE + 3}:9: error: junction_table of relationship ` +
        '"to-b": missing required attribute right_join_on',
    ],
    [
      'a duplicate relationship slug',
      nested(`${JOIN_B}\n        join_on = "a.ID = b.A_ID"`, 'to-a'),
      `graph.hcl:${EXTRA_LINE}:20: error: relationship "to-a" is already ` +
        'defined at 20:18; expected unique relationship slugs',
    ],
    [
      'a relationship slug with a dot',
      nested(`${JOIN_B}\n        join_on = "a.ID = b.A_ID"`, 'to.b'),
      `graph.hcl:${EXTRA_LINE}:20: error: relationship "to.b": slug "to.b" ` +
        'is not valid; expected lower-case letters, digits, "-" and "_" ' +
        '(did you mean "to-b"?)',
    ],
  ])('reports %s', (_, extra, expected) => {
    expect(diagnose(graphWith(extra))).toEqual([expected]);
  });

  it('reports a relationship under the profile with neither external_id nor trait', () => {
    const extra =
      '    relationship "to-b" {\n      name = "B"\n' +
      '      related_entity = "b"\n    }';

    expect(diagnose(graphWith('', extra))).toEqual([
      `graph.hcl:${EXTRA_LINE + 2}:5: error: relationship "to-b": expected ` +
        'an external_id { … } block or a trait { … } block to say how it ' +
        'joins, found neither',
    ]);
  });

  it('reports a join_on directly under the profile', () => {
    const extra =
      '    relationship "to-b" {\n      name = "B"\n' +
      '      related_entity = "b"\n      join_on = "a.ID = b.ID"\n' +
      '      trait {\n        name = "t"\n        join_key = "T"\n      }\n    }';

    expect(diagnose(graphWith('', extra))).toEqual([
      `graph.hcl:${EXTRA_LINE + 5}:7: error: relationship "to-b": join_on ` +
        'is for a relationship nested in another; directly under the ' +
        'profile use an external_id { … } or trait { … } block',
    ]);
  });

  it('accepts a join_on written related side first', () => {
    const graph = parseValid(
      graphWith(nested(`${JOIN_B}\n        join_on = "b.A_ID = a.ID"`)),
    );
    const join = graph.profile?.relationships[0]?.relationships[0]?.join;

    expect(join).toMatchObject({
      kind: 'join_on',
      parentSide: { entity: 'a', column: { name: 'ID' } },
      relatedSide: { entity: 'b', column: { name: 'A_ID' } },
    });
  });

  it('takes the left side as the parent when both sides are one entity', () => {
    const graph = parseValid(
      graphWith(
        nested(
          '        name = "A again"\n        related_entity = "a"\n' +
            '        join_on = "a.MANAGER_ID = a.ID"',
          'manager',
        ),
      ),
    );
    const join = graph.profile?.relationships[0]?.relationships[0]?.join;

    expect(join).toMatchObject({
      parentSide: { entity: 'a', column: { name: 'MANAGER_ID' } },
      relatedSide: { entity: 'a', column: { name: 'ID' } },
    });
  });

  it('reads quoted join columns written with escaped quotes', () => {
    const graph = parseValid(
      graphWith(
        nested(`${JOIN_B}\n        join_on = "a.\\"Id\\" = b.\\"A=Id\\""`),
      ),
    );
    const join = graph.profile?.relationships[0]?.relationships[0]?.join;

    expect(join).toMatchObject({
      parentSide: { column: { name: 'Id', quoted: true } },
      relatedSide: { column: { name: 'A=Id', quoted: true } },
    });
  });

  it('skips the join check of a relationship whose parent entity is already wrong', () => {
    const text = graphWith(
      '      relationship "to-b" {\n        name = "B"\n' +
        '        related_entity = "nope"\n        join_on = "a.ID = b.X"\n' +
        nested(
          '        name = "C"\n        related_entity = "c"\n' +
            '        join_on = "b.ID = c.B_ID"',
          'to-c',
        ) +
        '\n      }',
    );

    expect(diagnose(text)).toEqual([
      `graph.hcl:${EXTRA_LINE + 2}:26: error: relationship "to-b": ` +
        'related_entity "nope" names no entity; expected the slug of an ' +
        'entity block',
    ]);
  });
});

describe('nesting depth', () => {
  function chain(levels: number): string {
    let body = '';
    // "to-a" of graphWith is level 2 and relates "a"; the chain alternates.
    for (let level = levels; level >= 3; level--) {
      const entity = level % 2 === 0 ? 'a' : 'b';
      const parent = level % 2 === 0 ? 'b' : 'a';
      body =
        `relationship "r${level}" {\n name = "r"\n related_entity = "${entity}"\n` +
        ` join_on = "${parent}.ID = ${entity}.P_ID"\n${body}\n}`;
    }
    return graphWith(body);
  }

  it('accepts relationships five levels below the profile (depth 6)', () => {
    const graph = parseValid(chain(6));
    let deepest = graph.profile?.relationships[0];
    while (deepest?.relationships[0]) deepest = deepest.relationships[0];

    expect(deepest).toMatchObject({ slug: 'r6', depth: 6, parent: 'r5' });
  });

  it('rejects a relationship six levels below the profile (depth 7)', () => {
    expect(diagnose(chain(7))).toEqual([
      `graph.hcl:${EXTRA_LINE + 16}:1: error: relationship "r7" is nested ` +
        '6 levels below the profile; expected at most 5 (6 levels with the ' +
        'profile)',
    ]);
  });
});
