/**
 * The join expressions of SPEC §2: `join_on = "A.COL = B.COL"`,
 * `left_join_on = "PARENT.COL = JUNCTION_COL"` and
 * `right_join_on = "JUNCTION_COL = RELATED.COL"`, where A, B, PARENT and
 * RELATED are entity slugs.
 */
import { didYouMean } from '../model/did-you-mean.js';
import type { EntityColumn } from '../model/graph.js';
import { parseNamePath } from '../model/names.js';
import type { NamePart } from '../model/names.js';
import { fail } from './identifiers.js';
import type { Parsed } from './identifiers.js';

/** Both sides of a `join_on`, sorted into parent and related. */
export interface JoinOnSides {
  readonly parentSide: EntityColumn;
  readonly relatedSide: EntityColumn;
}

/**
 * Reads a `join_on` between the parent relationship's related entity and
 * this relationship's. Either order is accepted; when both are one entity,
 * the left side is the parent's.
 */
export function parseJoinOn(
  text: string,
  parent: string,
  related: string,
): Parsed<JoinOnSides> {
  const expected = `expected "${parent}.COLUMN = ${related}.COLUMN"`;
  const sides = splitEquation(text, 'join_on', expected);
  if (!sides.ok) return sides;

  const left = parseEntityColumn(sides.value[0], 'join_on', expected);
  if (!left.ok) return left;
  const right = parseEntityColumn(sides.value[1], 'join_on', expected);
  if (!right.ok) return right;

  const [l, r] = [left.value, right.value];
  if (l.entity === parent && r.entity === related) {
    return { ok: true, value: { parentSide: l, relatedSide: r } };
  }
  if (l.entity === related && r.entity === parent) {
    return { ok: true, value: { parentSide: r, relatedSide: l } };
  }

  const known = [parent, related];
  const stray = [l, r].find((side) => !known.includes(side.entity)) ?? l;
  return fail(
    `join_on "${text}" joins "${l.entity}" and "${r.entity}"; expected ` +
      `the parent's related entity "${parent}" and this relationship's ` +
      `related entity "${related}"` +
      didYouMean(stray.entity, known),
  );
}

/** Reads a `left_join_on`: a parent entity column = a junction column. */
export function parseLeftJoinOn(
  text: string,
  parent: string,
): Parsed<{ parentSide: EntityColumn; junctionColumn: NamePart }> {
  const expected = `expected "${parent}.COLUMN = JUNCTION_COLUMN"`;
  const sides = splitEquation(text, 'left_join_on', expected);
  if (!sides.ok) return sides;

  const entitySide = parseEntityColumn(
    sides.value[0],
    'left_join_on',
    expected,
  );
  if (!entitySide.ok) return entitySide;
  const column = parseJunctionColumn(sides.value[1], 'left_join_on', expected);
  if (!column.ok) return column;

  const wrong = checkEntity(text, 'left_join_on', entitySide.value, [
    parent,
    "the parent's related entity",
  ]);
  if (wrong !== null) return fail(wrong);
  return {
    ok: true,
    value: { parentSide: entitySide.value, junctionColumn: column.value },
  };
}

/** Reads a `right_join_on`: a junction column = a related entity column. */
export function parseRightJoinOn(
  text: string,
  related: string,
): Parsed<{ junctionColumn: NamePart; relatedSide: EntityColumn }> {
  const expected = `expected "JUNCTION_COLUMN = ${related}.COLUMN"`;
  const sides = splitEquation(text, 'right_join_on', expected);
  if (!sides.ok) return sides;

  const column = parseJunctionColumn(sides.value[0], 'right_join_on', expected);
  if (!column.ok) return column;
  const entitySide = parseEntityColumn(
    sides.value[1],
    'right_join_on',
    expected,
  );
  if (!entitySide.ok) return entitySide;

  const wrong = checkEntity(text, 'right_join_on', entitySide.value, [
    related,
    "this relationship's related entity",
  ]);
  if (wrong !== null) return fail(wrong);
  return {
    ok: true,
    value: { junctionColumn: column.value, relatedSide: entitySide.value },
  };
}

/** Splits at the one `=` outside quotes. */
function splitEquation(
  text: string,
  attribute: string,
  expected: string,
): Parsed<[string, string]> {
  const positions: number[] = [];
  let quote: string | null = null;

  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === '`') {
      quote = char;
    } else if (char === '=') {
      positions.push(i);
    }
  }

  const [at] = positions;
  if (at === undefined || positions.length > 1) {
    return fail(`${attribute} "${text}" is not one equation; ${expected}`);
  }
  const sides: [string, string] = [
    text.slice(0, at).trim(),
    text.slice(at + 1).trim(),
  ];
  return { ok: true, value: sides };
}

function parseEntityColumn(
  text: string,
  attribute: string,
  expected: string,
): Parsed<EntityColumn> {
  const trimmed = text;
  const parts = parseNamePath(trimmed);
  const problem = `${attribute} side "${trimmed}" is not entity-slug.COLUMN`;
  if (typeof parts === 'string')
    return fail(`${problem} (${parts}); ${expected}`);

  const [entity, column] = parts;
  if (parts.length !== 2 || entity === undefined || column === undefined) {
    return fail(`${problem}; ${expected}`);
  }
  if (entity.quoted) {
    return fail(`${attribute} side "${trimmed}": entity slugs take no quotes`);
  }
  return { ok: true, value: { entity: entity.name, column } };
}

function parseJunctionColumn(
  text: string,
  attribute: string,
  expected: string,
): Parsed<NamePart> {
  const parts = parseNamePath(text);
  const [only] = typeof parts === 'string' ? [] : parts;

  if (only === undefined || parts.length !== 1) {
    return fail(
      `${attribute} side "${text}" is not one column of the junction ` +
        `table; ${expected}`,
    );
  }
  return { ok: true, value: only };
}

function checkEntity(
  text: string,
  attribute: string,
  side: EntityColumn,
  [entity, role]: [string, string],
): string | null {
  if (side.entity === entity) return null;
  return (
    `${attribute} "${text}" names entity "${side.entity}"; expected ` +
    `${role} "${entity}"`
  );
}
