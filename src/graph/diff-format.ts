/** Prints a DiffReport for people (`--format text`) and for GitHub. */
import type { ChangeSeverity, DiffReport } from './diff.js';

/**
 * Short aligned lines, one per change, worst first, then a summary;
 * ends with a newline.
 */
export function formatDiffText(report: DiffReport): string {
  const { summary } = report;
  const total =
    `${summary.definite} definite, ${summary.potential} ` +
    `potential, ${summary.none} none`;
  if (report.changes.length === 0) return 'no changes to the graph\n';

  const lineWidth = report.changes.reduce(
    (width, c) => Math.max(width, `line ${c.line}`.length),
    0,
  );
  const lines = report.changes.map(
    (c) =>
      `${c.severity.padEnd(9)}  ${`line ${c.line}`.padEnd(lineWidth)}  ` +
      c.message,
  );

  const count = report.changes.length;
  lines.push('', `${count} change${count === 1 ? '' : 's'}: ${total}`);
  return `${lines.join('\n')}\n`;
}

/**
 * One workflow annotation per change at its line: in `newFile`, or in
 * `oldFile` for removals. Ends with a newline unless there is no change.
 * See GitHub's "Workflow commands for GitHub Actions".
 */
export function formatDiffGithub(
  report: DiffReport,
  oldFile: string,
  newFile: string,
): string {
  const lines = report.changes.map((change) => {
    const isRemoval = change.kind.endsWith('_removed');
    const properties = [
      `file=${escapeProperty(isRemoval ? oldFile : newFile)}`,
      `line=${change.line}`,
      `title=${escapeProperty(`data graph ${change.kind}`)}`,
    ].join(',');
    return (
      `::${COMMAND[change.severity]} ${properties}::` +
      escapeData(change.message)
    );
  });

  return lines.map((line) => `${line}\n`).join('');
}

const COMMAND: Readonly<Record<ChangeSeverity, string>> = {
  definite: 'error',
  potential: 'warning',
  none: 'notice',
};

/** Message text: `%`, CR and LF would end or corrupt the command. */
function escapeData(text: string): string {
  return text
    .replaceAll('%', '%25')
    .replaceAll('\r', '%0D')
    .replaceAll('\n', '%0A');
}

/** Property values also may not hold the `:` and `,` that delimit them. */
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
