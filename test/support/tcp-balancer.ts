import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpBalancer {
  port: number;
  url: string;
  /** The backends' ports, in the order they are tried (changeable while running). */
  backends: number[];
  close(): Promise<void>;
}

/**
 * What stands in front of several API processes in production (a load balancer), reduced to what
 * the rolling-restart test needs: each new TCP connection goes to the next backend that accepts
 * it, round robin; a backend that refuses (stopped, or no longer listening while it drains) is
 * skipped. Bytes are piped as they are, so HTTP, WebSocket upgrades and socket.io pass unchanged.
 */
export async function startTcpBalancer(backends: number[]): Promise<TcpBalancer> {
  let next = 0;
  const open = new Set<Socket>();
  const pick = (client: Socket, tried = 0): void => {
    if (tried >= balancer.backends.length) return void client.destroy();
    const port = balancer.backends[next++ % balancer.backends.length];
    const upstream = connect({ host: '127.0.0.1', port });
    let connected = false;
    upstream.on('error', () => (connected ? client.destroy() : pick(client, tried + 1)));
    upstream.once('connect', () => {
      connected = true;
      open.add(upstream);
      upstream.on('close', () => (open.delete(upstream), client.destroy()));
      client.on('close', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  };
  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    pick(client);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const port = (server.address() as { port: number }).port;
  const balancer: TcpBalancer = {
    port,
    url: `http://127.0.0.1:${port}`,
    backends: [...backends],
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
  return balancer;
}
