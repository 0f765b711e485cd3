import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '../../apps/api/src/config/config';
import { createApp } from '../../apps/api/src/bootstrap/create-app';
import { AccountsService } from '../../apps/api/src/accounts/accounts.service';

/**
 * One Amphi per test file, against a real PostgreSQL: a fresh database on the server that
 * test/run-tests.mjs started (or on TEST_DATABASE_URL / DATABASE_URL), migrated at start.
 */
export interface TestApp {
  app: NestExpressApplication;
  baseUrl: string;
  databaseUrl: string;
  http: () => ReturnType<typeof request>;
  /** Creates an organiser account and answers a bearer header for it. */
  organiser(email?: string, password?: string): Promise<{ id: string; email: string; password: string; auth: { Authorization: string } }>;
  close(): Promise<void>;
}

export function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('No PostgreSQL for the tests: run them with `npm test`, which starts one, or set TEST_DATABASE_URL.');
  return url;
}

/** Creates an empty database on the test server and answers its URL. */
export async function freshDatabase(): Promise<string> {
  const name = `amphi_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Starts the whole app on a fresh database, or on `databaseUrl` when given (for instance the
 * `databaseUrl` of another TestApp, to see what a restart on the same data does).
 */
export async function startTestApp(env: Record<string, string> = {}, databaseUrl?: string, options: { port?: number } = {}): Promise<TestApp> {
  databaseUrl ??= await freshDatabase();
  const storageDir = mkdtempSync(join(tmpdir(), 'amphi-storage-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '3000',
    AUTH_SECRET: randomBytes(32).toString('hex'),
    DEMO_DATA: 'false',
    STORAGE_DIR: storageDir,
    MAILBOX_DIR: join(storageDir, 'mailbox'),
    LOG_LEVEL: 'error',
    // Every upload is transcribed when a transcriber is installed: the tests that want transcripts say
    // so (test/transcripts.e2e.ts), the others do not spend the machine's cores on them.
    TRANSCRIBER_COMMAND: 'off',
    ...env,
  });
  const app = await createApp({ ...config, databaseUrl });
  await app.listen(options.port ?? 0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    baseUrl,
    databaseUrl,
    http: () => request(app.getHttpServer()),
    async organiser(email = `organiser-${randomBytes(4).toString('hex')}@example.org`, password = 'correct horse battery') {
      const created = await app.get(AccountsService).create({ email, name: email.split('@')[0], password });
      const login = await request(app.getHttpServer()).post('/api/auth/login').send({ email, password }).expect(200);
      return { id: created.id, email, password, auth: { Authorization: `Bearer ${login.body.accessToken}` } };
    },
    async close() {
      await app.close();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}
