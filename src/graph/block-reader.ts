/**
 * Reads one block against its schema: which attributes and nested blocks
 * it may hold, their types, and which are required. Reports duplicates,
 * wrong types and missing attributes as errors, unknown names as warnings.
 */
import { didYouMean } from '../model/did-you-mean.js';
import type { DiagnosticSink, Place } from './diagnostics.js';
import { describeValueKind } from './syntax.js';
import type { SyntaxAttribute, SyntaxBlock, SyntaxValue } from './syntax.js';

/** What an attribute's value must be. */
export type AttributeType = 'string' | 'bool';

/** The attributes and nested blocks a block may hold. */
export interface BlockSchema {
  readonly attributes: Readonly<
    Record<
      string,
      { readonly type: AttributeType; readonly isRequired: boolean }
    >
  >;
  /** Nested block types; a labelled one may repeat, others appear once. */
  readonly blocks: Readonly<Record<string, { readonly hasLabel: boolean }>>;
  /** Names of the language that do not belong here, with the reason. */
  readonly misplaced: Readonly<Record<string, string>>;
}

/** A string attribute and where its value starts. */
export interface StringValue {
  readonly value: string;
  readonly at: Place;
}

/** What a block holds, after its schema was checked. */
export class BlockContent {
  /** Valid string and bool attributes, by name. */
  readonly strings = new Map<string, StringValue>();
  readonly bools = new Map<string, boolean>();
  /** Every attribute written, valid or not, with where it starts. */
  readonly written = new Map<string, Place>();
  /** Nested blocks of known types, in source order. */
  readonly blocks = new Map<string, SyntaxBlock[]>();

  /** The nested blocks of one type. */
  blocksOf(type: string): readonly SyntaxBlock[] {
    return this.blocks.get(type) ?? [];
  }
}

/** Checks `block` against `schema`; `context` names it in messages. */
export function readBlock(
  block: SyntaxBlock,
  context: string,
  schema: BlockSchema,
  sink: DiagnosticSink,
): BlockContent {
  const content = new BlockContent();

  for (const item of block.items) {
    if (item.kind === 'attribute') {
      readAttribute(item, context, schema, content, sink);
    } else {
      readNestedBlock(item, context, schema, content, sink);
    }
  }

  for (const [name, spec] of Object.entries(schema.attributes)) {
    if (!spec.isRequired || content.written.has(name)) continue;
    // Content elided by "..." was reported there; do not list it again.
    if (block.hasPlaceholder) continue;
    sink.error(block.at, `${context}: missing required attribute ${name}`);
  }
  return content;
}

/** `entity "cart-entity"`: how a labelled block names itself. */
export function describeLabelled(block: SyntaxBlock): string {
  const label = block.labels[0];
  return label ? `${block.type} "${label.value}"` : block.type;
}

function readAttribute(
  item: SyntaxAttribute,
  context: string,
  schema: BlockSchema,
  content: BlockContent,
  sink: DiagnosticSink,
): void {
  const spec = ownEntry(schema.attributes, item.name);
  if (spec === undefined) {
    reportUnknown(item.name, item.at, 'attribute', context, schema, sink);
    return;
  }

  const first = content.written.get(item.name);
  if (first !== undefined) {
    sink.error(
      item.at,
      `${context}: ${item.name} is already set at ` +
        `${first.line}:${first.column}; ` +
        'expected it once',
    );
    return;
  }
  content.written.set(item.name, item.at);

  if (item.value === null) return;
  const problem = typeProblem(item.value, spec.type);
  if (problem !== null) {
    sink.error(item.value.at, `${context}: ${item.name} ${problem}`);
  } else if (item.value.kind === 'bool') {
    content.bools.set(item.name, item.value.value);
  } else {
    content.strings.set(item.name, {
      value: item.value.value,
      at: item.value.at,
    });
  }
}

function readNestedBlock(
  item: SyntaxBlock,
  context: string,
  schema: BlockSchema,
  content: BlockContent,
  sink: DiagnosticSink,
): void {
  const spec = ownEntry(schema.blocks, item.type);
  if (spec === undefined) {
    reportUnknown(item.type, item.at, 'block', context, schema, sink);
    return;
  }

  const existing = content.blocks.get(item.type) ?? [];
  const first = existing[0];
  if (!spec.hasLabel && first !== undefined) {
    sink.error(
      item.at,
      `${context}: a second ${item.type} block; expected at most one ` +
        `(the first is at ${first.at.line}:${first.at.column})`,
    );
    return;
  }
  if (!hasRightLabels(item, spec.hasLabel, context, sink)) return;

  existing.push(item);
  content.blocks.set(item.type, existing);
}

function hasRightLabels(
  item: SyntaxBlock,
  hasLabel: boolean,
  context: string,
  sink: DiagnosticSink,
): boolean {
  const [first, extra] = item.labels;

  if (hasLabel && first === undefined) {
    sink.error(
      item.at,
      `${context}: a ${item.type} block needs a slug: ` +
        `${item.type} "my-slug" { … }`,
    );
    return false;
  }
  if (hasLabel && extra !== undefined) {
    sink.error(extra.at, `${context}: a ${item.type} block takes one slug`);
  }
  if (!hasLabel && first !== undefined) {
    sink.error(first.at, `${context}: a ${item.type} block takes no label`);
  }
  return true;
}

/** Where the main blocks belong; met elsewhere, a "}" is often missing. */
const STRAY_BLOCKS: Readonly<Record<string, string>> = {
  data_graph: 'data_graph is the outermost block: is a "}" missing above it?',
  entity:
    'an entity block belongs directly in data_graph: is a "}" missing ' +
    'above it?',
  profile:
    'the profile block belongs directly in data_graph: is a "}" missing ' +
    'above it?',
  relationship:
    'a relationship block belongs in the profile or in another ' +
    'relationship: is a "}" missing above it?',
};

function reportUnknown(
  name: string,
  at: Place,
  what: 'attribute' | 'block',
  context: string,
  schema: BlockSchema,
  sink: DiagnosticSink,
): void {
  const reason =
    ownEntry(schema.misplaced, name) ??
    (what === 'block' ? ownEntry(STRAY_BLOCKS, name) : undefined);
  if (reason !== undefined) {
    sink.error(at, `${context}: ${reason}`);
    return;
  }

  const isBlock = Object.hasOwn(schema.blocks, name);
  const isAttribute = Object.hasOwn(schema.attributes, name);
  if (what === 'attribute' && isBlock) {
    sink.error(at, `${context}: ${name} is a block: write ${name} { … }`);
    return;
  }
  if (what === 'block' && isAttribute) {
    const hint = `write ${name} = "…"`;
    sink.error(at, `${context}: ${name} is an attribute: ${hint}`);
    return;
  }

  const known = Object.keys(
    what === 'block' ? schema.blocks : schema.attributes,
  );
  sink.warning(
    at,
    `${context}: unknown ${what} ${name} is ignored` + didYouMean(name, known),
  );
}

function typeProblem(value: SyntaxValue, type: AttributeType): string | null {
  if (type === 'string' && value.kind === 'string') return null;
  if (type === 'bool' && value.kind === 'bool') return null;

  const found = describeValueKind(value);
  if (type === 'string') return `must be a quoted string, found ${found}`;
  const isQuotedBool =
    value.kind === 'string' && /^(true|false)$/.test(value.value);
  const hint = isQuotedBool ? ` (write ${value.value} without quotes)` : '';
  return `must be true or false, found ${found}${hint}`;
}

/** A record's own entry: names from the file must not reach the prototype. */
function ownEntry<T>(
  record: Readonly<Record<string, T>>,
  key: string,
): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
