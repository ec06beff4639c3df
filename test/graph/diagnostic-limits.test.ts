import { describe, expect, it } from 'vitest';
import { MAX_DIAGNOSTICS } from '../../src/graph/diagnostics.js';
import { parseGraph } from '../../src/graph/parse-graph.js';

describe('diagnostics of badly broken files', () => {
  it('lists the first problems and counts the rest in one positioned line', () => {
    const text = 'data_graph {\n' + '  x = "open\n'.repeat(1000) + '}\n';

    const { graph, diagnostics } = parseGraph(text, 'broken.hcl');

    expect(graph).toBeNull();
    expect(diagnostics).toHaveLength(MAX_DIAGNOSTICS + 1);
    const last = diagnostics.at(-1);
    expect(last?.severity).toBe('error');
    expect(last?.message).toMatch(/^\d+ more problems from here on/);
    expect(last?.line).toBeGreaterThan(MAX_DIAGNOSTICS / 2);
  });

  it('names the missing "=" of an attribute, and nothing else', () => {
    const text = [
      'data_graph {',
      '  entity "cart" {',
      '    name = "cart"',
      '    table_ref "PRODUCTION.CUST.CART"',
      '    primary_key = "ID"',
      '  }',
      '}',
    ].join('\n');

    const { diagnostics } = parseGraph(text, 'g.hcl');

    expect(
      diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`),
    ).toEqual([
      '4:15 expected "=" between table_ref and its value ' +
        '(table_ref = "PRODUCTION.CUST.CART")',
    ]);
  });
});

describe('graph files the monitor refuses to read', () => {
  it('refuses a file larger than the limit before reading it', async () => {
    const { mkdtempSync, truncateSync, writeFileSync } =
      await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readGraphFile, MAX_GRAPH_BYTES } =
      await import('../../src/graph/parse-graph.js');
    const file = join(mkdtempSync(join(tmpdir(), 'dgm-big-')), 'g.hcl');
    writeFileSync(file, '');
    truncateSync(file, MAX_GRAPH_BYTES + 1);

    await expect(readGraphFile(file)).rejects.toThrow(
      /g\.hcl:1:1: error: cannot read the graph file: it is larger than 64 MiB/,
    );
  });

  it('shows the warning that explains an error beside it', () => {
    const text = [
      'data_graph {',
      '  entity "cart" {',
      '    name = "cart"',
      '    table_ref = "PRODUCTION.CUST.CART"',
      '    primary_kye = "ID"',
      '  }',
      '}',
    ].join('\n');

    const { graph, diagnostics } = parseGraph(text, 'g.hcl');

    expect(graph).toBeNull();
    expect(diagnostics.map((d) => d.severity).sort()).toEqual([
      'error',
      'warning',
    ]);
    expect(diagnostics.find((d) => d.severity === 'warning')?.message).toMatch(
      /did you mean "primary_key"/,
    );
  });
});
