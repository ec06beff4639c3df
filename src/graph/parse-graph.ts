/** Entry points for reading a Data Graph file (SPEC §2). */
import { readFile, stat } from 'node:fs/promises';
import type { DataGraph, Diagnostic } from '../model/graph.js';
import { GraphError } from '../model/errors.js';
import { DiagnosticSink } from './diagnostics.js';
import { tokenize } from './lexer.js';
import { parseSyntax } from './parser.js';
import { buildGraph } from './validate.js';

/** A parse's outcome: the graph when error-free, and every diagnostic. */
export interface ParseResult {
  readonly graph: DataGraph | null;
  readonly diagnostics: Diagnostic[];
}

/**
 * Parses and validates graph text; `file` names it in diagnostics. Never
 * throws: every problem comes back as a diagnostic, in source order.
 */
export function parseGraph(text: string, file: string): ParseResult {
  const sink = new DiagnosticSink(file);
  const tokens = tokenize(text, sink);
  const items = parseSyntax(tokens, sink);
  const graph = buildGraph(items, sink);

  const diagnostics = sink.list();
  return { graph: sink.hasErrors() ? null : graph, diagnostics };
}

/** The largest graph file read, in bytes. */
export const MAX_GRAPH_BYTES = 64 * 1024 * 1024;

/**
 * Reads and parses a graph file. Throws a GraphError holding every error,
 * or one naming the file when it cannot be read.
 */
export async function readGraphFile(
  path: string,
): Promise<{ graph: DataGraph; warnings: Diagnostic[] }> {
  let text: string;
  try {
    // A graph of 10,000 entities is a few MB; far more is not a graph.
    const { size } = await stat(path);
    if (size > MAX_GRAPH_BYTES) {
      throw Object.assign(new Error('too large'), { code: 'EFBIG', size });
    }
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const diagnostic: Diagnostic = {
      severity: 'error',
      file: path,
      line: 1,
      column: 1,
      message: `cannot read the graph file: ${describeReadError(cause)}`,
    };
    throw new GraphError([diagnostic], { cause });
  }

  const { graph, diagnostics } = parseGraph(text, path);
  // Warnings go with the errors: "unknown attribute primary_kye" explains
  // "missing required attribute primary_key".
  if (graph === null) throw new GraphError(diagnostics);
  return { graph, warnings: diagnostics };
}

function describeReadError(cause: unknown): string {
  const code =
    cause instanceof Error && 'code' in cause ? String(cause.code) : '';
  switch (code) {
    case 'ENOENT':
      return 'no such file (check the graph path in the config)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory, expected a file';
    case 'EFBIG':
      return `it is larger than ${MAX_GRAPH_BYTES / 1024 / 1024} MiB`;
    default:
      return cause instanceof Error
        ? cause.message.toLowerCase()
        : String(cause);
  }
}
