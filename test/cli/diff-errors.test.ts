// `monitor diff` refuses bad input with exit 2 and one clear message on
// stderr, leaving stdout empty (SPEC §7 exit codes, §10).
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliRun } from '../support/cli.js';
import { casesGraph, edit, makeDiffFolder } from './support/graph-edits.js';

const folder = makeDiffFolder();
const OLD = casesGraph();
folder.write('old.hcl', OLD);

afterAll(() => rmSync(folder.dir, { recursive: true, force: true }));

/** The one stderr line of a refused run; fails on anything else. */
function refusal(run: CliRun): string {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(/this is a bug|\n\s+at /);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  return lines[0] ?? '';
}

describe('monitor diff with a bad graph', () => {
  it('names the file, line and column of an unterminated string', async () => {
    folder.write('bad.hcl', edit(OLD, ['name = "cart"', 'name = "cart']));

    const message = refusal(
      await folder.diff(['old.hcl', 'bad.hcl', '--json']),
    );

    expect(message).toMatch(
      /^monitor: bad\.hcl:15:\d+: error: unterminated string/,
    );
  });

  it('names the dangling reference of OLD, with a did-you-mean', async () => {
    folder.write(
      'typo.hcl',
      edit(OLD, [
        'related_entity = "cart-entity"',
        'related_entity = "carts-entity"',
      ]),
    );

    const message = refusal(await folder.diff(['typo.hcl', 'old.hcl']));

    expect(message).toMatch(/^monitor: typo\.hcl:\d+:\d+: error: /);
    expect(message).toContain('did you mean "cart-entity"');
  });

  // An attribute without "=" reads like a block header; the parser should
  // still point at that line rather than at cascades from it.
  it('points at an attribute that lacks its "=" and at nothing else', async () => {
    folder.write(
      'no-equals.hcl',
      edit(OLD, [
        'table_ref = "PRODUCTION.CUST.CART"',
        'table_ref "PRODUCTION.CUST.CART"',
      ]),
    );

    const message = refusal(await folder.diff(['old.hcl', 'no-equals.hcl']));

    expect(message).toMatch(/^monitor: no-equals\.hcl:16:\d+: error: .*"="/);
  });
});

describe('monitor diff with bad arguments', () => {
  it('names a graph file that does not exist', async () => {
    const message = refusal(await folder.diff(['old.hcl', 'gone.hcl']));

    expect(message).toContain('gone.hcl');
    expect(message).toMatch(/cannot read|no such file|ENOENT/);
  });

  it('refuses stdin for both sides', async () => {
    const message = refusal(await folder.diff(['-', '-'], OLD));

    expect(message).toMatch(/only one of OLD and NEW can be -/);
  });

  it('asks for two files or --git when given none or one', async () => {
    const none = refusal(await folder.diff([]));
    const one = refusal(await folder.diff(['old.hcl']));

    expect(none).toMatch(/give OLD and NEW files .*--git REV/);
    expect(one).toBe(none);
  });

  it('refuses an unknown --fail-on or --format value, naming the choices', async () => {
    const failOn = refusal(
      await folder.diff(['old.hcl', 'old.hcl', '--fail-on', 'any']),
    );
    const format = refusal(
      await folder.diff(['old.hcl', 'old.hcl', '--format', 'xml']),
    );

    expect(failOn).toMatch(/'any' is invalid.*definite, potential/);
    expect(format).toMatch(/'xml' is invalid.*text, json, github/);
  });

  it('refuses a consumer that names no element of OLD, with a did-you-mean', async () => {
    const consumers = folder.write(
      'consumers.yaml',
      [
        '- id: aud-typo',
        '  name: Typo',
        '  type: linked_audience',
        '  uses: [relationship:user-cart]',
        '',
      ].join('\n'),
    );
    const config = folder.write(
      'typo-config.yaml',
      [
        'graph: ./old.hcl',
        `consumers: ${consumers}`,
        'warehouse: { type: postgres, url: "postgres://nobody@127.0.0.1:9/p" }',
        '',
      ].join('\n'),
    );

    const run = await folder.diffWithoutConfig([
      `${folder.dir}/old.hcl`,
      `${folder.dir}/old.hcl`,
      '--config',
      config,
    ]);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('consumers.yaml');
    expect(run.stderr).toContain('relationship:user-cart');
    expect(run.stderr).toContain('did you mean "relationship:user-carts"');
  });
});
