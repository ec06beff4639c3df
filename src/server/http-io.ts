/** Reading requests and writing responses, with the headers every one gets. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The largest request body the server reads; the API's bodies are tiny. */
export const MAX_BODY_BYTES = 16 * 1024;

/** A failure with its HTTP status; the message is safe to show the client. */
export class HttpError extends Error {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    message: string,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.headers = headers;
  }
}

/** Headers for responses that carry no page: nothing may run or frame it. */
const API_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer a browser sends
  // "Origin: null" on the login form's POST, which reads as cross-site.
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

/** Sends a JSON document with the API's security headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);

  res.writeHead(status, {
    ...API_HEADERS,
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Sends `{"error": message}`. */
export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { error: error.message }, error.headers);
}

/** Sends an HTML page under its own Content-Security-Policy. */
export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  csp: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, {
    ...API_HEADERS,
    ...headers,
    'Content-Security-Policy': csp,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
  });
  res.end(html);
}

/** Sends a body produced elsewhere (the Prometheus text). */
export function sendText(
  res: ServerResponse,
  status: number,
  contentType: string,
  text: string,
): void {
  res.writeHead(status, {
    ...API_HEADERS,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Reads the whole body as text, refusing more than `MAX_BODY_BYTES`. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a JSON object body; an empty body is an empty object. */
export async function readJsonObject(
  req: IncomingMessage,
): Promise<Record<string, unknown>> {
  const type = mediaType(req);
  const text = await readBody(req);

  if (text.trim() === '') return {};
  if (type !== null && type !== 'application/json') {
    throw new HttpError(
      415,
      'request body must be JSON (send Content-Type: application/json)',
    );
  }
  return parseJsonObject(text);
}

/** The request's media type, lower case, without parameters. */
export function mediaType(req: IncomingMessage): string | null {
  const header = req.headers['content-type'];
  if (header === undefined) return null;
  return (header.split(';')[0] ?? '').trim().toLowerCase();
}

function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function tooLarge(): HttpError {
  // Closing spares the server from draining the rest of a large upload.
  return new HttpError(
    413,
    `request body is larger than ${MAX_BODY_BYTES} bytes`,
    { Connection: 'close' },
  );
}
