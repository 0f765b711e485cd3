import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { QaGateway } from '../qa/qa.gateway';
import { ShutdownState } from '../health/shutdown-state';

/**
 * A rolling restart that nobody notices. On SIGTERM the process:
 * 1. says it is draining (/api/health answers 503, so a load balancer stops sending it people),
 *    and stops accepting connections;
 * 2. asks each of its Q&A clients to reconnect after its own random delay within
 *    SHUTDOWN_DRAIN_SECONDS, so they arrive at the other processes spread out, not at once;
 * 3. lets the requests and socket events in flight finish (bounded), publishes pending vote counts;
 * 4. closes the app (database pools, adapters).
 */
export async function gracefulStop(app: NestExpressApplication, drainMs: number): Promise<void> {
  app.get(ShutdownState).draining = true;
  const http = app.getHttpServer() as Server;
  const closed = new Promise<void>((done) => http.close(() => done()));
  await app.get(QaGateway).drain(drainMs);
  // Keep-alive connections with nothing in flight are closed; requests still running finish.
  http.closeIdleConnections();
  await Promise.race([closed, new Promise((r) => setTimeout(r, Math.max(drainMs, 2000)).unref())]);
  http.closeAllConnections();
  await app.close();
}
