// The demo: builds the reference graph's warehouse as a DuckDB file, syncs
// a baseline, breaks the warehouse the way teams do, syncs again, repairs
// one problem and shows it resolved. Run with `npm run demo`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const demoDir = join(root, 'demo');
const warehouseFile = join(demoDir, 'production.duckdb');
const configFile = join(root, 'config.example.yaml');
const bin = join(root, 'dist', 'src', 'cli', 'bin.js');

const WAREHOUSE_SQL = `
  CREATE SCHEMA cust; CREATE SCHEMA prod; CREATE SCHEMA customer;
  CREATE SCHEMA segment;
  CREATE TABLE cust.account (id BIGINT, email_id VARCHAR, name VARCHAR,
    created_at TIMESTAMPTZ);
  CREATE TABLE cust.cart (id BIGINT, account_id BIGINT, status VARCHAR,
    total DECIMAL(12,2));
  CREATE TABLE prod.product_skus (sku VARCHAR, title VARCHAR,
    price DECIMAL(10,2));
  CREATE TABLE customer.cart_product (id BIGINT, cart_id BIGINT,
    product_id VARCHAR, qty INTEGER);
  CREATE TABLE cust.household (household_id BIGINT, email_id VARCHAR,
    sub_id BIGINT);
  CREATE TABLE cust.subscription (sub_id BIGINT, household_id BIGINT,
    plan VARCHAR);
  CREATE TABLE segment.user_identifiers (canonical_segment_id VARCHAR,
    type VARCHAR, value VARCHAR);
  CREATE TABLE segment.user_traits (canonical_segment_id VARCHAR,
    name VARCHAR, value VARCHAR);
  INSERT INTO cust.account VALUES (1, 'ada@example.com', 'Ada', now()),
    (2, 'bo@example.com', 'Bo', now());
  INSERT INTO cust.cart VALUES (10, 1, 'open', 12.50), (11, 2, 'open', 3);
  INSERT INTO prod.product_skus VALUES ('SKU-1', 'Kettle', 30),
    ('SKU-2', 'Teapot', 18);
  INSERT INTO customer.cart_product VALUES (100, 10, 'SKU-1', 1),
    (101, 11, 'SKU-2', 2);
  INSERT INTO cust.household VALUES (7, 'ada@example.com', 70);
  INSERT INTO cust.subscription VALUES (70, 7, 'family');
  INSERT INTO segment.user_identifiers VALUES ('u1', 'email',
    'ada@example.com');
  INSERT INTO segment.user_traits VALUES ('u1', 'plan', 'family');
`;

// Three kinds of drift: a dropped join column, a key whose type changed,
// a dropped junction table.
const DRIFT_SQL = `
  ALTER TABLE cust.cart DROP COLUMN account_id;
  ALTER TABLE cust.subscription ALTER COLUMN sub_id TYPE VARCHAR;
  DROP TABLE customer.cart_product;
`;

const REPAIR_SQL = `ALTER TABLE cust.cart ADD COLUMN account_id BIGINT;`;

async function main(): Promise<void> {
  rmSync(demoDir, { recursive: true, force: true });
  mkdirSync(demoDir, { recursive: true });

  step('1. build the warehouse (DuckDB file demo/production.duckdb)');
  await runWarehouseSql(WAREHOUSE_SQL);
  monitor(['validate', '--check-warehouse']);

  step('2. first sync: accepts the baseline');
  monitor(['sync-now']);

  step(
    '3. drift: drop CART.ACCOUNT_ID, retype SUBSCRIPTION.SUB_ID, drop CART_PRODUCT',
  );
  await runWarehouseSql(DRIFT_SQL);
  monitor(['sync-now']);

  step('4. which consumers are affected');
  monitor(['consumers']);

  step('5. repair: add CART.ACCOUNT_ID back');
  await runWarehouseSql(REPAIR_SQL);
  monitor(['sync-now']);

  step('6. status from the state file (demo/monitor.db)');
  monitor(['status']);
}

async function runWarehouseSql(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(warehouseFile);
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function monitor(args: string[]): void {
  process.stdout.write(`$ monitor ${args.join(' ')}\n`);
  const run = spawnSync(
    process.execPath,
    [bin, ...args, '--config', configFile],
    { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' },
  );
  // Logs are JSON lines on stderr; show only the error lines here.
  const errors = run.stderr
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('{'));
  for (const line of errors) process.stdout.write(`${line}\n`);
  process.stdout.write(`(exit ${run.status ?? 'signal'})\n`);
}

function step(title: string): void {
  process.stdout.write(`\n== ${title}\n`);
}

await main();
