/** Collects the errors and warnings of one graph file as they are found. */
import type { Diagnostic } from '../model/graph.js';

/** A place in the source text; line and column count from 1. */
export interface Place {
  readonly line: number;
  readonly column: number;
}

/** Gathers diagnostics for one file, so every problem is reported at once. */
export class DiagnosticSink {
  readonly file: string;
  private readonly items: Diagnostic[] = [];

  constructor(file: string) {
    this.file = file;
  }

  /** Records an error at a place. */
  error(at: Place, message: string): void {
    this.add('error', at, message);
  }

  /** Records a warning at a place. */
  warning(at: Place, message: string): void {
    this.add('warning', at, message);
  }

  /** Whether any error was recorded. */
  hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  /** Every diagnostic, in source order. */
  list(): Diagnostic[] {
    // A stable sort keeps diagnostics at one place in the order found.
    return [...this.items].sort(
      (a, b) => a.line - b.line || a.column - b.column,
    );
  }

  private add(severity: Diagnostic['severity'], at: Place, text: string): void {
    this.items.push({
      severity,
      file: this.file,
      line: at.line,
      column: at.column,
      message: text.replace(UNPRINTABLE, escapeCharacter),
    });
  }
}

// Values quoted from the file may hold line breaks, control or bidi
// characters; escaped, a message stays on its one line and reads as typed.
const UNPRINTABLE =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeCharacter(char: string): string {
  const named: Record<string, string> = {
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
  };
  const code = char.charCodeAt(0).toString(16).padStart(4, '0');
  return named[char] ?? `\\u${code}`;
}
