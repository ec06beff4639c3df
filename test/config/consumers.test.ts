import { describe, expect, it } from 'vitest';
import { checkConsumerUses } from '../../src/config/consumers.js';
import type { Consumer } from '../../src/model/consumer.js';
import { loadText, MINIMAL, problemsOf } from './support.js';

const FILE_CONSUMERS = `consumers:
  - id: aud-premium-carts
    name: Premium shoppers with open carts
    type: linked_audience
    uses: [relationship:user-carts]
    owner: growth@example.com
  - id: evt-cart-enrich
    name: Cart enrichment
    type: linked_event
    uses:
      - entity:cart-entity
`;

describe('consumers in the config', () => {
  it('reads a consumers file relative to the config folder', async () => {
    const config = await loadText(
      `${MINIMAL}consumers: ./lists/consumers.yaml\n`,
      {},
      { 'lists/consumers.yaml': FILE_CONSUMERS },
    );
    const dir = config.configPath.replace(/\/config\.yaml$/, '');

    expect(config.consumersPath).toBe(`${dir}/lists/consumers.yaml`);
    expect(config.consumers).toEqual([
      {
        id: 'aud-premium-carts',
        name: 'Premium shoppers with open carts',
        type: 'linked_audience',
        uses: ['relationship:user-carts'],
        owner: 'growth@example.com',
      },
      {
        id: 'evt-cart-enrich',
        name: 'Cart enrichment',
        type: 'linked_event',
        uses: ['entity:cart-entity'],
        owner: null,
      },
    ]);
  });

  it('reads a consumers file that holds a bare list', async () => {
    const config = await loadText(
      `${MINIMAL}consumers: consumers.yaml\n`,
      {},
      {
        'consumers.yaml':
          '- { id: a1, name: A, type: other, uses: [entity:x] }\n',
      },
    );

    expect(config.consumers.map((c) => c.id)).toEqual(['a1']);
  });

  it('reads an empty consumers file as no consumers', async () => {
    const config = await loadText(
      `${MINIMAL}consumers: consumers.yaml\n`,
      {},
      { 'consumers.yaml': '# none yet\n' },
    );

    expect(config.consumers).toEqual([]);
  });

  it('reads an inline list, expanding ${VAR} like the rest of the config', async () => {
    const config = await loadText(
      `${MINIMAL}consumers:\n` +
        `  - id: aud-1\n    name: One\n    type: other\n` +
        `    uses: [entity:account]\n    owner: \${OWNER}\n`,
      { OWNER: 'data@example.com' },
    );

    expect(config.consumersPath).toBeNull();
    expect(config.consumers[0]?.owner).toBe('data@example.com');
  });

  it('names the file, line and entry of each bad consumer', async () => {
    const problems = await problemsOf(
      `${MINIMAL}consumers: consumers.yaml\n`,
      {},
      {
        'consumers.yaml': [
          'consumers:',
          '  - id: aud-a',
          '    name: A',
          '    type: linked_audiance',
          '    uses: [relationship:user-carts]',
          '  - id: aud b',
          '    name: B',
          '    type: other',
          '    uses: [entities:cart, relationship:Cart, user-carts]',
          '    owner: nobody',
          '    team: growth',
          '  - just text',
          '  - { id: aud-c, type: other }',
        ].join('\n'),
      },
    );

    expect(problems).toEqual([
      'consumers.yaml:4: consumers[0].type: expected one of linked_audience, ' +
        'linked_event, other, got "linked_audiance" ' +
        '(did you mean "linked_audience"?)',
      'consumers.yaml:6: consumers[1].id: expected letters, digits, ".", "_" ' +
        'or "-", got "aud b"',
      'consumers.yaml:9: consumers[1].uses[0]: expected entity:<slug> or ' +
        'relationship:<slug>, got "entities:cart" (did you mean "entity:cart"?)',
      'consumers.yaml:9: consumers[1].uses[1]: expected entity:<slug> or ' +
        'relationship:<slug>, got "relationship:Cart" (slugs are lower case)',
      'consumers.yaml:9: consumers[1].uses[2]: expected entity:<slug> or ' +
        'relationship:<slug>, got "user-carts" (write entity:user-carts or ' +
        'relationship:user-carts)',
      'consumers.yaml:10: consumers[1].owner: expected an email address, ' +
        'got "nobody"',
      'consumers.yaml:11: consumers[1].team: unknown key',
      'consumers.yaml:12: consumers[2]: expected a mapping with id, name, ' +
        'type and uses, got "just text"',
      'consumers.yaml:13: consumers[3].name: required',
      'consumers.yaml:13: consumers[3].uses: required: a list of ' +
        'entity:<slug> or relationship:<slug>',
    ]);
  });

  it('names duplicate ids with the line of the first one', async () => {
    const problems = await problemsOf(
      `${MINIMAL}consumers:\n` +
        `  - { id: aud-x, name: X, type: other, uses: [entity:a] }\n` +
        `  - { id: aud-y, name: Y, type: other, uses: [entity:a] }\n` +
        `  - { id: aud-x, name: X2, type: other, uses: [entity:b] }\n`,
    );

    expect(problems).toEqual([
      'config.yaml:8: consumers[2].id: duplicate id "aud-x" (also ' +
        'consumers[0], line 6); ids must be unique and stable',
    ]);
  });

  it('names a consumers file that is missing or not YAML', async () => {
    const missing = await problemsOf(`${MINIMAL}consumers: ./none.yaml\n`);
    const broken = await problemsOf(
      `${MINIMAL}consumers: c.yaml\n`,
      {},
      { 'c.yaml': 'consumers:\n  - id: [\n' },
    );

    expect(missing).toEqual([
      'config.yaml:5: consumers: none.yaml: no such file',
    ]);
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatch(/^c\.yaml:3:1: invalid YAML: /);
  });

  it('reports config and consumers file problems together', async () => {
    const problems = await problemsOf(
      `${MINIMAL}log_level: chatty\nconsumers: c.yaml\n`,
      {},
      { 'c.yaml': '- { id: a, name: A, type: nope, uses: [entity:x] }\n' },
    );

    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^config\.yaml:5: log_level: /);
    expect(problems[1]).toMatch(/^c\.yaml:1: consumers\[0\]\.type: /);
  });

  it('refuses consumers that are neither a list nor a path', async () => {
    const problems = await problemsOf(`${MINIMAL}consumers: { a: 1 }\n`);

    expect(problems).toEqual([
      'config.yaml:5: consumers: expected a list or a file path, got a mapping',
    ]);
  });
});

describe('checkConsumerUses', () => {
  const subjects = [
    'entity:cart-entity',
    'entity:account-entity',
    'relationship:user-carts',
    'relationship:products',
    'profile',
  ];
  const consumer = (id: string, uses: string[]): Consumer => ({
    id,
    name: id,
    type: 'linked_audience',
    uses,
    owner: null,
  });

  it('accepts uses that name elements of the graph', () => {
    const consumers = [
      consumer('a', ['entity:cart-entity', 'relationship:products']),
    ];

    expect(checkConsumerUses(consumers, subjects, { file: null })).toEqual([]);
  });

  it('names each unknown element with the closest one', () => {
    const consumers = [
      consumer('aud-x', ['relationship:user-cart', 'entity:cart-entity']),
      consumer('aud-y', ['entity:carts-entity', 'relationship:zzz']),
    ];

    expect(
      checkConsumerUses(consumers, subjects, { file: 'consumers.yaml' }),
    ).toEqual([
      'consumers.yaml: consumer aud-x uses relationship:user-cart, which the ' +
        'graph does not define (did you mean "relationship:user-carts"?)',
      'consumers.yaml: consumer aud-y uses entity:carts-entity, which the ' +
        'graph does not define (did you mean "entity:cart-entity"?)',
      'consumers.yaml: consumer aud-y uses relationship:zzz, which the graph ' +
        'does not define',
    ]);
  });

  it('suggests the other kind when the slug exists under it', () => {
    const consumers = [consumer('aud-z', ['entity:products'])];

    expect(checkConsumerUses(consumers, subjects, { file: null })).toEqual([
      'consumer aud-z uses entity:products, which the graph does not define ' +
        '(did you mean "relationship:products"?)',
    ]);
  });
});
