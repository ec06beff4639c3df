/**
 * Single flight across processes (SPEC §5): one lock row in the state
 * holds pid, host and a heartbeat. A holder whose process is gone (same
 * host) or whose heartbeat is older than 30 s is taken over, and its
 * sync recorded `failed`.
 *
 * The heartbeat runs on an unref'd timer inside the lock every 5 s while
 * it is held (`heartbeatMs: 0` turns it off; then call `heartbeat()`).
 * The timer only fires while the event loop is free, which holds for a
 * sync: its warehouse reads are asynchronous.
 *
 * Use: `tryAcquire()` or `await waitFor(ms)`, then `store.beginSync()`,
 * `attachSync(id)`, run, `store.finishSync()`, and `release()` in a
 * `finally`.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { codeOf } from '../model/errors.js';
import type { LockRecord, StateStore } from './store.js';

/** How often a holder refreshes its heartbeat. */
export const HEARTBEAT_MS = 5_000;

/** How old a heartbeat may grow before the lock is taken over. */
export const STALE_AFTER_MS = 30_000;

/** Settings and seams for tests. */
export interface SyncLockOptions {
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly pid?: number;
  readonly host?: string;
  readonly isProcessAlive?: (pid: number) => boolean;
  /** Default 5 s; 0 leaves the heartbeat to the caller. */
  readonly heartbeatMs?: number;
  readonly staleAfterMs?: number;
  /** How often `waitFor` looks again; default 250 ms. */
  readonly pollMs?: number;
}

/** The sync lock of one process. */
export class SyncLock {
  private token: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly pid: number;
  private readonly host: string;
  private readonly isAlive: (pid: number) => boolean;

  constructor(
    private readonly store: StateStore,
    private readonly options: SyncLockOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? delay;
    this.pid = options.pid ?? process.pid;
    this.host = options.host ?? hostname();
    this.isAlive = options.isProcessAlive ?? isProcessAlive;
  }

  /** Whether this process holds the lock, as far as it knows. */
  get isHeld(): boolean {
    return this.token !== null;
  }

  /** Takes the lock if it is free or stale; true when held afterwards. */
  tryAcquire(): boolean {
    if (this.token !== null) return true;
    const current = this.store.readLock();
    if (current !== null && !this.isStale(current)) return false;

    const token = randomUUID();
    const holder = { token, pid: this.pid, host: this.host };
    const replacing = current?.token ?? null;
    if (!this.store.takeLock(holder, this.now(), replacing)) return false;

    this.token = token;
    this.startHeartbeat();
    return true;
  }

  /** Polls for the lock up to `timeoutMs`; false when still busy. */
  async waitFor(timeoutMs: number): Promise<boolean> {
    const deadline = this.now().getTime() + timeoutMs;

    for (;;) {
      if (this.tryAcquire()) return true;
      const left = deadline - this.now().getTime();
      if (left <= 0) return false;
      await this.sleep(Math.min(this.options.pollMs ?? 250, left));
    }
  }

  /** Notes the sync this holder runs, so a takeover can fail it. */
  attachSync(syncId: number | null): void {
    if (this.token !== null) this.store.setLockSync(this.token, syncId);
  }

  /** Refreshes the heartbeat; false (and not held) when taken over. */
  heartbeat(): boolean {
    if (this.token === null) return false;
    if (this.store.heartbeatLock(this.token, this.now())) return true;
    this.stopHeartbeat();
    this.token = null;
    return false;
  }

  /** Frees the lock if still ours. */
  release(): void {
    this.stopHeartbeat();
    if (this.token === null) return;
    const token = this.token;
    this.token = null;
    this.store.releaseLock(token);
  }

  /** Whether a holder has stopped: gone from this host, or silent. */
  isStale(lock: LockRecord): boolean {
    const staleAfter = this.options.staleAfterMs ?? STALE_AFTER_MS;
    const age = this.now().getTime() - Date.parse(lock.heartbeatAt);
    // An unreadable heartbeat counts as silent.
    if (Number.isNaN(age) || age > staleAfter) return true;
    return lock.host === this.host && !this.isAlive(lock.pid);
  }

  private startHeartbeat(): void {
    const every = this.options.heartbeatMs ?? HEARTBEAT_MS;
    if (every <= 0) return;
    this.timer = setInterval(() => {
      // A busy or closed file must not crash the process from a timer;
      // the next beat tries again, and a takeover shows in `isHeld`.
      try {
        this.heartbeat();
      } catch {
        return;
      }
    }, every);
    this.timer.unref();
  }

  private stopHeartbeat(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}

/** Whether a process with this id runs on this host. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return codeOf(error) === 'EPERM';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
