/**
 * The data consumers (SPEC §3): an inline list in the config, or a path to
 * a YAML file holding the list (bare, or under a `consumers:` key). A file
 * is read as written: `${VAR}` is expanded only in the config itself.
 */
import { readFile } from 'node:fs/promises';
import type { Consumer } from '../model/consumer.js';
import { didYouMean } from '../model/did-you-mean.js';
import { readConsumerList } from './consumer-entries.js';
import { displayPath } from './display-path.js';
import { Problems } from './problems.js';
import { describe, isRecord, Section } from './section.js';
import { readYamlSource } from './yaml-source.js';

/** The consumers, the file they came from, and that file's problems. */
export interface LoadedConsumers {
  readonly consumers: readonly Consumer[];
  /** Absolute path of the consumers file; null when inline or absent. */
  readonly path: string | null;
  /** Problems of the consumers file; inline ones go to the config's. */
  readonly problems: readonly string[];
}

const KINDS = ['entity', 'relationship'];

/** Reads `consumers` of the config: absent, an inline list, or a path. */
export async function loadConsumers(
  root: Section,
  cwd: string,
): Promise<LoadedConsumers> {
  const value = root.raw('consumers');
  if (value === undefined || value === null) {
    return { consumers: [], path: null, problems: [] };
  }
  if (Array.isArray(value)) {
    return {
      consumers: readConsumerList(root, 'consumers'),
      path: null,
      problems: [],
    };
  }
  if (typeof value !== 'string' || value === '') {
    root.report(
      'consumers',
      `expected a list or a file path, got ${describe(value)}`,
    );
    return { consumers: [], path: null, problems: [] };
  }

  const path = root.resolvePath(value);
  const text = await readConsumersFile(root, path, cwd);
  if (text === null) return { consumers: [], path, problems: [] };

  const problems = new Problems(displayPath(path, cwd));
  const source = readYamlSource(text, null, problems, 'consumers');
  const consumers =
    source === null ? [] : readConsumersDocument(source, problems, root);
  return { consumers, path, problems: problems.messages };
}

/**
 * Error messages for `uses` entries that name no subject of the graph,
 * with "did you mean". `file` prefixes each message (null: inline).
 */
export function checkConsumerUses(
  consumers: readonly Consumer[],
  subjects: readonly string[],
  options: { file: string | null },
): string[] {
  const known = new Set(subjects);
  const candidates = subjects.filter((s) => s !== 'profile');
  const prefix = options.file === null ? '' : `${options.file}: `;
  const messages: string[] = [];

  for (const consumer of consumers) {
    for (const use of consumer.uses) {
      if (known.has(use)) continue;
      messages.push(
        `${prefix}consumer ${consumer.id} uses ${use}, which the graph does ` +
          `not define${suggestSubject(use, candidates, known)}`,
      );
    }
  }
  return messages;
}

function readConsumersDocument(
  source: { value: unknown; texts: ReadonlyMap<string, string> },
  problems: Problems,
  root: Section,
): Consumer[] {
  const context = {
    problems,
    texts: source.texts,
    baseDir: root.context.baseDir,
  };
  if (source.value === null || source.value === undefined) return [];

  // A bare list was read as if it stood under `consumers:`.
  const top = Array.isArray(source.value)
    ? { consumers: source.value }
    : source.value;
  if (!isRecord(top)) {
    problems.reportFile('expected a list of consumers, or a consumers: key');
    return [];
  }
  const section = new Section(context, '', top).allowKeys(['consumers']);
  if (!section.has('consumers')) return [];
  return readConsumerList(section, 'consumers');
}

function suggestSubject(
  use: string,
  candidates: readonly string[],
  known: ReadonlySet<string>,
): string {
  // The same slug under the other kind is the likeliest mix-up.
  const slug = use.slice(use.indexOf(':') + 1);
  for (const kind of KINDS) {
    const other = `${kind}:${slug}`;
    if (other !== use && known.has(other)) return ` (did you mean "${other}"?)`;
  }
  return didYouMean(use, candidates);
}

async function readConsumersFile(
  root: Section,
  path: string,
  cwd: string,
): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : `cannot read it (${code ?? 'error'})`;
    root.report('consumers', `${displayPath(path, cwd)}: ${why}`);
    return null;
  }
}
