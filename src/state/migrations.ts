/** Applies the state file's schema migrations, each once, in order. */
import type Database from 'better-sqlite3';
import { CORE_MIGRATIONS } from './schema-core.js';
import { OUTBOX_MIGRATIONS } from './schema-outbox.js';

/** One named step of the schema; applied inside a transaction. */
export interface Migration {
  readonly id: string;
  readonly sql: string;
}

// Ids are recorded, never renumbered: a new step is appended to its list.
const MIGRATIONS: readonly Migration[] = [
  ...CORE_MIGRATIONS,
  ...OUTBOX_MIGRATIONS,
];

/** Brings the schema of an open state file up to date. */
export function migrate(db: Database.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (' +
      'id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    db
      .prepare('SELECT id FROM schema_migrations')
      .all()
      .map((row) => (row as { id: string }).id),
  );
  const record = db.prepare(
    'INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)',
  );

  for (const step of MIGRATIONS) {
    if (applied.has(step.id)) continue;
    db.transaction(() => {
      db.exec(step.sql);
      record.run(step.id, new Date().toISOString());
    }).immediate();
  }
}
