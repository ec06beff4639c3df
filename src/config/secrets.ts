/** Every secret value a config holds, so that redact() can hide them. */
import { closestName } from '../model/did-you-mean.js';
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
  addWebhookPath(notify.slack.webhookUrl, add);
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

// A webhook's path is its secret: a peer or proxy that echoes the path
// in an error body ("Cannot POST /services/T0/B0/xyz") must not leak it.
function addWebhookPath(
  url: string | null,
  add: (value: string) => void,
): void {
  if (url === null || !URL.canParse(url)) return;
  const path = new URL(url).pathname;
  if (path.length >= 8) add(path);
}

// Key names that hold secrets; misspelt ones (`pasword`) count too.
const SECRET_KEY = /pass|pwd|token|secret|webhook|private|credential|smtp/i;
const SECRET_KEY_NAMES = [
  'password',
  'private_key_passphrase',
  'oauth_token',
  'token',
  'webhook_url',
  'smtp_url',
  'url',
];

/**
 * Values that look secret anywhere in a parsed file: under a secret-like
 * key (known or not) or a URL with a password. Used to mask messages of a
 * config that failed, whose secrets may sit under a misspelt key.
 */
export function findSecretLikeValues(value: unknown): string[] {
  const found = new Set<string>();
  visit(value, false);
  return [...found];

  function visit(node: unknown, isUnderSecretKey: boolean): void {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, isUnderSecretKey);
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        visit(child, isUnderSecretKey || isSecretKey(key));
      }
    } else if (typeof node === 'string' || typeof node === 'number') {
      const text = String(node);
      if (isUnderSecretKey) found.add(text);
      if (URL.canParse(text)) addUrlSecrets(text, (s) => found.add(s));
    }
  }
}

function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) || closestName(key, SECRET_KEY_NAMES) !== null;
}
