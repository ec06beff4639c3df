/** Starts the real server for a test; a client with full header control. */
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import {
  startHttpServer,
  type RunningHttpServer,
} from '../../../src/server/http-server.js';
import { MemoryMonitor } from './memory-monitor.js';

/** A running server, its in-memory daemon and what it logged. */
export interface TestServer {
  readonly server: RunningHttpServer;
  readonly monitor: MemoryMonitor;
  readonly logLines: string[];
  send(path: string, init?: SendInit): Promise<Reply>;
}

/** One request; `headers` are sent exactly as given (Host included). */
export interface SendInit {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** A response with its body read. */
export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  json(): unknown;
}

/** Starts the server on 127.0.0.1, port 0, with a debug logger to memory. */
export async function startTestServer(options: {
  token: string | null;
  monitor?: MemoryMonitor;
  publicUrl?: string;
}): Promise<TestServer> {
  const monitor = options.monitor ?? new MemoryMonitor();
  const logLines: string[] = [];
  const server = await startHttpServer({
    api: monitor,
    host: '127.0.0.1',
    port: 0,
    token: options.token,
    publicUrl: options.publicUrl ?? 'http://localhost:8080',
    logger: memoryLogger(logLines),
  });

  return {
    server,
    monitor,
    logLines,
    send: (path, init) => send(server.port, path, init ?? {}),
  };
}

/** A debug-level logger that keeps its lines in `lines`. */
export function memoryLogger(lines: string[]): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return pino({ level: 'debug' }, sink);
}

/** Sends one request to 127.0.0.1:port. */
export function send(
  port: number,
  path: string,
  init: SendInit,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: init.method ?? 'GET',
        headers: init.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text) as unknown,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
