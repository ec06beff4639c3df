/** One delivery attempt of one claimed outbox row, and the backoff. */
import { NotifyError, type NotifyReason } from '../src/model/errors.js';
import { redact } from '../src/model/redact.js';
import type {
  AttemptOutcome,
  AttemptResult,
  OutboxRow,
} from '../src/state/outbox-store.js';
import type { Notifier, NotifySettings } from './notifier.js';

/** What the `onAttempt` hook hears after each attempt. */
export interface AttemptEvent {
  readonly channel: string;
  readonly messageId: string;
  readonly attempt: number;
  readonly outcome: AttemptOutcome;
  readonly reason: NotifyReason | 'lost' | null;
  /** Redacted. */
  readonly error: string | null;
  readonly durationMs: number;
  readonly nextAttemptAt: number | null;
}

/** What an attempt needs from the delivery module. */
export interface AttemptDeps {
  readonly notifier: Notifier | undefined;
  readonly settings: NotifySettings;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly now: () => number;
  readonly random: () => number;
  /** Aborted when the process stops: the send is given up and retried. */
  readonly signal?: AbortSignal;
}

const BASE_DELAY_MS = 10_000;
const MAX_DELAY_MS = 3_600_000;

/**
 * How long to wait before attempt `attempt + 1`: 10 s, 30 s, 90 s … up to
 * an hour, with equal jitter; a peer's Retry-After wins when it gave one.
 */
export function retryDelayMs(
  attempt: number,
  random: () => number,
  retryAfterMs: number | null = null,
): number {
  if (retryAfterMs !== null) {
    const jitter = Math.min(retryAfterMs, 1000) * random() * 0.1;
    return Math.min(MAX_DELAY_MS, Math.max(100, retryAfterMs + jitter));
  }
  const exponential = BASE_DELAY_MS * 3 ** Math.max(0, attempt - 1);
  const capped = Math.min(MAX_DELAY_MS, exponential);
  return capped / 2 + (random() * capped) / 2;
}

/** Sends a claimed row and says how the attempt ended; never throws. */
export async function attemptDelivery(
  row: OutboxRow,
  deps: AttemptDeps,
): Promise<AttemptResult & { reason: NotifyReason | null }> {
  const started = deps.now();
  const { notifier } = deps;

  if (notifier === undefined || !notifier.isEnabled(deps.settings)) {
    const error = notifier
      ? `${row.channel}: the channel is off in the config`
      : `${row.channel}: no such channel`;
    return ended('dead', started, 0, 'client', error);
  }
  // A worker that died mid-send leaves a counted attempt and a lease.
  if (row.attempts > deps.maxAttempts) {
    const error = `gave up after ${deps.maxAttempts} attempts`;
    return ended('dead', started, 0, null, error);
  }

  try {
    await abandonOnAbort(
      notifier.send(row.payload, deps.settings, deps.timeoutMs),
      deps.signal,
    );
    return ended('sent', started, deps.now() - started, null, null);
  } catch (error) {
    const failure = asNotifyError(error, deps.settings.secrets);
    const durationMs = deps.now() - started;
    const text = redact(failure.message, deps.settings.secrets);
    const isFinal = !failure.isRetryable || row.attempts >= deps.maxAttempts;
    if (isFinal)
      return ended('dead', started, durationMs, failure.reason, text);

    const delay = retryDelayMs(row.attempts, deps.random, failure.retryAfterMs);
    return {
      ...ended('retry', started, durationMs, failure.reason, text),
      nextAttemptAt: deps.now() + delay,
    };
  }
}

function ended(
  outcome: AttemptOutcome,
  started: number,
  durationMs: number,
  reason: NotifyReason | null,
  error: string | null,
): AttemptResult & { reason: NotifyReason | null } {
  return { outcome, at: started + durationMs, durationMs, reason, error };
}

// A notifier should only throw NotifyError; anything else is a bug in it,
// retried in case it is passing, and redacted like the rest.
function asNotifyError(
  error: unknown,
  secrets: readonly string[],
): NotifyError {
  if (error instanceof NotifyError) return error;
  const text = error instanceof Error ? error.message : String(error);
  return new NotifyError({
    message: redact(`unexpected notifier failure: ${text}`, secrets),
    reason: 'server',
    isRetryable: true,
  });
}

// A send cannot be cancelled once on the wire; on stop it is abandoned and
// retried soon by the next process. If the peer did accept it, that is the
// one repeat at-least-once delivery allows, recognisable by its id.
async function abandonOnAbort(
  send: Promise<void>,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (signal === undefined) return send;
  if (signal.aborted) throw stoppedError();

  let onAbort = (): void => undefined;
  const stopped = new Promise<never>((_, reject) => {
    onAbort = () => reject(stoppedError());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  send.catch(() => undefined);
  try {
    await Promise.race([send, stopped]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function stoppedError(): NotifyError {
  return new NotifyError({
    message: 'the monitor stopped while sending; it will be retried',
    reason: 'timeout',
    isRetryable: true,
    retryAfterMs: 0,
  });
}
