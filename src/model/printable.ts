/**
 * Keeps names and values from the graph or warehouse on their one line:
 * for terminal output and for diagnostics quoting the file.
 */

// Line breaks, control characters and bidi overrides in a table or column
// name would start a new line or reorder what a terminal shows.
const UNPRINTABLE =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One output line with every unprintable character escaped. */
export function printable(line: string): string {
  return line.replace(UNPRINTABLE, (char) => {
    const named: Record<string, string> = {
      '\n': '\\n',
      '\r': '\\r',
      '\t': '\\t',
    };
    return (
      named[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
    );
  });
}

/** Lines joined for the terminal, each made printable. */
export function printLines(lines: readonly string[]): string {
  return lines.map(printable).join('\n') + '\n';
}
