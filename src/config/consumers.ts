/**
 * The data consumers (SPEC §3): an inline list in the config, or a path to
 * a YAML file holding the list (bare, or under a `consumers:` key). A file
 * is read as written: `${VAR}` is expanded only in the config itself.
 */
import { readFile } from 'node:fs/promises';
import type { Consumer, ConsumerType } from '../model/consumer.js';
import { closestName, didYouMean } from '../model/did-you-mean.js';
import { displayPath } from './display-path.js';
import { Problems } from './problems.js';
import { isEmailAddress } from './rules/notify.js';
import { describe, isRecord, Section } from './section.js';
import type { SectionContext } from './section.js';
import { readYamlSource } from './yaml-source.js';

/** The consumers, the file they came from, and that file's problems. */
export interface LoadedConsumers {
  readonly consumers: readonly Consumer[];
  /** Absolute path of the consumers file; null when inline or absent. */
  readonly path: string | null;
  /** Problems of the consumers file; inline ones go to the config's. */
  readonly problems: readonly string[];
}

const ENTRY_KEYS = ['id', 'name', 'type', 'uses', 'owner'];
const TYPES: readonly ConsumerType[] = [
  'linked_audience',
  'linked_event',
  'other',
];
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const USE = /^(entity|relationship):[a-z0-9_-]+$/;

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

/** Reads a list of consumer entries at `key` of a section. */
export function readConsumerList(parent: Section, key: string): Consumer[] {
  const list = parent.raw(key);
  if (!Array.isArray(list)) {
    parent.report(key, `expected a list of consumers, got ${describe(list)}`);
    return [];
  }

  const consumers: Consumer[] = [];
  const firstIndex = new Map<string, number>();
  list.forEach((entry: unknown, index) => {
    const path = parent.pathOf(key);
    const consumer = readEntry(parent.context, `${path}[${index}]`, entry);
    if (consumer === null) return;

    const earlier = firstIndex.get(consumer.id);
    if (earlier !== undefined) {
      const at = `${path}[${earlier}]`;
      const line = parent.context.problems.lineOf(at);
      const where = line === null ? at : `${at}, line ${line}`;
      parent.context.problems.report(
        `${path}[${index}].id`,
        `duplicate id ${describe(consumer.id)} (also ${where}); ids must be unique and stable`,
      );
      return;
    }
    firstIndex.set(consumer.id, index);
    consumers.push(consumer);
  });
  return consumers;
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

function readEntry(
  context: SectionContext,
  path: string,
  entry: unknown,
): Consumer | null {
  if (!isRecord(entry)) {
    context.problems.report(
      path,
      `expected a mapping with id, name, type and uses, got ${describe(entry)}`,
    );
    return null;
  }

  const section = new Section(context, path, entry).allowKeys(ENTRY_KEYS);
  const id = section.text('id', { required: true });
  if (id !== null && !ID.test(id)) {
    section.report(
      'id',
      `expected letters, digits, ".", "_" or "-", got ${describe(id)}`,
    );
  }
  const name = section.text('name', { required: true });
  const type = readType(section);
  const uses = readUses(section);
  const owner = section.text('owner');
  if (owner !== null && !isEmailAddress(owner)) {
    section.report(
      'owner',
      `expected an email address, got ${describe(owner)}`,
    );
  }

  if (id === null || name === null || type === null) return null;
  return { id, name, type, uses, owner };
}

function readType(section: Section): ConsumerType | null {
  const value = section.text('type', {
    required: `required: one of ${TYPES.join(', ')}`,
  });
  if (value === null) return null;

  if ((TYPES as readonly string[]).includes(value))
    return value as ConsumerType;
  section.report(
    'type',
    `expected one of ${TYPES.join(', ')}, got ${describe(value)}${didYouMean(value, TYPES)}`,
  );
  return null;
}

function readUses(section: Section): string[] {
  if (!section.has('uses')) {
    section.report(
      'uses',
      'required: a list of entity:<slug> or relationship:<slug>',
    );
    return [];
  }
  const uses = section.textList('uses');

  uses.forEach((use, index) => {
    if (USE.test(use)) return;
    const kind = use.split(':')[0] ?? '';
    const close = closestName(kind, ['entity', 'relationship']);
    const hint =
      close !== null && close !== kind ? ` (did you mean "${close}:"?)` : '';
    section.report(
      `uses[${index}]`,
      `expected entity:<slug> or relationship:<slug>, got ${describe(use)}${hint}`,
    );
  });
  return uses.filter((use) => USE.test(use));
}

function suggestSubject(
  use: string,
  candidates: readonly string[],
  known: ReadonlySet<string>,
): string {
  // The same slug under the other kind is the likeliest mix-up.
  const slug = use.slice(use.indexOf(':') + 1);
  for (const kind of ['entity', 'relationship']) {
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
