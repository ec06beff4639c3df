import { chmodSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/state/sqlite-store.js';
import {
  buildChildren,
  startChild,
  type ChildBuild,
} from './support/children.js';
import { tempStatePath } from './support/temp-state.js';

let build: ChildBuild;
beforeAll(() => {
  build = buildChildren();
});
afterAll(() => build.remove());

describe('opening a state file the monitor may not use', () => {
  it('refuses a read-only file with a StateError naming it', async () => {
    const path = existingStateFile();
    chmodSync(dirname(path), 0o755);
    chmodSync(path, 0o444);

    const answer = await openAsUnprivileged(path);

    expect(answer).toMatchObject({ event: 'refused', name: 'StateError' });
    expect(answer.message).toContain(`state file ${path}: `);
    expect(answer.message).toMatch(/write|permission|open/);
  });

  it('refuses an unreadable file with a StateError naming it', async () => {
    const path = existingStateFile();
    chmodSync(dirname(path), 0o755);
    chmodSync(path, 0o000);

    const answer = await openAsUnprivileged(path);

    expect(answer).toMatchObject({ event: 'refused', name: 'StateError' });
    expect(answer.message).toContain(`state file ${path}: cannot open it`);
  });
});

function existingStateFile(): string {
  const path = tempStatePath();
  openStateStore(path).close();
  return path;
}

async function openAsUnprivileged(
  path: string,
): Promise<Record<string, unknown>> {
  const child = startChild(build, 'child-open', [path]);
  await child.exited;
  const answer = child.events[0];
  if (answer === undefined) throw new Error('the child printed nothing');
  return answer;
}
