/** What a warehouse reports about its catalogs, as frozen plain data. */
import type { NamePart, NamingRules } from './names.js';

/** The warehouses the monitor can read. */
export type WarehouseType =
  'duckdb' | 'postgres' | 'redshift' | 'snowflake' | 'bigquery' | 'databricks';

/** Coarse groups of column types; only a change of family is a finding. */
export type TypeFamily =
  | 'number'
  | 'string'
  | 'temporal'
  | 'boolean'
  | 'binary'
  | 'semi_structured'
  | 'other';

/** What kind of relation a table_ref names. */
export type TableKind = 'table' | 'view' | 'materialized_view';

/** A column as the warehouse reports it. */
export interface ColumnShape {
  readonly name: string;
  /** The raw type string, e.g. `NUMBER(38,0)`, `character varying(16)`. */
  readonly dataType: string;
  readonly family: TypeFamily;
  /** False when the monitor's role may not SELECT this column. */
  readonly isReadable: boolean;
}

/** A table, view or materialized view with its columns. */
export interface TableShape {
  readonly schema: string;
  readonly name: string;
  readonly kind: TableKind;
  /** False when the object exists but the monitor may not read it. */
  readonly isReadable: boolean;
  /** For an unreadable table: the grant that is missing, when known. */
  readonly missingGrant: string | null;
  readonly columns: readonly ColumnShape[];
}

/** A schema (dataset on BigQuery) of a listed catalog. */
export interface SchemaShape {
  readonly name: string;
  /** False when the monitor may not use the schema (PostgreSQL USAGE). */
  readonly isUsable: boolean;
  readonly missingGrant: string | null;
}

/** A database whose schemas, tables and columns were all read. */
export interface ListedCatalog {
  readonly status: 'listed';
  /** The database name as the warehouse spells it. */
  readonly database: string;
  /** The schemas the request named that exist (all, or those asked for). */
  readonly schemas: readonly SchemaShape[];
  readonly tables: readonly TableShape[];
  /**
   * Schemas inside a listed database that could not be read (a BigQuery
   * dataset in a region that was not read): their objects are unknown.
   */
  readonly unknownSchemas: readonly UnknownPart[];
  /**
   * Used tables absent from `tables` that the warehouse proved dropped
   * (Snowflake SHOW TABLES HISTORY), with when, ISO 8601 UTC. Absent or
   * empty: no drop was proved, which proves nothing either way.
   */
  readonly droppedTables?: readonly {
    readonly schema: string;
    readonly name: string;
    readonly droppedAt: string;
  }[];
}

/** A database that could not be read: nothing in it is known. */
export interface UnknownCatalog {
  readonly status: 'unknown';
  /** The database name as the graph spells it. */
  readonly database: string;
  readonly reason: string;
}

/** A schema that could not be read, and why. */
export interface UnknownPart {
  readonly schema: string;
  readonly reason: string;
}

/** One database's answer: listed or unknown, never empty for an error. */
export type CatalogShape = ListedCatalog | UnknownCatalog;

/** What the graph needs read from one database. */
export interface CatalogRequest {
  readonly database: NamePart;
  /** The schemas the graph uses in it. */
  readonly schemas: readonly NamePart[];
  /** The tables the graph uses in it, for probes. */
  readonly tables: readonly { schema: NamePart; table: NamePart }[];
}

/** Everything one sync read from the warehouse. */
export interface WarehouseSnapshot {
  readonly warehouse: WarehouseType;
  readonly naming: NamingRules;
  /** One entry per requested database, in request order. */
  readonly catalogs: readonly CatalogShape[];
  /** Catalog statements sent, probes included, session set-up excluded. */
  readonly metadataQueries: number;
  /**
   * False when the catalog shows the role only what it may use, so a
   * revoked grant looks like a drop (Snowflake, BigQuery, Databricks).
   * Absent means true.
   */
  readonly canTellDenied?: boolean;
}
