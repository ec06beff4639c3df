/** `GET /` and `POST /login`: the page, or the form that opens a session. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Auth } from './auth.js';
import {
  HttpError,
  mediaType,
  readBody,
  sendHtml,
  sendJson,
} from './http-io.js';
import { renderLoginPage, renderPage } from './page.js';

/** `GET /`: the page for a signed-in browser, the login form otherwise. */
export function getPage(
  req: IncomingMessage,
  res: ServerResponse,
  auth: Auth,
): void {
  const page = auth.isAuthorized(req) ? renderPage() : renderLoginPage(null);
  sendHtml(res, 200, page.html, page.csp);
}

/**
 * `POST /login` with the form's `token` field (or a JSON `{"token"}`):
 * sets the session cookie; a form gets a redirect to the page, JSON a 200.
 */
export async function postLogin(
  req: IncomingMessage,
  res: ServerResponse,
  auth: Auth,
): Promise<void> {
  const isJson = mediaType(req) === 'application/json';
  const given = readToken(await readBody(req), mediaType(req));
  const cookie = auth.isOpen || given === null ? null : auth.login(given);

  if (!auth.isOpen && cookie === null) {
    if (isJson) throw new HttpError(401, 'wrong token');
    const page = renderLoginPage('That token is not right. Try again.');
    sendHtml(res, 401, page.html, page.csp);
    return;
  }

  const headers: Record<string, string> =
    cookie === null ? {} : { 'Set-Cookie': cookie };
  if (isJson) {
    sendJson(res, 200, { ok: true }, headers);
    return;
  }
  res.writeHead(303, {
    ...headers,
    Location: '/',
    'Cache-Control': 'no-store',
  });
  res.end();
}

function readToken(body: string, type: string | null): string | null {
  if (type === 'application/x-www-form-urlencoded') {
    return new URLSearchParams(body).get('token');
  }
  if (type !== 'application/json') {
    throw new HttpError(
      415,
      'login takes a form (application/x-www-form-urlencoded) or JSON',
    );
  }

  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
  const token = (value as { token?: unknown } | null)?.token;
  if (typeof token !== 'string') {
    throw new HttpError(400, 'body field token must be a string');
  }
  return token;
}
