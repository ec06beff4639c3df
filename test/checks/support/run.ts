/** Runs the classifier on the reference graph unless told otherwise. */
import { classify } from '../../../checks/classify.js';
import type { CheckInput, CheckResult } from '../../../src/model/check.js';
import type { WarehouseSnapshot } from '../../../src/model/catalog.js';
import type { FindingValue, Observation } from '../../../src/model/finding.js';
import type { CatalogOptions, WarehouseText } from './build.js';
import { baselineOf, listedCatalog, snapshotOf } from './build.js';
import {
  referenceConsumers,
  referenceGraph,
  referenceUsage,
} from './reference.js';

/** Classifies a snapshot; graph, consumers and usage default to the reference. */
export function runChecks(
  input: Partial<CheckInput> & Pick<CheckInput, 'snapshot'>,
): CheckResult {
  return classify({
    graph: referenceGraph(),
    consumers: referenceConsumers(),
    usage: referenceUsage(),
    baseline: baselineOf(),
    knownNames: null,
    ...input,
  });
}

/** The database `production` of a PostgreSQL server, listed. */
export function productionSnapshot(
  warehouse: WarehouseText,
  options: CatalogOptions = {},
): WarehouseSnapshot {
  return snapshotOf([listedCatalog('production', warehouse, options)]);
}

/** What the tests compare of an observation. */
export interface FindingSummary {
  readonly key: string;
  readonly uses: readonly string[];
  readonly consumers: readonly string[];
  readonly before: FindingValue | null;
  readonly after: FindingValue | null;
  readonly suggestion: string | null;
}

/** The observations of a result, in order, as summaries. */
export function summarize(result: CheckResult): FindingSummary[] {
  return result.observations.map(summarizeOne);
}

/** One observation as a summary. */
export function summarizeOne(observation: Observation): FindingSummary {
  return {
    key: observation.key,
    uses: observation.uses.map((u) => `${u.subject} ${u.role}`),
    consumers: observation.affectedConsumers.map((c) => c.id),
    before: observation.before,
    after: observation.after,
    suggestion: observation.suggestion,
  };
}
