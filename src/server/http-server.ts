/** The daemon's HTTP server (SPEC §8): page, JSON API, health, metrics. */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ConfigError, MonitorError } from '../model/errors.js';
import * as routes from './api-routes.js';
import { createAuth, type Auth } from './auth.js';
import { HttpError, sendError } from './http-io.js';
import type { MonitorApi } from './monitor-api.js';
import { getPage, postLogin } from './page-routes.js';
import {
  createRequestGuard,
  isLoopbackHost,
  type RequestGuard,
} from './request-guard.js';

/** What the daemon passes to start the server. */
export interface HttpServerOptions {
  readonly api: MonitorApi;
  readonly host: string;
  readonly port: number;
  /** Null or empty: no auth, and only a loopback host is allowed. */
  readonly token: string | null;
  readonly publicUrl: string;
  readonly logger: Logger;
}

/** A listening server. */
export interface RunningHttpServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts listening; throws ConfigError for an open server off loopback. */
export async function startHttpServer(
  options: HttpServerOptions,
): Promise<RunningHttpServer> {
  const token = options.token === '' ? null : options.token;
  if (token === null && !isLoopbackHost(options.host)) {
    throw new ConfigError([
      `server.listen: ${options.host} is not a loopback address; ` +
        'set server.token to serve other hosts, or listen on 127.0.0.1',
    ]);
  }

  const auth = createAuth(token, {
    secureCookie: options.publicUrl.startsWith('https:'),
  });
  const guard = createRequestGuard({
    host: options.host,
    publicUrl: options.publicUrl,
    isOpen: token === null,
  });
  const deps: Deps = { api: options.api, auth, guard, logger: options.logger };
  const server = createServer((req, res) => void handle(req, res, deps));

  const port = await listen(server, options.host, options.port);
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shown}:${port}`,
    port,
    close: () => closeServer(server),
  };
}

interface Deps {
  readonly api: MonitorApi;
  readonly auth: Auth;
  readonly guard: RequestGuard;
  readonly logger: Logger;
}

type Access = 'public' | 'token';

interface Route {
  readonly method: 'GET' | 'POST';
  readonly pattern: RegExp;
  readonly access: Access;
  readonly handle: (ctx: routes.RouteContext, deps: Deps) => unknown;
}

const ROUTES: readonly Route[] = [
  route('GET', /^\/$/, 'public', (c, d) => getPage(c.req, c.res, d.auth)),
  route('POST', /^\/login$/, 'public', (c, d) =>
    postLogin(c.req, c.res, d.auth),
  ),
  route('GET', /^\/api\/status$/, 'token', routes.getStatus),
  route('GET', /^\/api\/notifications$/, 'token', routes.getNotifications),
  route(
    'POST',
    /^\/api\/notifications\/read$/,
    'token',
    routes.postNotificationsRead,
  ),
  route('POST', /^\/api\/sync$/, 'token', routes.postSync),
  route(
    'POST',
    /^\/api\/findings\/([^/]+)\/ack$/,
    'token',
    routes.postAcknowledge,
  ),
  route(
    'POST',
    /^\/api\/findings\/([^/]+)\/snooze$/,
    'token',
    routes.postSnooze,
  ),
  route('GET', /^\/api\/consumers$/, 'token', routes.getConsumers),
  route('GET', /^\/healthz$/, 'public', routes.getHealth),
  route('GET', /^\/metrics$/, 'public', routes.getMetrics),
];

function route(
  method: Route['method'],
  pattern: RegExp,
  access: Access,
  handle: Route['handle'],
): Route {
  return { method, pattern, access, handle };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  deps: Deps,
): Promise<void> {
  const started = performance.now();
  const path = (req.url ?? '/').split('?')[0];
  res.on('finish', () => {
    const ms = Math.round(performance.now() - started);
    deps.logger.debug(
      { method: req.method, path, status: res.statusCode, ms },
      'http request',
    );
  });

  try {
    await dispatch(req, res, deps);
  } catch (error) {
    respondWithError(res, error, deps.logger);
  }
}

async function dispatch(
  req: IncomingMessage,
  res: ServerResponse,
  deps: Deps,
): Promise<void> {
  const url = parseUrl(req.url);
  deps.guard.checkHost(req);

  const matches = ROUTES.map((route) => ({
    route,
    found: route.pattern.exec(url.pathname),
  })).filter((m) => m.found !== null);
  if (matches.length === 0) throw new HttpError(404, 'not found');
  const hit = matches.find((m) => m.route.method === req.method);
  if (hit === undefined || hit.found === null) {
    const allow = matches.map((m) => m.route.method).join(', ');
    throw new HttpError(405, 'method not allowed', { Allow: allow });
  }

  if (req.method === 'POST') deps.guard.checkSameOrigin(req);
  if (hit.route.access === 'token' && !deps.auth.isAuthorized(req)) {
    throw new HttpError(401, 'a valid token or session is required', {
      'WWW-Authenticate': 'Bearer',
    });
  }

  const params = hit.found.slice(1).map((p) => p ?? '');
  await hit.route.handle({ req, res, url, params, api: deps.api }, deps);
}

function parseUrl(raw: string | undefined): URL {
  const text = raw ?? '/';
  // Only origin-form targets are served; the base is never used otherwise.
  if (!text.startsWith('/') || text.startsWith('//')) {
    throw new HttpError(400, 'request target must be a path');
  }
  return new URL(text, 'http://localhost');
}

function respondWithError(
  res: ServerResponse,
  error: unknown,
  logger: Logger,
): void {
  if (!(error instanceof HttpError)) {
    logger.error({ err: error }, 'http handler failed');
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const failure =
    error instanceof HttpError ? error : new HttpError(500, 'internal error');
  sendError(res, failure);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => {
      const where = host.includes(':')
        ? `[${host}]:${port}`
        : `${host}:${port}`;
      reject(
        new MonitorError(
          `server.listen: cannot listen on ${where}: ${error.message}`,
          1,
          { cause: error },
        ),
      );
    };
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive browser connections would otherwise hold close() open.
    server.closeAllConnections();
  });
}
