// Table, column and consumer names built to break SQL, HTML, Slack mrkdwn
// and mail headers, with a warehouse that holds them and a graph that
// uses them quoted.

/** Ends a quoted identifier, runs a statement, comments the rest out. */
export const DROPPED_TABLE = 'x"; DROP TABLE victim; --\nBcc: evil@example.com';

/** Markup that would run script if a page rendered it. */
export const SCRIPT_TABLE = "<script>alert('table')</script>";

/** An element with a handler; the primary key of SCRIPT_TABLE, dropped. */
export const IMG_COLUMN = "<img src=x onerror=alert('column')>";

/** Every mrkdwn style, a mention of the whole channel and a link. */
export const MRKDWN_TABLE =
  '*bold* _it_ ~strike~ <!channel> <http://evil.example|click>';

/** A backtick would end a code span; the external_id join key. */
export const TICK_COLUMN = '`tick` -- ;';

/** A line break inside a table name. */
export const NEWLINE_TABLE = 'line\nbreak';

/** A quote, a semicolon and a comment in a join column. */
export const SEMI_COLUMN = 'semi;colon--"x';

/** Single quotes, which end SQL string literals. */
export const QUOTE_TABLE = "o'reilly";
export const QUOTE_COLUMN = "it's";

/** A consumer name with markup, mrkdwn and a channel mention. */
export const CONSUMER_NAME = `<img src=x onerror=alert('consumer')> *all* <!channel> "q" & 'a'`;

/** The owner who gets the consumer's email. */
export const OWNER = 'owner@example.com';

/** The schema holding every hostile table. */
export const SCHEMA = 'hostile';

/** A schema with a quote, a dot and a comment in its name. */
export const HOSTILE_SCHEMA = 'we"ird.schema; --';

/** A name as a double-quoted identifier, in SQL and in the graph alike. */
export function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The warehouse: hostile tables, profile tables and a victim to keep. */
export function hostileWarehouseSql(): string {
  const t = (name: string) => `${SCHEMA}.${quoted(name)}`;
  return [
    'CREATE TABLE victim (id integer)',
    'INSERT INTO victim VALUES (1)',
    `CREATE SCHEMA ${SCHEMA}`,
    `CREATE TABLE ${t(DROPPED_TABLE)} (id bigint)`,
    `CREATE TABLE ${t(SCRIPT_TABLE)} (${quoted(IMG_COLUMN)} bigint, other text)`,
    `CREATE TABLE ${t(MRKDWN_TABLE)} (id bigint, ${quoted(TICK_COLUMN)} text)`,
    `CREATE TABLE ${t(NEWLINE_TABLE)} (${quoted(SEMI_COLUMN)} text)`,
    `CREATE TABLE ${t(QUOTE_TABLE)} (${quoted(QUOTE_COLUMN)} bigint)`,
    `CREATE TABLE ${SCHEMA}.user_identifiers (type text, value text)`,
    `CREATE SCHEMA ${quoted(HOSTILE_SCHEMA)}`,
    `CREATE TABLE ${quoted(HOSTILE_SCHEMA)}.plain (id bigint)`,
    `CREATE TABLE ${SCHEMA}.user_traits (name text, value text)`,
  ].join(';\n');
}

/** Drops one hostile table and one hostile column, so findings open. */
export function breakWarehouseSql(): string {
  return [
    `DROP TABLE ${SCHEMA}.${quoted(DROPPED_TABLE)}`,
    `ALTER TABLE ${SCHEMA}.${quoted(SCRIPT_TABLE)} ` +
      `DROP COLUMN ${quoted(IMG_COLUMN)}`,
  ].join(';\n');
}

/** The graph over the hostile tables of `database`, every name quoted. */
export function hostileGraph(database: string): string {
  const ref = (table: string) => hcl(`${database}.${SCHEMA}.${quoted(table)}`);
  const entity = (slug: string, name: string, table: string, key: string) =>
    `  entity "${slug}" {\n    name = ${hcl(name)}\n` +
    `    table_ref = ${ref(table)}\n    primary_key = ${hcl(key)}\n  }\n`;
  const joinOn = `e-mrkdwn.${quoted(TICK_COLUMN)} = e-newline.${quoted(SEMI_COLUMN)}`;

  return `data_graph {
${entity('e-drop', '<b>bold</b> & "quoted" *x*', DROPPED_TABLE, 'id')}\
${entity('e-script', 'script', SCRIPT_TABLE, quoted(IMG_COLUMN))}\
${entity('e-mrkdwn', 'mrkdwn', MRKDWN_TABLE, 'id')}\
${entity('e-newline', 'newline', NEWLINE_TABLE, quoted(SEMI_COLUMN))}\
${entity('e-quote', 'quote', QUOTE_TABLE, quoted(QUOTE_COLUMN))}\
  entity "e-schema" {
    name = "schema"
    table_ref = ${hcl(`${database}.${quoted(HOSTILE_SCHEMA)}.plain`)}
    primary_key = "id"
  }
  profile {
    profile_folder = ${hcl(`${database}.${SCHEMA}`)}
    type = "segment:materialized"
    relationship "r-mrkdwn" {
      name = ${hcl('<i>rel</i> *r*')}
      related_entity = "e-mrkdwn"
      external_id {
        type = "email"
        join_key = ${hcl(quoted(TICK_COLUMN))}
      }
      relationship "r-newline" {
        name = "newline"
        related_entity = "e-newline"
        join_on = ${hcl(joinOn)}
      }
    }
  }
}
`;
}

/** The consumers, as YAML (JSON is YAML). */
export function hostileConsumers(): string {
  return JSON.stringify([
    {
      id: 'aud-hostile',
      name: CONSUMER_NAME,
      type: 'linked_audience',
      uses: ['relationship:r-newline', 'entity:e-drop', 'entity:e-script'],
      owner: OWNER,
    },
  ]);
}

/** A graph string literal holding `text`. */
export function hcl(text: string): string {
  const escaped = text
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replaceAll('\n', '\\n')
    .replaceAll('\t', '\\t');
  return `"${escaped}"`;
}
