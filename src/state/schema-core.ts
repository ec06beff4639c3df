/** Core tables: syncs, baseline, findings, feed, lock (state helper). */
import type { Migration } from './migrations.js';

export const CORE_MIGRATIONS: readonly Migration[] = [];
