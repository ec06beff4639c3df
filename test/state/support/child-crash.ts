// A child process that begins a sync and stops dead inside finishSync's
// transaction, right after the statement that fires the trigger named by
// POINT (or after the commit, for `none`), so the parent can SIGKILL it.
//   child-crash PATH POINT
import { writeSync } from 'node:fs';
import { openStateStore } from '../../../src/state/sqlite-store.js';
import { crashingSync } from './crash-scenario.js';
import { outcome } from './fixtures.js';

const TRIGGERS: Record<string, string> = {
  ended: 'AFTER UPDATE ON main.finding_occurrences',
  opened: 'AFTER INSERT ON main.finding_occurrences',
  history: 'AFTER INSERT ON main.baseline_history',
  baseline: 'AFTER UPDATE ON main.baseline_columns',
  sync: 'AFTER UPDATE ON main.syncs',
};
const [path, point] = process.argv.slice(2);
const store = openStateStore(path ?? '');
const say = (event: string): void => {
  writeSync(1, `${JSON.stringify({ event, pid: process.pid })}\n`);
};

// Blocks the thread, so the transaction stays open until the kill.
store.database.function('stop_here', () => {
  say('stopped');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  return 0;
});
const trigger = TRIGGERS[point ?? ''];
if (trigger !== undefined) {
  store.database.exec(
    `CREATE TEMP TRIGGER stop ${trigger} BEGIN SELECT stop_here(); END`,
  );
}

const syncId = store.beginSync(new Date(Date.UTC(2026, 2, 1, 0, 9)));
say('begun');
store.finishSync(syncId, outcome(crashingSync(), 10));
say('finished');
setInterval(() => undefined, 60_000);
