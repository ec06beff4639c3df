/** What delivery tells the log and the metrics hook, and its idle wait. */
import type { Logger } from '../src/log.js';
import type { AttemptResult, OutboxRow } from '../src/state/outbox-store.js';
import type { AttemptEvent } from './attempt.js';

/** Logs attempts (a repeating failure once) and feeds `onAttempt`. */
export class DeliveryReporter {
  readonly #logger: Logger | undefined;
  readonly #onAttempt: ((event: AttemptEvent) => void) | undefined;
  readonly #lastFailure = new Map<string, string>();

  constructor(logger?: Logger, onAttempt?: (event: AttemptEvent) => void) {
    this.#logger = logger;
    this.#onAttempt = onAttempt;
  }

  /** One finished attempt; `isKept` is false when the lease was lost. */
  attempt(
    row: OutboxRow,
    result: AttemptResult & { reason: AttemptEvent['reason'] },
    isKept: boolean,
  ): void {
    this.#onAttempt?.({
      channel: row.channel,
      messageId: row.messageId,
      attempt: row.attempts,
      outcome: result.outcome,
      reason: isKept ? result.reason : 'lost',
      error: result.error,
      durationMs: result.durationMs,
      nextAttemptAt: result.nextAttemptAt ?? null,
    });

    const fields = {
      messageId: row.messageId,
      channel: row.channel,
      attempt: row.attempts,
    };
    const { outcome, error } = result;
    if (!isKept) {
      this.#logger?.warn(fields, 'outbox lease lost; another worker sent it');
    } else if (outcome === 'sent') {
      this.#lastFailure.delete(row.channel);
      this.#logger?.info(fields, 'alert delivered');
    } else if (outcome === 'dead') {
      this.#logger?.error({ ...fields, error }, 'alert undeliverable');
    } else if (this.#lastFailure.get(row.channel) !== error) {
      // A repeating failure is logged once, and again when it changes.
      this.#lastFailure.set(row.channel, error ?? '');
      this.#logger?.warn({ ...fields, error }, 'alert not delivered; retrying');
    }
  }

  /** A round of the worker failed as a whole (e.g. a locked state file). */
  roundFailed(error: unknown): void {
    const text = error instanceof Error ? error.message : String(error);
    this.#logger?.error({ error: text }, 'outbox round failed');
  }
}

/** Waits `ms`, or rejects as soon as the signal aborts. */
export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', stop, { once: true });

    function done(): void {
      signal?.removeEventListener('abort', stop);
      resolve();
    }
    function stop(): void {
      clearTimeout(timer);
      reject(signal?.reason);
    }
  });
}
