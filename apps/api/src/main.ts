import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { withAuthSecret } from './config/auth-secret';
import { resolveDatabase } from './database/resolve-database';
import { createApp } from './bootstrap/create-app';
import { gracefulStop } from './bootstrap/graceful-stop';

async function main(): Promise<void> {
  let config;
  try {
    config = withAuthSecret(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const database = await resolveDatabase(config);
  if (database.embedded) console.log(`Using the embedded PostgreSQL in ${config.database.embeddedDir} (set DATABASE_URL to use another server).`);
  const app = await createApp({ ...config, databaseUrl: database.url });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await gracefulStop(app, config.shutdownDrainMs);
      await database.stop();
    } finally {
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await app.listen(config.port, config.host);
  console.log(`Amphi is running at ${config.publicUrl}  (API docs: ${config.publicUrl}/api/docs)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
