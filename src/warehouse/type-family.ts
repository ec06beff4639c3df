/**
 * Type families (SPEC §4 "Rules"): a raw type string as a warehouse
 * reports it becomes one of seven families. The mapper is keyword-based:
 * parameters (`(16)`, `(38,0)`, `<INT64>`) and qualifiers (`WITH TIME
 * ZONE`, `VARYING`) never change the family, so synonyms and precisions
 * stay in one family. Each dialect has its own keyword table; a keyword
 * not in it is `other`, which only matches the identical raw type.
 *
 * Decisions shared by every dialect:
 * - arrays, lists, structs, maps, unions, JSON and variants are
 *   `semi_structured` (Snowflake's untyped ARRAY is, so `integer[]` is
 *   too; an element-type change inside an array raises no finding);
 * - UUID is `other`: PostgreSQL refuses `uuid = text` without a cast, so
 *   a join between a uuid and a text column is a real mismatch;
 * - INTERVAL, bit strings, network, geometry and range types are `other`;
 * - enums are `other` on PostgreSQL (the raw type is the enum's own name)
 *   and `string` on DuckDB (DuckDB compares enums with VARCHAR).
 */
import type { TypeFamily, WarehouseType } from '../model/catalog.js';

/** Upper-case base keywords of one dialect, each with its family. */
export type TypeKeywords = ReadonlyMap<string, TypeFamily>;

/** The family of a raw type string in one warehouse's dialect. */
export function typeFamilyOf(
  dataType: string,
  dialect: WarehouseType,
): TypeFamily {
  return classifyType(dataType, TYPE_KEYWORDS[dialect]);
}

/**
 * The family of a raw type under a keyword table: arrays (`x[]`, `x[3]`)
 * are semi-structured; otherwise the first word of the name, with
 * parameters and quotes removed, decides.
 */
export function classifyType(
  dataType: string,
  keywords: TypeKeywords,
): TypeFamily {
  const text = dataType.trim().toUpperCase();
  if (/\[\d*\]$/.test(text)) return 'semi_structured';

  const cut = text.search(/[\s(<]/);
  const keyword = (cut < 0 ? text : text.slice(0, cut)).replaceAll('"', '');
  return keywords.get(keyword) ?? 'other';
}

/** Builds a keyword table from whitespace-separated keywords per family. */
export function typeKeywords(
  lists: Partial<Record<TypeFamily, string>>,
): TypeKeywords {
  const table = new Map<string, TypeFamily>();

  for (const [family, words] of Object.entries(lists)) {
    for (const word of words.split(/\s+/)) {
      if (word !== '') table.set(word, family as TypeFamily);
    }
  }
  return table;
}

// https://www.postgresql.org/docs/15/datatype.html; `format_type` output.
const POSTGRES = typeKeywords({
  number: 'SMALLINT INTEGER BIGINT NUMERIC DECIMAL REAL DOUBLE MONEY OID',
  string: 'CHARACTER CHAR VARCHAR TEXT NAME CITEXT',
  temporal: 'DATE TIME TIMESTAMP TIMESTAMPTZ TIMETZ',
  boolean: 'BOOLEAN',
  binary: 'BYTEA',
  semi_structured: 'JSON JSONB XML HSTORE',
});

// https://docs.aws.amazon.com/redshift/latest/dg/c_Supported_data_types.html
const REDSHIFT = typeKeywords({
  number:
    'SMALLINT INTEGER BIGINT NUMERIC DECIMAL REAL DOUBLE FLOAT FLOAT4 ' +
    'FLOAT8 INT INT2 INT4 INT8',
  string: 'CHARACTER CHAR VARCHAR TEXT BPCHAR NAME NCHAR NVARCHAR',
  temporal: 'DATE TIME TIMESTAMP TIMESTAMPTZ TIMETZ',
  boolean: 'BOOLEAN BOOL',
  binary: 'VARBYTE BINARY VARBINARY',
  semi_structured: 'SUPER',
});

// https://duckdb.org/docs/stable/sql/data_types/overview
const DUCKDB = typeKeywords({
  number: `
    TINYINT SMALLINT INTEGER BIGINT HUGEINT UTINYINT USMALLINT UINTEGER
    UBIGINT UHUGEINT VARINT BIGNUM DECIMAL NUMERIC FLOAT DOUBLE REAL INT
    INT1 INT2 INT4 INT8 LONG SHORT SIGNED FLOAT4 FLOAT8`,
  string: 'VARCHAR CHAR BPCHAR TEXT STRING ENUM',
  temporal: `
    DATE TIME TIMETZ TIMESTAMP TIMESTAMPTZ DATETIME TIMESTAMP_S
    TIMESTAMP_MS TIMESTAMP_NS TIMESTAMP_US`,
  boolean: 'BOOLEAN BOOL LOGICAL',
  binary: 'BLOB BYTEA BINARY VARBINARY',
  semi_structured: 'JSON STRUCT MAP LIST UNION VARIANT',
});

// https://docs.snowflake.com/en/sql-reference/intro-summary-data-types;
// FIXED, TEXT and REAL are the names SHOW COLUMNS reports.
const SNOWFLAKE = typeKeywords({
  number: `
    NUMBER DECIMAL NUMERIC INT INTEGER BIGINT SMALLINT TINYINT BYTEINT
    FLOAT FLOAT4 FLOAT8 DOUBLE REAL DECFLOAT FIXED`,
  string: 'VARCHAR CHAR CHARACTER STRING TEXT NCHAR',
  temporal: `
    DATE DATETIME TIME TIMESTAMP TIMESTAMP_LTZ TIMESTAMP_NTZ
    TIMESTAMP_TZ`,
  boolean: 'BOOLEAN',
  binary: 'BINARY VARBINARY',
  semi_structured: 'VARIANT OBJECT ARRAY MAP',
});

// https://cloud.google.com/bigquery/docs/reference/standard-sql/data-types
const BIGQUERY = typeKeywords({
  number: `
    INT64 INT INTEGER SMALLINT BIGINT TINYINT BYTEINT NUMERIC BIGNUMERIC
    DECIMAL BIGDECIMAL FLOAT64 FLOAT`,
  string: 'STRING',
  temporal: 'DATE DATETIME TIME TIMESTAMP',
  boolean: 'BOOL BOOLEAN',
  binary: 'BYTES',
  semi_structured: 'JSON STRUCT RECORD ARRAY',
});

// https://docs.databricks.com/en/sql/language-manual/sql-ref-datatypes.html
const DATABRICKS = typeKeywords({
  number: `
    TINYINT BYTE SMALLINT SHORT INT INTEGER BIGINT LONG FLOAT REAL
    DOUBLE DECIMAL DEC NUMERIC`,
  string: 'STRING VARCHAR CHAR',
  temporal: 'DATE TIMESTAMP TIMESTAMP_NTZ TIMESTAMP_LTZ',
  boolean: 'BOOLEAN',
  binary: 'BINARY',
  semi_structured: 'ARRAY MAP STRUCT VARIANT OBJECT',
});

/** The keyword table of each warehouse dialect. */
export const TYPE_KEYWORDS: Readonly<Record<WarehouseType, TypeKeywords>> =
  Object.freeze({
    postgres: POSTGRES,
    redshift: REDSHIFT,
    duckdb: DUCKDB,
    snowflake: SNOWFLAKE,
    bigquery: BIGQUERY,
    databricks: DATABRICKS,
  });
