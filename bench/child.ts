/**
 * The child process of one measurement: each size runs alone in a fresh
 * process, so its peak RSS is its own. Takes SizeOptions as JSON in
 * argv[2] and sends back `{ result }` or `{ error }` over IPC.
 */
import type { SizeOptions } from './measure-size.js';
import { measureSize } from './measure-size.js';

/** What the child sends its parent. */
export type ChildMessage =
  | { readonly result: Awaited<ReturnType<typeof measureSize>> }
  | { readonly error: string };

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as SizeOptions;
  let message: ChildMessage;

  try {
    message = { result: await measureSize(options) };
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : '';
    message = { error: text || String(error) };
  }
  process.send?.(message, () => process.disconnect());
}

await main();
