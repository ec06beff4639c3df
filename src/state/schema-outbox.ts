/** Outbox and delivery tables (notifiers' delivery module). */
import type { Migration } from './migrations.js';

export const OUTBOX_MIGRATIONS: readonly Migration[] = [];
