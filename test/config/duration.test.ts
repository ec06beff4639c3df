import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/config/duration.js';

describe('parseDuration', () => {
  it('reads each unit into milliseconds', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('60s')).toBe(60_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('90d')).toBe(7_776_000_000);
    expect(parseDuration('0s')).toBe(0);
  });

  it('refuses anything but a whole number and one unit', () => {
    for (const text of [
      'soon',
      '60',
      '1.5h',
      '-5s',
      ' 60s',
      '60 s',
      '60S',
      '1h30m',
      's',
      '',
      '60sec',
      '2w',
    ]) {
      expect(parseDuration(text), text).toBeNull();
    }
  });

  it('refuses amounts too large to count exactly', () => {
    expect(parseDuration('99999999999999999d')).toBeNull();
  });
});

describe('formatDuration', () => {
  it('writes the two largest units', () => {
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(60_000)).toBe('1m');
    expect(formatDuration(90_000)).toBe('1m 30s');
    expect(formatDuration(3_723_000)).toBe('1h 2m');
    expect(formatDuration(90 * 86_400_000)).toBe('90d');
    expect(formatDuration(86_400_000 + 300_000)).toBe('1d 5m');
    expect(formatDuration(0)).toBe('0s');
  });

  it('reads back what it writes in a single unit', () => {
    for (const ms of [1, 1_000, 60_000, 3_600_000, 86_400_000, 7_776_000_000]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });
});
