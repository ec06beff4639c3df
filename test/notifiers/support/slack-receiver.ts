// A real HTTP server on 127.0.0.1 standing in for a Slack incoming webhook.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the receiver answers one post; `hang` never answers. */
export type Reply =
  { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export interface ReceivedPost {
  readonly path: string;
  readonly payload: SlackBody;
  readonly messageId: string | null;
}

export interface SlackBody {
  text: string;
  channel?: string;
  blocks: {
    type: string;
    text?: { type: string; text: string };
    elements?: { text: string }[];
  }[];
}

export interface SlackReceiver {
  /** The webhook URL; its last segment is the secret. */
  readonly url: string;
  readonly secret: string;
  readonly requests: ReceivedPost[];
  readonly accepted: ReceivedPost[];
  /** Answers the next posts with these replies, then with the default. */
  script(...replies: Reply[]): void;
  setDefault(reply: Reply): void;
  /** Resolves once `count` posts have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The stable id in a payload's context footer. */
export function footerMessageId(payload: SlackBody): string | null {
  for (const block of payload.blocks) {
    for (const element of block.elements ?? []) {
      const match = /message id `([^`]+)`/.exec(element.text);
      if (match?.[1]) return match[1];
    }
  }
  return null;
}

export async function startSlackReceiver(
  opts: { delayMs?: number } = {},
): Promise<SlackReceiver> {
  const secret = 'XoXsEcReTwEbHoOk0123456789';
  const queue: Reply[] = [];
  const requests: ReceivedPost[] = [];
  const accepted: ReceivedPost[] = [];
  const hanging: ServerResponse[] = [];
  let fallback: Reply = { status: 200, body: 'ok' };

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const payload = JSON.parse(raw) as SlackBody;
      const post = {
        path: req.url ?? '',
        payload,
        messageId: footerMessageId(payload),
      };
      requests.push(post);
      const reply = queue.shift() ?? fallback;
      if (reply === 'hang') {
        hanging.push(res);
        return;
      }
      setTimeout(() => {
        if (reply.status >= 200 && reply.status < 300) accepted.push(post);
        res.writeHead(reply.status, {
          'content-type': 'text/plain',
          ...reply.headers,
        });
        res.end(reply.body ?? '');
      }, opts.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/services/T0001/B0002/${secret}`,
    secret,
    requests,
    accepted,
    script: (...replies) => void queue.push(...replies),
    setDefault: (reply) => void (fallback = reply),
    async waitForRequests(count, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (requests.length < count) {
        if (Date.now() > until)
          throw new Error(`saw ${requests.length} of ${count} posts`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
