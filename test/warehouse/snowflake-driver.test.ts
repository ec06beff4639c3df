// The real snowflake-sdk, pointed through access_url at a port on
// 127.0.0.1 that refuses connections: opening must fail with a warehouse
// error at once (not after minutes of login retries), keep the password out of the message and
// print nothing on stdout (sync-now --json stays clean).
import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import type { WarehouseConfig } from '../../src/config/types.js';
import { WarehouseError } from '../../src/model/errors.js';
import { openSnowflakeWarehouse } from '../../src/warehouse/snowflake.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null)
    throw new Error('no port');
  return address.port;
}

describe('snowflake adapter with the real driver', () => {
  it('fails with a warehouse error and writes nothing to stdout', async () => {
    const port = await closedPort();
    const config: WarehouseConfig = {
      type: 'snowflake',
      database: 'PRODUCTION',
      queryTimeoutMs: 3_000,
      path: null,
      attach: [],
      url: null,
      snowflake: {
        account: 'acme-test',
        username: 'MONITOR',
        password: 'never-sent-password',
        privateKeyPath: null,
        privateKeyPassphrase: null,
        oauthToken: null,
        role: null,
        warehouse: null,
        accessUrl: `http://127.0.0.1:${port}`,
      },
      bigquery: null,
      databricks: null,
    };
    const write = vi.spyOn(process.stdout, 'write');

    const opening = openSnowflakeWarehouse(config);

    const error = (await opening.catch((e: unknown) => e)) as WarehouseError;
    expect(error).toBeInstanceOf(WarehouseError);
    expect(error.failure).toBe('network');
    expect(error.message).toMatch(/^warehouse snowflake: connect ECONNREFUSED/);
    expect(error.message).not.toContain('never-sent-password');
    expect(write).not.toHaveBeenCalled();
    write.mockRestore();
  });
});
