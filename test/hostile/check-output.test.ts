// The hostile-name checks themselves: they flag a naive rendering of the
// names and pass an escaped one, so the end-to-end tests can fail.
import { describe, expect, it } from 'vitest';
import { slackCode, slackText } from '../../notifiers/slack-text.js';
import { htmlProblems, slackProblems } from './check-output.js';
import {
  CONSUMER_NAME,
  IMG_COLUMN,
  MRKDWN_TABLE,
  SCRIPT_TABLE,
} from './names.js';

const URL = 'http://127.0.0.1:9';

function payload(text: string) {
  return {
    text: 'alert',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}

describe('the hostile-name checks', () => {
  it('flag names pasted into Slack mrkdwn as they are', () => {
    const naive = `table ${MRKDWN_TABLE} broke ${CONSUMER_NAME}`;

    const problems = slackProblems(payload(naive), URL);

    expect(problems.join('\n')).toContain('control sequence <!channel>');
    expect(problems.join('\n')).toContain('style *bold* outside code');
    expect(problems.join('\n')).toContain('style *all* outside code');
  });

  it('pass names escaped as the Slack notifier escapes them', () => {
    const escaped =
      `table ${slackCode(MRKDWN_TABLE)} broke ${slackText(CONSUMER_NAME)} ` +
      `<${URL}/#finding=x|open in the monitor>`;

    expect(slackProblems(payload(escaped), URL)).toEqual([]);
  });

  it('flag names pasted into HTML as they are, and pass escaped ones', () => {
    const naive = `<p>${SCRIPT_TABLE} ${IMG_COLUMN}</p>`;
    const escaped = naive.replace(/</g, '&lt;').replace(/>/g, '&gt;');

    expect(htmlProblems(naive, true)).toHaveLength(4);
    expect(htmlProblems(escaped, true)).toEqual([]);
  });
});
