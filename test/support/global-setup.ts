// Starts one real PostgreSQL server for the whole test run; each test file
// makes its own database on it (see postgres.ts).
import type { TestProject } from 'vitest/node';
import { startPostgresServer, type PostgresServer } from './pg-server.js';

let server: PostgresServer | null = null;

export async function setup(project: TestProject): Promise<void> {
  server = await startPostgresServer();
  project.provide('pgAdminUrl', server.adminUrl);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
