import type { EventEmitter } from 'node:events';

/** Resolves with the event's arguments the first time `match` accepts them; rejects after `ms`. */
export function once<A extends unknown[]>(emitter: EventEmitter, event: string, ms: number, match: (...a: A) => boolean = () => true): Promise<A> {
  return new Promise<A>((resolve, reject) => {
    const listener = (...a: unknown[]) => {
      if (!match(...(a as A))) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(a as A);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    emitter.on(event, listener);
  });
}

/** Polls `check` every 50 ms until it holds; fails after `ms`. */
export async function until(what: string, ms: number, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: not within ${ms} ms`);
}

/** Races a promise against a time limit (the rejection names what timed out). */
export function within<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))),
  ]);
}
