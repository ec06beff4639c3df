/** Every secret value a config holds, so that redact() can hide them. */
import type { MonitorConfig } from './types.js';

/**
 * Passwords, tokens, passphrases, the Slack webhook URL, and every URL
 * that carries credentials, both whole and as its password alone (written
 * and decoded, since a library may print either).
 */
export function collectSecrets(
  config: Omit<MonitorConfig, 'secrets'>,
): string[] {
  const { warehouse, notify, server } = config;
  const found = new Set<string>();
  const add = (value: string | null | undefined): void => {
    if (value !== null && value !== undefined && value !== '') found.add(value);
  };

  addUrlSecrets(warehouse.url, add);
  add(warehouse.snowflake?.password);
  add(warehouse.snowflake?.privateKeyPassphrase);
  add(warehouse.snowflake?.oauthToken);
  add(warehouse.databricks?.token);
  addUrlSecrets(warehouse.snowflake?.accessUrl ?? null, add);
  add(notify.slack.webhookUrl);
  addUrlSecrets(notify.email.smtpUrl, add);
  add(server.token);
  return [...found];
}

// Adds the URL when it carries credentials (or cannot be parsed, so its
// parts are unknown), and its password in both spellings.
function addUrlSecrets(url: string | null, add: (value: string) => void): void {
  if (url === null) return;

  const parsed = URL.canParse(url) ? new URL(url) : null;
  const password = parsed?.password ?? '';
  const hasCredentials =
    parsed === null || password !== '' || parsed.username !== '';
  if (hasCredentials) add(url);
  if (password === '') return;

  add(password);
  try {
    add(decodeURIComponent(password));
  } catch {
    // A malformed escape: the written form above is all there is.
  }
}
