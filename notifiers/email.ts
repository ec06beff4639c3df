/** Email over SMTP with nodemailer: HTML and plain text (SPEC §6). */
import { createTransport } from 'nodemailer';
import { NotifyError } from '../src/model/errors.js';
import { alertKey, type Alert } from './alert.js';
import { alertForOwner } from './compose.js';
import { renderEmail } from './email-body.js';
import { toEmailError } from './email-errors.js';
import type { Notifier, NotifySettings, RenderedMessage } from './notifier.js';
import { stableMessageId } from './notifier.js';

/** One email as stored in the outbox. */
export interface EmailPayload {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The `Message-ID` header, `<…@…>`, derived from the stable id. */
  readonly messageId: string;
  /** `<syncId>-email[-<recipient>]`. */
  readonly stableId: string;
}

/** The header that repeats the stable id verbatim. */
export const STABLE_ID_HEADER = 'X-Datagraph-Monitor-Id';

/**
 * The emails of one alert: the whole alert to `to`, and to each consumer
 * owner only the items that affect that owner's consumers.
 */
export function buildEmails(
  alert: Alert,
  email: { readonly from: string; readonly to: readonly string[] },
): RenderedMessage[] {
  const messages: RenderedMessage[] = [];
  if (email.to.length > 0) {
    messages.push(message(alert, email.from, [...email.to], null));
  }

  for (const owner of ownersOf(alert)) {
    const part = alertForOwner(alert, owner);
    if (part !== null) messages.push(message(part, email.from, [owner], owner));
  }
  return messages;
}

/** A `Message-ID` from a stable id; `@` in it becomes `=`. */
export function messageIdHeader(stableId: string, from: string): string {
  const local = stableId.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '=');
  const domain =
    /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'datagraph-monitor';
  return `<${local.replace(/@/g, '=')}@${domain}>`;
}

/** Sends one email; throws a redacted `NotifyError` on failure. */
export async function sendEmail(
  smtpUrl: string,
  payload: EmailPayload,
  timeoutMs: number,
  secrets: readonly string[] = [],
): Promise<void> {
  const hidden = [smtpUrl, ...passwordsOf(smtpUrl), ...secrets];
  const transport = createTransport({
    url: smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });

  // The socket timeouts restart on every byte; the signal bounds the whole
  // send, and ends the connection when it fires.
  try {
    await transport.sendMail({
      from: payload.from,
      to: [...payload.to],
      subject: payload.subject,
      text: payload.text,
      html: payload.html,
      messageId: payload.messageId,
      headers: { [STABLE_ID_HEADER]: payload.stableId },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw toEmailError(error, hidden);
  } finally {
    transport.close();
  }
}

/** The email channel of the registry. */
export const emailNotifier: Notifier = {
  channel: 'email',
  isEnabled: (settings) => Boolean(settings.notify.email.smtpUrl),
  render: (alert, settings) => buildEmails(alert, settings.notify.email),
  async send(payload, settings: NotifySettings, timeoutMs) {
    const url = settings.notify.email.smtpUrl;
    if (!url || !isEmailPayload(payload)) {
      throw new NotifyError({
        message: url
          ? 'email: stored message is not an email payload'
          : 'email: notify.email.smtp_url is empty; the channel is off',
        reason: 'client',
        isRetryable: false,
      });
    }
    await sendEmail(url, payload, timeoutMs, settings.secrets);
  },
};

function message(
  alert: Alert,
  from: string,
  to: string[],
  owner: string | null,
): RenderedMessage {
  const stableId = stableMessageId(alertKey(alert), 'email', owner);
  const content = renderEmail(alert, stableId, { isOwnerCopy: owner !== null });
  const payload: EmailPayload = {
    from,
    to,
    ...content,
    messageId: messageIdHeader(stableId, from),
    stableId,
  };
  return { messageId: stableId, recipient: owner ?? to.join(', '), payload };
}

function ownersOf(alert: Alert): string[] {
  const owners = new Map<string, string>();
  for (const item of alert.items) {
    for (const c of item.consumers) {
      if (c.owner !== null && c.owner.trim() !== '') {
        owners.set(c.owner.trim().toLowerCase(), c.owner.trim());
      }
    }
  }
  return [...owners.values()].sort();
}

function passwordsOf(smtpUrl: string): string[] {
  try {
    const { password } = new URL(smtpUrl);
    return password === '' ? [] : [password, decodeURIComponent(password)];
  } catch {
    return [];
  }
}

function isEmailPayload(value: unknown): value is EmailPayload {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Partial<Record<keyof EmailPayload, unknown>>;
  return (
    typeof p.subject === 'string' &&
    typeof p.text === 'string' &&
    typeof p.html === 'string' &&
    Array.isArray(p.to)
  );
}
