/** Splits Data Graph text into tokens, skipping whitespace and comments. */
import type { DiagnosticSink, Place } from './diagnostics.js';

/** What a token is. `other` is any character the language does not use. */
export type TokenKind =
  | 'identifier'
  | 'string'
  | 'number'
  | 'open_brace'
  | 'close_brace'
  | 'equals'
  | 'ellipsis'
  | 'other'
  | 'end';

/** One token; `value` is the decoded text of a string, else its source. */
export interface Token extends Place {
  readonly kind: TokenKind;
  readonly value: string;
}

/**
 * Reads every token of `text`, ending with an `end` token. Bad strings and
 * comments are reported to `sink` and still yield a token, so parsing goes on.
 */
export function tokenize(text: string, sink: DiagnosticSink): Token[] {
  const lexer = new Lexer(text, sink);
  const tokens: Token[] = [];

  for (;;) {
    const token = lexer.next();
    tokens.push(token);
    if (token.kind === 'end') return tokens;
  }
}

/** How a token reads in a message: `"}"`, `string "x"`, `end of file`. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the file';
    case 'string':
      return `string "${shorten(token.value)}"`;
    case 'identifier':
      return `name ${token.value}`;
    case 'number':
      return `number ${token.value}`;
    default:
      return `"${token.value}"`;
  }
}

const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ['\\', '\\'],
  ['n', '\n'],
  ['t', '\t'],
]);

// Sticky, so each match starts exactly at the lexer's offset.
const IDENTIFIER = /[A-Za-z_][\w-]*/y;
const NUMBER = /[0-9][0-9.]*/y;

class Lexer {
  private offset = 0;
  private line = 1;
  private column = 1;

  constructor(
    private readonly text: string,
    private readonly sink: DiagnosticSink,
  ) {
    if (text.startsWith('\uFEFF')) this.offset = 1;
  }

  next(): Token {
    this.skipSpaceAndComments();

    const { line, column } = this;
    const token = (kind: TokenKind, value: string): Token => ({
      kind,
      value,
      line,
      column,
    });
    const char = this.text[this.offset];
    if (char === undefined) return token('end', '');

    if (char === '"') return token('string', this.string({ line, column }));
    const word = this.match(IDENTIFIER) ?? this.match(NUMBER);
    if (word !== null) return token(word.kind, word.text);
    if (this.text.startsWith('...', this.offset)) {
      this.advance(3);
      return token('ellipsis', '...');
    }

    this.advance(1);
    if (char === '{') return token('open_brace', char);
    if (char === '}') return token('close_brace', char);
    if (char === '=') return token('equals', char);
    return token('other', char);
  }

  private skipSpaceAndComments(): void {
    for (;;) {
      const char = this.text[this.offset];
      if (char === '\n') {
        this.newline();
      } else if (char === ' ' || char === '\t' || char === '\r') {
        this.advance(1);
      } else if (char === '#' || this.text.startsWith('//', this.offset)) {
        while (!this.isAtLineEnd()) this.advance(1);
      } else if (this.text.startsWith('/*', this.offset)) {
        this.blockComment();
      } else {
        return;
      }
    }
  }

  private blockComment(): void {
    const at: Place = { line: this.line, column: this.column };
    this.advance(2);

    while (!this.text.startsWith('*/', this.offset)) {
      if (this.offset >= this.text.length) {
        this.sink.error(
          at,
          'unterminated comment: expected "*/" to close the "/*" here',
        );
        return;
      }
      if (this.text[this.offset] === '\n') this.newline();
      else this.advance(1);
    }
    this.advance(2);
  }

  private string(at: Place): string {
    let value = '';
    this.advance(1);

    for (;;) {
      if (this.isAtLineEnd()) {
        this.sink.error(
          at,
          'unterminated string: expected a closing " ' +
            'before the end of the line',
        );
        return value;
      }
      const char = this.text[this.offset] ?? '';
      if (char === '"') {
        this.advance(1);
        return value;
      }
      value += char === '\\' ? this.escape() : char;
      if (char !== '\\') this.advance(1);
    }
  }

  private escape(): string {
    const at: Place = { line: this.line, column: this.column };
    const code = this.text[this.offset + 1] ?? '';
    const simple = ESCAPES.get(code);

    if (simple !== undefined) {
      this.advance(2);
      return simple;
    }
    const hex = this.text.slice(this.offset + 2, this.offset + 6);
    if (code === 'u' && /^[0-9A-Fa-f]{4}$/.test(hex)) {
      this.advance(6);
      return String.fromCharCode(parseInt(hex, 16));
    }
    this.sink.error(
      at,
      `invalid escape "\\${code === 'u' ? 'u' + hex : code}" in string; ` +
        'expected one of \\" \\\\ \\n \\t \\u and four hex digits',
    );
    this.advance(code === '' || code === '\n' ? 1 : 2);
    return '';
  }

  private match(pattern: RegExp): { kind: TokenKind; text: string } | null {
    pattern.lastIndex = this.offset;
    const found = pattern.exec(this.text);
    if (found === null) return null;

    this.advance(found[0].length);
    const kind = pattern === IDENTIFIER ? 'identifier' : 'number';
    return { kind, text: found[0] };
  }

  private isAtLineEnd(): boolean {
    const char = this.text[this.offset];
    return char === undefined || char === '\n' || char === '\r';
  }

  private newline(): void {
    this.offset += 1;
    this.line += 1;
    this.column = 1;
  }

  private advance(count: number): void {
    this.offset += count;
    this.column += count;
  }
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
