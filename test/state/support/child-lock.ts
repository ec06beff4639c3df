// A child process for the lock tests; prints one JSON event per line.
//   contend PATH ROUNDS HOLD_MS: takes the lock ROUNDS times; inside it,
//     bumps a counter with a read, a pause and a write (overlap loses one).
//   hold PATH: takes the lock, begins a sync and waits to be killed.
//   open PATH: opens (creating and migrating) the state file and exits.
import { setTimeout as sleep } from 'node:timers/promises';
import { openStateStore } from '../../../src/state/sqlite-store.js';
import { SyncLock } from '../../../src/state/sync-lock.js';

const [mode, path, rounds, holdMs] = process.argv.slice(2);
const store = openStateStore(path ?? '');
const lock = new SyncLock(store, { pollMs: 10 });
const say = (event: string, data: object = {}): void => {
  process.stdout.write(
    `${JSON.stringify({ event, pid: process.pid, ...data })}\n`,
  );
};

if (mode === 'open') {
  say('opened');
  store.close();
} else if (mode === 'hold') {
  if (!lock.tryAcquire()) throw new Error('the lock was not free');
  const syncId = store.beginSync(new Date());
  lock.attachSync(syncId);
  say('held', { syncId });
  setInterval(() => undefined, 60_000);
} else {
  store.database.exec(
    'CREATE TABLE IF NOT EXISTS test_counter (id INTEGER PRIMARY KEY, n INTEGER)',
  );
  store.database.exec('INSERT OR IGNORE INTO test_counter VALUES (1, 0)');
  say('ready');

  for (let i = 0; i < Number(rounds); i += 1) {
    if (!(await lock.waitFor(20_000))) throw new Error('lock wait timed out');
    const read = store.database.prepare('SELECT n FROM test_counter').pluck();
    const n = Number(read.get());
    say('acquired', { at: Date.now() });
    await sleep(Number(holdMs));
    store.database.prepare('UPDATE test_counter SET n = ?').run(n + 1);
    say('releasing', { at: Date.now() });
    lock.release();
    await sleep(1);
  }
  say('done');
  store.close();
}
