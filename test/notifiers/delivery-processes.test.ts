import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDelivery } from '../../notifiers/delivery.js';
import { OutboxStore } from '../../src/state/outbox-store.js';
import {
  droppedProductTable,
  SYNC_CONTEXT,
  syncReport,
} from './support/fixtures.js';
import { deliverySettings } from './support/harness.js';
import {
  startSlackReceiver,
  type SlackReceiver,
} from './support/slack-receiver.js';
import { openTempState, type TempState } from './support/state.js';

const register = fileURLToPath(
  new URL('./support/ts-register.mjs', import.meta.url),
);
const child = fileURLToPath(
  new URL('./support/delivery-child.ts', import.meta.url),
);

function startChild(args: string[]): {
  process: ChildProcess;
  output: Promise<string>;
} {
  const proc = spawn(process.execPath, ['--import', register, child, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  proc.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const output = new Promise<string>((resolve) =>
    proc.on('exit', () => resolve(out)),
  );
  return { process: proc, output };
}

function countById(
  ids: readonly (string | null)[],
): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

describe('delivery across processes', () => {
  let receiver: SlackReceiver;
  let state: TempState;

  beforeEach(() => {
    state = openTempState();
  });
  afterEach(async () => {
    await receiver.close();
    state.remove();
  });

  it('sends each row once when two processes deliver from one state file', async () => {
    receiver = await startSlackReceiver({ delayMs: 120 });
    const parent = createDelivery({
      db: state.db,
      settings: deliverySettings({ webhookUrl: receiver.url }),
    });
    for (let id = 1; id <= 30; id += 1) {
      parent.enqueueSyncAlerts(
        syncReport(id, [droppedProductTable()]),
        SYNC_CONTEXT,
      );
    }

    const workers = [
      startChild(['deliver', state.path, receiver.url]),
      startChild(['deliver', state.path, receiver.url]),
    ];
    const results = (await Promise.all(workers.map((w) => w.output))).map(
      (text) => JSON.parse(text) as { sent: number },
    );

    const counts = countById(receiver.accepted.map((p) => p.messageId));
    expect(counts.size).toBe(30);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(receiver.requests).toHaveLength(30);
    expect(results.map((r) => r.sent).reduce((a, b) => a + b)).toBe(30);
    expect(results.every((r) => r.sent > 0)).toBe(true);
    expect(parent.counts()).toEqual({ pending: 0, dead: 0 });
  });

  it('delivers once, after a restart, what a killed process left undelivered', async () => {
    receiver = await startSlackReceiver();
    receiver.setDefault('hang');
    const first = startChild([
      'enqueue',
      state.path,
      receiver.url,
      '101',
      '102',
      '103',
    ]);
    await receiver.waitForRequests(1, 20_000);
    first.process.kill('SIGKILL');
    await first.output;

    receiver.setDefault({ status: 200, body: 'ok' });
    const restarted = createDelivery({
      db: state.open(),
      settings: deliverySettings({ webhookUrl: receiver.url }),
    });
    const result = await restarted.deliverUntil(Date.now() + 15_000);

    const counts = countById(receiver.accepted.map((p) => p.messageId));
    expect([...counts.entries()].sort()).toEqual([
      ['101-slack', 1],
      ['102-slack', 1],
      ['103-slack', 1],
    ]);
    expect(result).toMatchObject({ sent: 3, pending: 0, dead: 0 });
    const log = new OutboxStore(state.db).listDeliveries('101-slack');
    expect(log.map((d) => [d.attempt, d.outcome])).toEqual([[2, 'sent']]);
  });
});
