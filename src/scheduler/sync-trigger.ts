/**
 * Runs syncs one at a time for the daemon: a cron tick, the start-up
 * sync, the API and the page all ask here. A request that arrives while a
 * sync runs is remembered once, so ticks missed during a long sync run
 * once afterwards, never overlapping and never piling up.
 */
import type { SyncReport } from '../model/sync.js';

/** What the trigger calls to run one sync. */
export type SyncRun = (
  onBegin: (syncId: number) => void,
) => Promise<SyncReport>;

/** The daemon's single-flight sync trigger. */
export class SyncTrigger {
  #running: Promise<SyncReport> | null = null;
  #isPending = false;
  #isClosed = false;
  readonly #run: SyncRun;
  readonly #onError: (error: unknown) => void;

  constructor(run: SyncRun, onError: (error: unknown) => void) {
    this.#run = run;
    this.#onError = onError;
  }

  /** Whether a sync is running in this process. */
  get isRunning(): boolean {
    return this.#running !== null;
  }

  /** A scheduled tick: run now, or once after the running sync. */
  tick(): void {
    if (this.#isClosed) return;
    if (this.#running) {
      this.#isPending = true;
      return;
    }
    void this.#start().catch(this.#onError);
  }

  /**
   * An explicit request (API, page): starts a sync and resolves with its
   * id once recorded; null when one is already running.
   */
  async request(): Promise<number | null> {
    if (this.#running || this.#isClosed) return null;
    return new Promise<number | null>((resolve) => {
      this.#start(resolve).then(
        () => resolve(null),
        (error: unknown) => {
          resolve(null);
          this.#onError(error);
        },
      );
    });
  }

  /**
   * Starts nothing more: a stopping daemon must not begin the catch-up
   * sync of a tick that came while the cancelled one ran.
   */
  close(): void {
    this.#isClosed = true;
    this.#isPending = false;
  }

  /** Resolves when no sync runs here any more. */
  async idle(): Promise<void> {
    while (this.#running) {
      await this.#running.catch(() => undefined);
    }
  }

  async #start(onBegin?: (syncId: number) => void): Promise<SyncReport> {
    const running = this.#run((syncId) => {
      onBegin?.(syncId);
    });
    this.#running = running;

    try {
      return await running;
    } finally {
      this.#running = null;
      if (this.#isPending) {
        this.#isPending = false;
        this.tick();
      }
    }
  }
}
