/** One consumer entry of a list (SPEC §3), checked key by key. */
import type { Consumer, ConsumerType } from '../model/consumer.js';
import { closestName, didYouMean } from '../model/did-you-mean.js';
import { isEmailAddress } from './rules/notify.js';
import { describe, isRecord, Section } from './section.js';
import type { SectionContext } from './section.js';

const ENTRY_KEYS = ['id', 'name', 'type', 'uses', 'owner'];
const TYPES: readonly ConsumerType[] = [
  'linked_audience',
  'linked_event',
  'other',
];
// Ids appear in alert ids (`<syncId>-email-…`) and URLs: keep them plain.
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const USE = /^(entity|relationship):[a-z0-9_-]+$/;
const KINDS = ['entity', 'relationship'];

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
        `duplicate id ${describe(consumer.id)} (also ${where}); ` +
          'ids must be unique and stable',
      );
      return;
    }
    firstIndex.set(consumer.id, index);
    consumers.push(consumer);
  });
  return consumers;
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
    `expected one of ${TYPES.join(', ')}, got ${describe(value)}` +
      didYouMean(value, TYPES),
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
    section.report(
      `uses[${index}]`,
      `expected entity:<slug> or relationship:<slug>, got ${describe(use)}` +
        hintForUse(use),
    );
  });
  return uses.filter((use) => USE.test(use));
}

function hintForUse(use: string): string {
  const colon = use.indexOf(':');
  if (colon < 0) return ` (write entity:${use} or relationship:${use})`;

  const kind = use.slice(0, colon).toLowerCase();
  const slug = use.slice(colon + 1);
  if (kind !== 'entity' && kind !== 'relationship') {
    // `entities:` is three edits from `entity:`, but plainly meant it.
    const close =
      closestName(kind, KINDS) ??
      KINDS.find((k) => k.slice(0, 4) === kind.slice(0, 4)) ??
      null;
    return close === null ? '' : ` (did you mean "${close}:${slug}"?)`;
  }
  return /[A-Z]/.test(slug) ? ' (slugs are lower case)' : '';
}
