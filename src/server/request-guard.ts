/** Origin and Host checks that keep other web sites away from the API. */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { HttpError } from './http-io.js';

/** Checks run before a route, independent of credentials. */
export interface RequestGuard {
  /** Throws 403 for a request another site's page made the browser send. */
  checkSameOrigin(req: IncomingMessage): void;
  /**
   * Without a token, throws 403 when Host names some other site: a page
   * that rebinds its own name to 127.0.0.1 must not reach the API.
   */
  checkHost(req: IncomingMessage): void;
}

/** Builds the guard for a server listening on `host`, known as `publicUrl`. */
export function createRequestGuard(options: {
  host: string;
  publicUrl: string;
  isOpen: boolean;
}): RequestGuard {
  const publicOrigin = originOf(options.publicUrl);
  const knownHosts = new Set(
    [options.host, hostnameOf(options.publicUrl)]
      .filter((name): name is string => name !== null)
      .map((name) => stripBrackets(name).toLowerCase()),
  );

  return {
    checkSameOrigin(req) {
      // Fetch metadata is set by the browser and cannot be forged by a page;
      // the Origin check covers browsers that do not send it.
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin' && site !== 'none') {
        throw crossSite();
      }

      const origin = req.headers.origin;
      if (origin === undefined) return;
      if (origin === 'null' && site === 'same-origin') return;
      const host = req.headers.host;
      const own = [publicOrigin, `http://${host}`, `https://${host}`];
      if (host === undefined || !own.includes(origin)) throw crossSite();
    },
    checkHost(req) {
      if (!options.isOpen) return;
      const host = req.headers.host;
      if (host === undefined) return;

      const name = stripBrackets(hostWithoutPort(host)).toLowerCase();
      if (knownHosts.has(name) || isLoopbackHost(name)) return;
      throw new HttpError(
        403,
        'the Host header names another site; open the page at ' +
          'server.public_url or a loopback address',
      );
    },
  };
}

/** True for names and addresses that only reach this machine. */
export function isLoopbackHost(host: string): boolean {
  const name = stripBrackets(host).toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (name.startsWith('::ffff:')) return isLoopbackHost(name.slice(7));
  // The URL parser writes every spelling of an IPv6 address one way.
  return isIP(name) === 6 && new URL(`http://[${name}]`).hostname === '[::1]';
}

function crossSite(): HttpError {
  return new HttpError(403, 'cross-site requests are refused');
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function hostnameOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const at = host.lastIndexOf(':');
  return at < 0 ? host : host.slice(0, at);
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
