import { createServer } from 'node:net';

/** A TCP port free on loopback right now (for a server the test starts, or whose URL must be known first). */
export const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
