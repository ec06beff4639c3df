/** Slugs and warehouse names as the graph writes them (SPEC §2, §4). */
import { parseNamePath } from '../model/names.js';
import type { NamePart } from '../model/names.js';

/** A parsed value, or a lower-case message saying what was expected. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

/** Whether `text` is a valid entity or relationship slug. */
export function isSlug(text: string): boolean {
  return /^[a-z0-9_-]+$/.test(text);
}

/** Why `text` is not a slug, with a valid spelling to suggest. */
export function slugProblem(text: string): string {
  const suggestion = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const hint =
    suggestion !== '' && suggestion !== text
      ? ` (did you mean "${suggestion}"?)`
      : '';
  return (
    `slug "${text}" is not valid; expected lower-case letters, digits, ` +
    `"-" and "_"${hint}`
  );
}

/** A `table_ref`: `DATABASE.SCHEMA.TABLE` or `SCHEMA.TABLE`. */
export function parseTableRef(text: string): Parsed<NamePart[]> {
  const parts = parseNamePath(text);
  if (typeof parts === 'string')
    return fail(`table_ref is not a dotted name: ${parts}`);

  if (parts.length < 2 || parts.length > 3) {
    return fail(
      `table_ref "${text}" has ${parts.length} part` +
        `${parts.length === 1 ? '' : 's'}; expected DATABASE.SCHEMA.TABLE ` +
        'or SCHEMA.TABLE',
    );
  }
  return { ok: true, value: parts };
}

/** A `profile_folder`: `DATABASE.SCHEMA`. */
export function parseProfileFolder(text: string): Parsed<NamePart[]> {
  const parts = parseNamePath(text);
  if (typeof parts === 'string')
    return fail(`profile_folder is not a dotted name: ${parts}`);

  if (parts.length !== 2) {
    return fail(
      `profile_folder "${text}" has ${parts.length} part` +
        `${parts.length === 1 ? '' : 's'}; expected DATABASE.SCHEMA`,
    );
  }
  return { ok: true, value: parts };
}

/** A single column name, such as a `primary_key` or `join_key`. */
export function parseColumnName(
  text: string,
  attribute: string,
): Parsed<NamePart> {
  const parts = parseNamePath(text.trim());
  if (typeof parts === 'string') {
    return fail(`${attribute} is not a column name: ${parts}`);
  }

  const [only] = parts;
  if (only === undefined || parts.length !== 1) {
    return fail(
      `${attribute} "${text}" has ${parts.length} parts; expected one ` +
        'column name such as ID',
    );
  }
  return { ok: true, value: only };
}

/** A failed parse. */
export function fail<T>(message: string): Parsed<T> {
  return { ok: false, message };
}
