/** Slack mrkdwn for alert items, with every name escaped; pure. */
import {
  describeChange,
  describeValue,
  formatDuration,
  type AlertItem,
} from './alert.js';

const ZWSP = '\u200b';

/** Escapes the three characters Slack reads as markup in any text. */
export function escapeSlackEntities(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * Free text for mrkdwn: entities escaped, and each of `* _ ~ \`` that could
 * open or close a style fenced by zero-width spaces. Slack has no escape
 * for them; the spaces stop a pair from forming while the reader sees the
 * same characters. Inside a word (`PRODUCT_SKUS`) they style nothing and
 * are left alone, so names copy cleanly.
 */
export function slackText(text: string): string {
  return escapeSlackEntities(text).replace(
    /[*_~`]/g,
    (mark, at: number, all: string) =>
      isWordChar(all[at - 1]) && isWordChar(all[at + 1])
        ? mark
        : `${ZWSP}${mark}${ZWSP}`,
  );
}

/**
 * A name as inline code, where Slack shows `* _ ~` literally. A backtick
 * would end the span, so it becomes the look-alike U+02CB.
 */
export function slackCode(name: string): string {
  return '`' + escapeSlackEntities(name).replace(/`/g, '\u02cb') + '`';
}

/** A link; `|` and `>` would end Slack's `<url|label>` early. */
export function slackLink(url: string, label: string): string {
  const safe = escapeSlackEntities(url.replace(/\|/g, '%7C'));
  return `<${safe}|${slackText(label)}>`;
}

/** One item as a section's text, at most `max` characters. */
export function slackItemText(item: AlertItem, max: number): string {
  const object =
    item.column === null
      ? slackCode(item.tableRef)
      : `${slackCode(item.tableRef)} column ${slackCode(item.column)}`;
  const lines = [
    `*${describeChange(item)}* · ${item.severity} · ${slackCode(item.kind)}`,
    object,
    slackText(item.message),
    `*Before:* ${slackText(describeValue(item.before))}  ` +
      `*After:* ${slackText(describeValue(item.after))}`,
    `*Used by:* ${listWithin(
      item.uses.map((u) => `${slackCode(u.subject)} (${u.role})`),
      600,
    )}`,
  ];
  const consumers = item.consumers.map(
    (c) =>
      `${slackText(c.name)} (${slackCode(c.id)})` +
      (c.owner === null ? '' : ` · ${slackText(c.owner)}`),
  );
  lines.push(`*Consumers:* ${listWithin(consumers, 1200) || 'none'}`);

  if (item.suggestion !== null) {
    lines.push(`*Suggestion:* ${slackText(item.suggestion)}`);
  }
  if (item.supersedes.length > 0) {
    const keys = item.supersedes.map(slackCode);
    lines.push(`*Supersedes:* ${listWithin(keys, 400)}`);
  }
  if (item.durationMs !== null) {
    lines.push(`*Lasted:* ${formatDuration(item.durationMs)}`);
  }
  lines.push(slackLink(item.url, 'open in the monitor'));
  return joinWithin(lines, max);
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}

/** Joins entries with commas; past `max` characters says how many more. */
function listWithin(entries: readonly string[], max: number): string {
  let out = '';

  for (const [index, entry] of entries.entries()) {
    const next = out === '' ? entry : `${out}, ${entry}`;
    if (next.length > max) return `${out} and ${entries.length - index} more`;
    out = next;
  }
  return out;
}

/** Joins lines, dropping whole lines (never cutting one) past `max`. */
function joinWithin(lines: readonly string[], max: number): string {
  const kept: string[] = [];
  let length = 0;

  for (const line of lines) {
    const clipped = line.length > max - 20 ? `${line.slice(0, 400)}…` : line;
    if (length + clipped.length + 1 > max) break;
    kept.push(clipped);
    length += clipped.length + 1;
  }
  return kept.join('\n');
}
