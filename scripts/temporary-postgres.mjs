// A throwaway PostgreSQL for the tests and the benchmarks: the embedded server (the same code
// the app uses, from a compiled build) in a temporary folder on a free loopback port.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** `compiledModule`: the compiled embedded-postgres.js (dist/ or dist-test/). Answers { url, stop }. */
export async function startTemporaryPostgres(compiledModule) {
  const { startEmbeddedPostgres } = require(compiledModule);
  const dir = mkdtempSync(join(tmpdir(), 'amphi-pg-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as its own system user, which must reach the folder
  const db = await startEmbeddedPostgres({ dir: join(dir, 'data'), port: await freePort(), persistent: false });
  return {
    url: db.url,
    stop: async () => {
      try {
        await db.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
