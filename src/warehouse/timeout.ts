/**
 * Deadlines for warehouse statements. A driver that has its own server-side
 * timeout (PostgreSQL `statement_timeout`) still gets this client-side bound
 * so a silent network cannot hang a sync; DuckDB has no statement timeout,
 * so this is its only one.
 */

/** How long the stopped statement may take to wind down. */
const SETTLE_GRACE_MS = 5_000;

/** Why a statement was stopped before it finished. */
export class StatementStopped extends Error {
  readonly reason: 'timeout' | 'cancelled';

  constructor(reason: 'timeout' | 'cancelled', timeoutMs: number) {
    super(
      reason === 'timeout'
        ? `timed out after ${formatDuration(timeoutMs)}`
        : 'cancelled',
    );
    this.name = 'StatementStopped';
    this.reason = reason;
  }
}

/** What to do when the deadline passes or the signal aborts. */
export interface DeadlineOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** Interrupts the running statement (DuckDB interrupt, closing a socket). */
  readonly stop: () => void;
}

/**
 * Runs a statement under a deadline and an abort signal. When either fires
 * it calls `stop`, waits briefly for the statement to wind down, and
 * rejects with StatementStopped.
 */
export async function withDeadline<T>(
  statement: () => Promise<T>,
  options: DeadlineOptions,
): Promise<T> {
  const { timeoutMs, signal, stop } = options;
  if (signal?.aborted) throw new StatementStopped('cancelled', timeoutMs);

  const running = statement();
  const settled = running.then(
    () => undefined,
    () => undefined,
  );
  let fire: (reason: 'timeout' | 'cancelled') => void = () => undefined;
  const stopped = new Promise<'timeout' | 'cancelled'>((resolve) => {
    fire = resolve;
  });
  const timer = setTimeout(() => fire('timeout'), timeoutMs);
  const onAbort = (): void => fire('cancelled');
  signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const outcome = await Promise.race([
      running.then((value) => ({ value })),
      stopped,
    ]);
    if (typeof outcome === 'object') return outcome.value;

    stop();
    await Promise.race([settled, delay(SETTLE_GRACE_MS)]);
    throw new StatementStopped(outcome, timeoutMs);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** `60s`, `1500ms`, `2m`: a duration as the config spells it. */
export function formatDuration(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0 && ms >= 1_000) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
