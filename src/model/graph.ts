/** The Data Graph as parsed from its file (SPEC §2). */
import type { NamePart } from './names.js';

/** Where a node starts in its source file; line and column count from 1. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** An entity: a business object backed by one warehouse table. */
export interface Entity {
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  /** The text of `table_ref` as written. */
  readonly tableRef: string;
  /** `table_ref` split into two or three parts. */
  readonly tableParts: readonly NamePart[];
  readonly primaryKey: NamePart;
  readonly isEnrichmentEnabled: boolean;
  readonly position: SourcePosition;
}

/** A column of an entity's table, as `entity-slug.COLUMN`. */
export interface EntityColumn {
  readonly entity: string;
  readonly column: NamePart;
}

/** How a relationship joins its related entity (SPEC §2). */
export type RelationshipJoin =
  | {
      readonly kind: 'external_id';
      readonly type: string;
      readonly joinKey: NamePart;
      readonly position: SourcePosition;
    }
  | {
      readonly kind: 'trait';
      readonly name: string;
      readonly joinKey: NamePart;
      readonly position: SourcePosition;
    }
  | {
      readonly kind: 'join_on';
      /** The expression as written. */
      readonly expression: string;
      /** The parent relationship's related entity side. */
      readonly parentSide: EntityColumn;
      /** This relationship's related entity side. */
      readonly relatedSide: EntityColumn;
      readonly position: SourcePosition;
    }
  | {
      readonly kind: 'junction_table';
      readonly tableRef: string;
      readonly tableParts: readonly NamePart[];
      readonly primaryKey: NamePart;
      readonly leftJoinOn: string;
      readonly rightJoinOn: string;
      /** Parent entity column = junction column. */
      readonly parentSide: EntityColumn;
      readonly junctionParentColumn: NamePart;
      /** Junction column = related entity column. */
      readonly junctionRelatedColumn: NamePart;
      readonly relatedSide: EntityColumn;
      readonly position: SourcePosition;
    };

/** A relationship from the profile or a parent relationship to an entity. */
export interface Relationship {
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  readonly relatedEntity: string;
  readonly join: RelationshipJoin;
  /** Slug of the parent relationship; null directly under the profile. */
  readonly parent: string | null;
  /** 2 directly under the profile (level 1), up to 6. */
  readonly depth: number;
  readonly relationships: readonly Relationship[];
  readonly position: SourcePosition;
}

/** The Profiles Sync layout the profile tables follow. */
export type ProfileType = 'segment:materialized' | 'segment:unmaterialized';

/** The single profile block: Segment profiles and their relationships. */
export interface Profile {
  /** `DB.SCHEMA` as written, and split. */
  readonly profileFolder: string;
  readonly folderParts: readonly NamePart[];
  readonly type: ProfileType;
  readonly relationships: readonly Relationship[];
  readonly position: SourcePosition;
}

/** A whole, valid Data Graph. */
export interface DataGraph {
  readonly file: string;
  readonly version: string | null;
  readonly entities: readonly Entity[];
  readonly profile: Profile | null;
}

/** An error or warning about a graph, consumer or config file. */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** A subject of the graph: `entity:<slug>`, `relationship:<slug>`, `profile`. */
export type Subject = string;

/** Every relationship of the graph, depth first, parents before children. */
export function listRelationships(graph: DataGraph): Relationship[] {
  const out: Relationship[] = [];
  const visit = (list: readonly Relationship[]): void => {
    for (const r of list) {
      out.push(r);
      visit(r.relationships);
    }
  };
  visit(graph.profile?.relationships ?? []);
  return out;
}
