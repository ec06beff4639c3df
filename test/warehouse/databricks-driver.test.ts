import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import type { WarehouseConfig } from '../../src/config/types.js';
import { openDatabricksWarehouse } from '../../src/warehouse/databricks.js';

// The real @databricks/sql driver, pointed at a port on 127.0.0.1 that
// refuses connections: the adapter must fail with a network error and the
// driver must print nothing on stdout (sync-now --json stays clean).
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null)
    throw new Error('no port');
  return address.port;
}

describe('databricks adapter with the real driver', () => {
  it('fails with a network error and writes nothing to stdout', async () => {
    const port = await closedPort();
    const config: WarehouseConfig = {
      type: 'databricks',
      database: null,
      queryTimeoutMs: 5_000,
      path: null,
      attach: [],
      url: null,
      snowflake: null,
      bigquery: null,
      databricks: {
        host: `127.0.0.1:${port}`,
        httpPath: '/sql/1.0/warehouses/abc',
        token: 'dapi-never-sent-anywhere',
      },
    };
    const write = vi.spyOn(process.stdout, 'write');

    const opening = openDatabricksWarehouse(config);

    await expect(opening).rejects.toMatchObject({
      warehouse: 'databricks',
      failure: 'network',
    });
    const error = (await opening.catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain('dapi-never-sent-anywhere');
    expect(write).not.toHaveBeenCalled();
    write.mockRestore();
  });
});
