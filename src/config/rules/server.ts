/** Rules for `server`: where it listens and who may use it (SPEC §8). */
import { isIP } from 'node:net';
import type { ServerConfig } from '../types.js';
import { describe } from '../section.js';
import type { Section } from '../section.js';

const KEYS = ['listen', 'token', 'public_url'];

// Shorter tokens are guessable, and redact() skips very short secrets.
const MIN_TOKEN_LENGTH = 8;

/** Reads `server`; an empty token only works on a loopback address. */
export function readServer(root: Section): ServerConfig {
  const section = root.child('server', KEYS);
  const listen = section.text('listen') ?? '127.0.0.1:8080';
  const address = parseListen(listen);
  const token = section.text('token', { isSecret: true });

  if (address === null) {
    section.report(
      'listen',
      `expected host:port like 127.0.0.1:8080 or [::1]:8080, ` +
        `got ${describe(listen)}`,
    );
  } else if (token === null && !isLoopback(address.host)) {
    section.report(
      'listen',
      `${describe(listen)} is reachable from other hosts, so server.token ` +
        'must be set (or listen on 127.0.0.1)',
    );
  }
  if (token !== null && token.length < MIN_TOKEN_LENGTH) {
    section.report('token', `expected at least ${MIN_TOKEN_LENGTH} characters`);
  }

  const host = address?.host ?? '127.0.0.1';
  const port = address?.port ?? 8080;
  return {
    host,
    port,
    token,
    publicUrl: readPublicUrl(section, host, port),
  };
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const name = host.toLowerCase();
  if (name === 'localhost' || name === '::1') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

function parseListen(text: string): { host: string; port: number } | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(text);
  if (match === null) return null;

  const host = (match[1] ?? '').replace(/^\[|\]$/g, '');
  const port = Number(match[2]);
  if (port > 65_535) return null;
  if (host.includes(':') && isIP(host) !== 6) return null;
  return { host, port };
}

// The default links to what a browser on this machine would open.
function readPublicUrl(section: Section, host: string, port: number): string {
  const value = section.text('public_url');
  const isWildcard = host === '0.0.0.0' || host === '::';
  const shownHost = isWildcard || isLoopback(host) ? 'localhost' : host;
  const bracketed = shownHost.includes(':') ? `[${shownHost}]` : shownHost;
  const fallback = `http://${bracketed}:${port}`;
  if (value === null) return fallback;

  if (!/^https?:\/\/[^\s/]+/i.test(value) || !URL.canParse(value)) {
    section.report(
      'public_url',
      `expected a URL like https://monitor.example.com, got ${describe(value)}`,
    );
    return fallback;
  }
  return value.replace(/\/+$/, '');
}
