/**
 * Reads a YAML file into plain values, noting the line of every key path.
 * Environment references are expanded inside parsed values, never in the
 * raw text, so a value (a password with `: ` or `#`) cannot change the
 * file's structure and each missing variable is named with its key path.
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
} from 'yaml';
import type { Document, Node } from 'yaml';
import { hasReference, interpolateEnv } from './interpolate.js';
import { childPath } from './problems.js';
import { isRecord } from './section.js';
import type { Problems } from './problems.js';

/** The parsed values, and the written text of plain non-string scalars. */
export interface YamlSource {
  readonly value: unknown;
  /** `12345` written unquoted is a number; a password wants the text. */
  readonly texts: ReadonlyMap<string, string>;
}

/** Environment to expand `${VAR}` with, or null to leave values as written. */
export type Env = Readonly<Record<string, string | undefined>>;

// Bounds alias expansion (`&a [*a, *a]` nested) on a hand-written file.
const MAX_NODES = 20_000;
const MAX_DEPTH = 64;
const MERGE_KEY = '<<';

/**
 * Parses one YAML document; null when it has a syntax error. A list at the
 * top is placed at `listPath` in key paths (`consumers[2].uses[0]`).
 */
export function readYamlSource(
  text: string,
  env: Env | null,
  problems: Problems,
  listPath = '',
): YamlSource | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });

  for (const error of doc.errors) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    problems.reportAt(
      line,
      col,
      describeSyntaxError(error.code, error.message),
    );
  }
  if (doc.errors.length > 0) return null;

  const walker = new Walker(doc, lineCounter, env, problems);
  const rootPath = isSeq(doc.contents) ? listPath : '';
  const value = walker.convert(doc.contents, rootPath, 0);
  return { value, texts: walker.texts };
}

class Walker {
  readonly texts = new Map<string, string>();
  #budget = MAX_NODES;
  #isOverLimit = false;

  constructor(
    readonly doc: Document,
    readonly lineCounter: LineCounter,
    readonly env: Env | null,
    readonly problems: Problems,
  ) {}

  convert(node: unknown, path: string, depth: number): unknown {
    this.#budget -= 1;
    if (this.#budget < 0 || depth > MAX_DEPTH) {
      if (!this.#isOverLimit) {
        this.problems.report(path, 'too deeply nested or too many aliases');
      }
      this.#isOverLimit = true;
      return null;
    }

    if (isAlias(node)) {
      return this.convert(node.resolve(this.doc), path, depth + 1);
    }
    if (isMap(node)) return this.convertMap(node.items, path, depth);
    if (isSeq(node)) {
      return node.items.map((item, index) => {
        const itemPath = childPath(path, index);
        this.locate(itemPath, item);
        return this.convert(item, itemPath, depth + 1);
      });
    }
    if (isScalar(node)) return this.convertScalar(node, path);
    return null;
  }

  convertMap(
    pairs: readonly { key: unknown; value: unknown }[],
    path: string,
    depth: number,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const isMerge = (pair: { key: unknown }): boolean =>
      isScalar(pair.key) && pair.key.value === MERGE_KEY;

    // Merged mappings first, so that the lines of keys written here win.
    for (const pair of pairs.filter(isMerge)) {
      this.merge(out, this.convert(pair.value, path, depth + 1), path);
    }
    for (const pair of pairs.filter((p) => !isMerge(p))) {
      const key = isScalar(pair.key) ? pair.key.value : null;
      if (typeof key !== 'string' && typeof key !== 'number') {
        this.locate(path, pair.key);
        this.problems.report(path, 'expected plain text keys');
        continue;
      }

      const keyPath = childPath(path, String(key));
      this.locate(keyPath, pair.key);
      out[String(key)] = this.convert(pair.value, keyPath, depth + 1);
    }
    return out;
  }

  // `<<: *defaults` or `<<: [*a, *b]`: keys of earlier sources win, and
  // keys written in the mapping itself override them all (YAML 1.1).
  merge(out: Record<string, unknown>, source: unknown, path: string): void {
    const sources = Array.isArray(source) ? source : [source];

    for (const item of sources) {
      if (!isRecord(item)) {
        this.problems.report(path, '<< expects a mapping or a list of them');
        continue;
      }
      for (const [key, value] of Object.entries(item)) {
        if (!(key in out)) out[key] = value;
      }
    }
  }

  convertScalar(node: Node & { value: unknown }, path: string): unknown {
    const isPlain = isScalar(node) && node.type === 'PLAIN';
    let text = isScalar(node) ? node.source : undefined;
    let value = node.value;

    if (this.env !== null && typeof value === 'string' && hasReference(value)) {
      text = this.expand(value, path);
      value = isPlain ? resolvePlainScalar(text) : text;
    }

    if (isPlain && typeof value !== 'string' && value !== null) {
      this.texts.set(path, typeof text === 'string' ? text : String(value));
    }
    return value;
  }

  expand(text: string, path: string): string {
    const result = interpolateEnv(text, this.env ?? {});

    for (const name of result.missing) {
      this.problems.report(
        path,
        `environment variable ${name} is not set ` +
          `(set it, or write \${${name}:-default})`,
      );
    }
    if (result.malformed.length > 0) {
      this.problems.report(
        path,
        'malformed environment reference (write ${VAR} or ${VAR:-default}, ' +
          'or $${ for a literal ${)',
      );
    }
    return result.text;
  }

  locate(path: string, node: unknown): void {
    const range = (node as { range?: readonly number[] } | null)?.range;
    const offset = range?.[0];
    if (offset === undefined) return;
    this.problems.locate(path, this.lineCounter.linePos(offset).line);
  }
}

// An expanded plain scalar takes the type the same text would have had in
// the file: `${MAX_PROBES:-50}` is a number, `${REPEAT:-null}` is null.
function resolvePlainScalar(text: string): unknown {
  if (/^(|~|null|Null|NULL)$/.test(text)) return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?(\d+|\d*\.\d+|\d+\.\d*)([eE][-+]?\d+)?$/.test(text)) {
    return Number(text);
  }
  return text;
}

// The yaml package's messages are generic (they never quote the source, so
// they cannot leak a secret); lower-cased and stripped of API advice.
function describeSyntaxError(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS') return 'expected one YAML document, found more';
  if (code === 'DUPLICATE_KEY') return 'this key is already set above';

  const text = message.split(/[;\n]/)[0] ?? message;
  return `invalid YAML: ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}
