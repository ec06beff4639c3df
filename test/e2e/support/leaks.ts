// Looks for secrets in everything a run left behind: printed text, HTTP
// bodies, messages, state file values (see state-file.ts).

/** One place a secret showed up. */
export interface Leak {
  readonly secret: string;
  readonly where: string;
  /** Up to 80 characters around the secret. */
  readonly context: string;
}

/** A named piece of output to scan. */
export interface Artifact {
  readonly where: string;
  readonly text: string;
}

/** Every occurrence of every secret in the artifacts, case-insensitive. */
export function findLeaks(
  artifacts: readonly Artifact[],
  secrets: readonly string[],
): Leak[] {
  const leaks: Leak[] = [];

  for (const { where, text } of artifacts) {
    const lower = text.toLowerCase();
    for (const secret of secrets) {
      const at = lower.indexOf(secret.toLowerCase());
      if (at < 0) continue;
      const context = text.slice(Math.max(0, at - 40), at + secret.length + 40);
      leaks.push({ secret, where, context });
    }
  }
  return leaks;
}

/** Collects the artifacts of one run, each under a name. */
export class Transcript {
  readonly artifacts: Artifact[] = [];

  keep(where: string, text: string): void {
    this.artifacts.push({ where, text });
  }

  /** True when an artifact named like `where` holds `text`. */
  has(where: string, text: string): boolean {
    return this.artifacts.some(
      (a) => a.where.includes(where) && a.text.includes(text),
    );
  }
}
