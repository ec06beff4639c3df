/** Maps what @slack/webhook throws to a redacted `NotifyError`. */
import {
  IncomingWebhookHTTPError,
  IncomingWebhookRequestError,
} from '@slack/webhook';
import { NotifyError, type NotifyReason } from '../src/model/errors.js';
import { redact } from '../src/model/redact.js';

/**
 * A `NotifyError` for a failed post. The original error is not kept as
 * `cause`: SDK errors may carry the webhook URL in their request details.
 */
export function toSlackError(
  error: unknown,
  retryAfter: string | null,
  secrets: readonly string[],
): NotifyError {
  if (error instanceof IncomingWebhookHTTPError) {
    return httpError(error, retryAfter, secrets);
  }

  const original =
    error instanceof IncomingWebhookRequestError ? error.original : error;
  const isTimeout =
    original instanceof Error &&
    (original.name === 'TimeoutError' || original.name === 'AbortError');
  if (isTimeout) {
    return new NotifyError({
      message: 'slack: the webhook did not answer in time',
      reason: 'timeout',
      isRetryable: true,
    });
  }
  return new NotifyError({
    message: redact(
      `slack: cannot reach the webhook: ${causeText(original)}`,
      secrets,
    ),
    reason: 'network',
    isRetryable: true,
  });
}

/** Milliseconds from a Retry-After header (seconds or an HTTP date). */
export function parseRetryAfter(
  value: string | null,
  nowMs: number = Date.now(),
): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);

  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

function httpError(
  error: IncomingWebhookHTTPError,
  retryAfter: string | null,
  secrets: readonly string[],
): NotifyError {
  const status = error.statusCode;
  const body = error.body.trim().slice(0, 200);
  const said = body === '' ? `${status}` : `${status} (${body})`;
  const [reason, hint] = classifyStatus(status);

  return new NotifyError({
    message: redact(`slack: the webhook answered ${said}${hint}`, secrets),
    reason,
    isRetryable: reason !== 'auth' && reason !== 'client',
    retryAfterMs: status === 429 ? parseRetryAfter(retryAfter) : null,
  });
}

// Slack answers 403/404/410 for a revoked or unknown webhook and 400 for a
// payload it refuses; neither gets better by sending it again.
function classifyStatus(status: number): [NotifyReason, string] {
  if (status === 429) return ['rate_limited', ''];
  if (status === 408) return ['timeout', ''];
  if (status >= 500) return ['server', ''];
  if (status === 401 || status === 403 || status === 404 || status === 410) {
    return ['auth', '; check notify.slack.webhook_url'];
  }
  return ['client', ''];
}

function causeText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  // fetch says only "fetch failed"; the reason is in its cause.
  if (cause instanceof Error && cause.message !== '') {
    return `${error.message}: ${cause.message}`;
  }
  return error.message;
}
