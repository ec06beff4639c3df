import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/model/errors.js';
import { isTokenMatch } from '../../src/server/auth.js';
import { startHttpServer } from '../../src/server/http-server.js';
import { isLoopbackHost } from '../../src/server/request-guard.js';
import { MemoryMonitor } from './support/memory-monitor.js';
import {
  memoryLogger,
  startTestServer,
  type TestServer,
} from './support/http.js';

const TOKEN = 's3cret-token-0123456789abcdef';
let current: TestServer | null = null;

afterEach(async () => {
  await current?.server.close();
  current = null;
});

async function start(token: string | null): Promise<TestServer> {
  current = await startTestServer({ token });
  return current;
}

function origin(t: TestServer): string {
  return `http://127.0.0.1:${t.server.port}`;
}

async function login(t: TestServer, token: string) {
  return t.send('/login', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: origin(t),
      'Sec-Fetch-Site': 'same-origin',
    },
    body: new URLSearchParams({ token }).toString(),
  });
}

function cookieOf(setCookie: string | string[] | undefined): string {
  const line = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  return (line ?? '').split(';')[0] ?? '';
}

describe('token auth', () => {
  it('refuses the API without credentials and asks for a bearer token', async () => {
    const t = await start(TOKEN);
    const reply = await t.send('/api/status');
    expect(reply.status).toBe(401);
    expect(reply.headers['www-authenticate']).toBe('Bearer');
    expect(reply.json()).toEqual({
      error: 'a valid token or session is required',
    });
  });

  it('refuses a wrong bearer token, of any length', async () => {
    const t = await start(TOKEN);
    for (const wrong of ['x', TOKEN.slice(0, -1) + 'X', TOKEN + TOKEN]) {
      const reply = await t.send('/api/status', {
        headers: { Authorization: `Bearer ${wrong}` },
      });
      expect(reply.status).toBe(401);
    }
  });

  it('serves the API to the right bearer token', async () => {
    const t = await start(TOKEN);
    const reply = await t.send('/api/status', {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({
      lastSync: null,
      outbox: { pending: 2, dead: 0 },
      warehouse: { reachable: true, consecutiveFailures: 0 },
    });
  });

  it('shows the login form instead of the page without a session', async () => {
    const t = await start(TOKEN);
    const reply = await t.send('/');
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('<form method="post" action="/login">');
    expect(reply.text).not.toContain('id="banner"');
  });

  it('answers a wrong login with the form again and sets no cookie', async () => {
    const t = await start(TOKEN);
    const reply = await login(t, 'guess<b>ed</b>');
    expect(reply.status).toBe(401);
    expect(reply.headers['set-cookie']).toBeUndefined();
    expect(reply.text).toContain('role="alert"');
    expect(reply.text).not.toContain('guess');
  });

  it('sets a strict HttpOnly session cookie that is not the token', async () => {
    const t = await start(TOKEN);
    const reply = await login(t, TOKEN);
    expect(reply.status).toBe(303);
    expect(reply.headers.location).toBe('/');
    const line = String(reply.headers['set-cookie']);
    expect(line).toMatch(
      /^monitor_session=[^;]+; HttpOnly; SameSite=Strict; Path=\/;/,
    );
    expect(line).not.toContain(TOKEN);

    const cookie = cookieOf(reply.headers['set-cookie']);
    const status = await t.send('/api/status', { headers: { Cookie: cookie } });
    expect(status.status).toBe(200);
    const page = await t.send('/', { headers: { Cookie: cookie } });
    expect(page.text).toContain('id="banner"');
  });

  it('refuses a forged or altered session cookie', async () => {
    const t = await start(TOKEN);
    const cookie = cookieOf((await login(t, TOKEN)).headers['set-cookie']);
    const [expires = '', signature = ''] =
      cookie.split('=')[1]?.split('.') ?? [];
    const later = `monitor_session=${Number(expires) + 3600}.${signature}`;
    const forged = `monitor_session=${expires}.${'A'.repeat(signature.length)}`;
    for (const bad of [later, forged, `monitor_session=${TOKEN}`]) {
      const reply = await t.send('/api/status', { headers: { Cookie: bad } });
      expect(reply.status).toBe(401);
    }
  });

  it('accepts a JSON login from a script on the same origin', async () => {
    const t = await start(TOKEN);
    const reply = await t.send('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin(t) },
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(reply.status).toBe(200);
    expect(cookieOf(reply.headers['set-cookie'])).toMatch(/^monitor_session=/);
  });

  it('never writes the token to the request log', async () => {
    const t = await start(TOKEN);
    await login(t, TOKEN);
    await t.send('/api/status', {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    await t.send(`/api/status?token=${TOKEN}`);
    const log = t.logLines.join('');
    expect(t.logLines.length).toBe(3);
    expect(JSON.parse(t.logLines[1] ?? '{}')).toMatchObject({
      level: 20,
      msg: 'http request',
      method: 'GET',
      path: '/api/status',
      status: 200,
    });
    expect(log).not.toContain(TOKEN);
  });
});

describe('token comparison', () => {
  it('compares through digests, so tokens of other lengths do not throw', () => {
    expect(isTokenMatch(TOKEN, TOKEN)).toBe(true);
    expect(isTokenMatch('', TOKEN)).toBe(false);
    expect(isTokenMatch(TOKEN.slice(0, 5), TOKEN)).toBe(false);
    expect(isTokenMatch(TOKEN + 'x', TOKEN)).toBe(false);
    expect(isTokenMatch('ü'.repeat(40), TOKEN)).toBe(false);
  });
});

describe('cross-site requests', () => {
  it('refuses a POST whose Origin is another site, even with the token', async () => {
    const t = await start(TOKEN);
    const reply = await t.send('/api/sync', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        Origin: 'http://evil.example',
      },
    });
    expect(reply.status).toBe(403);
    expect(reply.json()).toEqual({ error: 'cross-site requests are refused' });
    expect(t.monitor.syncRequests).toBe(0);
  });

  it('refuses a POST the browser marks as cross-site or same-site', async () => {
    const t = await start(TOKEN);
    for (const site of ['cross-site', 'same-site']) {
      const reply = await t.send('/api/sync', {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Sec-Fetch-Site': site },
      });
      expect(reply.status).toBe(403);
    }
    const formPost = await t.send('/login', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: 'null',
      },
      body: `token=${TOKEN}`,
    });
    expect(formPost.status).toBe(403);
    expect(t.monitor.syncRequests).toBe(0);
  });

  it('lets a bearer request without Origin through, as curl sends it', async () => {
    const t = await start(TOKEN);
    const reply = await t.send('/api/sync', {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(reply.status).toBe(202);
  });

  it('accepts the public URL as its own origin, as behind a proxy', async () => {
    current = await startTestServer({
      token: TOKEN,
      publicUrl: 'https://monitor.example.com/',
    });
    const reply = await current.send('/api/sync', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        Origin: 'https://monitor.example.com',
      },
    });
    expect(reply.status).toBe(202);
  });
});

describe('without a token', () => {
  it('refuses to listen on an address other than loopback', async () => {
    for (const token of [null, '']) {
      const started = startHttpServer({
        api: new MemoryMonitor(),
        host: '0.0.0.0',
        port: 0,
        token,
        publicUrl: 'http://localhost:8080',
        logger: memoryLogger([]),
      });
      await expect(started).rejects.toThrow(ConfigError);
      await expect(started).rejects.toThrow(
        /^server\.listen: 0\.0\.0\.0 is not/,
      );
    }
  });

  it('serves the API on loopback without credentials', async () => {
    const t = await start(null);
    expect((await t.send('/api/status')).status).toBe(200);
    expect((await t.send('/')).text).toContain('id="banner"');
  });

  it('refuses a Host header of another site, as DNS rebinding sends', async () => {
    const t = await start(null);
    const rebound = await t.send('/api/status', {
      headers: { Host: `attacker.example:${t.server.port}` },
    });
    expect(rebound.status).toBe(403);
    const local = await t.send('/api/status', {
      headers: { Host: `localhost:${t.server.port}` },
    });
    expect(local.status).toBe(200);
  });

  it('tells loopback addresses from others', () => {
    const loopback = ['127.0.0.1', '127.3.2.1', 'localhost', '::1', '[::1]'];
    for (const host of loopback) expect(isLoopbackHost(host)).toBe(true);
    const other = [
      '0.0.0.0',
      '::',
      '10.0.0.1',
      'example.com',
      '::ffff:10.0.0.1',
    ];
    for (const host of other) expect(isLoopbackHost(host)).toBe(false);
    expect(isLoopbackHost('0:0:0:0:0:0:0:1')).toBe(true);
    expect(isLoopbackHost('::ffff:127.0.0.1')).toBe(true);
  });
});
