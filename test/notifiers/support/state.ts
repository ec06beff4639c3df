// A fresh, migrated SQLite state file in a temp folder, as the daemon has.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from '../../../src/state/migrations.js';

export interface TempState {
  readonly path: string;
  readonly db: Database.Database;
  /** Another connection to the same file, as a second process has. */
  open(): Database.Database;
  remove(): void;
}

export function openTempState(): TempState {
  const dir = mkdtempSync(join(tmpdir(), 'notifiers-'));
  const path = join(dir, 'monitor.db');
  const opened: Database.Database[] = [];
  const open = (): Database.Database => {
    const db = new Database(path, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    migrate(db);
    opened.push(db);
    return db;
  };

  return {
    path,
    db: open(),
    open,
    remove() {
      for (const db of opened) if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
