/** Shared helpers for the graph tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic } from '../../src/model/errors.js';
import type { DataGraph } from '../../src/model/graph.js';
import { parseGraph } from '../../src/graph/parse-graph.js';

/** Path of a fixture under test/fixtures/graphs. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/graphs/${name}`, import.meta.url));
}

/** Every diagnostic of `text` as `file:line:column: severity: message`. */
export function diagnose(text: string, file = 'graph.hcl'): string[] {
  return parseGraph(text, file).diagnostics.map(formatDiagnostic);
}

/** Parses text that must be valid, failing with its diagnostics if not. */
export function parseValid(text: string, file = 'graph.hcl'): DataGraph {
  const { graph, diagnostics } = parseGraph(text, file);
  if (graph === null) {
    throw new Error(diagnostics.map(formatDiagnostic).join('\n'));
  }
  return graph;
}

/** The cases graph shared by the scenario tests. */
export const CASES_GRAPH = '/work/shared/cases/graph.hcl';

/** Reads a fixture's text. */
export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/**
 * A small valid graph: entities `a`, `b` and `c`, a materialized profile
 * and `extra` inserted inside the relationship "to-a" (which relates `a`).
 */
export function graphWith(extra: string, profileExtra = ''): string {
  return `data_graph {
  entity "a" {
    name = "A"
    table_ref = "DB.S.A"
    primary_key = "ID"
  }
  entity "b" {
    name = "B"
    table_ref = "DB.S.B"
    primary_key = "ID"
  }
  entity "c" {
    name = "C"
    table_ref = "S.C"
    primary_key = "ID"
  }
  profile {
    profile_folder = "DB.SEGMENT"
    type = "segment:materialized"
    relationship "to-a" {
      name = "to a"
      related_entity = "a"
      external_id {
        type = "email"
        join_key = "EMAIL"
      }
${extra}
    }
${profileExtra}
  }
}
`;
}

/** The line of `graphWith` text where `extra` starts. */
export const EXTRA_LINE = 27;
