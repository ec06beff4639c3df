/** The subject, plain-text and HTML parts of an alert email; pure. */
import {
  describeChange,
  describeItemLines,
  type Alert,
  type AlertItem,
} from './alert.js';

/** Items shown in full; the rest are summarised with a link. */
export const EMAIL_MAX_ITEMS = 100;

// A line past this is cut, so that one huge consumer list cannot grow a
// message without bound.
const MAX_LINE = 2000;

/** The three parts of one email. */
export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Renders an alert; `messageId` is the stable id shown at the bottom. */
export function renderEmail(
  alert: Alert,
  messageId: string,
  opts: { readonly isOwnerCopy?: boolean } = {},
): EmailContent {
  const label = oneLine(alert.warehouseLabel);
  const scope = opts.isOwnerCopy === true ? ' (your consumers)' : '';
  const subject = `[datagraph-monitor] ${label}: ${alert.summary}${scope}`;

  const shown = alert.items.slice(0, EMAIL_MAX_ITEMS);
  const hidden = alert.items.length - shown.length;
  return {
    subject,
    text: renderText(alert, shown, hidden, messageId),
    html: renderHtml(alert, shown, hidden, messageId),
  };
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function renderText(
  alert: Alert,
  shown: readonly AlertItem[],
  hidden: number,
  messageId: string,
): string {
  const out = [
    `datagraph-monitor · ${alert.warehouseLabel}`,
    alert.summary,
    '',
  ];

  for (const note of alert.operational) {
    out.push(note.title.toUpperCase());
    for (const detail of note.details) out.push(`  - ${clip(detail)}`);
    out.push('');
  }
  for (const item of shown) {
    out.push(`${describeChange(item).toUpperCase()} · ${item.severity}`);
    for (const line of describeItemLines(item)) out.push(`  ${clip(line)}`);
    out.push(`  open: ${item.url}`, '');
  }

  if (hidden > 0) out.push(`…and ${hidden} more: ${alert.pageUrl}`, '');
  out.push(`Open the monitor: ${alert.pageUrl}`, `Message id: ${messageId}`);
  return out.join('\n') + '\n';
}

function renderHtml(
  alert: Alert,
  shown: readonly AlertItem[],
  hidden: number,
  messageId: string,
): string {
  const e = escapeHtml;
  const out = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<h2>${e(alert.summary)}</h2>`,
    `<p>Warehouse ${e(alert.warehouseLabel)}</p>`,
  ];

  for (const note of alert.operational) {
    out.push(`<h3>${e(note.title)}</h3><ul>`);
    for (const detail of note.details) out.push(`<li>${e(clip(detail))}</li>`);
    out.push('</ul>');
  }
  for (const item of shown) {
    out.push(`<h3>${e(describeChange(item))} · ${e(item.severity)}</h3><ul>`);
    for (const line of describeItemLines(item)) {
      out.push(`<li>${e(clip(line))}</li>`);
    }
    out.push(`<li><a href="${e(item.url)}">open in the monitor</a></li></ul>`);
  }

  if (hidden > 0) {
    const link = `<a href="${e(alert.pageUrl)}">see them all on the page</a>`;
    out.push(`<p>…and ${hidden} more: ${link}</p>`);
  }
  out.push(
    `<p><a href="${e(alert.pageUrl)}">Open the monitor</a></p>`,
    `<p style="color:#888">Message id: ${e(messageId)}</p>`,
    '</body></html>',
  );
  return out.join('\n') + '\n';
}

function clip(line: string): string {
  return line.length <= MAX_LINE ? line : `${line.slice(0, MAX_LINE - 1)}…`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
