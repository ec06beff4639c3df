/** `monitor healthcheck`: the container's probe of the daemon's /healthz. */
import { loadConfig } from '../config/load-config.js';
import { processEnvironment } from '../config/process-env.js';
import { EXIT_FAILURE } from './exit-codes.js';
import type { CommonOptions } from './main.js';

/** Exits 0 when the daemon answers /healthz with 200 within 5 s. */
export async function runHealthcheck(options: CommonOptions): Promise<number> {
  const config = await loadConfig(processEnvironment(options.config));
  const host = isWildcard(config.server.host)
    ? '127.0.0.1'
    : config.server.host;
  const address = host.includes(':') ? `[${host}]` : host;
  const url = `http://${address}:${config.server.port}/healthz`;

  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    const body = await response.text();
    process.stdout.write(`${response.status} ${body}\n`);
    return response.ok ? 0 : EXIT_FAILURE;
  } catch (error) {
    // fetch() hides the socket error in its cause.
    const cause = (error as { cause?: { code?: unknown } }).cause;
    const why = typeof cause?.code === 'string' ? cause.code : String(error);
    process.stderr.write(
      `monitor: healthcheck: cannot reach the daemon at ${url} (${why})\n`,
    );
    return EXIT_FAILURE;
  }
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}
