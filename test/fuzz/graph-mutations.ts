// Seeded, repeatable mutations of a Data Graph file for the fuzz tests:
// byte flips, deletions, token insertions, duplicated blocks, deep
// nesting and odd Unicode. The same seed always gives the same text.

/** A seeded source of random numbers (mulberry32). */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  below(n: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/** One mutated case: its text and the mutations that made it. */
export interface FuzzCase {
  readonly text: string;
  readonly steps: readonly string[];
}

/** Creates a generator whose sequence depends only on `seed`. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const below = (n: number): number => Math.floor(next() * n);
  return { next, below, pick: (items) => items[below(items.length)]! };
}

/** The seed of case `index` of a run seeded with `seed`. */
export function caseSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + index * 0xc2b2ae35) >>> 0;
}

/** Characters no graph should contain, each named for messages. */
export const ODD_CHARACTERS: Readonly<Record<string, string>> = {
  nul: '\u0000',
  bom: '\uFEFF',
  'lone high surrogate': '\uD800',
  'lone low surrogate': '\uDFFF',
  'reversed surrogates': '\uDC00\uD800',
  'right-to-left mark': '\u200F',
  'right-to-left override': '\u202E',
  'left-to-right isolate': '\u2066',
  'combining acute': '\u0301',
  'zero-width joiner': '\u200D',
  'zero-width space': '\u200B',
  'no-break space': '\u00A0',
  'line separator': '\u2028',
  'paragraph separator': '\u2029',
  'next line': '\u0085',
  'vertical tab': '\u000B',
  'form feed': '\u000C',
  escape: '\u001B[31m',
  delete: '\u007F',
  emoji: '\u{1F389}',
  'emoji with modifier': '\u{1F44D}\u{1F3FD}',
  'family emoji': '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
  'fullwidth brace': '\uFF5B',
  'greek question mark': '\u037E',
  'cyrillic a': '\u0430',
  'replacement character': '\uFFFD',
  noncharacter: '\uFFFF',
  'astral private use': '\u{10FFFD}',
};

const TOKENS: readonly string[] = [
  '{',
  '}',
  '{{',
  '}}',
  '"',
  '""',
  '"\\"',
  '\\',
  '\\u',
  '\\u12',
  '\\uZZZZ',
  '\\uD800',
  '\\x41',
  '\\n',
  '\\t',
  '\\\\',
  '=',
  '==',
  '...',
  '..',
  '.',
  '#',
  '//',
  '/*',
  '*/',
  '/* x',
  '\n',
  '\r',
  '\r\n',
  '\t',
  ' ',
  ',',
  ';',
  '[',
  ']',
  '(',
  ')',
  '<<EOF',
  '${x}',
  '%{ if }',
  '-',
  '0',
  '1.2.3',
  '99999999999999999999',
  'true',
  'false',
  'null',
  'entity',
  'profile',
  'data_graph',
  'relationship',
  'external_id',
  'trait',
  'join_on',
  'junction_table',
  'entity "e" {',
  'relationship "r" {',
  'name = "x"',
  'table_ref = "A.B.C"',
  'primary_key = ""',
  'related_entity = "nope"',
  'join_on = "a.ID = b.ID"',
  'join_on = "cart-entity.ID = = cart-entity.ID"',
  'type = 1',
  'table_ref = "\\"A\\".\\"B\\".\\"C\\""',
  'table_ref = "A..C"',
  'table_ref = "`a`.b.c"',
  'version = ',
  '= "v"',
];

type Mutation = (text: string, random: Random) => string;

const MUTATIONS: Readonly<Record<string, Mutation>> = {
  'flip a character': (text, random) => {
    const at = random.below(text.length + 1);
    const code = random.pick([random.below(128), random.below(0x10000)]);
    return text.slice(0, at) + String.fromCharCode(code) + text.slice(at + 1);
  },
  'delete a span': (text, random) => {
    const at = random.below(text.length + 1);
    return text.slice(0, at) + text.slice(at + 1 + random.below(40));
  },
  'insert a token': (text, random) =>
    insertAt(text, random, random.pick(TOKENS)),
  'insert odd unicode': (text, random) =>
    insertAt(text, random, random.pick(Object.values(ODD_CHARACTERS))),
  'duplicate a block': duplicateBlock,
  'nest blocks deeply': (text, random) => {
    const depth = 1 + random.below(200);
    const open = 'relationship "deep" {\n'.repeat(depth);
    const close = random.next() < 0.5 ? '}\n'.repeat(depth) : '';
    return insertAtLine(text, random, open + close);
  },
  'swap two lines': (text, random) => {
    const lines = text.split('\n');
    const a = random.below(lines.length);
    const b = random.below(lines.length);
    [lines[a], lines[b]] = [lines[b]!, lines[a]!];
    return lines.join('\n');
  },
  truncate: (text, random) => text.slice(0, random.below(text.length + 1)),
  'use crlf line ends': (text) => text.replaceAll('\n', '\r\n'),
  'use cr line ends': (text) => text.replaceAll('\n', '\r'),
  'break a string': (text, random) => {
    const quotes = [...text.matchAll(/"/g)].map((m) => m.index);
    if (quotes.length === 0) return text;
    const at = random.pick(quotes) + 1;
    const insert = random.pick(['\\', '\\u', '\n', '"', '\\"', '\u0000']);
    return text.slice(0, at) + insert + text.slice(at);
  },
  'comment out a span': (text, random) => {
    const at = random.below(text.length + 1);
    const end = at + random.below(200);
    const close = random.next() < 0.7 ? '*/' : '';
    return `${text.slice(0, at)}/*${text.slice(at, end)}${close}${text.slice(end)}`;
  },
};

/** The names of every mutation, for reporting counts. */
export const MUTATION_NAMES: readonly string[] = Object.keys(MUTATIONS);

/** Applies one to four random mutations to `base`. */
export function mutate(base: string, random: Random): FuzzCase {
  let text = base;
  const steps: string[] = [];
  const count = 1 + random.below(4);

  for (let i = 0; i < count; i++) {
    const name = random.pick(MUTATION_NAMES);
    text = MUTATIONS[name]!(text, random);
    steps.push(name);
  }
  return { text, steps };
}

/** A few-megabyte graph: many valid entities, then `tail`. */
export function hugeGraph(targetBytes: number, tail = ''): string {
  const parts = ['data_graph {\n'];
  let size = 0;

  for (let i = 0; size < targetBytes; i++) {
    const block =
      `  entity "e-${i}" {\n    name = "entity ${i}"\n` +
      `    table_ref = "DB.S.T${i}"\n    primary_key = "ID"\n  }\n`;
    parts.push(block);
    size += block.length;
  }
  parts.push(tail, '}\n');
  return parts.join('');
}

function insertAt(text: string, random: Random, insert: string): string {
  const at = random.below(text.length + 1);
  return text.slice(0, at) + insert + text.slice(at);
}

function insertAtLine(text: string, random: Random, insert: string): string {
  const lines = text.split('\n');
  lines.splice(random.below(lines.length + 1), 0, insert);
  return lines.join('\n');
}

// Copies a whole `{ … }` block (brace-matched) to another line.
function duplicateBlock(text: string, random: Random): string {
  const lines = text.split('\n');
  const openers = lines.flatMap((line, i) => (line.endsWith('{') ? [i] : []));
  if (openers.length === 0) return text;
  const start = random.pick(openers);
  let depth = 0;
  let end = start;

  for (; end < lines.length; end++) {
    const line = lines[end]!;
    depth += line.split('{').length - line.split('}').length;
    if (depth <= 0) break;
  }
  const block = lines.slice(start, end + 1);
  lines.splice(random.below(lines.length + 1), 0, ...block);
  return lines.join('\n');
}
