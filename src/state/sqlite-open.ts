/**
 * Opens the SQLite state file: creates it and its folder, sets WAL, a busy
 * timeout and foreign keys, checks it, and migrates it. Every failure is a
 * StateError naming the file and what to do.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { codeOf, StateError } from '../model/errors.js';
import { migrate } from './migrations.js';

/** How long a writer waits for another process's transaction. */
export const BUSY_TIMEOUT_MS = 5000;

/** Opens, checks and migrates the state file at `path`. */
export function openStateDatabase(path: string): Database.Database {
  const file = resolve(path);
  createFolder(file);

  let db: Database.Database;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw stateError(file, 'cannot open it', error);
  }

  try {
    prepare(db, file);
    // One write transaction around the runner: two processes opening a
    // new file at once cannot both apply a step. It also finds a
    // read-only file now rather than at the end of the first sync.
    db.transaction(() => migrate(db)).immediate();
  } catch (error) {
    db.close();
    if (error instanceof StateError) throw error;
    throw stateError(file, 'cannot use it', error);
  }
  return db;
}

function createFolder(file: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (error) {
    const folder = dirname(file);
    throw stateError(file, `cannot create its folder ${folder}`, error);
  }
}

function prepare(db: Database.Database, file: string): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') {
    throw new StateError(
      `state file ${file}: cannot switch it to WAL mode (it stays in ` +
        `${String(mode)}); put the state on a local disk`,
    );
  }
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  // FULL makes every committed sync survive a power cut too; syncs are
  // minutes apart, so the extra fsync costs nothing that matters.
  db.pragma('synchronous = FULL');

  const check = db.pragma('quick_check', { simple: true });
  if (check !== 'ok') {
    throw new StateError(
      `state file ${file} is corrupt (integrity check: ${String(check)}); ` +
        'move it aside and the monitor starts a new one, rebuilding the ' +
        'baseline at its next sync',
    );
  }
}

function stateError(file: string, what: string, error: unknown): StateError {
  const code = codeOf(error);
  const text = error instanceof Error ? error.message : String(error);
  return new StateError(
    `state file ${file}: ${what} (${text}); ${adviceFor(code)}`,
    { cause: error },
  );
}

function adviceFor(code: string): string {
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return (
      'it is not a state file or it is corrupt: move it aside and the ' +
      'monitor starts a new one'
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') {
    return 'the monitor must be able to write the file and its folder';
  }
  if (code === 'SQLITE_BUSY') {
    return 'another process holds it locked; try again';
  }
  return (
    'check the state setting and that the monitor may read and ' +
    'write the file and its folder'
  );
}
