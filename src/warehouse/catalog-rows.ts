/**
 * Narrowing of driver rows: catalog rows arrive as `unknown` and are
 * checked field by field, so a driver that changes a value's type fails
 * loudly instead of reading as an empty or different catalog.
 */

/** A driver row as a record; throws when it is not an object. */
export function asRow(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`unexpected ${what} row: ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/** A text field that must be there. */
export function textField(
  row: Record<string, unknown>,
  key: string,
  what: string,
): string {
  const value = row[key];
  if (typeof value !== 'string') throw fieldError(row, key, what, 'text');
  return value;
}

/** A text field that may be null (left joins). */
export function optionalTextField(
  row: Record<string, unknown>,
  key: string,
  what: string,
): string | null {
  const value = row[key];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw fieldError(row, key, what, 'text');
  return value;
}

/** A boolean field that may be null (left joins). */
export function optionalBooleanField(
  row: Record<string, unknown>,
  key: string,
  what: string,
): boolean | null {
  const value = row[key];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'boolean') throw fieldError(row, key, what, 'boolean');
  return value;
}

function fieldError(
  row: Record<string, unknown>,
  key: string,
  what: string,
  expected: string,
): TypeError {
  return new TypeError(
    `unexpected ${what} row: ${key} should be ${expected}, ` +
      `got ${describe(row[key])}`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
