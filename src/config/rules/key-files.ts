/**
 * Key files must be there and readable when the config is loaded, so that
 * a wrong path is a config error (exit 2), not a failed sync hours later.
 * Their contents are checked for shape only and never quoted.
 */
import { readFile, stat } from 'node:fs/promises';
import { displayPath } from '../display-path.js';
import type { Problems } from '../problems.js';
import type { WarehouseConfig } from '../types.js';

interface KeyFile {
  readonly keyPath: string;
  readonly file: string;
  /** Null when the contents look right, else what is wrong. */
  readonly checkContents: (text: string) => string | null;
}

/** Reports key files that are missing, unreadable or not key files. */
export async function checkKeyFiles(
  warehouse: WarehouseConfig,
  problems: Problems,
  cwd: string,
): Promise<void> {
  const files: KeyFile[] = [];
  const privateKey = warehouse.snowflake?.privateKeyPath ?? null;
  const serviceAccount = warehouse.bigquery?.keyFile ?? null;

  if (privateKey !== null) {
    files.push({
      keyPath: 'warehouse.snowflake.private_key_path',
      file: privateKey,
      checkContents: checkPemKey,
    });
  }
  if (serviceAccount !== null) {
    files.push({
      keyPath: 'warehouse.bigquery.key_file',
      file: serviceAccount,
      checkContents: checkServiceAccountKey,
    });
  }

  for (const { keyPath, file, checkContents } of files) {
    const problem = await readKeyFile(file, checkContents);
    if (problem === null) continue;
    problems.report(keyPath, `${displayPath(file, cwd)}: ${problem}`);
  }
}

async function readKeyFile(
  file: string,
  checkContents: (text: string) => string | null,
): Promise<string | null> {
  try {
    if (!(await stat(file)).isFile()) return 'not a file';
    return checkContents(await readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EACCES')
      return 'permission denied (the monitor must read it)';
    return `cannot read it (${code ?? 'unknown error'})`;
  }
}

function checkPemKey(text: string): string | null {
  return /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)
    ? null
    : 'expected a PEM private key (-----BEGIN PRIVATE KEY-----)';
}

function checkServiceAccountKey(text: string): string | null {
  try {
    const key: unknown = JSON.parse(text);
    if (typeof key === 'object' && key !== null && 'type' in key) return null;
  } catch {
    // Falls through to the message below.
  }
  return 'expected a service account key file (JSON with a "type" field)';
}
