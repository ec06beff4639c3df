import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FeedItem } from '../../src/server/monitor-api.js';
import { escapeHtml } from '../../src/server/page.js';
import {
  consumerInsights,
  hostileTypeChange,
  joinColumnMissing,
} from './support/findings.js';
import {
  startTestServer,
  type Reply,
  type SendInit,
  type TestServer,
} from './support/http.js';

const TOKEN = 'route-test-token-abcdef';
const AUTH = { Authorization: `Bearer ${TOKEN}` };
let t: TestServer;

beforeEach(async () => {
  t = await startTestServer({ token: TOKEN });
  t.monitor.findings = [joinColumnMissing(), hostileTypeChange()];
  t.monitor.consumerList = consumerInsights();
});

afterEach(async () => {
  await t.server.close();
});

function post(path: string, body?: unknown, headers = {}): Promise<Reply> {
  const init: SendInit = {
    method: 'POST',
    headers: { ...AUTH, 'Content-Type': 'application/json', ...headers },
    body:
      body === undefined
        ? undefined
        : typeof body === 'string'
          ? body
          : JSON.stringify(body),
  };
  return t.send(path, init);
}

function get(path: string): Promise<Reply> {
  return t.send(path, { headers: AUTH });
}

function findingPath(key: string, action: string): string {
  return `/api/findings/${encodeURIComponent(key)}/${action}`;
}

describe('routing', () => {
  it('answers an unknown path with 404 and a JSON error', async () => {
    const reply = await get('/api/nothing');
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toBe(
      'application/json; charset=utf-8',
    );
    expect(reply.json()).toEqual({ error: 'not found' });
  });

  it('answers a wrong method with 405 and the allowed one', async () => {
    const reply = await t.send('/api/sync', { headers: AUTH });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('POST');
  });

  it('sends the security headers with the page and its script hash', async () => {
    const reply = await t.send('/', { headers: AUTH });
    const csp = String(reply.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['referrer-policy']).toBe('same-origin');

    const script = /<script>([\s\S]*?)<\/script>/.exec(reply.text)?.[1] ?? '';
    const hash = createHash('sha256').update(script).digest('base64');
    expect(script.length).toBeGreaterThan(1000);
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
  });
  it('answers a failing daemon call with 500 and logs it, without detail', async () => {
    t.monitor.status = () => {
      throw new Error('state file: disk I/O error');
    };
    const reply = await get('/api/status');
    expect(reply.status).toBe(500);
    expect(reply.json()).toEqual({ error: 'internal error' });
    const logged = t.logLines.map((line) => JSON.parse(line) as object);
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 50, msg: 'http handler failed' }),
    );
  });

  it('escapes text the server writes into HTML', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });
});

describe('GET /api/notifications', () => {
  beforeEach(() => {
    for (let i = 1; i <= 45; i += 1) t.monitor.notify(`entry ${i}`);
  });

  it('pages newest first and hands back the cursor for the next page', async () => {
    const ids: number[] = [];
    let path = '/api/notifications?limit=20';
    for (;;) {
      const page = (await get(path)).json() as {
        items: FeedItem[];
        nextBefore: number | null;
        unread: number;
      };
      expect(page.unread).toBe(45);
      ids.push(...page.items.map((item) => item.id));
      if (page.nextBefore === null) break;
      path = `/api/notifications?limit=20&before=${page.nextBefore}`;
    }
    expect(ids).toEqual(Array.from({ length: 45 }, (_, i) => 45 - i));
  });

  it('uses a page of 20 when no limit is given', async () => {
    const page = (await get('/api/notifications')).json() as {
      items: unknown[];
    };
    expect(page.items).toHaveLength(20);
  });

  it('refuses a limit or cursor that is not a bounded integer', async () => {
    const bad = [
      'limit=0',
      'limit=101',
      'limit=abc',
      'limit=1.5',
      'limit=-3',
      'before=0',
      'before=x',
      'limit=5&limit=6',
      'before=99999999999999999999',
    ];
    for (const query of bad) {
      const reply = await get(`/api/notifications?${query}`);
      expect(reply.status, query).toBe(400);
      expect((reply.json() as { error: string }).error).toMatch(
        /^query parameter (limit|before) must be one integer from/,
      );
    }
  });

  it('marks everything read when the bell is opened', async () => {
    const reply = await post('/api/notifications/read');
    expect(reply.json()).toEqual({ unread: 0 });
    expect(t.monitor.unreadCount()).toBe(0);
  });
});

describe('POST /api/sync', () => {
  it('starts a sync with 202 and refuses a second one with 409', async () => {
    const first = await post('/api/sync');
    expect(first.status).toBe(202);
    expect(first.json()).toEqual({ syncId: 1 });

    const second = await post('/api/sync');
    expect(second.status).toBe(409);
    expect(second.json()).toEqual({ error: 'a sync is already running' });
    expect(t.monitor.syncRequests).toBe(2);
  });
});

describe('acknowledge and snooze', () => {
  it('acknowledges the open finding named by a percent-encoded key', async () => {
    const key = hostileTypeChange().key;
    const reply = await post(findingPath(key, 'ack'));
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ key, acknowledged: true });
    expect(t.monitor.findings[1]?.acknowledged).toBe(true);
    expect(t.monitor.findings[0]?.acknowledged).toBe(false);
  });

  it('answers 404 for a key with no open occurrence', async () => {
    const key = 'table_missing:PRODUCTION.CUST.NOPE';
    const reply = await post(findingPath(key, 'ack'));
    expect(reply.status).toBe(404);
    expect(reply.json()).toEqual({
      error: `finding ${key} has no open occurrence`,
    });
  });

  it('answers 400 for a key that is not valid percent-encoding', async () => {
    const reply = await post('/api/findings/table_missing%E0%A4%A/ack');
    expect(reply.status).toBe(400);
  });

  it('snoozes until the given time', async () => {
    const key = joinColumnMissing().key;
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const reply = await post(findingPath(key, 'snooze'), { until });
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ key, snoozedUntil: until });
    expect(t.monitor.findings[0]?.snoozedUntil).toBe(until);
  });

  it('refuses a snooze body without a future ISO-8601 time', async () => {
    const path = findingPath(joinColumnMissing().key, 'snooze');
    const cases: [unknown, number, RegExp][] = [
      [undefined, 400, /until must be an ISO-8601 time/],
      [{ until: 'tomorrow' }, 400, /until must be an ISO-8601 time/],
      [{ until: 1_900_000_000 }, 400, /until must be an ISO-8601 time/],
      [{ until: '2030-13-45T99:00:00Z' }, 400, /not a real time/],
      [{ until: '2001-01-01T00:00:00Z' }, 400, /must be in the future/],
      ['{"until": ', 400, /not valid JSON/],
      ['[1, 2]', 400, /must be a JSON object/],
    ];
    for (const [body, status, error] of cases) {
      const reply = await post(path, body);
      expect(reply.status, JSON.stringify(body)).toBe(status);
      expect((reply.json() as { error: string }).error).toMatch(error);
    }
    expect(t.monitor.findings[0]?.snoozedUntil).toBeNull();
  });

  it('refuses a body that is not JSON or is too large', async () => {
    const path = findingPath(joinColumnMissing().key, 'snooze');
    const text = await post(path, 'until=2031-01-01', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(text.status).toBe(415);
    const large = await post(path, { until: 'x'.repeat(20_000) });
    expect(large.status).toBe(413);
    expect(large.json()).toEqual({
      error: 'request body is larger than 16384 bytes',
    });
  });
});

describe('consumers, health and metrics', () => {
  it('lists consumers with their path and open findings', async () => {
    const reply = (await get('/api/consumers')).json() as {
      consumers: { id: string; path: string[]; openFindings: string[] }[];
    };
    expect(reply.consumers.map((c) => c.id)).toEqual([
      'aud-households',
      'evt-cart-enrich',
    ]);
    expect(reply.consumers[0]?.openFindings).toEqual([joinColumnMissing().key]);
  });

  it('answers /healthz without credentials', async () => {
    const before = await t.send('/healthz');
    expect(before.json()).toEqual({
      lastSyncAgeSeconds: null,
      lastSyncStatus: null,
    });

    await post('/api/sync');
    const after = await vi.waitFor(async () => {
      const reply = await t.send('/healthz');
      expect(reply.json()).toMatchObject({ lastSyncStatus: 'ok' });
      return reply;
    });
    expect(after.status).toBe(200);
    const age = (after.json() as { lastSyncAgeSeconds: number })
      .lastSyncAgeSeconds;
    expect(age).toBeLessThanOrEqual(1);
  });

  it('answers /metrics without credentials, with aggregates only', async () => {
    t.monitor.metricsRegistry.setOpen({ definite: 1, potential: 1 });
    const reply = await t.send('/metrics');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(
      /^text\/plain; version=0\.0\.4/,
    );
    expect(reply.text).toContain(
      'datagraph_monitor_open_findings{severity="definite"} 1',
    );
    expect(reply.text).not.toContain('HOUSEHOLD_ID');
  });
});
