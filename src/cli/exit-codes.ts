/** The exit codes of SPEC §7. */

export const EXIT_OK = 0;
/** Run-time failure: warehouse unreachable, sync not ok, busy, a bug. */
export const EXIT_FAILURE = 1;
/** Invalid usage, config, graph or consumers; nothing ran. */
export const EXIT_INVALID = 2;
/** `--fail-on` met, or a used object not visible to `validate`. */
export const EXIT_FINDINGS = 3;

/** The exit code a command asks for, without an error. */
export class ExitRequest extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
