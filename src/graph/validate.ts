/**
 * Turns the syntax tree into a DataGraph, checking the rules of SPEC §2
 * for the data_graph, entity and profile blocks; relationships are in
 * validate-relationship.ts.
 */
import { didYouMean } from '../model/did-you-mean.js';
import type {
  DataGraph,
  Entity,
  Profile,
  ProfileType,
} from '../model/graph.js';
import { readBlock } from './block-reader.js';
import type { BlockSchema } from './block-reader.js';
import type { DiagnosticSink, Place } from './diagnostics.js';
import {
  isSlug,
  parseColumnName,
  parseProfileFolder,
  parseTableRef,
  slugProblem,
} from './identifiers.js';
import type { SyntaxBlock, SyntaxItem } from './syntax.js';
import { readRelationships } from './validate-relationship.js';

/**
 * Builds the graph from a file's top-level items, reporting every problem
 * to `sink`. The result is only meaningful when `sink` holds no error.
 */
export function buildGraph(
  items: readonly SyntaxItem[],
  sink: DiagnosticSink,
): DataGraph | null {
  const root = findRoot(items, sink);
  if (root === null) return null;

  const content = readBlock(root, 'data_graph', DATA_GRAPH, sink);
  const entityBlocks = content.blocksOf('entity');
  const entities = readEntities(entityBlocks, sink);
  const slugs = new Set(entityBlocks.map((b) => b.labels[0]?.value ?? ''));

  const [profileBlock] = content.blocksOf('profile');
  const profile = profileBlock ? readProfile(profileBlock, slugs, sink) : null;
  return {
    file: sink.file,
    version: content.strings.get('version')?.value ?? null,
    entities,
    profile,
  };
}

const PROFILE_TYPES: readonly ProfileType[] = [
  'segment:materialized',
  'segment:unmaterialized',
];

const DATA_GRAPH: BlockSchema = {
  attributes: { version: { type: 'string', isRequired: false } },
  blocks: { entity: { hasLabel: true }, profile: { hasLabel: false } },
  misplaced: {
    relationship: 'a relationship block belongs inside the profile block',
  },
};

const ENTITY: BlockSchema = {
  attributes: {
    name: { type: 'string', isRequired: true },
    description: { type: 'string', isRequired: false },
    table_ref: { type: 'string', isRequired: true },
    primary_key: { type: 'string', isRequired: true },
    enrichment_enabled: { type: 'bool', isRequired: false },
  },
  blocks: {},
  misplaced: {},
};

const PROFILE: BlockSchema = {
  attributes: {
    profile_folder: { type: 'string', isRequired: true },
    type: { type: 'string', isRequired: true },
  },
  blocks: { relationship: { hasLabel: true } },
  misplaced: {},
};

const TOP_LEVEL_BLOCKS = ['entity', 'profile', 'relationship'];

function findRoot(
  items: readonly SyntaxItem[],
  sink: DiagnosticSink,
): SyntaxBlock | null {
  const roots: SyntaxBlock[] = [];

  for (const item of items) {
    if (item.kind === 'block' && item.type === 'data_graph') {
      roots.push(item);
    } else if (item.kind === 'block' && TOP_LEVEL_BLOCKS.includes(item.type)) {
      sink.error(
        item.at,
        `${item.type} block outside data_graph; expected it inside ` +
          'data_graph { … } (is a "}" too many above it?)',
      );
    } else {
      const name = item.kind === 'block' ? item.type : item.name;
      sink.warning(
        item.at,
        `unknown ${item.kind} ${name} outside data_graph is ignored` +
          didYouMean(name, ['data_graph']),
      );
    }
  }

  reportExtraRoots(roots, sink);
  return roots[0] ?? null;
}

function reportExtraRoots(roots: SyntaxBlock[], sink: DiagnosticSink): void {
  const [first, ...rest] = roots;

  if (first === undefined) {
    sink.error(
      { line: 1, column: 1 },
      'expected a data_graph { … } block; the file has none',
    );
    return;
  }
  for (const label of first.labels) {
    sink.error(label.at, 'data_graph: the block takes no label');
  }
  for (const extra of rest) {
    sink.error(
      extra.at,
      'a second data_graph block; expected one per file ' +
        `(the first is at ${first.at.line}:${first.at.column})`,
    );
  }
}

function readEntities(
  blocks: readonly SyntaxBlock[],
  sink: DiagnosticSink,
): Entity[] {
  const seen = new Map<string, Place>();
  const entities: Entity[] = [];

  for (const block of blocks) {
    const label = block.labels[0];
    if (label === undefined) continue;
    const first = seen.get(label.value);
    if (!isSlug(label.value)) {
      sink.error(
        label.at,
        `entity "${label.value}": ${slugProblem(label.value)}`,
      );
    } else if (first !== undefined) {
      sink.error(
        label.at,
        `entity "${label.value}" is already defined at ` +
          `${first.line}:${first.column}; expected unique entity slugs`,
      );
    }
    seen.set(label.value, first ?? label.at);

    const entity = readEntity(block, label.value, sink);
    if (entity !== null) entities.push(entity);
  }
  return entities;
}

function readEntity(
  block: SyntaxBlock,
  slug: string,
  sink: DiagnosticSink,
): Entity | null {
  const context = `entity "${slug}"`;
  const content = readBlock(block, context, ENTITY, sink);
  const name = content.strings.get('name');
  const tableRef = content.strings.get('table_ref');
  const primaryKey = content.strings.get('primary_key');

  const tableParts = tableRef && parseTableRef(tableRef.value);
  if (tableRef && tableParts && !tableParts.ok) {
    sink.error(tableRef.at, `${context}: ${tableParts.message}`);
  }
  const column = primaryKey && parseColumnName(primaryKey.value, 'primary_key');
  if (primaryKey && column && !column.ok) {
    sink.error(primaryKey.at, `${context}: ${column.message}`);
  }

  if (!name || !tableRef || !tableParts?.ok || !column?.ok) return null;
  return {
    slug,
    name: name.value,
    description: content.strings.get('description')?.value ?? null,
    tableRef: tableRef.value,
    tableParts: tableParts.value,
    primaryKey: column.value,
    isEnrichmentEnabled: content.bools.get('enrichment_enabled') ?? false,
    position: { file: sink.file, ...block.at },
  };
}

function readProfile(
  block: SyntaxBlock,
  entities: ReadonlySet<string>,
  sink: DiagnosticSink,
): Profile | null {
  const content = readBlock(block, 'profile', PROFILE, sink);
  const folder = content.strings.get('profile_folder');
  const type = content.strings.get('type');

  const folderParts = folder && parseProfileFolder(folder.value);
  if (folder && folderParts && !folderParts.ok) {
    sink.error(folder.at, `profile: ${folderParts.message}`);
  }
  const profileType = PROFILE_TYPES.find((t) => t === type?.value);
  if (type && profileType === undefined) {
    sink.error(
      type.at,
      `profile: type "${type.value}" is not a profile type; expected ` +
        `"${PROFILE_TYPES.join('" or "')}"` +
        didYouMean(type.value, PROFILE_TYPES),
    );
  }

  const relationships = readRelationships(
    content.blocksOf('relationship'),
    { slug: null, entity: null, depth: 1 },
    { entities, seen: new Map(), sink },
  );
  if (!folder || !folderParts?.ok || profileType === undefined) return null;
  return {
    profileFolder: folder.value,
    folderParts: folderParts.value,
    type: profileType,
    relationships,
    position: { file: sink.file, ...block.at },
  };
}
