import { describe, expect, it } from 'vitest';
import { interpolateEnv } from '../../src/config/interpolate.js';

describe('interpolateEnv', () => {
  const env = { HOST: 'db.example.com', EMPTY: '', PORT: '5432' };

  it('replaces set variables anywhere in the text', () => {
    const result = interpolateEnv('postgres://${HOST}:${PORT}/x', env);
    expect(result).toEqual({
      text: 'postgres://db.example.com:5432/x',
      missing: [],
      malformed: [],
    });
  });

  it('uses the default when the variable is unset or empty, like a shell', () => {
    expect(interpolateEnv('${NOPE:-a}|${EMPTY:-b}|${HOST:-c}', env).text).toBe(
      'a|b|db.example.com',
    );
    expect(interpolateEnv('${NOPE:-}', env).text).toBe('');
  });

  it('keeps an empty value when no default is given', () => {
    expect(interpolateEnv('[${EMPTY}]', env)).toMatchObject({
      text: '[]',
      missing: [],
    });
  });

  it('names every variable that is not set and has no default', () => {
    expect(interpolateEnv('${A}-${HOST}-${B}', env).missing).toEqual([
      'A',
      'B',
    ]);
  });

  it('writes a literal ${ for $${ and keeps other dollar signs', () => {
    expect(interpolateEnv('$${HOST} costs $5 $', env).text).toBe(
      '${HOST} costs $5 $',
    );
  });

  it('reports references it cannot read instead of guessing', () => {
    for (const text of ['${}', '${HOST', '${1X}', '${A-b}', '${A:-${B}}']) {
      expect(interpolateEnv(text, env).malformed, text).toHaveLength(1);
    }
  });

  it('never reads the variables of the process', () => {
    process.env['MONITOR_TEST_ONLY_IN_PROCESS'] = 'x';
    expect(
      interpolateEnv('${MONITOR_TEST_ONLY_IN_PROCESS}', {}).missing,
    ).toEqual(['MONITOR_TEST_ONLY_IN_PROCESS']);
    delete process.env['MONITOR_TEST_ONLY_IN_PROCESS'];
  });
});
