import { describe, expect, it } from 'vitest';
import { parseGraph } from '../../src/graph/parse-graph.js';
import { CASES_GRAPH, diagnose, parseValid } from './support.js';
import { readFileSync } from 'node:fs';

const entityWith = (name: string): string =>
  `data_graph {\n  entity "e" {\n    name = ${name}\n` +
  '    table_ref = "DB.S.T"\n    primary_key = "ID"\n  }\n}\n';

describe('strings', () => {
  it.each([
    ['"say \\"hi\\""', 'say "hi"'],
    ['"back\\\\slash"', 'back\\slash'],
    ['"two\\nlines\\tand tab"', 'two\nlines\tand tab'],
    ['"caf\\u00e9 \\u2192"', 'café →'],
    ['"# not a comment // nor this"', '# not a comment // nor this'],
  ])('decodes %s', (written, decoded) => {
    expect(parseValid(entityWith(written)).entities[0]?.name).toBe(decoded);
  });

  it('reports an unknown escape where it is written', () => {
    expect(diagnose(entityWith('"a\\qb"'))).toEqual([
      'graph.hcl:3:14: error: invalid escape "\\q" in string; expected one ' +
        'of \\" \\\\ \\n \\t \\u and four hex digits',
    ]);
  });

  it('reports a \\u escape without four hex digits', () => {
    expect(diagnose(entityWith('"\\u12G4"'))).toEqual([
      'graph.hcl:3:13: error: invalid escape "\\u12G4" in string; expected ' +
        'one of \\" \\\\ \\n \\t \\u and four hex digits',
    ]);
  });

  it('reports an unterminated string at its opening quote and reads on', () => {
    const text =
      'data_graph {\n  entity "e" {\n    name = "open\n' +
      '    table_ref = "DB.S.T"\n    primary_key = 7\n  }\n}\n';

    expect(diagnose(text)).toEqual([
      'graph.hcl:3:12: error: unterminated string: expected a closing " ' +
        'before the end of the line',
      'graph.hcl:5:19: error: entity "e": primary_key must be a quoted ' +
        'string, found a number',
    ]);
  });
});

describe('comments', () => {
  it('skips #, // and /* */ comments, also between tokens', () => {
    const text =
      '# head\ndata_graph { // trailing\n  /* a\n  multi-line\n  note */\n' +
      '  version /* inline */ = "v2" # after\n}\n';

    expect(parseValid(text).version).toBe('v2');
  });

  it('reports an unterminated block comment where it opens', () => {
    expect(diagnose('data_graph {\n}\n/* never\nclosed\n')).toEqual([
      'graph.hcl:3:1: error: unterminated comment: expected "*/" to close ' +
        'the "/*" here',
    ]);
  });
});

describe('statements and positions', () => {
  it('counts columns from 1 with tabs as one column', () => {
    expect(diagnose('data_graph {\n\tcolour = "x"\n}\n')[0]).toMatch(
      /^graph\.hcl:2:2: warning/,
    );
  });

  it('treats CRLF line ends like LF', () => {
    const text = readFileSync(CASES_GRAPH, 'utf8').replaceAll('\n', '\r\n');
    const { graph, diagnostics } = parseGraph(text, 'crlf.hcl');

    expect(diagnostics).toEqual([]);
    expect(graph?.profile?.position.line).toBe(33);
  });

  it.each([
    [
      'a value on the next line',
      'data_graph {\n  version =\n  "v1"\n}\n',
      [
        'graph.hcl:2:11: error: expected a value after "=" for version',
        'graph.hcl:3:3: error: unexpected string "v1": expected an ' +
          'attribute (name = value), a block or "}"',
      ],
    ],
    [
      'two attributes on one line',
      'data_graph {\n  version = "a" profile = "b"\n}\n',
      [
        'graph.hcl:2:17: error: unexpected name profile after the value of ' +
          'version: each attribute goes on its own line',
      ],
    ],
    [
      'a lone name',
      'data_graph {\n  version\n}\n',
      [
        'graph.hcl:2:3: error: expected "=" or "{" after version, found the ' +
          'end of the line',
      ],
    ],
    [
      'an unquoted label',
      'data_graph {\n  entity cart {\n  }\n}\n',
      [
        'graph.hcl:2:3: error: entity "cart": missing required attribute name',
        'graph.hcl:2:3: error: entity "cart": missing required attribute ' +
          'table_ref',
        'graph.hcl:2:3: error: entity "cart": missing required attribute ' +
          'primary_key',
        'graph.hcl:2:10: error: block labels are quoted: write "cart"',
      ],
    ],
    [
      'a list value',
      'data_graph {\n  version = [1]\n}\n',
      [
        'graph.hcl:2:13: error: expected a value for version (a quoted ' +
          'string, true or false), found "["',
      ],
    ],
    [
      'a placeholder as a value',
      'data_graph {\n  version = ...\n}\n',
      [
        'graph.hcl:2:13: error: "..." is a placeholder left from an ' +
          'example: write out the attributes and blocks it stands for',
      ],
    ],
    [
      'a stray closing brace',
      'data_graph {\n}\n}\n',
      ['graph.hcl:3:1: error: unexpected "}": no block is open here'],
    ],
    [
      'a missing closing brace',
      'data_graph {\n  profile {\n    type = "x"\n}\n',
      [
        'graph.hcl:2:3: error: profile: missing required attribute ' +
          'profile_folder',
        'graph.hcl:3:12: error: profile: type "x" is not a profile type; ' +
          'expected "segment:materialized" or "segment:unmaterialized"',
        'graph.hcl:5:1: error: expected "}" to close the data_graph block ' +
          'opened at 1:1, found the end of the file (the "}" at 4:1 closes ' +
          'the profile block opened at 2:3 but is not lined up with it: is ' +
          'a "}" missing inside that block?)',
      ],
    ],
    [
      'an entity missing its closing brace before the next entity',
      'data_graph {\n  entity "a" {\n    name = "A"\n    table_ref = "S.A"\n' +
        '    primary_key = "ID"\n\n  entity "b" {\n    name = "B"\n' +
        '    table_ref = "S.B"\n    primary_key = "ID"\n  }\n}\n',
      [
        'graph.hcl:7:3: error: entity "a": an entity block belongs directly ' +
          'in data_graph: is a "}" missing above it?',
        'graph.hcl:13:1: error: expected "}" to close the data_graph block ' +
          'opened at 1:1, found the end of the file (the "}" at 12:1 closes ' +
          'the entity "a" block opened at 2:3 but is not lined up with it: ' +
          'is a "}" missing inside that block?)',
      ],
    ],
    [
      'an unexpected character',
      'data_graph {\n  @version = "x"\n  version = 2\n}\n',
      [
        'graph.hcl:2:3: error: unexpected "@": expected an attribute ' +
          '(name = value), a block or "}"',
        'graph.hcl:3:13: error: data_graph: version must be a quoted ' +
          'string, found a number',
      ],
    ],
  ])('reports %s', (_, text, expected) => {
    expect(diagnose(text)).toEqual(expected);
  });
});

describe('hostile input', () => {
  it('reports deeply nested braces as an error instead of overflowing the stack', () => {
    const text = 'data_graph {\n' + 'x {'.repeat(100_000);

    expect(diagnose(text)).toEqual([
      'graph.hcl:2:1: warning: data_graph: unknown block x is ignored',
      'graph.hcl:2:96: error: blocks nest more than 32 deep here; a data ' +
        'graph needs far fewer levels (look for a stray "{")',
      'graph.hcl:2:300001: error: expected "}" to close the x block opened ' +
        'at 2:91, the x block opened at 2:88, 29 more blocks and the ' +
        'data_graph block opened at 1:1, found the end of the file',
    ]);
  });

  it('reports a run of opening braces without overflowing the stack', () => {
    const result = parseGraph('{'.repeat(200_000), 'graph.hcl');

    expect(result.graph).toBeNull();
    expect(result.diagnostics.length).toBeGreaterThan(0);
  });

  it('never throws on any prefix or suffix of a valid graph', () => {
    const text = readFileSync(CASES_GRAPH, 'utf8');

    for (let i = 0; i < text.length; i += 7) {
      for (const part of [text.slice(0, i), text.slice(i)]) {
        const result = parseGraph(part, 'cut.hcl');
        const hasError = result.diagnostics.some((d) => d.severity === 'error');
        expect(result.graph === null).toBe(hasError);
      }
    }
  });

  it('never throws on random mutations of a valid graph', () => {
    const text = readFileSync(CASES_GRAPH, 'utf8');
    const pieces = ['{', '}', '"', '=', '\n', '...', '\\', '/*', '#', 'x'];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };

    for (let round = 0; round < 300; round++) {
      const chars = [...text];
      for (let edit = 0; edit < 4; edit++) {
        chars.splice(random(chars.length), random(2), pieces[random(10)] ?? '');
      }
      const result = parseGraph(chars.join(''), 'mutated.hcl');
      expect(Array.isArray(result.diagnostics)).toBe(true);
    }
  });
});
