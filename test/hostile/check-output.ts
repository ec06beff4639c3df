// What each channel must do with a hostile name: Slack shows it without
// mentions, links or styles; HTML shows it as text; JSON keeps it exact.
import type { SlackBody } from '../notifiers/support/slack-receiver.js';
import {
  CONSUMER_NAME,
  IMG_COLUMN,
  MRKDWN_TABLE,
  SCRIPT_TABLE,
} from './names.js';

/** The names, raw: shown unescaped they would be markup or mentions. */
const RAW_NAMES = [
  SCRIPT_TABLE,
  IMG_COLUMN,
  CONSUMER_NAME,
  MRKDWN_TABLE,
  '<!channel>',
  '<http://evil.example',
];

/** Tags only a hostile name could have brought. */
const RAW_TAGS = ['<script', '<img'];

/** Style pairs from the names that Slack would render outside code. */
const RAW_STYLES = ['*bold*', '_it_', '~strike~', '*all*'];

/** Why a Slack payload would render a hostile name as mrkdwn. */
export function slackProblems(payload: SlackBody, publicUrl: string): string[] {
  const texts = [
    payload.text,
    ...payload.blocks.flatMap((block) => [
      block.text?.text ?? '',
      ...(block.elements ?? []).map((element) => element.text),
    ]),
  ];
  const problems: string[] = [];

  for (const text of texts) {
    for (const raw of [...RAW_NAMES, ...RAW_TAGS]) {
      if (text.includes(raw)) problems.push(`raw ${raw} in ${text}`);
    }
    // The only angle brackets left are the monitor's own links.
    for (const match of text.matchAll(/<([^>]*)>/g)) {
      if (!match[1]?.startsWith(`${publicUrl}/`)) {
        problems.push(`control sequence ${match[0]} in ${text}`);
      }
    }
    const outsideCode = text.replace(/`[^`]*`/g, '');
    for (const style of RAW_STYLES) {
      if (outsideCode.includes(style)) {
        problems.push(`style ${style} outside code in ${text}`);
      }
    }
  }
  return problems;
}

/**
 * Why an HTML document would render a hostile name as markup. The page
 * has script tags of its own, so only an email is checked for tags.
 */
export function htmlProblems(html: string, isEmail: boolean): string[] {
  const raws = isEmail ? [...RAW_NAMES, ...RAW_TAGS] : RAW_NAMES;
  return raws
    .filter((raw) => html.includes(raw))
    .map((raw) => `raw ${raw} in the HTML`);
}
