/** File paths as messages show them. */
import { isAbsolute, relative } from 'node:path';

/** Relative to the working directory when inside it, else absolute. */
export function displayPath(path: string, cwd: string): string {
  const shown = relative(cwd, path);
  if (shown === '' || shown.startsWith('..') || isAbsolute(shown)) return path;
  return shown;
}
