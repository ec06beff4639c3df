/**
 * The synthetic warehouse behind the benchmark: entity tables in several
 * schemas of one database, junction tables in a second database, the two
 * profile tables, and a little deterministic drift so that every sync has
 * findings to classify and record, as a real warehouse would.
 */

/** One column of a synthetic table, with a type both engines accept. */
export interface SyntheticColumn {
  readonly name: string;
  readonly type: string;
}

/** One table to create; names are lower case, as both engines fold them. */
export interface SyntheticTable {
  readonly database: 'main' | 'links';
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly SyntheticColumn[];
}

/** How entity `index` joins its parent relationship's entity. */
export type JoinStyle = 'external_id' | 'join_on' | 'junction_table';

/** The place of one entity in the graph and in the warehouse. */
export interface EntityPlan {
  readonly index: number;
  readonly slug: string;
  readonly schema: string;
  readonly table: string;
  /** Depth below the profile, 0 to 4: chains of five relationships. */
  readonly depth: number;
  readonly join: JoinStyle;
  readonly drift: 'none' | 'table_missing' | 'column_missing' | 'join_type';
}

/** Relationships nest five deep under the profile (SPEC §2 allows 5). */
export const CHAIN_LENGTH = 5;

// At most 1,000 tables per schema, as warehouses are usually laid out.
const TABLES_PER_SCHEMA = 1_000;

/** The plan of entity `index` (0-based). */
export function planEntity(index: number): EntityPlan {
  const depth = index % CHAIN_LENGTH;
  const join: JoinStyle =
    depth === 0 ? 'external_id' : depth === 3 ? 'junction_table' : 'join_on';

  return {
    index,
    slug: `e-${pad(index)}`,
    schema: `cust_${pad(Math.floor(index / TABLES_PER_SCHEMA), 2)}`,
    table: `e_${pad(index)}`,
    depth,
    join,
    drift: driftOf(index, join),
  };
}

/** Every table the warehouse holds for `entities` entities. */
export function listSyntheticTables(entities: number): SyntheticTable[] {
  const tables: SyntheticTable[] = [
    profileTable('user_identifiers', 'type'),
    profileTable('user_traits', 'name'),
  ];

  for (let index = 0; index < entities; index += 1) {
    const plan = planEntity(index);
    if (plan.drift !== 'table_missing') tables.push(entityTable(plan));
    if (plan.join === 'junction_table') tables.push(junctionTable(plan));
  }
  return tables;
}

/** The findings the drift should produce, by kind. */
export function expectedFindings(entities: number): Record<string, number> {
  const counts: Record<string, number> = {};

  for (let index = 0; index < entities; index += 1) {
    const { drift } = planEntity(index);
    const kind = drift === 'join_type' ? 'join_type_mismatch' : drift;
    if (kind !== 'none') counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/** The junction table between entity `plan.index - 1` and `plan.index`. */
export function junctionName(plan: EntityPlan): {
  schema: string;
  table: string;
} {
  return {
    schema: plan.schema.replace('cust', 'jx'),
    table: `j_${pad(plan.index)}`,
  };
}

/** A number with leading zeros. */
export function pad(value: number, width = 5): string {
  return String(value).padStart(width, '0');
}

// Rare, spread out, and only where the graph reads the drifted object, so
// each one is exactly one finding: a dropped table, a dropped join column,
// a join column whose type family changed.
function driftOf(index: number, join: JoinStyle): EntityPlan['drift'] {
  if (index % 251 === 17) return 'table_missing';
  // A join next to a dropped table is hidden with it: no second finding.
  if (join !== 'join_on' || (index - 1) % 251 === 17) return 'none';
  if (index % 97 === 11) return 'column_missing';
  if (index % 89 === 7) return 'join_type';
  return 'none';
}

function entityTable(plan: EntityPlan): SyntheticTable {
  const parentType = plan.drift === 'join_type' ? 'VARCHAR(64)' : 'BIGINT';
  const columns: SyntheticColumn[] = [
    { name: 'id', type: 'BIGINT' },
    { name: 'parent_id', type: parentType },
    { name: 'email', type: 'VARCHAR(255)' },
    { name: 'created_at', type: 'TIMESTAMP WITH TIME ZONE' },
    { name: 'amount', type: 'NUMERIC(12,2)' },
  ];
  return {
    database: 'main',
    schema: plan.schema,
    name: plan.table,
    columns: columns.filter(
      (c) => !(plan.drift === 'column_missing' && c.name === 'parent_id'),
    ),
  };
}

function junctionTable(plan: EntityPlan): SyntheticTable {
  const { schema, table } = junctionName(plan);
  return {
    database: 'links',
    schema,
    name: table,
    columns: [
      { name: 'id', type: 'BIGINT' },
      { name: 'left_id', type: 'BIGINT' },
      { name: 'right_id', type: 'BIGINT' },
      { name: 'qty', type: 'INTEGER' },
    ],
  };
}

function profileTable(name: string, key: string): SyntheticTable {
  return {
    database: 'main',
    schema: 'segment',
    name,
    columns: [
      { name: 'canonical_segment_id', type: 'VARCHAR(64)' },
      { name: key, type: 'VARCHAR(64)' },
      { name: 'value', type: 'VARCHAR(255)' },
    ],
  };
}
