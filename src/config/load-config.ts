/**
 * Loads the config: read → parse YAML, expanding `${VAR}` in values →
 * defaults and rules. Every problem of the config and of its consumers file
 * is collected and thrown at once as one ConfigError. Unknown keys are
 * errors with "did you mean": a misspelt key would otherwise fall back to
 * its default in silence, and a monitor that quietly stops checking is
 * worse than one that refuses to start (a running daemon keeps its last
 * valid config on reload, SPEC §8).
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../model/errors.js';
import { redact } from '../model/redact.js';
import { loadConsumers } from './consumers.js';
import { displayPath } from './display-path.js';
import { Problems } from './problems.js';
import { readAlerts, readChecks } from './rules/checks-alerts.js';
import { checkKeyFiles } from './rules/key-files.js';
import { readNotify } from './rules/notify.js';
import { readCron, readTimezone } from './rules/schedule.js';
import { readServer } from './rules/server.js';
import { readWarehouse } from './rules/warehouse.js';
import { collectSecrets, findSecretLikeValues } from './secrets.js';
import { Section } from './section.js';
import type { MonitorConfig } from './types.js';
import { readYamlSource } from './yaml-source.js';

/** Where the config is, and what it may read. */
export interface LoadConfigOptions {
  /** `--config`; relative to `cwd`. */
  readonly path?: string;
  /** For MONITOR_CONFIG and `${VAR}`; nothing else reads the environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

type Settings = Omit<MonitorConfig, 'consumers' | 'consumersPath' | 'secrets'>;

const TOP_KEYS = [
  'graph',
  'consumers',
  'warehouse',
  'schedule',
  'timezone',
  'state',
  'state_retention',
  'checks',
  'alerts',
  'notify',
  'server',
  'log_level',
];

const LOG_LEVELS = [
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'fatal',
] as const;

/** Reads and checks the config file; throws one ConfigError with all. */
export async function loadConfig(
  options: LoadConfigOptions,
): Promise<MonitorConfig> {
  const configPath = resolveConfigPath(options);
  const problems = new Problems(displayPath(configPath, options.cwd));
  const text = await readConfigText(configPath, problems.file, options);

  const source = readYamlSource(text, options.env, problems);
  if (source === null) throw new ConfigError(problems.messages);

  const context = {
    problems,
    texts: source.texts,
    baseDir: dirname(configPath),
  };
  const root = Section.root(context, source.value).allowKeys(TOP_KEYS);
  const settings = readSettings(root, configPath);
  const loaded = await loadConsumers(root, options.cwd);
  await checkKeyFiles(settings.warehouse, problems, options.cwd);

  const config = {
    ...settings,
    consumers: loaded.consumers,
    consumersPath: loaded.path,
  };
  const secrets = collectSecrets(config);
  const messages = [...problems.messages, ...loaded.problems];
  // Messages never quote a secret key's value; masking also catches a
  // secret pasted under another key, or under a misspelt one.
  if (messages.length > 0) {
    const masked = [...secrets, ...findSecretLikeValues(source.value)];
    throw new ConfigError(messages.map((m) => redact(m, masked)));
  }
  return deepFreeze({ ...config, secrets });
}

/** `--config`, else MONITOR_CONFIG, else ./config.yaml; absolute. */
export function resolveConfigPath(options: LoadConfigOptions): string {
  const fromEnv = options.env['MONITOR_CONFIG'];
  const chosen =
    options.path ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : null);
  return resolve(options.cwd, chosen ?? 'config.yaml');
}

function readSettings(root: Section, configPath: string): Settings {
  const graphPath = root.filePath('graph', {
    required: 'required: the path of the Data Graph file',
  });

  return {
    configPath,
    graphPath: graphPath ?? '',
    warehouse: readWarehouse(root),
    schedule: readCron(root, 'schedule', '*/15 * * * *'),
    timezone: readTimezone(root, 'timezone', 'UTC'),
    statePath: root.filePath('state') ?? root.resolvePath('monitor.db'),
    stateRetentionMs: root.duration(
      'state_retention',
      90 * 86_400_000,
      3_600_000,
    ),
    checks: readChecks(root),
    alerts: readAlerts(root),
    notify: readNotify(root),
    server: readServer(root),
    logLevel: root.oneOf('log_level', LOG_LEVELS, 'info'),
  };
}

async function readConfigText(
  path: string,
  shown: string,
  options: LoadConfigOptions,
): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const isDefault = options.path === undefined;
    const hint = isDefault ? ' (pass --config PATH or set MONITOR_CONFIG)' : '';
    const why =
      code === 'ENOENT'
        ? `no such config file${hint}`
        : code === 'EISDIR'
          ? 'expected a config file, found a folder'
          : `cannot read the config file (${code ?? 'unknown error'})`;
    throw new ConfigError([`${shown}: ${why}`], { cause: error });
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;

  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
