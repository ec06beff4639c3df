/** The one logger: pino, JSON lines on stderr, secrets redacted. */
import { pino, type Logger } from 'pino';
import { redact } from './model/redact.js';

export type { Logger };

/** A logger writing to stderr, so `--json` output on stdout stays clean. */
export function createLogger(
  level: string,
  secrets: readonly string[],
): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        // Redact whole lines: a secret may hide in any field or message.
        streamWrite: (line) => redact(line, secrets),
      },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that writes nothing, for library calls and tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
