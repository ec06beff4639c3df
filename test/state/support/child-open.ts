// A child process that opens a state file as an unprivileged user (root
// bypasses file modes) and prints how that went.
//   child-open PATH
import { openStateStore } from '../../../src/state/sqlite-store.js';

const NOBODY = 65534;
if (process.getuid?.() === 0) {
  process.setgid?.(NOBODY);
  process.setuid?.(NOBODY);
}

try {
  openStateStore(process.argv[2] ?? '').close();
  console.log(JSON.stringify({ event: 'opened' }));
} catch (error) {
  const name = error instanceof Error ? error.name : 'unknown';
  const message = error instanceof Error ? error.message : String(error);
  console.log(JSON.stringify({ event: 'refused', name, message }));
}
