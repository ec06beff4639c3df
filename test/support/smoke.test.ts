import { describe, expect, it } from 'vitest';
import { createTestDatabase, withClient } from './postgres.js';

describe('test PostgreSQL server', () => {
  it('accepts connections to a fresh database', async () => {
    const url = await createTestDatabase('smoke');
    const rows = await withClient(url, (c) => c.query('SELECT 1 AS one'));
    expect(rows.rows[0]).toEqual({ one: 1 });
  });
});
