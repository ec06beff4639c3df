// What every parse of any text must satisfy: it returns (never throws),
// and ends in a graph or in error diagnostics placed inside the file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDiagnostic } from '../../src/model/errors.js';
import type { Diagnostic } from '../../src/model/graph.js';
import { parseGraph } from '../../src/graph/parse-graph.js';

/** How one parse went. */
export interface ParseCheck {
  /** Broken promises; empty when the parse behaved. */
  readonly problems: string[];
  readonly ms: number;
  readonly isValid: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses `text` and checks the outcome's shape and every position. */
export function checkParse(text: string, file = 'fuzz.hcl'): ParseCheck {
  const started = performance.now();
  let result: ReturnType<typeof parseGraph>;
  try {
    result = parseGraph(text, file);
  } catch (error) {
    const ms = performance.now() - started;
    const what = error instanceof Error ? error.stack : String(error);
    return {
      problems: [`threw: ${what}`],
      ms,
      isValid: false,
      diagnostics: [],
    };
  }
  const ms = performance.now() - started;

  const { graph, diagnostics } = result;
  const problems = checkOutcome(graph !== null, diagnostics);
  const lines = text.split('\n');
  for (const d of diagnostics)
    problems.push(...checkDiagnostic(d, lines, file));
  return { problems, ms, isValid: graph !== null, diagnostics };
}

/**
 * Writes a failing input where a person can replay it, and returns a
 * message with the seed, the case, the steps and the start of the input.
 */
export function describeFailure(
  detail: { seed: number; index: number; steps: readonly string[] },
  text: string,
  problems: readonly string[],
): string {
  const dir = join(tmpdir(), 'dgm-fuzz-failures');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `seed-${detail.seed}-case-${detail.index}.hcl`);
  writeFileSync(path, text);

  return [
    `fuzz failure: FUZZ_SEED=${detail.seed} case ${detail.index}`,
    `mutations: ${detail.steps.join(', ')}`,
    `input (${text.length} chars) written to ${path}; it starts:`,
    JSON.stringify(text.slice(0, 1500)),
    ...problems.slice(0, 10),
  ].join('\n');
}

function checkOutcome(isValid: boolean, diagnostics: readonly Diagnostic[]) {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!isValid && errors.length === 0) {
    return ['no graph came back, yet no error diagnostic says why'];
  }
  if (isValid && errors.length > 0) {
    return [`a graph came back despite ${errors.length} errors`];
  }
  return [];
}

// Lines are split on "\n" only, as the lexer counts them; a column may
// point one past the end of its line (the end of the file, a missing
// value), never further.
function checkDiagnostic(
  d: Diagnostic,
  lines: readonly string[],
  file: string,
): string[] {
  const text = formatDiagnostic(d);
  const problems: string[] = [];
  const line = lines[d.line - 1];

  if (d.file !== file) problems.push(`names file ${d.file}: ${text}`);
  if (!Number.isInteger(d.line) || line === undefined) {
    problems.push(`line outside the file (${lines.length} lines): ${text}`);
  } else if (
    !Number.isInteger(d.column) ||
    d.column < 1 ||
    d.column > line.length + 1
  ) {
    problems.push(`column outside line ${d.line} (${line.length}): ${text}`);
  }
  if (d.message.trim() === '') problems.push(`empty message: ${text}`);
  if (/undefined|NaN|\[object /.test(d.message)) {
    problems.push(`message shows an internal value: ${text}`);
  }
  // A value quoted from the file must not break the message's line or
  // reorder it on a terminal (bidi overrides).
  if (/[\u0000-\u001f\u007f\u2028\u2029\u202a-\u202e]/.test(d.message)) {
    problems.push(`message holds a control: ${JSON.stringify(text)}`);
  }
  return problems;
}
