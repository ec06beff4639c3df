/** The JSON routes of SPEC §8, each a thin call into the MonitorApi. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readJsonObject, sendJson, sendText } from './http-io.js';
import type { MonitorApi } from './monitor-api.js';

/** What a route handler gets. */
export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  /** The pattern's capture groups, still percent-encoded. */
  readonly params: readonly string[];
  readonly api: MonitorApi;
}

/** The most notifications one page may ask for. */
export const MAX_FEED_LIMIT = 100;

/** The page size when `limit` is not given. */
export const DEFAULT_FEED_LIMIT = 20;

/** `GET /api/status`. */
export function getStatus({ res, api }: RouteContext): void {
  sendJson(res, 200, api.status());
}

/** `GET /api/notifications?limit=&before=`: a page, newest first. */
export function getNotifications({ res, url, api }: RouteContext): void {
  const limit = readInteger(url, 'limit', 1, MAX_FEED_LIMIT);
  const before = readInteger(url, 'before', 1, Number.MAX_SAFE_INTEGER);

  const page = api.listNotifications({
    limit: limit ?? DEFAULT_FEED_LIMIT,
    before,
  });
  sendJson(res, 200, { ...page, unread: api.unreadCount() });
}

/** `POST /api/notifications/read`: the bell was opened. */
export async function postNotificationsRead(ctx: RouteContext): Promise<void> {
  await readJsonObject(ctx.req);

  ctx.api.markNotificationsRead();
  sendJson(ctx.res, 200, { unread: ctx.api.unreadCount() });
}

/** `POST /api/sync`: 202 with the new sync's id, 409 while one runs. */
export async function postSync(ctx: RouteContext): Promise<void> {
  await readJsonObject(ctx.req);

  const request = await ctx.api.requestSync();
  if (!request.started) throw new HttpError(409, 'a sync is already running');
  sendJson(ctx.res, 202, { syncId: request.syncId });
}

/** `POST /api/findings/{key}/ack`. */
export async function postAcknowledge(ctx: RouteContext): Promise<void> {
  const key = findingKeyOf(ctx);
  await readJsonObject(ctx.req);

  if (!ctx.api.acknowledge(key)) throw noOpenFinding(key);
  sendJson(ctx.res, 200, { key, acknowledged: true });
}

/** `POST /api/findings/{key}/snooze` with `{"until": ISO-8601}`. */
export async function postSnooze(ctx: RouteContext): Promise<void> {
  const key = findingKeyOf(ctx);
  const body = await readJsonObject(ctx.req);
  const until = readUntil(body['until']);

  if (!ctx.api.snooze(key, until)) throw noOpenFinding(key);
  sendJson(ctx.res, 200, { key, snoozedUntil: until.toISOString() });
}

/** `GET /api/consumers`: each consumer, its path and its open findings. */
export function getConsumers({ res, api }: RouteContext): void {
  sendJson(res, 200, { consumers: api.consumers() });
}

/** `GET /healthz`: 200 while the process answers. */
export function getHealth({ res, api }: RouteContext): void {
  sendJson(res, 200, api.health());
}

/** `GET /metrics`: the Prometheus text. */
export async function getMetrics({ res, api }: RouteContext): Promise<void> {
  const { contentType, body } = await api.metrics();
  sendText(res, 200, contentType, body);
}

function readInteger(
  url: URL,
  name: string,
  min: number,
  max: number,
): number | null {
  const values = url.searchParams.getAll(name);
  if (values.length === 0) return null;

  const text = values[0] ?? '';
  const value = Number(text);
  if (values.length > 1 || !/^\d+$/.test(text) || value < min || value > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `${min} to ${max}`;
    throw new HttpError(
      400,
      `query parameter ${name} must be one integer from ${range}`,
    );
  }
  return value;
}

function findingKeyOf({ params }: RouteContext): string {
  try {
    return decodeURIComponent(params[0] ?? '');
  } catch {
    throw new HttpError(
      400,
      'the finding key in the path is not valid percent-encoding',
    );
  }
}

const ISO_INSTANT =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function readUntil(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) {
    throw new HttpError(
      400,
      'body field until must be an ISO-8601 time with a zone, ' +
        'e.g. "2030-01-31T09:00:00Z"',
    );
  }

  const until = new Date(value);
  if (Number.isNaN(until.getTime())) {
    throw new HttpError(400, `body field until is not a real time: ${value}`);
  }
  if (until.getTime() <= Date.now()) {
    throw new HttpError(400, 'body field until must be in the future');
  }
  return until;
}

function noOpenFinding(key: string): HttpError {
  return new HttpError(404, `finding ${key} has no open occurrence`);
}
