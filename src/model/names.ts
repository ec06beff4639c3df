/** A warehouse name as the graph writes it, and how it is matched. */

/** One part of a dotted name: `PRODUCTION`, `"lower_case"`, `` `proj` ``. */
export interface NamePart {
  readonly name: string;
  readonly quoted: boolean;
}

/** The level a name sits at in the warehouse hierarchy. */
export type NameLevel = 'database' | 'schema' | 'table' | 'column';

/** How one warehouse matches graph names to catalog names (SPEC §4). */
export interface NamingRules {
  /** How the warehouse folds an unquoted identifier. */
  readonly fold: 'upper' | 'lower';
  /** DuckDB: every name matches case-insensitively, quoted or not. */
  readonly isCaseInsensitive: boolean;
  /** BigQuery: levels whose names are case-sensitive even unquoted. */
  readonly caseSensitiveLevels: readonly NameLevel[];
  /** PostgreSQL, Redshift: databases match by their folded form only. */
  readonly isDatabaseFoldedOnly: boolean;
}

/** Outcome of matching one graph name against the names in a catalog. */
export type NameMatch =
  | { readonly found: true; readonly name: string }
  | { readonly found: false; readonly ambiguous: readonly string[] };

/**
 * Splits `A.B.C` into parts; a part in double quotes or backticks is
 * quoted and may hold dots, and a doubled quote inside stands for one.
 * Returns a message instead when the text is not a dotted name.
 */
export function parseNamePath(text: string): NamePart[] | string {
  const parts: NamePart[] = [];
  let i = 0;

  while (i <= text.length) {
    const quote = text[i];
    if (quote === '"' || quote === '`') {
      let name = '';
      i += 1;
      for (;;) {
        if (i >= text.length) return `unterminated ${quote} in "${text}"`;
        if (text[i] === quote && text[i + 1] === quote) {
          name += quote;
          i += 2;
        } else if (text[i] === quote) {
          i += 1;
          break;
        } else {
          name += text[i];
          i += 1;
        }
      }
      if (name === '') return `empty quoted name in "${text}"`;
      parts.push({ name, quoted: true });
    } else {
      let end = text.indexOf('.', i);
      if (end < 0) end = text.length;
      const name = text.slice(i, end).trim();
      if (name === '') return `empty name part in "${text}"`;
      if (/["`\s]/.test(name)) {
        return `"${name}" in "${text}" needs quotes around it`;
      }
      parts.push({ name, quoted: false });
      i = end;
    }

    if (i >= text.length) break;
    if (text[i] !== '.') return `expected "." after a quoted name in "${text}"`;
    i += 1;
    if (i >= text.length) return `"${text}" ends with "."`;
  }
  return parts;
}

/** The canonical spelling used in finding keys: unquoted parts upper-cased. */
export function formatNamePart(part: NamePart): string {
  if (!part.quoted) return part.name.toUpperCase();
  return `"${part.name.replaceAll('"', '""')}"`;
}

/** The canonical dotted spelling of a path, as in `tableRef`. */
export function formatNamePath(parts: readonly NamePart[]): string {
  return parts.map(formatNamePart).join('.');
}

/** The name an unquoted part becomes in this warehouse's catalog. */
export function foldName(part: NamePart, rules: NamingRules): string {
  if (part.quoted) return part.name;
  return rules.fold === 'upper'
    ? part.name.toUpperCase()
    : part.name.toLowerCase();
}

/**
 * Finds the catalog name a graph name refers to (SPEC §4 "Identifiers"):
 * quoted parts match exactly, unquoted ones their folded form and else a
 * unique case-insensitive match.
 */
export function matchName(
  part: NamePart,
  candidates: readonly string[],
  level: NameLevel,
  rules: NamingRules,
): NameMatch {
  const exact = candidates.filter((c) => c === part.name);
  const lower = part.name.toLowerCase();
  const loose = candidates.filter((c) => c.toLowerCase() === lower);

  if (rules.isCaseInsensitive) return pick(exact.length ? exact : loose);
  if (rules.caseSensitiveLevels.includes(level)) return pick(exact);
  if (part.quoted) return pick(exact);

  const folded = foldName(part, rules);
  const byFold = candidates.filter((c) => c === folded);
  if (byFold.length > 0) return pick(byFold);
  if (level === 'database' && rules.isDatabaseFoldedOnly) return pick([]);
  return pick(loose);
}

function pick(names: readonly string[]): NameMatch {
  const first = names[0];
  if (names.length === 1 && first !== undefined) {
    return { found: true, name: first };
  }
  return { found: false, ambiguous: names.length > 1 ? names : [] };
}
