// Reads a state file the way an operator would: read-only, from outside.
import Database from 'better-sqlite3';
import type { Artifact } from './leaks.js';

/** One attempt of the deliveries log. */
export interface DeliveryAttempt {
  readonly attempt: number;
  readonly at: string;
  readonly outcome: string;
  readonly reason: string | null;
  readonly error: string | null;
}

/** The logged attempts of one message, oldest first. */
export function readDeliveries(
  path: string,
  messageId: string,
): DeliveryAttempt[] {
  return withStateFile(
    path,
    (db) =>
      db
        .prepare(
          'SELECT attempt, at, outcome, reason, error FROM deliveries ' +
            'WHERE message_id = ? ORDER BY attempt',
        )
        .all(messageId) as DeliveryAttempt[],
  );
}

/** Every text (and blob, as UTF-8) value of every table of a state file. */
export function stateFileArtifacts(path: string): Artifact[] {
  return withStateFile(path, (db) => {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all() as { name: string }[];
    return tables.flatMap(({ name }) => tableArtifacts(db, name));
  });
}

function withStateFile<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function tableArtifacts(db: Database.Database, table: string): Artifact[] {
  const quoted = `"${table.replace(/"/g, '""')}"`;
  const rows = db.prepare(`SELECT * FROM ${quoted}`).all() as Record<
    string,
    unknown
  >[];
  const artifacts: Artifact[] = [];

  for (const [index, row] of rows.entries()) {
    for (const [column, value] of Object.entries(row)) {
      const text =
        typeof value === 'string'
          ? value
          : Buffer.isBuffer(value)
            ? value.toString('utf8')
            : null;
      if (text !== null) {
        artifacts.push({ where: `state ${table}[${index}].${column}`, text });
      }
    }
  }
  return artifacts;
}
