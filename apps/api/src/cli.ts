import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline/promises';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from './config/config';
import { withAuthSecret } from './config/auth-secret';
import { resolveDatabase } from './database/resolve-database';
import { AppModule, type ResolvedConfig } from './app.module';
import { AccountsService } from './accounts/accounts.service';
import { DemoService } from './demo/demo.service';
import { passwordSchema } from '@amphi/contracts';

const USAGE = `Amphi command line

  organiser create <email> [--name "Full Name"]   create an organiser account (password asked, or AMPHI_PASSWORD)
  organiser set-password <email>                   change an organiser's password (asked, or AMPHI_PASSWORD)
  demo:load                                        (re)load the demo events from the seed pages
  db:url                                           print the database address (starts the embedded server if needed)
  migration:generate <Name>                        generate a migration from the entities (read it, then list it in migrations/index.ts)
  worker                                           run background jobs only (podcast audio with ffmpeg, transcripts), no HTTP,
                                                   until SIGTERM or SIGINT; run several to share the work (the API then takes
                                                   JOBS_WORKER=off); JOBS_CONCURRENCY jobs at once per worker

The database is DATABASE_URL, or the embedded PostgreSQL under EMBEDDED_PG_DIR.`;

async function askPassword(): Promise<string> {
  if (process.env.AMPHI_PASSWORD) return process.env.AMPHI_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  try {
    return (await rl.question('Password (at least 10 characters): ')).trim();
  } finally {
    rl.close();
  }
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 64;
  }
  const config = withAuthSecret(loadConfig());
  const database = await resolveDatabase(config);
  try {
    if (command === 'db:url') {
      console.log(database.url);
      return 0;
    }
    if (command === 'migration:generate') {
      if (!sub || !/^[A-Z][A-Za-z0-9]+$/.test(sub)) throw new Error('Give the migration a name in PascalCase: migration:generate AddRegistrations');
      const typeorm = (...args: string[]) =>
        spawnSync(process.execPath, [resolve('node_modules/typeorm/cli.js'), ...args, '-d', resolve(__dirname, 'database/cli-data-source.js')], {
          stdio: 'inherit',
          env: { ...process.env, DATABASE_URL: database.url },
        }).status ?? 1;
      // Diff against a database that has every existing migration, or the new one repeats them.
      return typeorm('migration:run') || typeorm('migration:generate', resolve('apps/api/src/database/migrations', sub));
    }
    if (command === 'worker') return await runWorker({ ...config, databaseUrl: database.url });
    const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, databaseUrl: database.url }), { logger: ['error', 'warn'] });
    try {
      if (command === 'organiser' && (sub === 'create' || sub === 'set-password')) {
        const email = rest[0];
        if (!email) throw new Error(`Usage: organiser ${sub} <email>`);
        const password = await askPassword();
        const checked = passwordSchema.safeParse(password);
        if (!checked.success) throw new Error(`password: ${checked.error.issues[0]?.message}`);
        const accounts = app.get(AccountsService);
        if (sub === 'create') {
          const organiser = await accounts.create({ email, name: flag(rest, 'name') ?? email, password });
          console.log(`Organiser ${organiser.email} created. Log in at POST /api/auth/login.`);
        } else {
          await accounts.setPassword(email, password);
          console.log(`Password of ${email} changed.`);
        }
        return 0;
      }
      if (command === 'demo:load') {
        const slugs = await app.get(DemoService).load();
        console.log(`Demo events loaded: ${slugs.join(', ')}`);
        return 0;
      }
      console.error(`Unknown command: ${argv.join(' ')}\n\n${USAGE}`);
      return 64;
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}

/**
 * A process that only runs background jobs: the application's modules without HTTP, jobs on whatever
 * JOBS_WORKER says (this is what a worker is for). It stops on SIGTERM or SIGINT: the running job is
 * aborted and put back in the queue at once (BackgroundJobs' graceful stop), for another worker.
 */
async function runWorker(config: ResolvedConfig): Promise<number> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, jobs: { ...config.jobs, worker: true } }), { logger: ['log', 'error', 'warn'] });
  console.log(`Amphi worker ${process.pid}: running background jobs (${config.jobs.concurrency} at once); SIGTERM to stop.`);
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  console.log(`Amphi worker ${process.pid}: ${signal}, stopping (a running job goes back to the queue).`);
  await app.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ConfigError ? error.message : `Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
