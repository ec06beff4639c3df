// The scenario cases again, with real parts only: graph.hcl through the
// graph parser and collectUsage, warehouse.sql and each change.sql on the
// test PostgreSQL server, read by the postgres adapter as an unprivileged
// role, then classified. The database gets a unique name, so the graph's
// PRODUCTION is renamed to it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { classify } from '../../checks/classify.js';
import { parseGraph } from '../../src/graph/parse-graph.js';
import { collectUsage } from '../../src/graph/usage.js';
import type { Baseline, CheckResult } from '../../src/model/check.js';
import type { Consumer } from '../../src/model/consumer.js';
import type { DataGraph } from '../../src/model/graph.js';
import type { GraphUsage } from '../../src/model/usage.js';
import { buildCatalogRequests } from '../../src/scheduler/catalog-requests.js';
import { openPostgresWarehouse } from '../../src/warehouse/postgres.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { runSql } from '../support/postgres.js';
import {
  createMonitorDatabase,
  postgresConfig,
} from '../warehouse/pg-monitor.js';
import { acceptBaseline, baselineOf } from './support/build.js';
import { referenceUsage } from './support/reference.js';

const CASES = join(import.meta.dirname, '../fixtures/cases');
const opened: Warehouse[] = [];

afterAll(async () => {
  for (const warehouse of opened) await warehouse.close();
});

describe('scenario cases on PostgreSQL', () => {
  it('the hand-built usage of the tests is what collectUsage finds', () => {
    const graph = readGraph('PRODUCTION');

    const found = collectUsage(graph, 'production');
    expect(canonical(found)).toEqual(canonical(referenceUsage()));
  });

  it.each([
    'C1-product-table-dropped',
    'C2-join-column-dropped',
    'C3-fix-resolves',
    'C4-noise',
  ])('%s reports exactly the expected findings', async (name) => {
    const sync = await prepareCase(name.slice(0, 2).toLowerCase());
    const first = await sync.classify(baselineOf(), null);
    expect(first.observations).toEqual([]);

    await sync.run(`${name}/change.sql`);
    const second = await sync.classify(acceptBaseline(first), first);
    expectFindings(second, readExpected(`${name}/expect.json`), sync.rename);

    if (name.startsWith('C3')) {
      await sync.run(`${name}/fix.sql`);
      const fixed = await sync.classify(acceptBaseline(first), second);
      expect(fixed.observations).toEqual([]);
      expect(second.observations[0]?.suggestion).toBe(
        'column EMAIL_ID may have been renamed to EMAIL',
      );
    }
  });

  it('revoked table, column and schema privileges are access_denied, not missing', async () => {
    const sync = await prepareCase('denied');
    const first = await sync.classify(baselineOf(), null);

    await sync.runText(
      `REVOKE SELECT ON cust.cart FROM ${sync.role};` +
        `REVOKE USAGE ON SCHEMA prod FROM ${sync.role};` +
        `REVOKE SELECT ON cust.household FROM ${sync.role};` +
        `GRANT SELECT (household_id, sub_id) ON cust.household TO ${sync.role};`,
    );
    const second = await sync.classify(acceptBaseline(first), first);
    expect(second.observations.map((o) => [o.key, o.suggestion])).toEqual([
      [
        `access_denied:${sync.rename('PRODUCTION.CUST.CART')}`,
        expect.stringMatching(/SELECT/i),
      ],
      [
        `access_denied:${sync.rename('PRODUCTION.CUST.HOUSEHOLD')}:EMAIL_ID`,
        expect.stringMatching(/SELECT \(email_id\)/i),
      ],
      [
        `access_denied:${sync.rename('PRODUCTION.PROD.PRODUCT_SKUS')}`,
        expect.stringMatching(/USAGE/i),
      ],
    ]);
  });
});

interface CaseSync {
  readonly role: string;
  /** Puts the test database's name where the cases say PRODUCTION. */
  readonly rename: (text: string) => string;
  readonly run: (file: string) => Promise<void>;
  readonly runText: (sql: string) => Promise<void>;
  readonly classify: (
    baseline: Baseline,
    previous: CheckResult | null,
  ) => Promise<CheckResult>;
}

async function prepareCase(prefix: string): Promise<CaseSync> {
  const db = await createMonitorDatabase(`checks_${prefix}`);
  const role = `"${db.role}"`;
  const setup = readCase('warehouse.sql').replaceAll(
    'TO monitor',
    `TO ${role}`,
  );
  await runSql(db.adminUrl, setup);

  const graph = readGraph(db.database);
  const usage = collectUsage(graph, db.database);
  const warehouse = await openPostgresWarehouse(postgresConfig(db.monitorUrl));
  opened.push(warehouse);

  return {
    role,
    rename: (text) => text.replaceAll('PRODUCTION', db.database.toUpperCase()),
    run: (file) => runSql(db.adminUrl, readCase(file)),
    runText: (sql) => runSql(db.adminUrl, sql),
    classify: async (baseline, previous) =>
      classify({
        graph,
        consumers: readConsumers(),
        usage,
        snapshot: await warehouse.describeCatalogs(
          buildCatalogRequests(usage),
          {
            maxProbes: 50,
          },
        ),
        baseline,
        knownNames: previous?.knownNames ?? null,
      }),
  };
}

interface ExpectedFinding {
  readonly kind: string;
  readonly severity: string;
  readonly tableRef: string;
  readonly column: string | null;
  readonly uses?: readonly { subject: string; role: string }[];
  readonly affectedConsumers?: readonly string[];
}

interface Expected {
  readonly onlyThese: boolean;
  readonly findings: readonly ExpectedFinding[];
}

// Compared as the cases' README says: kind, severity, tableRef and column
// ignoring case; uses contain those listed; consumer ids exactly.
function expectFindings(
  result: CheckResult,
  expected: Expected,
  rename: (text: string) => string,
): void {
  if (expected.onlyThese) {
    expect(result.observations).toHaveLength(expected.findings.length);
  }

  for (const want of expected.findings) {
    const tableRef = rename(want.tableRef).toLowerCase();
    const found = result.observations.find(
      (o) =>
        o.kind === want.kind &&
        o.tableRef.toLowerCase() === tableRef &&
        o.column?.toLowerCase() === want.column?.toLowerCase(),
    );
    expect(found, `${want.kind} ${tableRef}`).toBeDefined();
    expect(found?.severity).toBe(want.severity);
    expect(found?.uses).toEqual(expect.arrayContaining([...(want.uses ?? [])]));
    const ids = found?.affectedConsumers.map((c) => c.id);
    expect(ids).toEqual(want.affectedConsumers);
  }
}

// Name parts keep the spelling they were written in (profile tables are
// lower case); the canonical names are what must agree.
function canonical(usage: GraphUsage): unknown {
  return {
    joins: usage.joins,
    tables: usage.tables.map((t) => ({
      tableRef: t.tableRef,
      uses: t.uses,
      columns: t.columns.map((c) => ({ name: c.name, uses: c.uses })),
    })),
  };
}

function readGraph(database: string): DataGraph {
  const text = readCase('graph.hcl').replaceAll('PRODUCTION.', `${database}.`);
  const { graph, diagnostics } = parseGraph(text, 'graph.hcl');
  if (graph === null) throw new Error(JSON.stringify(diagnostics));
  return graph;
}

function readConsumers(): Consumer[] {
  const document = parse(readCase('consumers.yaml')) as {
    consumers: {
      id: string;
      name: string;
      type: Consumer['type'];
      uses: string[];
    }[];
  };
  return document.consumers.map((c) => ({ ...c, owner: null }));
}

function readExpected(file: string): Expected {
  return JSON.parse(readCase(file)) as Expected;
}

function readCase(file: string): string {
  return readFileSync(join(CASES, file), 'utf8');
}
