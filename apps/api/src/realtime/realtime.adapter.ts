import { Logger, type INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Pool, type PoolClient } from 'pg';
import type { AppConfig } from '../config/config';

/**
 * socket.io for Amphi: rooms shared between API processes through an existing engine, the
 * PostgreSQL adapter by default (LISTEN/NOTIFY on the database Amphi already has) or the
 * Redis adapter when REDIS_URL is set. That is how the live Q&A grows past one process.
 */
export class RealtimeAdapter extends IoAdapter {
  private readonly realtimeLogger = new Logger('Realtime');
  private readonly closers: Array<() => Promise<unknown>> = [];

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly databaseUrl: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...(options as ServerOptions),
      // Questions are at most 500 characters; anything far larger is not a Q&A message.
      maxHttpBufferSize: 64 * 1024,
      serveClient: false,
    });
    const { adapter } = this.config.realtime;
    if (adapter === 'postgres') {
      const pool = new Pool({ connectionString: this.databaseUrl, max: 4 });
      pool.on('error', (e) => this.realtimeLogger.warn(`socket.io PostgreSQL adapter: ${e.message}`));
      const listener = trackListenClient(pool);
      server.adapter(createPostgresAdapter(pool, { tableName: 'socket_io_attachments', heartbeatInterval: 5000, heartbeatTimeout: 10000 }));
      this.closers.push(async () => {
        await listener.release();
        await pool.end();
      });
    } else if (adapter === 'redis') {
      if (!this.config.realtime.redisUrl) throw new Error('REALTIME_ADAPTER=redis needs REDIS_URL');
      const pub = createClient({ url: this.config.realtime.redisUrl });
      const sub = pub.duplicate();
      pub.on('error', (e) => this.realtimeLogger.warn(`Redis: ${e.message}`));
      sub.on('error', (e) => this.realtimeLogger.warn(`Redis: ${e.message}`));
      void Promise.all([pub.connect(), sub.connect()]);
      server.adapter(createRedisAdapter(pub, sub));
      this.closers.push(() => pub.quit(), () => sub.quit());
    }
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all(this.closers.splice(0).map((close) => close().catch(() => undefined)));
  }
}

/**
 * The PostgreSQL adapter holds one pool client for LISTEN and releases it when it closes, but
 * only if it had finished setting it up: an app closed within moments of starting would keep
 * that client forever and `pool.end()` would never return, or retry LISTEN on a closed pool every
 * few seconds. This keeps hold of the client so that closing can always give it back, and stops
 * the adapter's reconnection attempts after the close.
 */
function trackListenClient(pool: Pool): { release(): Promise<void> } {
  let acquiring: Promise<PoolClient> | undefined;
  let released = false;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  // pool.query() calls connect(callback) for itself; only the adapter's own connect() is the LISTEN client.
  let closed = false;
  pool.connect = ((...args: unknown[]) => {
    // Once closed, the adapter's attempts to reconnect (its LISTEN cut short by the close) wait
    // forever instead of failing and retrying on a timer that would keep the process alive.
    if (closed && args.length === 0) return new Promise<never>(() => undefined);
    if (args.length > 0 || acquiring) return connect(...args);
    acquiring = (connect() as Promise<PoolClient>).then((client) => {
      client.once('end', () => (released = true)); // lost with its connection: nothing to give back
      const release = client.release.bind(client);
      client.release = ((error?: Error | boolean) => {
        if (released) return;
        released = true;
        release(error);
      }) as PoolClient['release'];
      return client;
    });
    return acquiring;
  }) as Pool['connect'];
  return {
    async release() {
      closed = true;
      const client = await Promise.race([acquiring?.catch(() => undefined), new Promise<undefined>((r) => setTimeout(() => r(undefined), 2000).unref())]);
      if (!client || released) return;
      client.removeAllListeners('end');
      client.release();
    },
  };
}
