/**
 * The primary key uniqueness check (`checks.primary_key_uniqueness`): one
 * data query per key column of a present table, two at a time. A count
 * that fails makes the whole check incomplete, so that no finding of it
 * resolves on a guess.
 */
import {
  findDuplicateKeys,
  listKeyColumns,
} from '../../checks/primary-key-not-unique.js';
import { compareObservations } from '../../checks/classify.js';
import type { Logger } from '../log.js';
import type { CheckResult } from '../model/check.js';
import type { Consumer } from '../model/consumer.js';
import type { DataGraph } from '../model/graph.js';
import type { GraphUsage } from '../model/usage.js';
import type { Warehouse } from '../warehouse/warehouse.js';

const CONCURRENCY = 2;

/** The result with primary key findings added, and whether it is whole. */
export async function checkPrimaryKeys(
  warehouse: Warehouse,
  input: {
    readonly graph: DataGraph;
    readonly consumers: readonly Consumer[];
    readonly usage: GraphUsage;
    readonly result: CheckResult;
  },
  options: { readonly signal?: AbortSignal; readonly logger: Logger },
): Promise<{ result: CheckResult; isComplete: boolean }> {
  const keys = listKeyColumns(input.usage).filter(
    (k) => input.result.columns.get(k.key)?.state === 'present',
  );
  const duplicates = new Map<string, number>();
  let isComplete = true;

  const queue = [...keys];
  const worker = async (): Promise<void> => {
    for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
      try {
        const count = await warehouse.countDuplicateKeys(
          {
            database: k.table.database,
            schema: k.table.schema,
            table: k.table.table,
            column: k.column.column,
          },
          { signal: options.signal },
        );
        duplicates.set(k.key, count);
      } catch (error) {
        isComplete = false;
        options.logger.warn(
          { column: k.key, err: String(error) },
          'primary key check failed',
        );
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  const found = findDuplicateKeys(
    input.graph,
    input.consumers,
    keys,
    duplicates,
  );
  const observations = [...input.result.observations, ...found].sort(
    compareObservations,
  );
  return { result: { ...input.result, observations }, isComplete };
}
