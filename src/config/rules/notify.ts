/** Rules for `notify`: an empty URL turns its channel off (SPEC §6). */
import type { NotifyConfig } from '../types.js';
import { describe } from '../section.js';
import type { Section } from '../section.js';

const SLACK_KEYS = ['webhook_url', 'channel'];
const EMAIL_KEYS = ['smtp_url', 'from', 'to'];

// Used only while email is off, so that the type stays a plain string.
const UNUSED_SENDER = 'datagraph-monitor@localhost';

/** Reads `notify.slack` and `notify.email`. */
export function readNotify(root: Section): NotifyConfig {
  const notify = root.child('notify', ['slack', 'email']);
  const slack = notify.child('slack', SLACK_KEYS);
  const email = notify.child('email', EMAIL_KEYS);

  // http is allowed so that a relay or a test receiver can stand in.
  const webhookUrl = readSecretUrl(slack, 'webhook_url', ['https:', 'http:']);
  const smtpUrl = readSecretUrl(email, 'smtp_url', ['smtp:', 'smtps:']);
  const from = email.text('from', {
    required: smtpUrl === null ? false : 'required when smtp_url is set',
  });

  if (from !== null && !isEmailAddress(from)) {
    email.report('from', `expected an email address, got ${describe(from)}`);
  }
  return {
    slack: { webhookUrl, channel: slack.text('channel') },
    email: { smtpUrl, from: from ?? UNUSED_SENDER, to: readRecipients(email) },
  };
}

/** True for `a@b.c` or `Name <a@b.c>`, as nodemailer takes them. */
export function isEmailAddress(text: string): boolean {
  const address = /<([^<>]*)>\s*$/.exec(text)?.[1] ?? text;
  return /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/.test(
    address.trim(),
  );
}

// The URL is a secret: a problem names the key and the expected form only.
function readSecretUrl(
  section: Section,
  key: string,
  schemes: readonly string[],
): string | null {
  const value = section.text(key, { isSecret: true });
  if (value === null) return null;

  const url = URL.canParse(value) ? new URL(value) : null;
  if (url === null || !schemes.includes(url.protocol) || url.host === '') {
    const forms = schemes.map((s) => `${s}//…`).join(' or ');
    section.report(key, `expected a URL like ${forms}, or "" to turn it off`);
  }
  return value;
}

// `to` is a list; one text with commas also works, for a value from env.
function readRecipients(email: Section): string[] {
  const items = email.textList('to');
  const recipients = items.flatMap((item) =>
    item
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  );

  for (const recipient of recipients) {
    if (isEmailAddress(recipient)) continue;
    email.report('to', `expected email addresses, got ${describe(recipient)}`);
  }
  return recipients;
}
