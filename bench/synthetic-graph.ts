/**
 * The Data Graph text and the consumers of the synthetic warehouse: one
 * entity per entity table (two-part table_refs in the main database),
 * relationships in chains of five under a segment:materialized profile,
 * joined by external_id, join_on and junction tables (three-part
 * table_refs in the links database).
 */
import {
  CHAIN_LENGTH,
  junctionName,
  pad,
  planEntity,
  type EntityPlan,
} from './synthetic-warehouse.js';

/** The database names of one synthetic warehouse, as the graph spells them. */
export interface SyntheticNames {
  /** Two-part table_refs live here (warehouse.database). */
  readonly main: string;
  /** Junction tables live here. */
  readonly links: string;
}

/** The database names for a size, made unique by `tag`. */
export function syntheticNames(tag: string): SyntheticNames {
  const safe = tag.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return { main: `SHOP_${safe}`, links: `LINKS_${safe}` };
}

/** The graph file's text for `entities` entities (a multiple of five). */
export function buildGraphText(
  entities: number,
  names: SyntheticNames,
): string {
  if (entities <= 0 || entities % CHAIN_LENGTH !== 0) {
    throw new RangeError(`entities must be a positive multiple of 5`);
  }
  const plans = Array.from({ length: entities }, (_, i) => planEntity(i));
  const lines = ['data_graph {', '  version = "v1.0.0"', ''];

  for (const plan of plans) lines.push(...entityBlock(plan));
  lines.push('  profile {');
  lines.push(`    profile_folder = "${names.main}.SEGMENT"`);
  lines.push('    type           = "segment:materialized"');
  for (let start = 0; start < entities; start += CHAIN_LENGTH) {
    lines.push(
      ...relationshipChain(plans.slice(start, start + CHAIN_LENGTH), names),
    );
  }
  lines.push('  }', '}', '');
  return lines.join('\n');
}

/**
 * The consumers file: one audience per chain on its deepest relationship,
 * and one event enrichment per ten chains on its first entity.
 */
export function buildConsumersYaml(entities: number): string {
  const lines = ['consumers:'];

  for (let start = 0; start < entities; start += CHAIN_LENGTH) {
    const last = start + CHAIN_LENGTH - 1;
    lines.push(
      `  - id: aud-${pad(start)}`,
      `    name: Audience ${start}`,
      '    type: linked_audience',
      `    uses: [relationship:r-${pad(last)}]`,
    );
    if (start % (CHAIN_LENGTH * 10) !== 0) continue;
    lines.push(
      `  - id: evt-${pad(start)}`,
      `    name: Enrichment ${start}`,
      '    type: linked_event',
      `    uses: [entity:e-${pad(start)}]`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function entityBlock(plan: EntityPlan): string[] {
  const tableRef = `${plan.schema}.${plan.table}`.toUpperCase();
  return [
    `  entity "${plan.slug}" {`,
    `    name        = "entity ${plan.index}"`,
    `    table_ref   = "${tableRef}"`,
    '    primary_key = "ID"',
    '  }',
    '',
  ];
}

// Each relationship nests inside the previous one of its chain.
function relationshipChain(
  chain: readonly EntityPlan[],
  names: SyntheticNames,
): string[] {
  const open: string[] = [];
  const close: string[] = [];

  chain.forEach((plan, depth) => {
    const indent = '  '.repeat(depth + 2);
    const parent = chain[depth - 1];
    open.push(
      `${indent}relationship "r-${pad(plan.index)}" {`,
      `${indent}  name           = "relationship ${plan.index}"`,
      `${indent}  related_entity = "${plan.slug}"`,
      ...joinLines(plan, parent, names).map((line) => `${indent}  ${line}`),
    );
    close.unshift(`${indent}}`);
  });
  return [...open, ...close];
}

function joinLines(
  plan: EntityPlan,
  parent: EntityPlan | undefined,
  names: SyntheticNames,
): string[] {
  if (plan.join === 'external_id' || parent === undefined) {
    return [
      'external_id {',
      '  type     = "email"',
      '  join_key = "EMAIL"',
      '}',
    ];
  }
  if (plan.join === 'join_on') {
    return [`join_on = "${parent.slug}.ID = ${plan.slug}.PARENT_ID"`];
  }

  const { schema, table } = junctionName(plan);
  const ref = `${names.links}.${schema.toUpperCase()}.${table.toUpperCase()}`;
  return [
    'junction_table {',
    `  table_ref     = "${ref}"`,
    '  primary_key   = "ID"',
    `  left_join_on  = "${parent.slug}.ID = LEFT_ID"`,
    `  right_join_on = "RIGHT_ID = ${plan.slug}.ID"`,
    '}',
  ];
}
