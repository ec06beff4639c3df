/** Slack incoming webhook: a Block Kit message per sync (SPEC §6). */
import { IncomingWebhook } from '@slack/webhook';
import { NotifyError } from '../src/model/errors.js';
import { alertKey, type Alert } from './alert.js';
import type { Notifier, NotifySettings } from './notifier.js';
import { stableMessageId } from './notifier.js';
import {
  escapeSlackEntities,
  slackCode,
  slackItemText,
  slackLink,
  slackText,
} from './slack-text.js';
import { toSlackError } from './slack-errors.js';

/** A Block Kit text object. */
export interface SlackText {
  readonly type: 'plain_text' | 'mrkdwn';
  readonly text: string;
}

/** The blocks this notifier uses. */
export type SlackBlock =
  | { readonly type: 'header'; readonly text: SlackText }
  | { readonly type: 'section'; readonly text: SlackText }
  | { readonly type: 'context'; readonly elements: readonly SlackText[] };

/** The body posted to the webhook. */
export interface SlackPayload {
  /** The fallback shown in notifications. */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
  readonly channel?: string;
}

/** Slack's limits for one message (Block Kit reference). */
export const SLACK_LIMITS = {
  blocks: 50,
  text: 3000,
  header: 150,
} as const;

const ICONS: Readonly<Record<Alert['severity'], string>> = {
  definite: ':red_circle:',
  potential: ':large_orange_circle:',
  error: ':warning:',
  info: ':white_check_mark:',
};

/** Block Kit for one alert, within Slack's limits; pure. */
export function buildSlackPayload(
  alert: Alert,
  opts: { readonly messageId: string; readonly channel?: string | null },
): SlackPayload {
  const title = `${alert.summary} · ${alert.warehouseLabel}`;
  const header = clipHeader(`${ICONS[alert.severity]} ${title}`);
  const footer: SlackBlock = {
    type: 'context',
    elements: [
      mrkdwn(`datagraph-monitor · message id ${slackCode(opts.messageId)}`),
    ],
  };

  // Header, intro and footer are fixed; a "more" line takes one block.
  const room = SLACK_LIMITS.blocks - 3;
  const shown =
    alert.items.length <= room ? alert.items : alert.items.slice(0, room - 1);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: header } },
    { type: 'section', text: mrkdwn(introText(alert)) },
    ...shown.map((item) => ({
      type: 'section' as const,
      text: mrkdwn(slackItemText(item, SLACK_LIMITS.text)),
    })),
  ];

  const hidden = alert.items.length - shown.length;
  if (hidden > 0) {
    const link = slackLink(alert.pageUrl, 'see them all on the page');
    const more = `…and ${hidden} more: ${link}`;
    blocks.push({ type: 'section', text: mrkdwn(more) });
  }
  blocks.push(footer);

  const text = escapeSlackEntities(title).slice(0, SLACK_LIMITS.text);
  const payload = { text, blocks };
  return opts.channel ? { ...payload, channel: opts.channel } : payload;
}

/**
 * Posts a payload to a webhook. Throws a `NotifyError` whose message never
 * holds the URL; the SDK's own error is dropped because it may.
 */
export async function sendSlack(
  url: string,
  payload: SlackPayload,
  timeoutMs: number,
  secrets: readonly string[] = [],
): Promise<void> {
  let retryAfter: string | null = null;
  const webhook = new IncomingWebhook(url, {
    timeout: timeoutMs,
    // The SDK's HTTP error drops the headers; Retry-After is read here.
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      retryAfter = response.headers.get('retry-after');
      return response;
    },
  });

  try {
    await webhook.send({ ...payload, blocks: [...payload.blocks] });
  } catch (error) {
    throw toSlackError(error, retryAfter, [url, ...secrets]);
  }
}

/** The Slack channel of the registry. */
export const slackNotifier: Notifier = {
  channel: 'slack',
  isEnabled: (settings) => Boolean(settings.notify.slack.webhookUrl),
  render(alert, settings) {
    const messageId = stableMessageId(alertKey(alert), 'slack');
    const channel = settings.notify.slack.channel;
    const payload = buildSlackPayload(alert, { messageId, channel });
    return [{ messageId, recipient: null, payload }];
  },
  async send(payload, settings, timeoutMs) {
    const url = settings.notify.slack.webhookUrl;
    if (!url) throw disabled();
    if (!isSlackPayload(payload)) {
      throw new NotifyError({
        message: 'slack: stored message is not a block kit payload',
        reason: 'client',
        isRetryable: false,
      });
    }
    await sendSlack(url, payload, timeoutMs, settings.secrets);
  },
};

function introText(alert: Alert): string {
  const lines: string[] = [];

  for (const note of alert.operational) {
    lines.push(`*${slackText(note.title)}*`);
    for (const detail of note.details.slice(0, 20)) {
      lines.push(`• ${slackText(detail)}`);
    }
  }
  lines.push(
    `Warehouse ${slackText(alert.warehouseLabel)} · ` +
      slackLink(alert.pageUrl, 'open the monitor'),
  );
  // A cut must not leave half an entity behind.
  return lines
    .join('\n')
    .slice(0, SLACK_LIMITS.text)
    .replace(/&[a-z]*$/, '');
}

function mrkdwn(text: string): SlackText {
  return { type: 'mrkdwn', text };
}

// Plain text shows `* _ ~` as they are; only entities need escaping, and
// a cut must not split one.
function clipHeader(text: string): string {
  const escaped = escapeSlackEntities(text);
  const max = SLACK_LIMITS.header;
  if (escaped.length <= max) return escaped;
  return `${escaped.slice(0, max - 1).replace(/&[a-z]*$/, '')}…`;
}

function isSlackPayload(value: unknown): value is SlackPayload {
  if (typeof value !== 'object' || value === null) return false;
  const { text, blocks } = value as { text?: unknown; blocks?: unknown };
  return typeof text === 'string' && Array.isArray(blocks);
}

function disabled(): NotifyError {
  return new NotifyError({
    message: 'slack: notify.slack.webhook_url is empty; the channel is off',
    reason: 'client',
    isRetryable: false,
  });
}
