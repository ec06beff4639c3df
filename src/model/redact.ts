/** Keeps secrets out of logs, stored errors, messages and the page. */

const MASK = '[redacted]';

/**
 * Replaces every configured secret, and the password or token in any URL,
 * with a mask. Slack webhook paths count as secrets (SPEC §6).
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;

  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.split(secret).join(MASK);
  }

  out = out.replace(
    /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]+):([^\s@/]+)@/gi,
    `$1$2:${MASK}@`,
  );
  return out.replace(
    /hooks\.slack\.com\/services\/[A-Za-z0-9/_-]+/g,
    `hooks.slack.com/services/${MASK}`,
  );
}
