/** The interface every warehouse adapter implements. */
import type {
  CatalogRequest,
  WarehouseSnapshot,
  WarehouseType,
} from '../model/catalog.js';
import type { NamePart, NamingRules } from '../model/names.js';

/** Per-sync limits and cancellation for catalog reads. */
export interface DescribeOptions {
  /** Aborted when the daemon stops or the sync is cancelled. */
  readonly signal?: AbortSignal;
  /** Objects a bulk read missed that may be probed one by one. */
  readonly maxProbes: number;
}

/** The column whose values should be unique. */
export interface KeyColumn {
  readonly database: NamePart;
  readonly schema: NamePart;
  readonly table: NamePart;
  readonly column: NamePart;
}

/** A connected warehouse. */
export interface Warehouse {
  readonly type: WarehouseType;
  readonly naming: NamingRules;
  /** The database two-part table_refs live in. */
  readonly defaultDatabase: string;
  /** What this adapter cannot see; shown by validate and the README. */
  readonly limitations: readonly string[];

  /**
   * Reads the catalogs the graph uses: at most two statements per
   * database. Each database comes back listed or unknown with a reason;
   * throws WarehouseError only when the whole warehouse is lost.
   */
  describeCatalogs(
    requests: readonly CatalogRequest[],
    options: DescribeOptions,
  ): Promise<WarehouseSnapshot>;

  /** Counts key values that occur more than once (a data query). */
  countDuplicateKeys(
    key: KeyColumn,
    options: { readonly signal?: AbortSignal },
  ): Promise<number>;

  close(): Promise<void>;
}
