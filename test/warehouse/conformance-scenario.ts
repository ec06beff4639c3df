/**
 * The abstract scenario of the conformance suite (conformance.ts) and the
 * interface a harness implements to build it in one warehouse.
 */
import type { TableKind, TypeFamily } from '../../src/model/catalog.js';
import type { NamePart } from '../../src/model/names.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';

/** Column types of the scenario; each harness spells them its own way. */
export type ScenarioType =
  | 'integer'
  | 'decimal'
  | 'text'
  | 'timestamp_tz'
  | 'date'
  | 'boolean'
  | 'binary'
  | 'json';

/** The family every adapter must give each scenario type. */
export const SCENARIO_FAMILIES: Readonly<Record<ScenarioType, TypeFamily>> = {
  integer: 'number',
  decimal: 'number',
  text: 'string',
  timestamp_tz: 'temporal',
  date: 'temporal',
  boolean: 'boolean',
  binary: 'binary',
  json: 'semi_structured',
};

/** A column, named exactly as the warehouse must spell it. */
export interface ScenarioColumn {
  readonly name: string;
  readonly type: ScenarioType;
}

/** A table, view or materialized view of the scenario. */
export interface ScenarioTable {
  readonly name: string;
  readonly kind: TableKind;
  /** False: the monitor's role may not SELECT it. */
  readonly isReadable: boolean;
  readonly columns: readonly ScenarioColumn[];
}

/** A schema (dataset) of the scenario. */
export interface ScenarioSchema {
  readonly name: string;
  /** False: the monitor's role may not use it (PostgreSQL USAGE). */
  readonly isUsable: boolean;
  readonly tables: readonly ScenarioTable[];
}

/**
 * A database (catalog, project) of the scenario, by a key the harness
 * maps to a real name. `missing`: the warehouse says it does not exist.
 * `unreadable`: it exists and the monitor cannot read it at all (no
 * CONNECT, a file locked by a writer, a refused catalog).
 */
export interface ScenarioDatabase {
  readonly key: string;
  readonly state: 'present' | 'missing' | 'unreadable';
  readonly schemas: readonly ScenarioSchema[];
}

/** The whole scenario. */
export interface ConformanceScenario {
  readonly databases: readonly ScenarioDatabase[];
}

/** What a warehouse can tell; false turns the matching assertions off. */
export interface ConformanceCapabilities {
  /** An unreadable table is reported present and unreadable. */
  readonly canTellDenied: boolean;
  /** A schema the monitor may not use is reported present and unusable. */
  readonly canTellUnusableSchema: boolean;
  readonly hasMaterializedViews: boolean;
  /** How a database the warehouse says does not exist comes back. */
  readonly missingDatabase: 'listed_empty' | 'unknown';
}

/** What a harness's build returns. */
export interface BuiltScenario {
  readonly warehouse: Warehouse;
  /** How a graph names the scenario database with this key. */
  databaseName(key: string): NamePart;
  /** Releases what build made: connections, child processes, files. */
  dispose(): Promise<void>;
}

/** One adapter's way into the suite. */
export interface ConformanceHarness {
  readonly capabilities: ConformanceCapabilities;
  /** The raw type string the warehouse reports for each scenario type. */
  readonly rawTypes: Readonly<Record<ScenarioType, string>>;
  /** Builds the scenario and opens the adapter on it (once per suite). */
  build(scenario: ConformanceScenario): Promise<BuiltScenario>;
}

const column = (name: string, type: ScenarioType): ScenarioColumn => ({
  name,
  type,
});

/** The one scenario every adapter is held to. */
export const CONFORMANCE_SCENARIO: ConformanceScenario = {
  databases: [
    {
      key: 'main',
      state: 'present',
      schemas: [
        {
          name: 'cust',
          isUsable: true,
          tables: [
            {
              name: 'account',
              kind: 'table',
              isReadable: true,
              columns: [
                column('id', 'integer'),
                column('email', 'text'),
                column('created_at', 'timestamp_tz'),
                column('balance', 'decimal'),
              ],
            },
            {
              name: 'open_accounts',
              kind: 'view',
              isReadable: true,
              columns: [column('id', 'integer'), column('email', 'text')],
            },
            {
              name: 'daily_totals',
              kind: 'materialized_view',
              isReadable: true,
              columns: [column('day', 'date'), column('total', 'decimal')],
            },
            {
              name: 'secret',
              kind: 'table',
              isReadable: false,
              columns: [column('id', 'integer')],
            },
          ],
        },
        {
          name: 'locked',
          isUsable: false,
          tables: [
            {
              name: 'hidden',
              kind: 'table',
              isReadable: true,
              columns: [column('id', 'integer')],
            },
          ],
        },
        { name: 'empty_one', isUsable: true, tables: [] },
        {
          name: 'Mixed',
          isUsable: true,
          tables: [
            {
              name: 'Orders',
              kind: 'table',
              isReadable: true,
              columns: [
                column('OrderId', 'integer'),
                column('is_paid', 'boolean'),
                column('payload', 'binary'),
                column('doc', 'json'),
              ],
            },
          ],
        },
      ],
    },
    {
      key: 'other',
      state: 'present',
      schemas: [
        {
          name: 'sales',
          isUsable: true,
          tables: [
            {
              name: 'orders',
              kind: 'table',
              isReadable: true,
              columns: [column('id', 'integer')],
            },
          ],
        },
      ],
    },
    { key: 'missing', state: 'missing', schemas: [] },
    {
      key: 'unreadable',
      state: 'unreadable',
      schemas: [
        {
          name: 'sales',
          isUsable: true,
          tables: [
            {
              name: 'orders',
              kind: 'table',
              isReadable: true,
              columns: [column('id', 'integer')],
            },
          ],
        },
      ],
    },
  ],
};
