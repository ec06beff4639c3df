/**
 * One mapping of the config, read key by key. Every reader reports a clear
 * problem at the key's path and returns a fallback, so that one pass finds
 * every problem of the file. Values of secret keys are never quoted.
 */
import { isAbsolute, resolve } from 'node:path';
import { didYouMean } from '../model/did-you-mean.js';
import { formatDuration, parseDuration } from './duration.js';
import { childPath } from './problems.js';
import type { Problems } from './problems.js';

/** What every section of one file shares. */
export interface SectionContext {
  readonly problems: Problems;
  /** Written text of plain scalars that parsed as numbers or booleans. */
  readonly texts: ReadonlyMap<string, string>;
  /** Folder that relative paths start from: the config file's. */
  readonly baseDir: string;
}

/** Options of a text reader. */
export interface TextOptions {
  /** Never quote the value in a message. */
  readonly isSecret?: boolean;
  /** Why the key is required, or true; absent: optional. */
  readonly required?: string | boolean;
}

/** A config mapping at a key path, with typed readers for its keys. */
export class Section {
  constructor(
    readonly context: SectionContext,
    readonly path: string,
    readonly values: Readonly<Record<string, unknown>>,
  ) {}

  /** The section at the top of a file, or an empty one after a problem. */
  static root(context: SectionContext, value: unknown): Section {
    if (value === null || value === undefined) {
      context.problems.reportFile('the file is empty');
    } else if (!isRecord(value)) {
      context.problems.reportFile('expected a mapping of keys at the top');
    }
    return new Section(context, '', isRecord(value) ? value : {});
  }

  /** Reports every key not in `known`, with the closest known one. */
  allowKeys(known: readonly string[]): this {
    for (const key of Object.keys(this.values)) {
      if (known.includes(key)) continue;
      this.report(key, `unknown key${suggestKey(key, known)}`);
    }
    return this;
  }

  /** True when the key is written with a value other than null or "". */
  has(key: string): boolean {
    const value = this.values[key];
    return value !== undefined && value !== null && value !== '';
  }

  /** The raw value of a key. */
  raw(key: string): unknown {
    return this.values[key];
  }

  /** The full key path of a key of this section. */
  pathOf(key: string | number): string {
    return childPath(this.path, key);
  }

  /** Reports a problem at a key of this section. */
  report(key: string, message: string): void {
    this.context.problems.report(this.pathOf(key), message);
  }

  /** Reports a problem with this section as a whole. */
  reportHere(message: string): void {
    this.context.problems.report(this.path, message);
  }

  /** A nested mapping; absent or null reads as empty. */
  child(key: string, known: readonly string[]): Section {
    const value = this.values[key];
    const path = this.pathOf(key);

    if (value !== undefined && value !== null && !isRecord(value)) {
      this.report(key, `expected a mapping, got ${describe(value)}`);
    }
    const section = new Section(
      this.context,
      path,
      isRecord(value) ? value : {},
    );
    return section.allowKeys(known);
  }

  /** A text value; null and "" read as absent. */
  text(key: string, options: TextOptions = {}): string | null {
    const value = this.values[key];
    const written = this.context.texts.get(this.pathOf(key));

    if (value === undefined || value === null || value === '') {
      if (options.required === true) this.report(key, 'required');
      else if (options.required) this.report(key, options.required);
      return null;
    }
    if (typeof value === 'string') return value;
    if (written !== undefined) return written;

    const got = options.isSecret ? '' : `, got ${describe(value)}`;
    this.report(key, `expected text${got}`);
    return null;
  }

  /** A whole number within bounds. */
  integer(key: string, fallback: number, min: number, max?: number): number {
    const value = this.values[key];
    if (value === undefined || value === null) return fallback;

    const isInRange =
      Number.isSafeInteger(value) &&
      (value as number) >= min &&
      (max === undefined || (value as number) <= max);
    if (isInRange) return value as number;

    const range = max === undefined ? `${min} or more` : `${min} to ${max}`;
    this.report(
      key,
      `expected a whole number ${range}, got ${describe(value)}`,
    );
    return fallback;
  }

  /** A number greater than `above` and at most `max`. */
  ratio(key: string, fallback: number, above: number, max: number): number {
    const value = this.values[key];
    if (value === undefined || value === null) return fallback;

    if (typeof value === 'number' && value > above && value <= max) {
      return value;
    }
    this.report(
      key,
      `expected a number above ${above} and at most ${max}, ` +
        `got ${describe(value)}`,
    );
    return fallback;
  }

  /** `true` or `false`. */
  boolean(key: string, fallback: boolean): boolean {
    const value = this.values[key];
    if (value === undefined || value === null) return fallback;

    if (typeof value === 'boolean') return value;
    this.report(key, `expected true or false, got ${describe(value)}`);
    return fallback;
  }

  /** A duration like `60s`, in milliseconds, at least `minMs`. */
  duration(key: string, fallback: number, minMs = 1): number {
    return this.nullableDuration(key, fallback, minMs, false) ?? fallback;
  }

  /** A duration, or null when written as null (left out: `fallback`). */
  nullableDuration(
    key: string,
    fallback: number | null,
    minMs = 1,
    isNullAllowed = true,
  ): number | null {
    const value = this.values[key];
    if (value === undefined) return fallback;
    if (value === null) return isNullAllowed ? null : fallback;

    const ms = typeof value === 'string' ? parseDuration(value) : null;
    if (ms !== null && ms >= minMs) return ms;

    if (ms !== null) {
      this.report(
        key,
        `expected at least ${formatDuration(minMs)}, got ${describe(value)}`,
      );
    } else {
      const hint = typeof value === 'number' ? ' (add a unit)' : '';
      const orNull = isNullAllowed ? ', or null' : '';
      this.report(
        key,
        `expected a duration like 60s (units ms, s, m, h, d)${orNull}, ` +
          `got ${describe(value)}${hint}`,
      );
    }
    return fallback;
  }

  /** One of a fixed set of words, with "did you mean". */
  oneOf<T extends string>(key: string, choices: readonly T[], fallback: T): T {
    const value = this.text(key);
    if (value === null) return fallback;

    if ((choices as readonly string[]).includes(value)) return value as T;
    this.report(
      key,
      `expected one of ${choices.join(', ')}, got ${describe(value)}` +
        didYouMean(value, choices),
    );
    return fallback;
  }

  /** A file path, made absolute against the config file's folder. */
  filePath(key: string, options: TextOptions = {}): string | null {
    const value = this.text(key, options);
    return value === null ? null : this.resolvePath(value);
  }

  /** Makes a path from this file absolute. */
  resolvePath(path: string): string {
    return isAbsolute(path) ? path : resolve(this.context.baseDir, path);
  }

  /** A list of texts; one text also reads as a list of one. */
  textList(key: string): string[] {
    const value = this.values[key];
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return value === '' ? [] : [value];

    if (!Array.isArray(value)) {
      this.report(key, `expected a list, got ${describe(value)}`);
      return [];
    }
    const items: string[] = [];
    value.forEach((item: unknown, index) => {
      if (typeof item === 'string' && item !== '') items.push(item);
      else
        this.report(`${key}[${index}]`, `expected text, got ${describe(item)}`);
    });
    return items;
  }
}

// Close spellings first; then a key that starts like a known one, since
// `project` for `project_id` is farther than a typo but just as clear.
function suggestKey(key: string, known: readonly string[]): string {
  const close = didYouMean(key, known);
  if (close !== '') return close;

  const lower = key.toLowerCase();
  const starting = known.filter(
    (k) => k.startsWith(lower) || lower.startsWith(k),
  );
  return starting.length === 1 ? ` (did you mean "${starting[0]}"?)` : '';
}

/** True for a plain mapping (not a list, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as a message quotes it: short, and saying what kind it is. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  if (typeof value !== 'string') return String(value);

  const short = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(short);
}
