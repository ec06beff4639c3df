/** Maps what nodemailer throws to a redacted `NotifyError`. */
import { NotifyError, type NotifyReason } from '../src/model/errors.js';
import { redact } from '../src/model/redact.js';

const NETWORK_CODES = new Set([
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROXY',
  'ECONNREFUSED',
  'ECONNRESET',
]);

/**
 * A `NotifyError` for a failed send. The original is not kept as `cause`:
 * it may name credentials.
 */
export function toEmailError(
  error: unknown,
  secrets: readonly string[],
): NotifyError {
  const detail = error as { code?: unknown; responseCode?: unknown };
  const code = typeof detail.code === 'string' ? detail.code : '';
  const status =
    typeof detail.responseCode === 'number' ? detail.responseCode : null;
  const text = error instanceof Error ? error.message : String(error);
  const [reason, hint] = classify(code, status);

  return new NotifyError({
    message: redact(`email: ${text}${hint}`, secrets),
    reason,
    isRetryable: reason !== 'auth' && reason !== 'client',
  });
}

// SMTP replies 4xx for a transient refusal and 5xx for a permanent one
// (RFC 5321 §4.2.1); authentication failures need a config change.
function classify(code: string, status: number | null): [NotifyReason, string] {
  if (code === 'EAUTH' || code === 'ENOAUTH' || status === 535) {
    return ['auth', ' (check notify.email.smtp_url)'];
  }
  // EABORT: the send's own time limit ran out.
  if (code === 'ETIMEDOUT' || code === 'EABORT') return ['timeout', ''];
  if (status !== null && status >= 500) {
    return ['client', ' (check notify.email.to and the owners)'];
  }
  if (status !== null && status >= 400) return ['server', ''];
  if (NETWORK_CODES.has(code)) return ['network', ''];
  if (code === 'EENVELOPE') return ['client', ''];
  return ['server', ''];
}
