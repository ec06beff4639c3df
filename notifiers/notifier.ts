/** What every channel offers the delivery module (STYLE "Notifiers"). */
import type { NotifyConfig } from '../src/config/types.js';
import type { Alert } from './alert.js';

/** The config a notifier reads: its channel's settings and the secrets. */
export interface NotifySettings {
  readonly notify: NotifyConfig;
  /** Every secret of the config, masked in whatever is logged or stored. */
  readonly secrets: readonly string[];
}

/** One message a channel will send, as stored in the outbox. */
export interface RenderedMessage {
  /** The stable id `<syncId>-<channel>[-<recipient>]`. */
  readonly messageId: string;
  readonly recipient: string | null;
  /** Plain JSON; holds no secret (URLs and passwords stay in the config). */
  readonly payload: unknown;
}

/**
 * A channel. `render` is pure; `send` resolves when the peer accepted the
 * message or throws a `NotifyError` saying whether a retry may help.
 */
export interface Notifier {
  readonly channel: string;
  isEnabled(settings: NotifySettings): boolean;
  render(alert: Alert, settings: NotifySettings): RenderedMessage[];
  send(
    payload: unknown,
    settings: NotifySettings,
    timeoutMs: number,
  ): Promise<void>;
}

/** The stable id of a message: `<syncId>-<channel>[-<recipient>]`. */
export function stableMessageId(
  syncId: number | string,
  channel: string,
  recipient: string | null = null,
): string {
  return recipient === null
    ? `${syncId}-${channel}`
    : `${syncId}-${channel}-${recipient}`;
}
