// A Slack incoming webhook on 127.0.0.1 that notes when each post
// arrived and lets a test act before it answers: slow, hanging, or
// stepping in (a kill, a full disk) while the monitor waits for it.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  footerMessageId,
  type SlackBody,
} from '../../notifiers/support/slack-receiver.js';

/** One post as the peer took it. */
export interface TimedPost {
  /** The stable id of its context footer. */
  readonly messageId: string | null;
  /** `Date.now()` once the whole body was in: the message is posted. */
  readonly receivedAt: number;
}

/** How the peer answers, after `delayMs`; `hang` never answers. */
export type PeerMode = 'ok' | 'hang';

/** A Slack webhook that keeps the time of every post. */
export interface TimedSlackReceiver {
  readonly url: string;
  readonly posts: readonly TimedPost[];
  setMode(mode: PeerMode): void;
  /** Runs before each answer; the answer waits for it. */
  onPost(hook: ((post: TimedPost) => Promise<void> | void) | null): void;
  close(): Promise<void>;
}

/** Starts the peer; every answer comes `delayMs` after the post. */
export async function startTimedSlack(
  options: { delayMs?: number } = {},
): Promise<TimedSlackReceiver> {
  const posts: TimedPost[] = [];
  const hanging: ServerResponse[] = [];
  let mode: PeerMode = 'ok';
  let hook: ((post: TimedPost) => Promise<void> | void) | null = null;

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const post = {
        messageId: footerMessageId(JSON.parse(raw) as SlackBody),
        receivedAt: Date.now(),
      };
      posts.push(post);
      if (mode === 'hang') {
        hanging.push(res);
        return;
      }
      void answerLater(res, post);
    });
  });
  const answerLater = async (res: ServerResponse, post: TimedPost) => {
    await hook?.(post);
    await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 0));
    // The client may be gone (killed): the post counts all the same.
    if (!res.destroyed) res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T0F/B0F/faultWebhookSecret0042`,
    posts,
    setMode: (next) => void (mode = next),
    onPost: (next) => void (hook = next),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
