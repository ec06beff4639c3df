/** Collects the errors and warnings of one graph file as they are found. */
import type { Diagnostic } from '../model/graph.js';
import { printable } from '../model/printable.js';

/** A place in the source text; line and column count from 1. */
export interface Place {
  readonly line: number;
  readonly column: number;
}

/** More than this many problems in one file are counted, not listed. */
export const MAX_DIAGNOSTICS = 200;

/** Gathers diagnostics for one file, so every problem is reported at once. */
export class DiagnosticSink {
  readonly file: string;
  private readonly items: Diagnostic[] = [];
  private dropped = 0;
  private hasDroppedError = false;
  private firstDropped: Place | null = null;

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
    return (
      this.hasDroppedError || this.items.some((d) => d.severity === 'error')
    );
  }

  /** Every diagnostic, in source order. */
  list(): Diagnostic[] {
    // A stable sort keeps diagnostics at one place in the order found.
    const sorted = [...this.items].sort(
      (a, b) => a.line - b.line || a.column - b.column,
    );
    if (this.firstDropped === null) return sorted;
    return [
      ...sorted,
      {
        severity: this.hasDroppedError ? 'error' : 'warning',
        file: this.file,
        line: this.firstDropped.line,
        column: this.firstDropped.column,
        message:
          `${this.dropped} more problems from here on are not listed; ` +
          'fix the ones above first',
      },
    ];
  }

  private add(severity: Diagnostic['severity'], at: Place, text: string): void {
    // A badly broken file (a lost quote) can yield a problem per line;
    // past a few hundred, more lines help nobody and cost memory.
    if (this.items.length >= MAX_DIAGNOSTICS) {
      this.dropped += 1;
      this.hasDroppedError ||= severity === 'error';
      this.firstDropped ??= { line: at.line, column: at.column };
      return;
    }
    this.items.push({
      severity,
      file: this.file,
      line: at.line,
      column: at.column,
      message: printable(text),
    });
  }
}
