// State files in their own temp folders, removed after each test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openStateStore } from '../../../src/state/sqlite-store.js';
import type { SqliteStateStore } from '../../../src/state/store.js';

const folders: string[] = [];
const stores: SqliteStateStore[] = [];

afterAll(() => {
  for (const store of stores) store.close();
  for (const folder of folders)
    rmSync(folder, { recursive: true, force: true });
});

/** A fresh folder for state files. */
export function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'monitor-state-'));
  folders.push(folder);
  return folder;
}

/** A path for a state file that does not exist yet. */
export function tempStatePath(name = 'monitor.db'): string {
  return join(tempFolder(), name);
}

/** A new store on a new file, closed after the test file. */
export function freshStore(path = tempStatePath()): SqliteStateStore {
  const store = openStateStore(path);
  stores.push(store);
  return store;
}
