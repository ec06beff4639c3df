/** The notifier registry: adding a channel is one file and one line. */
import { emailNotifier } from './email.js';
import type { Notifier } from './notifier.js';
import { slackNotifier } from './slack.js';

export type { Notifier, NotifySettings, RenderedMessage } from './notifier.js';

/** Every outbox channel by name; the in-app feed is written directly. */
export const NOTIFIERS: Readonly<Record<string, Notifier>> = {
  slack: slackNotifier,
  email: emailNotifier,
};
