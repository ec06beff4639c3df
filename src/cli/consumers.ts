/** `monitor consumers`: what each consumer depends on and what breaks it. */
import { existsSync } from 'node:fs';
import { consumerInsights } from '../graph/consumer-insight.js';
import { collectUsage } from '../graph/usage.js';
import type { FindingReport } from '../model/finding.js';
import { openStateStore } from '../state/sqlite-store.js';
import { loadContext } from './load-context.js';
import type { CommonOptions } from './main.js';
import { printLines } from '../model/printable.js';

interface ConsumersOptions extends CommonOptions {
  readonly json?: boolean;
}

/** Lists consumers with their graph path and open findings. */
export async function runConsumers(options: ConsumersOptions): Promise<number> {
  const { config, graph } = await loadContext(options);
  const usage = collectUsage(graph, config.warehouse.database ?? '');
  const insights = consumerInsights(
    graph,
    config.consumers,
    usage,
    readOpenFindings(config.statePath),
  );

  if (options.json) {
    process.stdout.write(
      JSON.stringify({ consumers: insights }, null, 2) + '\n',
    );
    return 0;
  }

  const lines: string[] = [];
  for (const c of insights) {
    const state = c.openFindings.length
      ? `BROKEN by ${c.openFindings.length} open finding(s)`
      : 'ok';
    lines.push(`${c.id}  ${c.name} (${c.type})  ${state}`);
    lines.push(`  path     ${c.path.join(' -> ')}`);
    lines.push(`  objects  ${c.objects.join(', ')}`);
    for (const key of c.openFindings) lines.push(`  finding  ${key}`);
  }
  process.stdout.write(printLines(lines));
  return 0;
}

function readOpenFindings(statePath: string): FindingReport[] {
  if (!existsSync(statePath)) return [];
  const store = openStateStore(statePath);
  try {
    return store.openFindings();
  } finally {
    store.close();
  }
}
