import { describe, expect, it } from 'vitest';
import { isCompatibleType } from '../../checks/type-compat.js';
import type { TypeFamily } from '../../src/model/catalog.js';

describe('type compatibility', () => {
  it.each<[string, TypeFamily, string, TypeFamily, boolean]>([
    ['bigint', 'number', 'numeric(24,0)', 'number', true],
    ['NUMBER(38,0)', 'number', 'BIGINT', 'number', true],
    ['VARCHAR(16)', 'string', 'TEXT', 'string', true],
    ['bigint', 'number', 'text', 'string', false],
    ['date', 'temporal', 'text', 'string', false],
    ['geometry', 'other', 'geometry', 'other', true],
    ['USER-DEFINED', 'other', 'user-defined', 'other', true],
    ['geometry', 'other', 'geography', 'other', false],
  ])('%s (%s) and %s (%s): %s', (typeA, familyA, typeB, familyB, expected) => {
    const a = { type: typeA, family: familyA };
    const b = { type: typeB, family: familyB };

    expect(isCompatibleType(a, b)).toBe(expected);
    expect(isCompatibleType(b, a)).toBe(expected);
  });
});
