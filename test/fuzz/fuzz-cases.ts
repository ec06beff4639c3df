// The fuzz corpus, case by case: any case can be rebuilt from its family,
// seed and index alone, so a failure seen in a child process can be
// printed and replayed by the parent.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  caseSeed,
  createRandom,
  hugeGraph,
  mutate,
  ODD_CHARACTERS,
  type FuzzCase,
} from './graph-mutations.js';

/** A family of cases. */
export type CaseFamily = 'mutation' | 'unicode' | 'huge' | 'bytes';

/** The reference graph every mutation starts from. */
export const REFERENCE_GRAPH = readFileSync(
  fileURLToPath(new URL('../fixtures/cases/graph.hcl', import.meta.url)),
  'utf8',
);

/** Places in the reference graph where an odd character goes. */
const PLACES: readonly { name: string; find: string; offset: number }[] = [
  { name: 'start of the file', find: 'data_graph', offset: 0 },
  { name: 'inside a block type', find: 'data_graph', offset: 4 },
  { name: 'before an opening brace', find: 'data_graph {', offset: 11 },
  { name: 'inside a label', find: '"account-entity"', offset: 5 },
  { name: 'inside an attribute name', find: 'table_ref', offset: 5 },
  { name: 'before "="', find: 'name = "account"', offset: 5 },
  {
    name: 'inside a string value',
    find: '"PRODUCTION.CUST.ACCOUNT"',
    offset: 12,
  },
  {
    name: 'after a string value',
    find: '"PRODUCTION.CUST.ACCOUNT"',
    offset: 25,
  },
  { name: 'inside a join_on', find: 'account-entity.ID =', offset: 17 },
  { name: 'inside a comment', find: '# profile tables', offset: 9 },
  { name: 'instead of a newline', find: '"v1.0.0"\n', offset: 8 },
  { name: 'inside a closing brace line', find: '\n  }\n}', offset: 3 },
  { name: 'end of the file', find: '', offset: -1 },
];

/** How many cases the unicode family has. */
export const UNICODE_CASE_COUNT =
  Object.keys(ODD_CHARACTERS).length * PLACES.length;

/** Names of the huge cases, in index order. */
export const HUGE_CASES: readonly string[] = [
  'a 3 MB valid graph of 26,000 entities',
  'a 3 MB graph whose last entity lacks its closing brace',
  'a 2 MB string on one line',
  'a 2 MB unterminated block comment',
  'a 2 MB line comment',
  '500,000 opening braces',
  '500,000 closing braces',
  '100,000 nested relationship blocks',
  '200,000 attributes in one block',
  '2 MB of odd unicode',
  '300,000 unterminated strings, one a line',
  '1 MB of NUL characters',
];

/** Rebuilds case `index` of a family. */
export function buildCase(
  family: CaseFamily,
  seed: number,
  index: number,
): FuzzCase {
  if (family === 'mutation') {
    return mutate(REFERENCE_GRAPH, createRandom(caseSeed(seed, index)));
  }
  if (family === 'unicode') return unicodeCase(index);
  if (family === 'bytes') {
    const { bytes, steps } = buildBytes(seed, index);
    return { text: bytes.toString('utf8'), steps };
  }
  return { text: hugeCase(index), steps: [HUGE_CASES[index] ?? '?'] };
}

/**
 * The reference graph as UTF-8 with random bytes flipped, dropped or
 * doubled: often no longer valid UTF-8, as a file on disk can be.
 */
export function buildBytes(
  seed: number,
  index: number,
): { bytes: Buffer; steps: string[] } {
  const random = createRandom(caseSeed(seed ^ 0x5bd1e995, index));
  const bytes = [
    ...Buffer.from(
      REFERENCE_GRAPH.replace('name = "cart"', 'name = "cärt \u{1F6D2}"'),
    ),
  ];
  const steps: string[] = [];

  for (let n = 1 + random.below(6); n > 0; n--) {
    const at = random.below(bytes.length);
    const byte = random.pick([0x00, 0x80, 0xbf, 0xc0, 0xe2, 0xf0, 0xff]);
    const how = random.pick(['flip', 'drop', 'double', 'set']);
    if (how === 'flip') bytes[at] = bytes[at]! ^ (1 << random.below(8));
    if (how === 'drop') bytes.splice(at, 1);
    if (how === 'double') bytes.splice(at, 0, bytes[at]!);
    if (how === 'set') bytes[at] = byte;
    steps.push(`${how} byte ${at}`);
  }
  return { bytes: Buffer.from(bytes), steps };
}

function unicodeCase(index: number): FuzzCase {
  const names = Object.keys(ODD_CHARACTERS);
  const name = names[index % names.length]!;
  const place = PLACES[Math.floor(index / names.length)]!;
  const char = ODD_CHARACTERS[name]!;

  const found = REFERENCE_GRAPH.indexOf(place.find);
  const at = place.offset < 0 ? REFERENCE_GRAPH.length : found + place.offset;
  const end = place.name === 'instead of a newline' ? at + 1 : at;
  const text = REFERENCE_GRAPH.slice(0, at) + char + REFERENCE_GRAPH.slice(end);
  return { text, steps: [`${name} at the ${place.name}`] };
}

function hugeCase(index: number): string {
  const mb = 1024 * 1024;
  const odd = Object.values(ODD_CHARACTERS).join(' ');
  switch (index) {
    case 0:
      return hugeGraph(3 * mb);
    case 1:
      return hugeGraph(3 * mb).replace(/\s*\}\n\}\n$/, '\n}\n');
    case 2:
      return `data_graph {\n  version = "${'x'.repeat(2 * mb)}"\n}\n`;
    case 3:
      return `data_graph {\n/* ${'x }{ "\n'.repeat(mb / 5)}`;
    case 4:
      return `data_graph {\n# ${'x'.repeat(2 * mb)}\n}\n`;
    case 5:
      return '{'.repeat(500_000);
    case 6:
      return '}'.repeat(500_000);
    case 7:
      return 'data_graph {\n' + 'relationship "r" {\n'.repeat(100_000);
    case 8:
      return `data_graph {\n${'  a = "b"\n'.repeat(200_000)}}\n`;
    case 9:
      return odd.repeat(Math.ceil((2 * mb) / odd.length));
    case 10:
      return 'data_graph {\n' + '  name = "abc\n'.repeat(300_000);
    default:
      return '\u0000'.repeat(mb);
  }
}
