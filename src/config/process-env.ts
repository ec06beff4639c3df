/** The one place that hands the process environment to the config. */
import type { LoadConfigOptions } from './load-config.js';

/** Options for loadConfig from this process's environment and folder. */
export function processEnvironment(path?: string): LoadConfigOptions {
  return { path, env: process.env, cwd: process.cwd() };
}
