/**
 * Reads how a relationship joins (SPEC §2): `external_id` or `trait`
 * directly under the profile, `join_on` or `junction_table` deeper.
 * Exactly one of each pair must be there.
 */
import type { RelationshipJoin } from '../model/graph.js';
import type { NamePart } from '../model/names.js';
import { readBlock } from './block-reader.js';
import type { BlockContent, BlockSchema } from './block-reader.js';
import type { DiagnosticSink, Place } from './diagnostics.js';
import { parseColumnName, parseTableRef } from './identifiers.js';
import type { Parsed } from './identifiers.js';
import {
  parseJoinOn,
  parseLeftJoinOn,
  parseRightJoinOn,
} from './join-expression.js';
import type { SyntaxBlock } from './syntax.js';

/** The entities a nested relationship joins; null where already invalid. */
export interface JoinEnds {
  readonly parent: string | null;
  readonly related: string | null;
  readonly sink: DiagnosticSink;
}

/** Reads the external_id or trait of a relationship under the profile. */
export function readProfileJoin(
  block: SyntaxBlock,
  content: BlockContent,
  context: string,
  sink: DiagnosticSink,
): RelationshipJoin | null {
  const [externalId] = content.blocksOf('external_id');
  const [trait] = content.blocksOf('trait');
  const one = pickOne(block, context, sink, [
    ['external_id', externalId?.at, 'an external_id { … } block'],
    ['trait', trait?.at, 'a trait { … } block'],
  ]);
  if (one === null) return null;

  const inner = one === 'external_id' ? externalId : trait;
  if (inner === undefined) return null;
  const innerContext = `${one} of ${context}`;
  const schema = one === 'external_id' ? EXTERNAL_ID : TRAIT;
  const fields = readBlock(inner, innerContext, schema, sink);
  const label = fields.strings.get(one === 'external_id' ? 'type' : 'name');
  const joinKey = readColumn(fields, 'join_key', innerContext, sink);

  if (label === undefined || joinKey === null) return null;
  const position = { file: sink.file, ...inner.at };
  return one === 'external_id'
    ? { kind: 'external_id', type: label.value, joinKey, position }
    : { kind: 'trait', name: label.value, joinKey, position };
}

/** Reads the join_on or junction_table of a nested relationship. */
export function readEntityJoin(
  block: SyntaxBlock,
  content: BlockContent,
  context: string,
  ends: JoinEnds,
): RelationshipJoin | null {
  const [junction] = content.blocksOf('junction_table');
  const one = pickOne(block, context, ends.sink, [
    ['join_on', content.written.get('join_on'), 'join_on = "…"'],
    ['junction_table', junction?.at, 'a junction_table { … } block'],
  ]);
  if (one === null) return null;
  if (junction !== undefined) return readJunction(junction, context, ends);

  const joinOn = content.strings.get('join_on');
  const at = content.written.get('join_on');
  // Without both entities the expression cannot be checked; the reason
  // was reported where the entity is named.
  if (!joinOn || !at || ends.parent === null || ends.related === null) {
    return null;
  }
  const sides = report(
    parseJoinOn(joinOn.value, ends.parent, ends.related),
    joinOn.at,
    context,
    ends.sink,
  );
  if (sides === null) return null;
  return {
    kind: 'join_on',
    expression: joinOn.value,
    ...sides,
    position: { file: ends.sink.file, ...at },
  };
}

const EXTERNAL_ID: BlockSchema = {
  attributes: {
    type: { type: 'string', isRequired: true },
    join_key: { type: 'string', isRequired: true },
  },
  blocks: {},
  misplaced: {},
};

const TRAIT: BlockSchema = {
  attributes: {
    name: { type: 'string', isRequired: true },
    join_key: { type: 'string', isRequired: true },
  },
  blocks: {},
  misplaced: {},
};

const JUNCTION: BlockSchema = {
  attributes: {
    table_ref: { type: 'string', isRequired: true },
    primary_key: { type: 'string', isRequired: true },
    left_join_on: { type: 'string', isRequired: true },
    right_join_on: { type: 'string', isRequired: true },
  },
  blocks: {},
  misplaced: {},
};

function readJunction(
  block: SyntaxBlock,
  relationship: string,
  ends: JoinEnds,
): RelationshipJoin | null {
  const { sink } = ends;
  const context = `junction_table of ${relationship}`;
  const fields = readBlock(block, context, JUNCTION, sink);
  const tableRef = fields.strings.get('table_ref');
  const tableParts = tableRef
    ? report(parseTableRef(tableRef.value), tableRef.at, context, sink)
    : null;
  const primaryKey = readColumn(fields, 'primary_key', context, sink);

  const left = fields.strings.get('left_join_on');
  const right = fields.strings.get('right_join_on');
  const leftSides =
    left && ends.parent !== null
      ? report(parseLeftJoinOn(left.value, ends.parent), left.at, context, sink)
      : null;
  const rightSides =
    right && ends.related !== null
      ? report(
          parseRightJoinOn(right.value, ends.related),
          right.at,
          context,
          sink,
        )
      : null;

  if (!tableRef || !tableParts || !primaryKey || !left || !right) return null;
  if (!leftSides || !rightSides) return null;
  return {
    kind: 'junction_table',
    tableRef: tableRef.value,
    tableParts,
    primaryKey,
    leftJoinOn: left.value,
    rightJoinOn: right.value,
    parentSide: leftSides.parentSide,
    junctionParentColumn: leftSides.junctionColumn,
    junctionRelatedColumn: rightSides.junctionColumn,
    relatedSide: rightSides.relatedSide,
    position: { file: sink.file, ...block.at },
  };
}

/**
 * Finds which one of two exclusive options is written; reports both or
 * neither. Each option is [name, where it is written, how to write it].
 */
function pickOne(
  block: SyntaxBlock,
  context: string,
  sink: DiagnosticSink,
  options: [string, Place | undefined, string][],
): string | null {
  const written = options.filter(([, at]) => at !== undefined);
  const [first, second] = written;
  const [a, b] = options.map(([, , how]) => how);

  if (first !== undefined && second !== undefined) {
    const [earlier, later] = isBefore(first[1], second[1])
      ? [first, second]
      : [second, first];
    sink.error(
      later[1] ?? block.at,
      `${context}: holds both ${earlier[0]} (at ${placeText(earlier[1])}) ` +
        `and ${later[0]}; expected exactly one of them`,
    );
    return null;
  }
  if (first === undefined) {
    // The "..." placeholder stands for the missing join; it was reported.
    if (!block.hasPlaceholder) {
      sink.error(
        block.at,
        `${context}: expected ${a} or ${b} to say how it joins, found neither`,
      );
    }
    return null;
  }
  return first[0];
}

function readColumn(
  fields: BlockContent,
  attribute: string,
  context: string,
  sink: DiagnosticSink,
): NamePart | null {
  const text = fields.strings.get(attribute);
  if (text === undefined) return null;
  return report(parseColumnName(text.value, attribute), text.at, context, sink);
}

function report<T>(
  parsed: Parsed<T>,
  at: Place,
  context: string,
  sink: DiagnosticSink,
): T | null {
  if (parsed.ok) return parsed.value;
  sink.error(at, `${context}: ${parsed.message}`);
  return null;
}

function isBefore(a: Place | undefined, b: Place | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

function placeText(at: Place | undefined): string {
  return at === undefined ? '?' : `${at.line}:${at.column}`;
}
