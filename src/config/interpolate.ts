/**
 * `${VAR}` and `${VAR:-default}` in config values, as in a POSIX shell: the
 * default applies when VAR is unset or empty. `$${` writes a literal `${`;
 * any other `$` is kept as it is. Defaults do not nest.
 */

/** The text with every reference replaced, and the variables not set. */
export interface Interpolation {
  readonly text: string;
  readonly missing: readonly string[];
  /** Malformed references such as `${}` or `${VAR` (as written). */
  readonly malformed: readonly string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Replaces the references in one config value. */
export function interpolateEnv(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): Interpolation {
  const missing: string[] = [];
  const malformed: string[] = [];
  let out = '';
  let at = 0;

  while (at < text.length) {
    const start = text.indexOf('$', at);
    if (start < 0) break;
    out += text.slice(at, start);

    if (text.startsWith('$${', start)) {
      out += '${';
      at = start + 3;
      continue;
    }
    if (!text.startsWith('${', start)) {
      out += '$';
      at = start + 1;
      continue;
    }

    const end = text.indexOf('}', start);
    const reference = end < 0 ? text.slice(start) : text.slice(start, end + 1);
    const resolved =
      end < 0 ? null : resolveReference(reference.slice(2, -1), env);
    if (resolved === null) malformed.push(reference);
    else if (resolved.missing !== null) missing.push(resolved.missing);
    else out += resolved.value;
    at = end < 0 ? text.length : end + 1;
  }

  out += text.slice(at);
  return { text: out, missing, malformed };
}

/** True when the text holds a reference (or an escape) to expand. */
export function hasReference(text: string): boolean {
  return text.includes('${');
}

// `VAR` or `VAR:-default`; null when the name is not a variable name.
function resolveReference(
  body: string,
  env: Readonly<Record<string, string | undefined>>,
): { value: string; missing: string | null } | null {
  const split = body.indexOf(':-');
  const name = split < 0 ? body : body.slice(0, split);
  const fallback = split < 0 ? null : body.slice(split + 2);
  if (!NAME.test(name) || fallback?.includes('${')) return null;

  const value = env[name];
  if (fallback !== null && (value === undefined || value === '')) {
    return { value: fallback, missing: null };
  }
  if (value !== undefined) return { value, missing: null };
  return { value: '', missing: name };
}
