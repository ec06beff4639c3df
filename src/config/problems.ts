/** Problems found in one YAML file, each placed at its key path and line. */

/** Collects messages as `file:line: key.path: what`, in line order. */
export class Problems {
  /** The file as the user should see it (relative to the cwd when inside). */
  readonly file: string;
  readonly #lines = new Map<string, number>();
  readonly #found: { line: number; text: string }[] = [];

  constructor(file: string) {
    this.file = file;
  }

  /** Records the line on which a key path is written. */
  locate(path: string, line: number): void {
    this.#lines.set(path, line);
  }

  /** The line of a key path, or of its nearest written ancestor. */
  lineOf(path: string): number | null {
    for (let at: string | null = path; at !== null; at = parentPath(at)) {
      const line = this.#lines.get(at);
      if (line !== undefined) return line;
    }
    return null;
  }

  /** A problem with a key path (`warehouse.url`, `consumers[2].uses[0]`). */
  report(path: string, message: string): void {
    const line = this.lineOf(path);
    const where = line === null ? this.file : `${this.file}:${line}`;
    const text =
      path === '' ? `${where}: ${message}` : `${where}: ${path}: ${message}`;
    this.#found.push({ line: line ?? 0, text });
  }

  /** A problem at a position, such as a YAML syntax error. */
  reportAt(line: number, column: number, message: string): void {
    this.#found.push({
      line,
      text: `${this.file}:${line}:${column}: ${message}`,
    });
  }

  /** A problem with the file as a whole. */
  reportFile(message: string): void {
    this.#found.push({ line: 0, text: `${this.file}: ${message}` });
  }

  /** Every message so far: those about the whole file, then by line. */
  get messages(): readonly string[] {
    // A stable sort keeps the order of problems found on the same line.
    return [...this.#found]
      .sort((a, b) => a.line - b.line)
      .map((problem) => problem.text);
  }
}

/** `a.b[2]` → `a.b`, `a.b` → `a`, `a` → ``, `` → null. */
export function parentPath(path: string): string | null {
  if (path === '') return null;

  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut < 0 ? '' : path.slice(0, cut);
}

/** The path of a key under a parent path. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}
