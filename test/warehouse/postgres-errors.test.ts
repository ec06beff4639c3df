import { describe, expect, it } from 'vitest';
import { classifyPostgresError } from '../../src/warehouse/postgres-errors.js';
import { StatementStopped } from '../../src/warehouse/timeout.js';

const context = { queryTimeoutMs: 60_000, password: 'hunter22' };

// Errors shaped as pg and Node raise them (SQLSTATE in `code`).
function serverError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

function socketError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, syscall: 'connect' });
}

describe('classifyPostgresError', () => {
  it('treats a nonexistent database as absent', () => {
    const error = serverError('3D000', 'database "gone" does not exist');

    expect(classifyPostgresError(error, context).scope).toBe('absent');
  });

  it('loses the whole warehouse on rejected credentials, DNS and refused connections', () => {
    const cases = [
      serverError('28P01', 'password authentication failed for user "m"'),
      socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND db.invalid'),
      Object.assign(new AggregateError([socketError('ECONNREFUSED', 'x')]), {
        code: 'ECONNREFUSED',
      }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout expired'),
    ];

    expect(
      cases.map((e) => {
        const f = classifyPostgresError(e, context);
        return [f.scope, f.failure];
      }),
    ).toEqual([
      ['warehouse', 'auth'],
      ['warehouse', 'network'],
      ['warehouse', 'network'],
      ['warehouse', 'network'],
      ['warehouse', 'timeout'],
    ]);
  });

  it('keeps permission, timeout and query errors to one database', () => {
    const cases = [
      serverError('42501', 'permission denied for database "x"'),
      serverError('57014', 'canceling statement due to statement timeout'),
      new StatementStopped('timeout', 65_000),
      serverError('53300', 'sorry, too many clients already'),
      serverError('XX000', 'cache lookup failed'),
    ];

    expect(
      cases.map((e) => {
        const f = classifyPostgresError(e, context);
        return [f.scope, f.failure, f.message];
      }),
    ).toEqual([
      [
        'database',
        'permission',
        `permission denied for database "x" (grant the monitor's role access)`,
      ],
      [
        'database',
        'timeout',
        'timed out after 1m (raise warehouse.query_timeout)',
      ],
      [
        'database',
        'timeout',
        'timed out after 1m (raise warehouse.query_timeout)',
      ],
      ['database', 'network', 'sorry, too many clients already'],
      ['database', 'query', 'cache lookup failed'],
    ]);
  });

  it('ends the whole read when the sync is cancelled', () => {
    const failure = classifyPostgresError(
      new StatementStopped('cancelled', 1),
      context,
    );

    expect([failure.scope, failure.failure]).toEqual([
      'warehouse',
      'cancelled',
    ]);
  });

  it('never lets the password into a message', () => {
    const error = new Error(
      'connect to postgres://monitor:hunter22@db:5432/x failed: hunter22',
    );
    const failure = classifyPostgresError(error, context);

    expect(failure.message).not.toContain('hunter22');
  });
});
