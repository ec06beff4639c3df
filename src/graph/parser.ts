/**
 * Recursive-descent parser from tokens to a tree of attributes and blocks.
 * It knows the shape of the language, not its schema (validate.ts does).
 * On a bad statement it reports it and skips to the next line, so one
 * mistake gives one error and the rest of the file is still read.
 */
import type { DiagnosticSink, Place } from './diagnostics.js';
import { describeToken } from './lexer.js';
import type { Token, TokenKind } from './lexer.js';
import { describeUnclosed, PLACEHOLDER_MESSAGE } from './syntax.js';
import type {
  SyntaxAttribute,
  SyntaxBlock,
  SyntaxItem,
  SyntaxLabel,
  SyntaxValue,
  MisalignedBrace,
  UnclosedBlock,
} from './syntax.js';

const VALUE_KINDS: readonly TokenKind[] = ['string', 'number', 'identifier'];

/** Deepest block nesting read; the data graph itself needs about ten. */
export const MAX_NESTING = 32;

/** Parses a whole file into its top-level items; never throws. */
export function parseSyntax(
  tokens: readonly Token[],
  sink: DiagnosticSink,
): SyntaxItem[] {
  return new Parser(tokens, sink).parseFile();
}

interface Body {
  readonly items: SyntaxItem[];
  readonly hasPlaceholder: boolean;
}

class Parser {
  private index = 0;
  /** Blocks the end of the file cut off, innermost first. */
  private readonly unclosed: UnclosedBlock[] = [];
  /** The first "}" not lined up with the block it closes. */
  private misaligned: MisalignedBrace | null = null;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly sink: DiagnosticSink,
  ) {}

  parseFile(): SyntaxItem[] {
    const items: SyntaxItem[] = [];

    for (;;) {
      // A loop, not push(...): a huge file must not overflow the arguments.
      for (const item of this.parseBody(0).items) items.push(item);
      const token = this.take();
      if (token.kind === 'end') break;
      this.sink.error(token, 'unexpected "}": no block is open here');
    }

    this.reportUnclosed();
    return items;
  }

  private parseBody(depth: number): Body {
    const items: SyntaxItem[] = [];
    let hasPlaceholder = false;

    for (;;) {
      const token = this.peek();
      if (token.kind === 'close_brace' || token.kind === 'end') break;

      if (token.kind === 'identifier') {
        const item = this.parseItem(depth);
        if (item) items.push(item);
      } else if (token.kind === 'ellipsis') {
        this.sink.error(this.take(), PLACEHOLDER_MESSAGE);
        hasPlaceholder = true;
      } else {
        this.sink.error(
          token,
          `unexpected ${describeToken(token)}: ` +
            'expected an attribute (name = value), a block or "}"',
        );
        this.skipStatement();
      }
    }
    return { items, hasPlaceholder };
  }

  private parseItem(depth: number): SyntaxItem | null {
    const name = this.take();
    const next = this.peek();

    if (next.kind === 'equals') {
      this.take();
      return this.parseAttribute(name, next);
    }
    if (this.isValueMissingEquals(name, next)) {
      this.sink.error(
        next,
        `expected "=" between ${name.value} and its value ` +
          `(${name.value} = ${JSON.stringify(next.value)})`,
      );
      return this.parseAttribute(name, name);
    }
    const isLabelOrBrace =
      next.kind === 'string' ||
      next.kind === 'open_brace' ||
      (next.kind === 'identifier' && next.line === name.line);
    if (isLabelOrBrace) return this.parseBlock(name, depth);

    this.sink.error(
      next.line === name.line ? next : name,
      `expected "=" or "{" after ${name.value}, found ` +
        (next.line === name.line ? describeToken(next) : 'the end of the line'),
    );
    this.skipStatement();
    return null;
  }

  private parseAttribute(name: Token, equals: Token): SyntaxAttribute {
    const value = this.parseValue(name, equals);

    const after = this.peek();
    const isOnSameLine = value !== null && after.line === value.at.line;
    if (isOnSameLine && after.kind !== 'close_brace' && after.kind !== 'end') {
      this.sink.error(
        after,
        `unexpected ${describeToken(after)} after the value of ` +
          `${name.value}: each attribute goes on its own line`,
      );
      this.skipStatement();
    }
    return { kind: 'attribute', name: name.value, at: placeOf(name), value };
  }

  private parseValue(name: Token, equals: Token): SyntaxValue | null {
    const token = this.peek();
    const at = placeOf(token);
    const ends: TokenKind[] = ['close_brace', 'end'];

    if (token.line !== equals.line || ends.includes(token.kind)) {
      this.sink.error(equals, `expected a value after "=" for ${name.value}`);
      return null;
    }
    if (token.kind === 'ellipsis') {
      this.sink.error(token, PLACEHOLDER_MESSAGE);
      this.skipStatement();
      return null;
    }
    if (!VALUE_KINDS.includes(token.kind)) {
      this.sink.error(
        token,
        `expected a value for ${name.value} (a quoted string, true or ` +
          `false), found ${describeToken(token)}`,
      );
      this.skipStatement();
      return null;
    }

    this.take();
    if (token.kind === 'string')
      return { kind: 'string', value: token.value, at };
    if (token.kind === 'number')
      return { kind: 'number', value: token.value, at };
    if (token.value === 'true') return { kind: 'bool', value: true, at };
    if (token.value === 'false') return { kind: 'bool', value: false, at };
    return { kind: 'identifier', value: token.value, at };
  }

  private parseBlock(type: Token, depth: number): SyntaxBlock | null {
    const labels: SyntaxLabel[] = [];
    while (this.peek().kind === 'string' || this.peek().kind === 'identifier') {
      const label = this.take();
      if (label.kind === 'identifier') {
        this.sink.error(
          label,
          `block labels are quoted: write "${label.value}"`,
        );
      }
      labels.push({ value: label.value, at: placeOf(label) });
    }

    const open = this.peek();
    if (open.kind !== 'open_brace') {
      this.sink.error(
        open,
        `expected "{" to open the ${type.value} block, ` +
          `found ${describeToken(open)}`,
      );
      this.skipStatement();
      return null;
    }
    this.take();

    if (depth + 1 > MAX_NESTING) {
      this.sink.error(
        open,
        `blocks nest more than ${MAX_NESTING} deep here; ` +
          'a data graph needs far fewer levels (look for a stray "{")',
      );
      this.skipNested();
      return null;
    }

    const body = this.parseBody(depth + 1);
    const block = {
      type: type.value,
      label: labels[0]?.value ?? null,
      at: placeOf(type),
    };
    const close = this.peek();
    if (close.kind !== 'close_brace') this.unclosed.push(block);
    else this.noteMisaligned(this.take(), block);

    return {
      kind: 'block',
      type: type.value,
      at: placeOf(type),
      labels,
      items: body.items,
      hasPlaceholder: body.hasPlaceholder,
    };
  }

  /**
   * Remembers a "}" that closes a block it is not lined up with: when a
   * brace is missing, the end of the file is where it shows, but this is
   * usually where it was forgotten.
   */
  private noteMisaligned(close: Token, block: UnclosedBlock): void {
    const isLinedUp =
      close.line === block.at.line || close.column === block.at.column;
    if (isLinedUp || this.misaligned !== null) return;
    this.misaligned = { at: placeOf(close), closes: block };
  }

  /** Skips the rest of a bad statement: its line and any block it opens. */
  private skipStatement(): void {
    let depth = 0;
    let line = this.peek().line;

    for (;;) {
      const token = this.peek();
      if (token.kind === 'end') return;
      if (depth === 0 && token.kind === 'close_brace') return;
      if (depth === 0 && token.line > line) return;

      this.take();
      if (token.kind === 'open_brace') depth += 1;
      if (token.kind === 'close_brace') depth -= 1;
      line = token.line;
    }
  }

  /** Skips to the brace closing an opened block, without recursion. */
  private skipNested(): void {
    let depth = 1;

    while (depth > 0 && this.peek().kind !== 'end') {
      const token = this.take();
      if (token.kind === 'open_brace') depth += 1;
      if (token.kind === 'close_brace') depth -= 1;
    }
  }

  private reportUnclosed(): void {
    if (this.unclosed.length === 0) return;

    this.sink.error(
      this.peek(),
      describeUnclosed(this.unclosed, this.misaligned),
    );
  }

  /**
   * `name "value"` with nothing after it on the line is an attribute that
   * lost its "=", not a block whose "{" is missing: a block label is
   * followed by more labels or "{" on the same line.
   */
  private isValueMissingEquals(name: Token, next: Token): boolean {
    if (next.kind !== 'string' || next.line !== name.line) return false;
    const after = this.tokens[this.index + 1];
    if (after === undefined) return true;
    if (after.line !== next.line) return true;
    return after.kind === 'close_brace';
  }

  private peek(): Token {
    return this.tokens[this.index] ?? this.lastToken();
  }

  private take(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index += 1;
    return token;
  }

  private lastToken(): Token {
    const last = this.tokens[this.tokens.length - 1];
    return last ?? { kind: 'end', value: '', line: 1, column: 1 };
  }
}

function placeOf(token: Token): Place {
  return { line: token.line, column: token.column };
}
