/** The warehouse objects a graph uses, and by which graph element. */
import type { NamePart } from './names.js';
import type { Subject } from './graph.js';

/** Why a subject needs an object (SPEC §4 "Objects"). */
export type UseRole =
  | 'table_ref'
  | 'primary_key'
  | 'join_key'
  | 'join_on'
  | 'junction_table'
  | 'junction_primary_key'
  | 'junction_join'
  | 'profile_table'
  | 'profile_column';

/** One use of an object by a graph element. */
export interface Use {
  readonly subject: Subject;
  readonly role: UseRole;
}

/** A column the graph uses. */
export interface UsedColumn {
  readonly column: NamePart;
  /** Canonical spelling, as in finding keys. */
  readonly name: string;
  readonly uses: readonly Use[];
}

/** A table the graph uses, with the columns it uses in it. */
export interface UsedTable {
  /** Canonical three-part spelling, as in finding keys. */
  readonly tableRef: string;
  readonly database: NamePart;
  readonly schema: NamePart;
  readonly table: NamePart;
  /** Uses of the table itself (table_ref, junction_table, profile_table). */
  readonly uses: readonly Use[];
  readonly columns: readonly UsedColumn[];
}

/** One side of a join: a used column of a used table. */
export interface JoinSide {
  readonly tableRef: string;
  readonly column: string;
}

/** A pair of columns a join compares; both must be of one type family. */
export interface UsedJoin {
  readonly subject: Subject;
  readonly role: 'join_on' | 'junction_join';
  readonly left: JoinSide;
  readonly right: JoinSide;
}

/** Every object the graph uses, each listed once with all its uses. */
export interface GraphUsage {
  /** Sorted by tableRef; columns sorted by name. */
  readonly tables: readonly UsedTable[];
  readonly joins: readonly UsedJoin[];
}
