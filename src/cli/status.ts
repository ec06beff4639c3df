/** `monitor status`: last syncs, open findings, outbox backlog. */
import { existsSync } from 'node:fs';
import { loadConfig } from '../config/load-config.js';
import { processEnvironment } from '../config/process-env.js';
import { StateError } from '../model/errors.js';
import { OutboxStore } from '../state/outbox-store.js';
import { openStateStore } from '../state/sqlite-store.js';
import type { CommonOptions } from './main.js';
import { formatFinding, formatSyncLine } from './format-report.js';
import { printLines } from '../model/printable.js';

interface StatusOptions extends CommonOptions {
  readonly json?: boolean;
}

/** Prints the state file's view; reads no warehouse. */
export async function runStatus(options: StatusOptions): Promise<number> {
  const config = await loadConfig(processEnvironment(options.config));
  if (!existsSync(config.statePath)) {
    throw new StateError(
      `state ${config.statePath}: no state file yet (run monitor sync-now ` +
        'or monitor start first)',
    );
  }
  const store = openStateStore(config.statePath);

  try {
    const status = store.status();
    const outbox = new OutboxStore(store.database).counts();
    const document = {
      lastSync: status.lastSync,
      findings: status.findings,
      summary: status.summary,
      outbox: { pending: outbox.pending, dead: outbox.dead },
    };
    if (options.json) {
      process.stdout.write(JSON.stringify(document, null, 2) + '\n');
      return 0;
    }

    const lines = ['recent syncs:'];
    for (const sync of store.recentSyncs(5)) {
      lines.push(`  ${formatSyncLine(sync)}`);
    }
    const { definite, potential } = status.summary.open;
    lines.push(
      `open findings: ${definite} definite, ${potential} potential`,
      `outbox: ${outbox.pending} pending, ${outbox.dead} dead`,
      '',
    );
    for (const finding of status.findings)
      lines.push(...formatFinding(finding, { isInSync: false }));
    process.stdout.write(printLines(lines));
    return 0;
  } finally {
    store.close();
  }
}
