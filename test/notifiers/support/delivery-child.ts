// A second process on the same state file: `enqueue` adds syncs' alerts and
// starts sending them; `deliver` sends what is due. Args: mode, state path,
// webhook URL, then sync ids (enqueue) or a worker name (deliver).
import Database from 'better-sqlite3';
import { createDelivery } from '../../../notifiers/delivery.js';
import { migrate } from '../../../src/state/migrations.js';
import { droppedProductTable, SYNC_CONTEXT, syncReport } from './fixtures.js';
import { deliverySettings } from './harness.js';

const [mode, statePath, webhookUrl, ...rest] = process.argv.slice(2);
if (!mode || !statePath || !webhookUrl)
  throw new Error('usage: mode state url …');

const db = new Database(statePath, { timeout: 5000 });
db.pragma('journal_mode = WAL');
migrate(db);
const delivery = createDelivery({
  db,
  settings: deliverySettings({ webhookUrl }),
  workerId: `child-${process.pid}`,
  sendTimeoutMs: 2_000,
  leaseMs: 3_000,
});

if (mode === 'enqueue') {
  for (const id of rest.map(Number)) {
    delivery.enqueueSyncAlerts(
      syncReport(id, [droppedProductTable()]),
      SYNC_CONTEXT,
    );
  }
  process.stdout.write('enqueued\n');
  await delivery.deliverDue();
} else {
  const result = await delivery.deliverUntil(Date.now() + 15_000);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
db.close();
