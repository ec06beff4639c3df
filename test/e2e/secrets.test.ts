// No secret reaches any output: the token, the Slack webhook's path and
// the database and SMTP passwords are looked for in everything a real run
// printed, sent, served and stored.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMonitor } from '../support/cli.js';
import { findLeaks, Transcript } from './support/leaks.js';
import { stateFileArtifacts } from './support/state-file.js';
import {
  stopCleanly,
  syncViaApi,
  waitForEmptyOutbox,
} from './support/steps.js';
import { createWorld, TOKEN, type World } from './support/world.js';

const WRONG_DB_PASSWORD = 'wrong-db-pw-Vb63';
const API_PATHS = [
  '/',
  '/api/status',
  '/api/notifications',
  '/api/consumers',
  '/healthz',
  '/metrics',
];

let world: World;
let transcript: Transcript;

beforeEach(async () => {
  world = await createWorld({
    database: 'production_e2e_secrets',
    logLevel: 'debug',
  });
  transcript = new Transcript();
});

afterEach(async () => {
  await world.close();
});

async function monitor(
  args: string[],
  env = world.env,
): Promise<number | null> {
  const config = ['--config', world.production.configPath];
  const run = await runMonitor([...args, ...config], { env });
  transcript.keep(`monitor ${args.join(' ')} stdout`, run.stdout);
  transcript.keep(`monitor ${args.join(' ')} stderr`, run.stderr);
  return run.code;
}

async function keepHttpAnswers(): Promise<void> {
  for (const path of API_PATHS) {
    const reply = await world.api('GET', path);
    expect(reply.status, path).toBe(200);
    transcript.keep(`GET ${path}`, reply.text);
  }

  for (const token of [TOKEN, 'not-the-token-123']) {
    const reply = await fetch(`${world.baseUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
      redirect: 'manual',
    });
    transcript.keep('POST /login headers', JSON.stringify([...reply.headers]));
    transcript.keep('POST /login body', await reply.text());
  }
}

function keepMessages(): void {
  for (const post of world.slack.requests) {
    transcript.keep('slack payload', JSON.stringify(post.payload));
  }
  for (const mail of world.smtp.mails) {
    transcript.keep('email raw', mail.raw);
    transcript.keep('email text', mail.text);
    transcript.keep('email html', mail.html);
  }
}

describe('secrets', () => {
  it('stay out of every output, message, page, API answer and the state file', async () => {
    // A rejected password first: its error passes through every layer.
    const wrongEnv = { ...world.env, CASE_PASSWORD: WRONG_DB_PASSWORD };
    expect(await monitor(['sync-now', '--json'], wrongEnv)).toBe(1);
    world.slack.script({ status: 429, headers: { 'retry-after': '1' } });
    const daemon = await world.startDaemon();
    await daemon.waitForLog('sync finished');

    await world.dropProductTable();
    expect(await monitor(['sync-now', '--json'])).toBe(0);
    for (const args of [['status'], ['status', '--json'], ['consumers']]) {
      expect(await monitor(args)).toBe(0);
    }
    expect(await monitor(['validate'])).toBe(0);
    await keepHttpAnswers();
    await world.repairProductTable();
    await syncViaApi(world);
    await waitForEmptyOutbox(world, 15_000);
    await stopCleanly(world, daemon);

    keepMessages();
    transcript.keep('daemon stdout', daemon.output.stdout);
    transcript.keep('daemon stderr', daemon.output.stderr);
    const statePath = join(world.production.dir, 'monitor.db');
    transcript.artifacts.push(...stateFileArtifacts(statePath));

    // The run went through the paths that could leak.
    expect(transcript.has('stderr', 'alert not delivered')).toBe(true);
    expect(transcript.has('state deliveries', 'rate_limited')).toBe(true);
    expect(transcript.has('state syncs', 'password authentication')).toBe(true);
    expect(world.smtp.mails).toHaveLength(4);
    const secrets = [...world.secrets, WRONG_DB_PASSWORD];
    expect(findLeaks(transcript.artifacts, secrets)).toEqual([]);

    // The scan does find a secret where one belongs: the webhook's path.
    const control = world.slack.requests.map((post) => ({
      where: 'webhook request path',
      text: post.path,
    }));
    const found = findLeaks(control, secrets).map((leak) => leak.secret);
    expect(found).toContain(world.slack.secret);
  });
});
