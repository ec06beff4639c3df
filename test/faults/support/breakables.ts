// The warehouse objects the fault tests break and repair, each with the
// finding key a correct sync opens while it is broken. The expected open
// findings are then simply the keys of what is broken right now.

/** One object of the graph that a test can break and repair. */
export interface Breakable {
  readonly name: string;
  readonly database: 'production' | 'analytics';
  /** The finding a correct sync reports while it is broken. */
  readonly key: string;
  readonly breakSql: string;
  readonly repairSql: string;
}

/** The role the monitor reads with, on every fault server. */
export const MONITOR_ROLE = 'fault_monitor';

/** Objects of the reference warehouse (test/fixtures/cases). */
export const PRODUCTION_BREAKABLES: readonly Breakable[] = [
  {
    name: 'product table',
    database: 'production',
    key: 'table_missing:PRODUCTION.PROD.PRODUCT_SKUS',
    breakSql: 'DROP TABLE prod.product_skus',
    repairSql:
      'CREATE TABLE prod.product_skus ' +
      '(sku text PRIMARY KEY, title text, price numeric(10,2)); ' +
      `GRANT SELECT ON prod.product_skus TO ${MONITOR_ROLE}`,
  },
  {
    name: 'cart join column',
    database: 'production',
    key: 'column_missing:PRODUCTION.CUST.CART:ACCOUNT_ID',
    breakSql: 'ALTER TABLE cust.cart DROP COLUMN account_id',
    repairSql: 'ALTER TABLE cust.cart ADD COLUMN account_id bigint',
  },
  {
    name: 'household join column',
    database: 'production',
    key: 'column_missing:PRODUCTION.CUST.HOUSEHOLD:SUB_ID',
    breakSql: 'ALTER TABLE cust.household DROP COLUMN sub_id',
    repairSql: 'ALTER TABLE cust.household ADD COLUMN sub_id bigint',
  },
  {
    name: 'junction join column',
    database: 'production',
    key: 'column_missing:PRODUCTION.CUSTOMER.CART_PRODUCT:CART_ID',
    breakSql: 'ALTER TABLE customer.cart_product DROP COLUMN cart_id',
    repairSql: 'ALTER TABLE customer.cart_product ADD COLUMN cart_id bigint',
  },
];

/** Objects of the second database, `analytics`. */
export const ANALYTICS_BREAKABLES: readonly Breakable[] = [
  {
    name: 'channel table',
    database: 'analytics',
    key: 'table_missing:ANALYTICS.MKT.CHANNEL',
    breakSql: 'DROP TABLE mkt.channel',
    repairSql:
      'CREATE TABLE mkt.channel (id bigint PRIMARY KEY, name text); ' +
      `GRANT SELECT ON mkt.channel TO ${MONITOR_ROLE}`,
  },
  {
    name: 'campaign key column',
    database: 'analytics',
    key: 'column_missing:ANALYTICS.MKT.CAMPAIGN:ID',
    breakSql: 'ALTER TABLE mkt.campaign DROP COLUMN id',
    repairSql: 'ALTER TABLE mkt.campaign ADD COLUMN id bigint',
  },
];

/** Which breakables are broken now; what a correct sync should show. */
export class BrokenSet {
  readonly #broken = new Set<string>();

  /** Marks it broken or repaired; returns the SQL that does it. */
  toggle(item: Breakable): string {
    if (this.#broken.delete(item.name)) return item.repairSql;
    this.#broken.add(item.name);
    return item.breakSql;
  }

  isBroken(item: Breakable): boolean {
    return this.#broken.has(item.name);
  }

  /** How many are broken now. */
  get size(): number {
    return this.#broken.size;
  }

  /** The finding keys a correct sync has open now, sorted. */
  expectedKeys(items: readonly Breakable[]): string[] {
    return items
      .filter((item) => this.#broken.has(item.name))
      .map((item) => item.key)
      .sort();
  }
}

/**
 * A random item to toggle next, keeping at most `maxBroken` broken so
 * the mass-disappearance guard (SPEC §4) never turns a sync `suspect`.
 */
export function chooseToggle(
  broken: BrokenSet,
  items: readonly Breakable[],
  pick: <T>(choices: readonly T[]) => T,
  maxBroken = 2,
): Breakable {
  const item = pick(items);
  if (broken.size < maxBroken || broken.isBroken(item)) return item;
  return pick(items.filter((candidate) => broken.isBroken(candidate)));
}
