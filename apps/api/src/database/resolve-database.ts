import type { AppConfig } from '../config/config';
import { startEmbeddedPostgres } from './embedded-postgres';

/** DATABASE_URL when given; otherwise the embedded PostgreSQL, started here. */
export async function resolveDatabase(config: AppConfig): Promise<{ url: string; embedded: boolean; stop: () => Promise<void> }> {
  if (config.database.url) return { url: config.database.url, embedded: false, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres({ dir: config.database.embeddedDir, port: config.database.embeddedPort });
  return { url: embedded.url, embedded: true, stop: embedded.stop };
}
