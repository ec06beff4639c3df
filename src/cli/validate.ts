/** `monitor validate`: config, graph, consumers; optionally the warehouse. */
import { formatDiagnostic } from '../model/errors.js';
import { listRelationships } from '../model/graph.js';
import type { CheckResult } from '../model/check.js';
import { checkGraphOnce } from '../scheduler/check-graph.js';
import { EXIT_FAILURE, EXIT_FINDINGS } from './exit-codes.js';
import { loadContext, type CommandContext } from './load-context.js';
import type { CommonOptions } from './main.js';
import { printLines } from '../model/printable.js';

interface ValidateOptions extends CommonOptions {
  readonly checkWarehouse?: boolean;
}

/** Exits 0 when valid; 3 when a used object is not visible. */
export async function runValidate(options: ValidateOptions): Promise<number> {
  const context = await loadContext(options);
  const { config, graph, warnings } = context;
  const relationships = listRelationships(graph).length;

  const lines = [
    `config    ${config.configPath}: ok`,
    `graph     ${config.graphPath}: ${graph.entities.length} entities, ` +
      `${relationships} relationships` +
      (graph.profile ? ', a profile' : ''),
    `consumers ${config.consumers.length} consumers: ok`,
    ...warnings.map((w) => `warning   ${formatDiagnostic(w)}`),
  ];
  process.stdout.write(printLines(lines));
  if (!options.checkWarehouse) return 0;

  return checkWarehouse(context);
}

async function checkWarehouse(context: CommandContext): Promise<number> {
  const { config, graph } = context;
  const { usage, snapshot, result, limitations } = await checkGraphOnce(
    config,
    graph,
  );

  const out = [
    `warehouse ${config.warehouse.type}: connected, ` +
      `${usage.tables.length} tables used, ` +
      `${snapshot.metadataQueries} metadata queries`,
  ];
  for (const limitation of limitations) out.push(`note      ${limitation}`);
  out.push(...describeProblems(result));
  process.stdout.write(printLines(out));

  if (result.unknown.length > 0) return EXIT_FAILURE;
  return hasInvisible(result) ? EXIT_FINDINGS : 0;
}

function describeProblems(result: CheckResult): string[] {
  const out: string[] = [];
  for (const unknown of result.unknown) {
    out.push(`unknown   ${unknown.database}: ${unknown.reason}`);
  }
  for (const o of result.observations) {
    if (o.severity !== 'definite') continue;
    const hint = o.suggestion ? ` (${o.suggestion})` : '';
    out.push(`missing   ${o.message}${hint}`);
  }
  if (out.length === 0)
    out.push('objects   every used table and column is visible');
  return out;
}

function hasInvisible(result: CheckResult): boolean {
  return result.observations.some((o) => o.severity === 'definite');
}
